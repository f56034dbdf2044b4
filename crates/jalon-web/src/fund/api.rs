//! The fund in the JSON API: balances and ledger, and the what-if simulation of a levy rule.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Json;
use axum::extract::State;
use jalon_app::carbon::fund::FundView;
use jalon_app::{AppError, ErrorCode};
use jalon_carbon::{Scenario, TravelMode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The compensation fund: balances per year, levies per unit, movements.
#[utoipa::path(get, path = "/api/v1/carbon/fund", tag = "carbon", responses((status = 200, body = FundView)))]
pub async fn fund(State(state): State<AppState>, user: User) -> ApiResult<Json<FundView>> {
    Ok(Json(state.app.fund(user.actor()).await?))
}

/// A what-if scenario over a year's trips.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ScenarioIn {
    /// Flights shorter than `km` (great circle) done by `replacement` instead.
    NoFlightsUnder { km: f64, replacement: String },
    /// Every trip by `from` done by `to`.
    ReplaceMode { from: String, to: String },
}

/// A simulation request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationIn {
    pub year: i32,
    pub scenario: ScenarioIn,
}

/// Emissions and levy before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimulationOut {
    pub before_kg: f64,
    pub after_kg: f64,
    pub before_levy_cents: i64,
    pub after_levy_cents: i64,
    /// Trips whose mode was switched.
    pub switched: usize,
    /// Trips whose levy could not be computed (ticket price missing).
    pub missing_ticket_prices: usize,
}

fn mode(field: &'static str, text: &str) -> Result<TravelMode, AppError> {
    TravelMode::parse(text).ok_or_else(|| AppError::invalid(field, ErrorCode::InvalidMode, text))
}

/// Emissions and levy of a year's trips before and after a scenario (e.g. no flights under
/// 700 km).
#[utoipa::path(post, path = "/api/v1/carbon/simulation", tag = "carbon", request_body = SimulationIn,
    responses((status = 200, body = SimulationOut), (status = 404, description = "No trip that year", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn simulation(
    Cx { state, user }: Cx,
    Json(input): Json<SimulationIn>,
) -> ApiResult<Json<SimulationOut>> {
    let scenario = match &input.scenario {
        ScenarioIn::NoFlightsUnder { km, replacement } => {
            if !(km.is_finite() && *km > 0.0) {
                return Err(
                    AppError::invalid("km", ErrorCode::InvalidNumber, km.to_string()).into(),
                );
            }
            Scenario::NoFlightsUnder {
                km: *km,
                replacement: mode("replacement", replacement)?,
            }
        }
        ScenarioIn::ReplaceMode { from, to } => Scenario::ReplaceMode {
            from: mode("from", from)?,
            to: mode("to", to)?,
        },
    };
    let w = state
        .app
        .simulate_trips(user.actor(), input.year, &scenario)
        .await?;
    Ok(Json(SimulationOut {
        before_kg: w.before_kg,
        after_kg: w.after_kg,
        before_levy_cents: w.before_levy_cents,
        after_levy_cents: w.after_levy_cents,
        switched: w.switched,
        missing_ticket_prices: w.missing_ticket_prices,
    }))
}
