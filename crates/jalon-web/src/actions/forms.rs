//! The action sheet's form: the fields as typed, read into the use case's input with each error
//! on its field.

use crate::extract::FormData;
use chrono::NaiveDate;
use jalon_app::actions::{ActionInput, EvidenceInput, MilestoneInput};
use jalon_app::{AppError, ErrorCode};
use jalon_core::action::ActionStatus;
use jalon_core::number::{parse_money_cents, parse_number};

fn parse_date(field: &'static str, v: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidDate, s)),
    }
}

fn parse_money(field: &'static str, v: Option<&str>) -> Result<Option<i64>, AppError> {
    v.map(|s| {
        parse_money_cents(s).map_err(|_| AppError::invalid(field, ErrorCode::InvalidAmount, s))
    })
    .transpose()
}

pub(crate) fn parse_progress(v: Option<&str>) -> Result<Option<u8>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => match parse_number(s) {
            Ok(p) if (0.0..=100.0).contains(&p) && p.fract() == 0.0 => Ok(Some(p as u8)),
            _ => Err(AppError::invalid("progress", ErrorCode::InvalidProgress, s)),
        },
    }
}

pub(crate) fn parse_status(v: Option<&str>) -> Result<ActionStatus, AppError> {
    let s = v.unwrap_or("planned");
    ActionStatus::parse(s).ok_or_else(|| AppError::invalid("status", ErrorCode::InvalidStatus, s))
}

/// Reads the action form into the use case's input.
pub fn action_input(f: &FormData) -> Result<ActionInput, AppError> {
    let mut milestones = Vec::new();
    for line in f
        .text("milestones")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let mut parts = line.split('|').map(str::trim);
        let title = parts.next().unwrap_or_default().to_string();
        let due = parse_date("milestones", parts.next().filter(|s| !s.is_empty()))?;
        let done_on = parse_date("milestones", parts.next().filter(|s| !s.is_empty()))?;
        milestones.push(MilestoneInput {
            title,
            due,
            done_on,
        });
    }
    Ok(ActionInput {
        title: f.text("title"),
        title_en: f.get("title_en").map(str::to_string),
        description: f.get("description").map(str::to_string),
        pilot: f.get("pilot").map(str::to_string),
        contributors: f.all("contributors"),
        contributor_units: f.all("contributor_units"),
        start: parse_date("start", f.get("start"))?,
        end: parse_date("end", f.get("end"))?,
        status: parse_status(f.get("status"))?,
        progress: parse_progress(f.get("progress"))?,
        budget_planned_cents: parse_money("budget_planned", f.get("budget_planned"))?,
        budget_committed_cents: parse_money("budget_committed", f.get("budget_committed"))?,
        budget_spent_cents: parse_money("budget_spent", f.get("budget_spent"))?,
        sdgs: f
            .text("sdgs")
            .split([';', ',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        milestones,
        indicators: f.all("indicators"),
        evidence: f
            .text("evidence")
            .lines()
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
            .collect(),
    })
}
