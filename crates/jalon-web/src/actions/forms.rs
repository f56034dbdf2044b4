//! The action sheet's forms: the fields as typed, read into the use case's input with every
//! error on its field.

use jalon_app::actions::{ActionInput, EvidenceInput, MilestoneInput};
use jalon_app::{AppError, ErrorCode};
use jalon_core::action::ActionStatus;
use jalon_core::number::{cents_to_decimal_string, parse_number};
use jalon_core::plan::Action;
use serde::Deserialize;

use crate::forms::{Check, FieldValue, FormErrors, date, money, text, version};

/// The full edit form of an action sheet.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub pilot: String,
    pub contributors: Vec<String>,
    pub contributor_units: Vec<String>,
    pub start: String,
    pub end: String,
    /// One milestone a line: `title | due | done on`.
    pub milestones: String,
    pub status: String,
    pub progress: String,
    pub budget_planned: String,
    pub budget_committed: String,
    pub budget_spent: String,
    /// SDGs and SDG targets, separated by `;`, `,` or spaces.
    pub sdgs: String,
    pub indicators: Vec<String>,
    /// One evidence item a line: `title | https://…`.
    pub evidence: String,
    /// The version of the sheet the form was filled from.
    pub version: String,
}

impl ActionForm {
    /// The form filled with a stored sheet.
    pub fn of(a: &Action) -> ActionForm {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let cents = |c: Option<i64>| c.map(cents_to_decimal_string).unwrap_or_default();
        ActionForm {
            title: a.title.clone(),
            title_en: a.title_en.clone().unwrap_or_default(),
            description: a.description.clone().unwrap_or_default(),
            pilot: a.pilot.clone().unwrap_or_default(),
            contributors: a.contributors.clone(),
            contributor_units: a.contributor_units.clone(),
            start: date(a.start),
            end: date(a.end),
            milestones: a
                .milestones
                .iter()
                .map(|m| format!("{} | {} | {}", m.title, date(m.due), date(m.done_on)))
                .collect::<Vec<_>>()
                .join("\n"),
            status: a.status.as_str().to_string(),
            progress: a.progress.map(|p| p.to_string()).unwrap_or_default(),
            budget_planned: cents(a.budget.planned_cents),
            budget_committed: cents(a.budget.committed_cents),
            budget_spent: cents(a.budget.spent_cents),
            sdgs: a.sdgs.join("; "),
            indicators: a.indicators.clone(),
            evidence: a
                .evidence
                .iter()
                .map(|e| match &e.url {
                    Some(u) => format!("{} | {u}", e.title),
                    None => e.title.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            version: String::new(),
        }
    }

    /// The fields as compared when someone saved the sheet meanwhile.
    pub fn fields(&self, tr: &jalon_i18n::Tr) -> Vec<FieldValue> {
        vec![
            ("field-title", self.title.clone()),
            ("field-title-en", self.title_en.clone()),
            ("field-description", self.description.clone()),
            ("field-pilot", self.pilot.clone()),
            ("field-contributors", self.contributors.join(", ")),
            ("field-contributor-units", self.contributor_units.join(", ")),
            ("field-start", self.start.clone()),
            ("field-end", self.end.clone()),
            ("milestones", self.milestones.clone()),
            ("field-status", tr.of("action-status", &self.status)),
            ("field-progress", self.progress.clone()),
            ("budget-planned", self.budget_planned.clone()),
            ("budget-committed", self.budget_committed.clone()),
            ("budget-spent", self.budget_spent.clone()),
            ("field-indicators", self.indicators.join(", ")),
            ("evidence", self.evidence.clone()),
            ("field-sdgs", self.sdgs.clone()),
        ]
    }

    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<ActionInput, FormErrors> {
        let mut c = Check::default();
        let milestones = c.take(milestones(&self.milestones));
        let start = c.take(date("start", &self.start));
        let end = c.take(date("end", &self.end));
        let status = c.take(status(&self.status));
        let progress = c.take(progress(&self.progress));
        let planned = c.take(money("budget_planned", &self.budget_planned));
        let committed = c.take(money("budget_committed", &self.budget_committed));
        let spent = c.take(money("budget_spent", &self.budget_spent));
        c.finish(|| ActionInput {
            title: self.title.trim().to_string(),
            title_en: text(&self.title_en),
            description: text(&self.description),
            pilot: text(&self.pilot),
            contributors: self.contributors.clone(),
            contributor_units: self.contributor_units.clone(),
            start: start.flatten(),
            end: end.flatten(),
            status: status.unwrap_or_default(),
            progress: progress.flatten(),
            budget_planned_cents: planned.flatten(),
            budget_committed_cents: committed.flatten(),
            budget_spent_cents: spent.flatten(),
            sdgs: self
                .sdgs
                .split([';', ',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            milestones: milestones.unwrap_or_default(),
            indicators: self.indicators.clone(),
            evidence: evidence(&self.evidence),
            version: version(&self.version),
        })
    }
}

/// The quick update of the action page: status and progress.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProgressForm {
    pub status: String,
    pub progress: String,
}

impl ProgressForm {
    /// The status and progress, or every field error.
    pub fn input(&self) -> Result<(ActionStatus, Option<u8>), FormErrors> {
        let mut c = Check::default();
        let s = c.take(status(&self.status));
        let p = c.take(progress(&self.progress));
        c.finish(|| (s.unwrap_or_default(), p.flatten()))
    }
}

/// A comment on an action sheet.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub text: String,
}

/// A progress in whole percent, 0 to 100.
fn progress(v: &str) -> Result<Option<u8>, AppError> {
    match text(v) {
        None => Ok(None),
        Some(s) => match parse_number(&s) {
            Ok(p) if (0.0..=100.0).contains(&p) && p.fract() == 0.0 => Ok(Some(p as u8)),
            _ => Err(AppError::invalid("progress", ErrorCode::InvalidProgress, s)),
        },
    }
}

/// An action status by its stable name (planned when empty).
fn status(v: &str) -> Result<ActionStatus, AppError> {
    match text(v) {
        None => Ok(ActionStatus::Planned),
        Some(s) => ActionStatus::parse(&s)
            .ok_or_else(|| AppError::invalid("status", ErrorCode::InvalidStatus, s)),
    }
}

/// Milestones, one a line: `title | due | done on`, dates as `AAAA-MM-JJ` or `JJ/MM/AAAA`.
fn milestones(v: &str) -> Result<Vec<MilestoneInput>, AppError> {
    let day = |s: Option<&str>| -> Result<Option<chrono::NaiveDate>, AppError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
                .map(Some)
                .map_err(|_| AppError::invalid("milestones", ErrorCode::InvalidDate, s)),
        }
    };
    v.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.split('|').map(str::trim);
            let title = parts.next().unwrap_or_default().to_string();
            Ok(MilestoneInput {
                title,
                due: day(parts.next())?,
                done_on: day(parts.next())?,
            })
        })
        .collect()
}

