//! Forms that say what is wrong where it is wrong.
//!
//! A page's form is a serde struct of the fields as typed (see [`crate::extract::Form`]); its
//! `input()` reads them into the use case's input, collecting every field error with
//! [`Check`] rather than stopping at the first. When the use case refuses a field too, the
//! handler shows the same page again — status 422, the values as typed, each error beside
//! its field and a summary at the top — instead of an error page; any other error goes to
//! the error page as usual. [`Refused`] is that split.

use jalon_app::{AppError, ErrorCode};
use jalon_core::number::{parse_money_cents, parse_number};

use crate::error::WebError;

/// The field errors of a form, in the order of the form.
#[derive(Debug, Default)]
pub struct FormErrors(pub(crate) Vec<AppError>);

impl FormErrors {
    /// No error.
    pub fn none() -> FormErrors {
        FormErrors(Vec::new())
    }

    /// True when there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors, each naming its field.
    pub fn errors(&self) -> &[AppError] {
        &self.0
    }

    /// The status of the page that shows the form again: the first error's (422 for a
    /// field, 409 for a conflict).
    pub fn status(&self) -> axum::http::StatusCode {
        self.0.first().map_or(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            crate::error::status_of,
        )
    }

    /// The version now stored, when the save was refused because someone saved meanwhile.
    pub fn edited_meanwhile(&self) -> Option<i64> {
        self.0.iter().find_map(|e| match e {
            AppError::EditedMeanwhile(v) => Some(*v),
            _ => None,
        })
    }
}

/// A version field of a form: the version the form was filled from (empty: none known).
pub fn version(v: &str) -> Option<i64> {
    v.trim().parse().ok()
}

/// One field of a record, as compared when a save came too late: its label's key and value.
pub type FieldValue = (&'static str, String);

/// One field that differs between what is stored now and what the person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeanwhileRow {
    /// The field's label, in the reader's language.
    pub label: String,
    pub current: String,
    pub yours: String,
}

/// What someone else saved while a person was editing, field by field beside what the
/// person typed, so that they can merge by hand and save again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meanwhile(pub Vec<MeanwhileRow>);

impl Meanwhile {
    /// The fields of `current` and `yours` (same keys, same order) whose values differ.
    pub fn between(tr: &jalon_i18n::Tr, current: &[FieldValue], yours: &[FieldValue]) -> Self {
        Meanwhile(
            current
                .iter()
                .zip(yours)
                .filter(|((_, now), (_, typed))| now.trim() != typed.trim())
                .map(|((key, now), (_, typed))| MeanwhileRow {
                    label: tr.t(key),
                    current: now.clone(),
                    yours: typed.clone(),
                })
                .collect(),
        )
    }

