//! The fund's pages: balances per year, levies by unit, the ledger, the levy rule of each year,
//! reinvestments, the travel policy, and the simulation.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::carbon::pages::{YearQuery, can_manage_fund};
use crate::error::WebError;
use crate::extract::{Form, Path, Query};
use crate::forms::{FormErrors, Refused};
use crate::fund::forms::{ReinvestmentForm, RuleForm, SettingsForm};
use crate::page::{Page, PageResult, page, render, render_status, see_other};
use crate::travel::pages::{mode_options, mode_text};
use askama::Template;
use jalon_app::carbon::TravelSettings;
use jalon_app::carbon::fund::{FundView, LedgerEntryView, LevyRuleInput};
use jalon_app::{AppError, ErrorCode};
use jalon_carbon::{Scenario, TravelMode, WhatIf};
use jalon_i18n::Tr;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Fund, settings, simulation

struct FundYearRow {
    year: i32,
    current: bool,
    rule: String,
    opening: String,
    levied: String,
    reinvested: String,
    closing: String,
    reduction: String,
}

struct LedgerRow {
    id: i64,
    year: i32,
    date: String,
    kind: String,
    reinvestment: bool,
    unit: String,
    budget_line: String,
    amount: String,
    description: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "carbon_fund.html")]
struct FundPage {
    page: Page,
    years: Vec<FundYearRow>,
    by_unit: Vec<(String, String)>,
    year: Option<i32>,
    entries: Vec<LedgerRow>,
    can_manage: bool,
    settings: TravelSettings,
    this_year: i32,
    /// What was typed in a refused rule or reinvestment form.
    rule: RuleForm,
    reinvestment: ReinvestmentForm,
}