/// Evidence items, one a line: `title | https://…`, a bare URL or a bare title.
fn evidence(v: &str) -> Vec<EvidenceInput> {
    v.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.rsplit_once('|') {
            Some((title, url)) if url.trim().starts_with("http") => EvidenceInput {
                title: title.trim().to_string(),
                url: Some(url.trim().to_string()),
            },
            _ if l.starts_with("http") => EvidenceInput {
                title: String::new(),
                url: Some(l.to_string()),
            },
            _ => EvidenceInput {
                title: l.to_string(),
                url: None,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_reads_back_to_the_same_input() {
        let form = ActionForm {
            title: " Plan vélo ".into(),
            status: "in_progress".into(),
            progress: "40".into(),
            budget_planned: "12 000,50".into(),
            milestones: "Lancement | 2025-03-01 | 2025-03-02\nBilan | 15/12/2025".into(),
            sdgs: "11; 13.2".into(),
            evidence: "Délibération | https://example.org/d.pdf\nhttps://example.org".into(),
            ..Default::default()
        };
        let input = form.input().expect("valid");
        assert_eq!(input.title, "Plan vélo");
        assert_eq!(input.status, ActionStatus::InProgress);
        assert_eq!(input.progress, Some(40));
        assert_eq!(input.budget_planned_cents, Some(1_200_050));
        assert_eq!(input.milestones.len(), 2);
        assert_eq!(input.sdgs, ["11", "13.2"]);
        assert_eq!(
            input.evidence[0].url.as_deref(),
            Some("https://example.org/d.pdf")
        );
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let form = ActionForm {
            title: "x".into(),
            start: "demain".into(),
            progress: "140".into(),
            budget_spent: "beaucoup".into(),
            ..Default::default()
        };
        let errors = form.input().expect_err("three errors");
        let fields: Vec<_> = errors
            .errors()
            .iter()
            .filter_map(|e| match e {
                AppError::Invalid { field, .. } => Some(*field),
                _ => None,
            })
            .collect();
        assert_eq!(fields, ["start", "progress", "budget_spent"]);
    }
}
