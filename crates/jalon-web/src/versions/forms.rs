//! The form that records the plan in place as an adopted version.

use jalon_app::plan_versions::PlanVersionInput;
use jalon_app::{AppError, ErrorCode};
use serde::Deserialize;

use crate::forms::{Check, FormErrors, date, required, text};

/// The version's label, adoption day and body, and an optional note.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlanVersionForm {
    pub label: String,
    pub adopted_on: String,
    pub adopted_by: String,
    pub note: String,
}

impl PlanVersionForm {
    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<PlanVersionInput, FormErrors> {
        let mut c = Check::default();
        let label = c.take(required("label", &self.label));
        let day = c.take(date("adopted_on", &self.adopted_on).and_then(|d| {
            d.ok_or_else(|| AppError::invalid("adopted_on", ErrorCode::Required, ""))
        }));
        let body = c.take(required("adopted_by", &self.adopted_by));
        c.finish(|| PlanVersionInput {
            label: label.unwrap_or_default(),
            adopted_on: day.unwrap_or_default(),
            adopted_by: body.unwrap_or_default(),
            note: text(&self.note),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_field_is_named() {
        let errors = PlanVersionForm {
            adopted_on: "30/06/2025".into(),
            ..Default::default()
        }
        .input()
        .expect_err("refused");
        let fields: Vec<&str> = (errors.0.iter())
            .filter_map(|e| match e {
                AppError::Invalid { field, .. } => Some(*field),
                _ => None,
            })
            .collect();
        assert_eq!(fields, ["label", "adopted_on", "adopted_by"]);
        let input = PlanVersionForm {
            label: " Révision 2025 ".into(),
            adopted_on: "2025-06-30".into(),
            adopted_by: "Conseil d'administration".into(),
            note: String::new(),
        }
        .input()
        .expect("accepted");
        assert_eq!(input.label, "Révision 2025");
        assert_eq!(input.note, None);
    }
}
