//! Reports assembled from the one source of truth: every figure is a stored measurement (with
//! a link back to it), every list comes from the plan and the inventories, so a value changed
//! in Jalon changes in every chapter that shows it. The documents are `jalon_report` models;
//! rendering (HTML, PDF) is that crate's.

pub mod carbon;
pub mod content;
pub mod document;
pub mod sdg;
pub mod steering;
pub mod trajectory;

use jalon_core::Lang;

/// A word of the catalogue (`locales/*/reports.ftl` and the pages' files) in the report's
/// language.
pub(crate) fn t(lang: Lang, key: &str) -> &'static str {
    jalon_i18n::word(lang, key)
}

/// An amount in euros, without cents: `12 345 €` in French, `€12,345` in English.
pub(crate) fn euros(cents: i64, fr: bool) -> String {
    let whole = jalon_core::number::format_number((cents.abs() as f64 / 100.0).round(), 0, fr);
    let sign = if cents <= -50 { "−" } else { "" };
    if fr {
        format!("{sign}{whole} €")
    } else {
        format!("{sign}€{whole}")
    }
}

/// The English text when there is one and the report is in English.
pub(crate) fn pick<'a>(lang: Lang, fr: &'a str, en: &'a Option<String>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(e)) if !e.trim().is_empty() => e,
        _ => fr,
    }
}

/// Action statuses in words (the pages' words).
pub(crate) fn action_status(lang: Lang, s: jalon_core::action::ActionStatus) -> &'static str {
    t(lang, &format!("action-status-{}", s.as_str()))
}
