//! Reports assembled from the one source of truth: every figure is a stored measurement (with
//! a link back to it), every list comes from the plan and the inventories, so a value changed
//! in Jalon changes in every chapter that shows it. The documents are `jalon_report` models;
//! rendering (HTML, PDF) is that crate's.

pub mod carbon;
pub mod content;
pub mod sdg;
pub mod steering;

use jalon_core::Lang;

/// A word in the report's language.
pub(crate) fn t(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// An amount in euros, without cents (`12 345 €`).
pub(crate) fn euros(cents: i64, fr: bool) -> String {
    format!(
        "{} €",
        jalon_core::number::format_number(cents as f64 / 100.0, 0, fr)
    )
}

/// The English text when there is one and the report is in English.
pub(crate) fn pick<'a>(lang: Lang, fr: &'a str, en: &'a Option<String>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(e)) if !e.trim().is_empty() => e,
        _ => fr,
    }
}

/// Action statuses in words (the same words as the pages).
pub(crate) fn action_status(lang: Lang, s: jalon_core::action::ActionStatus) -> &'static str {
    use jalon_core::action::ActionStatus::*;
    match s {
        Planned => t(lang, "À lancer", "Planned"),
        InProgress => t(lang, "En cours", "In progress"),
        Done => t(lang, "Terminée", "Done"),
        Recurring => t(lang, "Permanente", "Recurring"),
        Suspended => t(lang, "Suspendue", "Suspended"),
        Abandoned => t(lang, "Abandonnée", "Abandoned"),
    }
}
