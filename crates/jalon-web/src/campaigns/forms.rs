//! The campaign's forms: opening a campaign, a value or an action report from the to-do
//! page, an editor's return with its reason.

use jalon_app::campaigns::{ActionReportInput, CampaignInput};
use jalon_app::{AppError, ErrorCode};
use jalon_core::campaign::CampaignScope;
use serde::Deserialize;

use crate::actions::forms::ProgressForm;
use crate::forms::{Check, FormErrors, date, text, version, whole};

/// A campaign to open: year, name, dates and the scopes ticked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub year: String,
    pub label: String,
    pub opens_on: String,
    pub deadline: String,
    /// The stable names of the scopes ticked.
    pub scope: Vec<String>,
}

impl CampaignForm {
    /// The form as first shown: the year just ended (a campaign collects a finished year),
    /// opening today, due in six weeks, every scope ticked.
    pub fn for_today(today: chrono::NaiveDate) -> CampaignForm {
        use chrono::Datelike;
        CampaignForm {
            year: (today.year() - 1).to_string(),
            label: String::new(),
            opens_on: today.to_string(),
            deadline: (today + chrono::Duration::weeks(6)).to_string(),
            scope: CampaignScope::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        }
    }

    /// True when `scope` is ticked.
    pub fn has(&self, scope: &CampaignScope) -> bool {
        self.scope.iter().any(|s| s == scope.as_str())
    }

    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<CampaignInput, FormErrors> {
        let mut c = Check::default();
        let year = c.take(
            whole::<i32>("year", &self.year)
                .and_then(|y| y.ok_or_else(|| AppError::invalid("year", ErrorCode::Required, ""))),
        );
        let mut day =
            |field: &'static str, v: &str| {
                c.take(date(field, v).and_then(|d| {
                    d.ok_or_else(|| AppError::invalid(field, ErrorCode::Required, ""))
                }))
            };
        let opens_on = day("opens_on", &self.opens_on);
        let deadline = day("deadline", &self.deadline);
        let scope: Result<Vec<CampaignScope>, AppError> = (self.scope.iter())
            .map(|s| {
                CampaignScope::parse(s)
                    .ok_or_else(|| AppError::invalid("scope", ErrorCode::InvalidKind, s.as_str()))
            })
            .collect();
        let scope = c.take(scope);
        c.finish(|| CampaignInput {
            year: year.unwrap_or_default(),
            label: text(&self.label),
            opens_on: opens_on.unwrap_or_default(),
            deadline: deadline.unwrap_or_default(),
            scope: scope.unwrap_or_default(),
        })
    }
}

/// A value supplied from the to-do page, for the campaign year.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ItemValueForm {
    pub value: String,
    pub source: String,
    pub comment: String,
    /// The version of the year's value the form was filled from (`0`: none).
    pub version: String,
}

impl ItemValueForm {
    /// The version the form was filled from.
    pub fn version(&self) -> Option<i64> {
        version(&self.version)
    }
}

/// A pilot's status, progress and note on an action, from the to-do page.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ItemActionForm {
    pub status: String,
    pub progress: String,
    pub note: String,
}

impl ItemActionForm {
    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<ActionReportInput, FormErrors> {
        let (status, progress) = ProgressForm {
            status: self.status.clone(),
            progress: self.progress.clone(),
        }
        .input()?;
        Ok(ActionReportInput {
            status,
            progress,
            note: text(&self.note),
        })
    }
}

/// An editor's decision: the reason of a return (empty to validate), and the page to go
/// back to (`todo` or the campaign's page).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct DecisionForm {
    pub reason: String,
    pub back: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: FormErrors) -> Vec<&'static str> {
        (errors.0.iter())
            .filter_map(|e| match e {
                AppError::Invalid { field, .. } => Some(*field),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_wrong_field_of_a_campaign_is_named() {
        let errors = CampaignForm {
            year: "deux mille".into(),
            opens_on: "01/11/2026".into(),
            scope: vec!["everything".into()],
            ..Default::default()
        }
        .input()
        .expect_err("refused");
        assert_eq!(fields(errors), ["year", "opens_on", "deadline", "scope"]);
        let form =
            CampaignForm::for_today(chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("day"));
        let input = form.input().expect("the default form is accepted");
        assert_eq!(input.year, 2025);
        assert_eq!(input.deadline.to_string(), "2026-02-21");
        assert_eq!(input.scope, CampaignScope::ALL);
        assert!(form.has(&CampaignScope::ActionStatuses));
    }

    #[test]
    fn an_action_report_reads_status_and_progress_as_the_action_sheet_does() {
        let report = ItemActionForm {
            status: "in_progress".into(),
            progress: "60".into(),
            note: " Deux bâtiments. ".into(),
        }
        .input()
        .expect("accepted");
        assert_eq!(report.progress, Some(60));
        assert_eq!(report.note.as_deref(), Some("Deux bâtiments."));
        let errors = ItemActionForm {
            status: "finished".into(),
            progress: "140".into(),
            note: String::new(),
        }
        .input()
        .expect_err("refused");
        assert_eq!(fields(errors), ["status", "progress"]);
    }
}
