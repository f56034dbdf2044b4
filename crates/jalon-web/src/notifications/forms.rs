//! The mail settings form.

use jalon_app::notifications::MailSettings;
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use jalon_core::notification::DigestFrequency;
use serde::Deserialize;

use crate::forms::{Check, FormErrors};

/// The language and frequency of a person's digest, as posted.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct MailSettingsForm {
    pub language: String,
    pub frequency: String,
}

impl MailSettingsForm {
    /// The form showing `settings`.
    pub fn of(settings: &MailSettings) -> MailSettingsForm {
        MailSettingsForm {
            language: settings.language.as_str().to_string(),
            frequency: settings.frequency.as_str().to_string(),
        }
    }

    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<MailSettings, FormErrors> {
        let mut c = Check::default();
        let language =
            c.take(Lang::parse(&self.language).ok_or_else(|| {
                AppError::invalid("language", ErrorCode::InvalidLang, &self.language)
            }));
        let frequency = c.take(DigestFrequency::parse(&self.frequency).ok_or_else(|| {
            AppError::invalid("frequency", ErrorCode::InvalidValue, &self.frequency)
        }));
        c.finish(|| MailSettings {
            language: language.unwrap_or_default(),
            frequency: frequency.unwrap_or_default(),
        })
    }
}