    /// True when nothing is to be compared.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a form was not accepted: its fields (show the form again) or anything else (the
/// error page, or the login page).
#[derive(Debug)]
pub enum Refused {
    Fields(FormErrors),
    Other(AppError),
}

impl From<AppError> for Refused {
    /// A field error, or a conflict with what is stored (a validated value): shown with
    /// the form; anything else is not the form's.
    fn from(e: AppError) -> Self {
        match e {
            e @ (AppError::Invalid { .. }
            | AppError::Conflict(_)
            | AppError::EditedMeanwhile(_)) => Refused::Fields(FormErrors(vec![e])),
            e => Refused::Other(e),
        }
    }
}

impl From<FormErrors> for Refused {
    fn from(e: FormErrors) -> Self {
        Refused::Fields(e)
    }
}

impl Refused {
    /// The field errors to show beside the form; other errors go on as a [`WebError`].
    pub fn fields(self) -> Result<FormErrors, WebError> {
        match self {
            Refused::Fields(f) => Ok(f),
            Refused::Other(e) => Err(WebError(e)),
        }
    }
}

/// Collects the field errors of a form while its fields are read.
#[derive(Debug, Default)]
pub struct Check(Vec<AppError>);

impl Check {
    /// The value of a field, or `None` after recording its error.
    pub fn take<T>(&mut self, r: Result<T, AppError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// The input built by `make` when no field was refused.
    pub fn finish<T>(self, make: impl FnOnce() -> T) -> Result<T, FormErrors> {
        if self.0.is_empty() {
            Ok(make())
        } else {
            Err(FormErrors(self.0))
        }
    }
}

/// A text field: trimmed, `None` when empty.
pub fn text(v: &str) -> Option<String> {
    jalon_app::clean(Some(v))
}

/// A required text field.
pub fn required(field: &'static str, v: &str) -> Result<String, AppError> {
    text(v).ok_or_else(|| AppError::invalid(field, ErrorCode::Required, ""))
}

/// An optional field read by `parse`: `None` when blank, the field's `code` error when
/// `parse` refuses what was typed.
fn optional<T, E>(
    field: &'static str,
    v: &str,
    code: ErrorCode,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, AppError> {
    match text(v) {
        None => Ok(None),
        Some(s) => parse(&s)
            .map(Some)
            .map_err(|_| AppError::invalid(field, code, s)),
    }
}

/// An optional decimal number as people write it (`12,5`, `12.5`, `12 000`).
pub fn number(field: &'static str, v: &str) -> Result<Option<f64>, AppError> {
    optional(field, v, ErrorCode::InvalidNumber, parse_number)
}

/// An optional whole number.
pub fn whole<T: std::str::FromStr>(field: &'static str, v: &str) -> Result<Option<T>, AppError> {
    optional(field, v, ErrorCode::InvalidNumber, str::parse)
}

/// An optional date (`AAAA-MM-JJ`, as date fields send it).
pub fn date(field: &'static str, v: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    optional(field, v, ErrorCode::InvalidDate, |s| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
    })
}

/// An optional amount of money in euros, to cents (`12 000,50`).
pub fn money(field: &'static str, v: &str) -> Result<Option<i64>, AppError> {
    optional(field, v, ErrorCode::InvalidAmount, parse_money_cents)
}

/// A checkbox: sent (with any value) means ticked.
pub fn ticked(v: &Option<String>) -> bool {
    v.is_some()
}

/// Deserializes a choice of a select list where the empty option means "any": blank is
/// `None`, anything else must be one of the type's identifiers.
pub fn blank_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    match Option::<String>::deserialize(d)? {
        Some(s) if !s.trim().is_empty() => {
            T::deserialize(s.trim().to_string().into_deserializer()).map(Some)
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_of_a_form_is_kept_on_its_field() {
        let mut c = Check::default();
        let a = c.take(number("quantity", "douze"));
        let b = c.take(date("start", "31/12/2025"));
        let d = c.take(money("budget", "12 000,50"));
        assert_eq!(a, None);
        assert_eq!(b, None);
        assert_eq!(d, Some(Some(1_200_050)));
        let errors = c.finish(|| ()).expect_err("two errors");
        let fields: Vec<_> = errors
            .errors()
            .iter()
            .map(|e| match e {
                AppError::Invalid { field, code, .. } => (*field, code.as_str()),
                _ => ("?", "?"),
            })
            .collect();
        assert_eq!(
            fields,
            [("quantity", "invalid_number"), ("start", "invalid_date")]
        );
        assert_eq!(number("x", "  ").ok(), Some(None));
        assert_eq!(whole::<i32>("year", "2025").ok(), Some(Some(2025)));
        assert!(required("title", " ").is_err());
    }

    #[test]
    fn a_use_case_error_on_a_field_shows_the_form_again() {
        let refused = Refused::from(AppError::invalid("end", ErrorCode::EndBeforeStart, "x"));
        assert!(matches!(refused, Refused::Fields(_)));
        let refused = Refused::from(AppError::Forbidden);
        assert!(refused.fields().is_err());
    }
}
