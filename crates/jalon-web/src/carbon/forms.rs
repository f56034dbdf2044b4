//! The carbon pages' forms: a new inventory, a line of activity data, a file of lines or of
//! factors, and the link of a plan indicator to a carbon metric.

use jalon_app::carbon::inventory::ActivityInput;
use jalon_app::carbon::steering::CarbonMetric;
use jalon_app::{AppError, ErrorCode};
use serde::Deserialize;

use crate::forms::{Check, FormErrors, number, text, whole};

/// A new inventory.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InventoryForm {
    pub year: String,
    /// A unit's code (a lab), or empty for the institution.
    pub unit: String,
    pub factor_version: String,
    pub notes: String,
}

impl InventoryForm {
    /// The year, or its error.
    pub fn year(&self) -> Result<i32, FormErrors> {
        let mut c = Check::default();
        let year = c.take(
            whole::<i32>("year", &self.year)
                .and_then(|y| y.ok_or_else(|| AppError::invalid("year", ErrorCode::Required, ""))),
        );
        c.finish(|| year.unwrap_or_default())
    }
}

/// A line of activity data.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub post: String,
    pub label: String,
    pub quantity: String,
    pub unit: String,
    pub factor_id: String,
    pub quality: String,
    pub source: String,
    pub comment: String,
}

impl ActivityForm {
    /// The use case's input, or the quantity's error (the use case checks the rest).
    pub fn input(&self) -> Result<ActivityInput, FormErrors> {
        let mut c = Check::default();
        let quantity =
            c.take(number("quantity", &self.quantity).and_then(|q| {
                q.ok_or_else(|| AppError::invalid("quantity", ErrorCode::Required, ""))
            }));
        c.finish(|| ActivityInput {
            post: self.post.trim().to_string(),
            label: self.label.trim().to_string(),
            quantity: quantity.unwrap_or_default(),
            unit: self.unit.trim().to_string(),
            factor_id: self.factor_id.trim().to_string(),
            quality: text(&self.quality),
            source: text(&self.source),
            comment: text(&self.comment),
        })
    }
}

/// The fields beside a file of activity lines.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivitiesFile {
    /// `1` to replace the lines typed or imported before (not those computed from missions).
    pub replace: String,
}

/// The fields beside a Base Empreinte export.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FactorsFile {
    pub version: String,
}

/// Linking (or unlinking, `op=remove`) a plan indicator to a carbon metric.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    pub indicator: String,
    pub metric: String,
    pub reference_year: String,
    pub op: String,
}

impl LinkForm {
    /// The metric to link, `None` to remove the link.
    pub fn metric(&self) -> Result<Option<CarbonMetric>, AppError> {
        if self.op == "remove" {
            return Ok(None);
        }
        let year = whole::<i32>("reference_year", &self.reference_year)?;
        CarbonMetric::from_key(self.metric.trim(), year).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_need_a_known_metric_and_the_index_a_year() {
        let form = |metric: &str, year: &str| LinkForm {
            indicator: "C3.O1.I1".into(),
            metric: metric.into(),
            reference_year: year.into(),
            op: String::new(),
        };
        assert_eq!(
            form("total_tonnes", "").metric().ok(),
            Some(Some(CarbonMetric::TotalTonnes))
        );
        assert_eq!(
            form("fossil_index", "2022").metric().ok(),
            Some(Some(CarbonMetric::FossilIndex {
                reference_year: 2022
            }))
        );
        assert!(form("fossil_index", "").metric().is_err());
        assert!(form("co2_per_student", "").metric().is_err());
        let remove = LinkForm {
            op: "remove".into(),
            ..form("", "")
        };
        assert_eq!(remove.metric().ok(), Some(None));
    }

    #[test]
    fn a_quantity_is_required_and_read_as_people_write_it() {
        let line = ActivityForm {
            quantity: "1 200,5".into(),
            ..Default::default()
        };
        assert_eq!(line.input().ok().map(|i| i.quantity), Some(1200.5));
        assert!(ActivityForm::default().input().is_err());
    }
}