fn rule_text(tr: &Tr, rule: &Option<LevyRuleInput>) -> String {
    match rule {
        None => tr.t("carbon-rule-none"),
        Some(LevyRuleInput::CarbonPrice { eur_per_tonne }) => {
            tr.t1("carbon-rule-price", "price", &tr.num(*eur_per_tonne))
        }
        Some(LevyRuleInput::TicketShare { percent, modes }) => tr.args(
            "carbon-rule-share",
            &[
                ("percent", &tr.num(*percent)),
                (
                    "modes",
                    &if modes.is_empty() {
                        tr.t("carbon-all-modes")
                    } else {
                        modes
                            .iter()
                            .map(|m| mode_text(tr, m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                ),
            ],
        ),
    }
}

fn fund_rows(tr: &Tr, fund: &FundView, year: Option<i32>) -> Vec<FundYearRow> {
    fund.years
        .iter()
        .map(|y| FundYearRow {
            year: y.year,
            current: Some(y.year) == year,
            rule: rule_text(tr, &y.rule),
            opening: tr.money(&Some(y.opening_cents)),
            levied: tr.money(&Some(y.levied_cents)),
            reinvested: tr.money(&Some(y.reinvested_cents)),
            closing: tr.money(&Some(y.closing_cents)),
            reduction: tr.tonnes(y.expected_reduction_kg),
        })
        .collect()
}

/// `GET /carbon/fund`.
pub async fn fund(Cx { state, user }: Cx, Query(q): Query<YearQuery>) -> PageResult {
    let page = fund_page(
        &state,
        &user,
        q.year,
        q.done.as_deref(),
        &FormErrors::none(),
    )
    .await?;
    render(&page)
}

/// The fund's page, with the errors of one of its forms when it was refused.
async fn fund_page(
    state: &AppState,
    user: &User,
    year: Option<i32>,
    done: Option<&str>,
    errors: &FormErrors,
) -> Result<FundPage, WebError> {
    let tr = user.tr();
    let fund = state.app.fund(user.actor()).await?;
    let year = year.or_else(|| fund.years.last().map(|y| y.year));
    let by_unit = fund
        .years
        .iter()
        .find(|y| Some(y.year) == year)
        .map(|y| {
            y.levied_by_unit
                .iter()
                .map(|(u, c)| (u.clone(), tr.money(&Some(*c))))
                .collect()
        })
        .unwrap_or_default();
    let entries = fund
        .entries
        .iter()
        .rev()
        .map(|e| ledger_row(&tr, e))
        .collect();
    Ok(FundPage {
        page: page(user, "/carbon/fund", "carbon", done)
            .with_errors(errors)
            .in_carbon_tab("fund", state, user)
            .await
            .titled("carbon-nav-fund"),
        years: fund_rows(&tr, &fund, year),
        by_unit,
        year,
        entries,
        can_manage: can_manage_fund(user),
        settings: state
            .app
            .travel_settings(user.actor().institution_id)
            .await?,
        this_year: state.app.current_year(),
        rule: RuleForm::default(),
        reinvestment: ReinvestmentForm::default(),
    })
}

fn ledger_row(tr: &Tr, e: &LedgerEntryView) -> LedgerRow {
    LedgerRow {
        id: e.id,
        year: e.year,
        date: tr.opt_date(&e.date),
        kind: tr.of("carbon-ledger", e.kind.as_str()),
        reinvestment: e.kind == jalon_core::fund::MovementKind::Reinvestment,
        unit: e.unit.clone(),
        budget_line: e.budget_line.clone().unwrap_or_default(),
        amount: tr.money(&Some(e.amount_cents)),
        description: e.description_in(tr.lang),
        detail: match (e.kg, e.expected_reduction_kg) {
            (Some(kg), _) => tr.tonnes(kg),
            (None, Some(r)) => tr.t1("carbon-expected-reduction", "tonnes", &tr.tonnes(r)),
            _ => String::new(),
        },
    }
}

/// The fund's page again, status 422, with what was typed in the refused form.
async fn again(
    state: &AppState,
    user: &User,
    refused: Refused,
    keep: impl FnOnce(&mut FundPage),
) -> PageResult {
    let errors = refused.fields()?;
    let mut page = fund_page(state, user, None, None, &errors).await?;
    keep(&mut page);
    render_status(errors.status(), &page)
}

/// `POST /carbon/fund/rules`: a year's levy rule (the levies of that year are recomputed
/// with it).
pub async fn rule_save(Cx { state, user }: Cx, Form(form): Form<RuleForm>) -> PageResult {
    let saved: Result<i32, Refused> = async {
        let (year, rule) = form.input()?;
        state
            .app
            .set_levy_rule(user.actor(), year, rule.as_ref())
            .await?;
        Ok(year)
    }
    .await;
    match saved {
        Ok(year) => Ok(see_other(&format!(
            "/carbon/fund?year={year}&done=rule_saved"
        ))),
        Err(refused) => again(&state, &user, refused, |p| p.rule = form).await,
    }
}

/// `POST /carbon/fund/reinvestments`.
pub async fn reinvestment_add(
    Cx { state, user }: Cx,
    Form(form): Form<ReinvestmentForm>,
) -> PageResult {
    let saved: Result<i32, Refused> = async {
        let input = form.input()?;
        state.app.add_reinvestment(user.actor(), &input).await?;
        Ok(input.year)
    }
    .await;
    match saved {
        Ok(year) => Ok(see_other(&format!(
            "/carbon/fund?year={year}&done=reinvestment_added#ledger"
        ))),
        Err(refused) => again(&state, &user, refused, |p| p.reinvestment = form).await,
    }
}

/// `POST /carbon/fund/reinvestments/{id}/delete`.
pub async fn reinvestment_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.delete_reinvestment(user.actor(), id).await?;
    Ok(see_other("/carbon/fund?done=reinvestment_deleted#ledger"))
}

/// `POST /carbon/settings`: contrails and the travel-policy rules.
pub async fn settings_save(Cx { state, user }: Cx, Form(form): Form<SettingsForm>) -> PageResult {
    let saved: Result<(), Refused> = async {
        let settings = form.input()?;
        Ok(state
            .app
            .set_travel_settings(user.actor(), &settings)
            .await?)
    }
    .await;
    match saved {
        Ok(()) => Ok(see_other("/carbon/fund?done=settings_saved#settings")),
        Err(refused) => again(&state, &user, refused, |_| ()).await,
    }
}

/// Query of the simulation page.
#[derive(Debug, Default, Deserialize)]
pub struct SimulationQuery {
    pub year: Option<i32>,
    pub km: Option<f64>,
    pub replacement: Option<String>,
    pub from_mode: Option<String>,
    pub scenario: Option<String>,
}

#[derive(Template)]
#[template(path = "carbon_simulation.html")]
struct SimulationPage {
    page: Page,
    years: Vec<(i32, bool)>,
    scenario: String,
    km: String,
    /// (value, label, selected as the mode replaced, selected as the replacement)
    modes: Vec<(String, String, bool, bool)>,
    result: Option<WhatIf>,
    rows: Vec<(String, String, String, String)>,
    error: Option<String>,
}

/// `GET /carbon/simulation`: emissions and levy before and after a scenario.
pub async fn simulation(Cx { state, user }: Cx, Query(q): Query<SimulationQuery>) -> PageResult {
    let tr = user.tr();
    let years = state.app.trip_years(user.actor()).await?;
    let year = q.year.or_else(|| years.last().copied());
    let km = q.km.unwrap_or(700.0);
    let replacement = q.replacement.clone().unwrap_or_else(|| "train".into());
    let from_mode = q.from_mode.clone().unwrap_or_else(|| "avion".into());
    let scenario_key = q
        .scenario
        .clone()
        .unwrap_or_else(|| "no_flights_under".into());
    let parse_mode = |m: &str| {
        TravelMode::parse(m).ok_or_else(|| AppError::invalid("mode", ErrorCode::InvalidMode, m))
    };
    let mut error = None;
    let mut result = None;
    if let Some(y) = year {
        let scenario = match scenario_key.as_str() {
            "replace_mode" => parse_mode(&from_mode).and_then(|from| {
                Ok(Scenario::ReplaceMode {
                    from,
                    to: parse_mode(&replacement)?,
                })
            }),
            _ => parse_mode(&replacement).map(|r| Scenario::NoFlightsUnder { km, replacement: r }),
        };
        match scenario {
            Ok(s) => match state.app.simulate_trips(user.actor(), y, &s).await {
                Ok(w) => result = Some(w),
                Err(AppError::NotFound(_)) => error = Some(tr.t("carbon-simulation-no-trips")),
                Err(e) => return Err(WebError(e)),
            },
            Err(e) => error = Some(crate::error::message(&tr, &e)),
        }
    }
    let rows = result
        .as_ref()
        .map(|w| {
            let delta = |a: f64, b: f64| {
                if a > 0.0 {
                    tr.change((b - a) / a)
                } else {
                    "–".into()
                }
            };
            vec![
                (
                    tr.t("carbon-emissions"),
                    tr.tonnes(w.before_kg),
                    tr.tonnes(w.after_kg),
                    delta(w.before_kg, w.after_kg),
                ),
                (
                    tr.t("carbon-levy"),
                    tr.money(&Some(w.before_levy_cents)),
                    tr.money(&Some(w.after_levy_cents)),
                    delta(w.before_levy_cents as f64, w.after_levy_cents as f64),
                ),
            ]
        })
        .unwrap_or_default();
    render(&SimulationPage {
        page: page(&user, "/carbon/simulation", "carbon", None)
            .in_carbon_tab("simulation", &state, &user)
            .await
            .titled("carbon-nav-simulation"),
        years: years.iter().map(|y| (*y, Some(*y) == year)).collect(),
        scenario: scenario_key,
        km: tr.num(km),
        modes: mode_options(&tr)
            .into_iter()
            .map(|(value, label)| {
                let from = TravelMode::parse(&value) == TravelMode::parse(&from_mode);
                let to = TravelMode::parse(&value) == TravelMode::parse(&replacement);
                (value, label, from, to)
            })
            .collect(),
        result,
        rows,
        error,
    })
}
