//! The fund's forms: a year's levy rule, a reinvestment, the travel-policy settings.

use jalon_app::carbon::TravelSettings;
use jalon_app::carbon::fund::{LevyRuleInput, ReinvestmentInput};
use jalon_app::{AppError, ErrorCode};
use serde::Deserialize;

use crate::forms::{Check, FormErrors, date, money, number, text, whole};

/// A required value, or its `required` error.
fn present<T>(field: &'static str, v: Result<Option<T>, AppError>) -> Result<T, AppError> {
    v.and_then(|v| v.ok_or_else(|| AppError::invalid(field, ErrorCode::Required, "")))
}

/// The levy rule of a year: an internal carbon price, a share of the ticket price, or none.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    pub year: String,
    /// `carbon_price`, `ticket_share` or `none`.
    pub kind: String,
    pub eur_per_tonne: String,
    pub percent: String,
    pub modes: Vec<String>,
}

impl RuleForm {
    /// The year and its rule (`None`: no levy), or every field error.
    pub fn input(&self) -> Result<(i32, Option<LevyRuleInput>), FormErrors> {
        let mut c = Check::default();
        let year = c.take(present("year", whole("year", &self.year)));
        let rule = match self.kind.as_str() {
            "carbon_price" => c
                .take(present(
                    "eur_per_tonne",
                    number("eur_per_tonne", &self.eur_per_tonne),
                ))
                .map(|eur_per_tonne| LevyRuleInput::CarbonPrice { eur_per_tonne }),
            "ticket_share" => c
                .take(present("percent", number("percent", &self.percent)))
                .map(|percent| LevyRuleInput::TicketShare {
                    percent,
                    modes: self.modes.clone(),
                }),
            _ => None,
        };
        c.finish(|| (year.unwrap_or_default(), rule))
    }
}

/// A reinvestment of the fund in a project.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReinvestmentForm {
    pub year: String,
    pub date: String,
    pub unit: String,
    pub budget_line: String,
    pub amount: String,
    pub description: String,
    /// Tonnes of CO2e a year the project is expected to avoid.
    pub expected_reduction_t: String,
}

impl ReinvestmentForm {
    /// The use case's input, or every field error.
    pub fn input(&self) -> Result<ReinvestmentInput, FormErrors> {
        let mut c = Check::default();
        let year = c.take(present("year", whole("year", &self.year)));
        let day = c.take(date("date", &self.date));
        let amount = c.take(present("amount", money("amount", &self.amount)));
        let reduction = c.take(number("expected_reduction", &self.expected_reduction_t));
        c.finish(|| ReinvestmentInput {
            year: year.unwrap_or_default(),
            date: day.flatten(),
            unit: self.unit.trim().to_string(),
            budget_line: text(&self.budget_line),
            amount_cents: amount.unwrap_or_default(),
            description: self.description.trim().to_string(),
            expected_reduction_kg: reduction.flatten().map(|t| t * 1000.0),
        })
    }
}

/// Contrails and the travel-policy rules.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub contrails: Option<String>,
    pub train_max_hours: String,
    pub min_flight_km: String,
    pub flag_domestic: Option<String>,
}

impl SettingsForm {
    /// The settings, or every field error.
    pub fn input(&self) -> Result<TravelSettings, FormErrors> {
        let mut c = Check::default();
        let hours = c.take(number("train_max_hours", &self.train_max_hours));
        let km = c.take(number("min_flight_km", &self.min_flight_km));
        c.finish(|| TravelSettings {
            contrails: self.contrails.as_deref() == Some("1"),
            train_max_hours: hours.flatten(),
            min_flight_km: km.flatten(),
            flag_domestic: self.flag_domestic.as_deref() == Some("1"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_price_is_a_field_error_not_a_dead_end() {
        let form = RuleForm {
            year: "2025".into(),
            kind: "carbon_price".into(),
            ..Default::default()
        };
        let errors = form.input().expect_err("price required");
        assert!(matches!(
            errors.errors(),
            [AppError::Invalid {
                field: "eur_per_tonne",
                ..
            }]
        ));
        let form = RuleForm {
            eur_per_tonne: "100".into(),
            ..form
        };
        assert!(matches!(
            form.input(),
            Ok((2025, Some(LevyRuleInput::CarbonPrice { eur_per_tonne }))) if eur_per_tonne == 100.0
        ));
    }

    #[test]
    fn a_reinvestment_reads_euros_and_tonnes() {
        let form = ReinvestmentForm {
            year: "2025".into(),
            amount: "1 500,50".into(),
            expected_reduction_t: "2,5".into(),
            ..Default::default()
        };
        let input = form.input().expect("valid");
        assert_eq!(input.amount_cents, 150_050);
        assert_eq!(input.expected_reduction_kg, Some(2500.0));
        let bad = ReinvestmentForm {
            amount: "cher".into(),
            date: "hier".into(),
            ..Default::default()
        };
        assert_eq!(bad.input().expect_err("errors").errors().len(), 3);
    }
}
