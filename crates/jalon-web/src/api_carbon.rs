//! The carbon part of the JSON API: the footprint of a trip at claim time (for expense
//! systems), inventories and their lines, factors, missions (import and list), places to fix,
//! the fund and the what-if simulation. Same use cases and permissions as the pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jalon_app::AppError;
use jalon_app::ErrorCode;
use jalon_app::carbon::FactorSearch;
use jalon_app::carbon::fund::FundView;
use jalon_app::carbon::inventory::{
    ActivityInput, Footprint, InventorySummary, InventoryView, TrendPoint,
};
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, PlaceFixInput, TripFootprint, TripImportReport, TripInput,
    TripPage, UnresolvedPlace,
};
use jalon_carbon::{Scenario, TravelMode};
use jalon_store::carbon::TripFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::User;
use crate::error::{ErrorBody, WebError};

type ApiResult<T> = Result<T, WebError>;

/// A JSON body whose rejection is an API error (`invalid_json`, with where it failed).
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(WebError(AppError::invalid(
                "body",
                ErrorCode::InvalidJson,
                e.body_text(),
            ))),
        }
    }
}

/// The footprint of one trip, its levy and its policy flags, for an expense system at claim
/// time. Places are city names (French or English, accents optional), French exonyms or IATA
/// codes; the country helps with homonyms.
#[utoipa::path(post, path = "/api/v1/travel/footprint", tag = "carbon", request_body = TripInput,
    responses((status = 200, body = TripFootprint), (status = 401, body = ErrorBody), (status = 422, description = "Unknown place (with suggestions), mode or invalid value", body = ErrorBody)))]
pub async fn travel_footprint(
    State(state): State<AppState>,
    user: User,
    ApiJson(input): ApiJson<TripInput>,
) -> ApiResult<Json<TripFootprint>> {
    Ok(Json(state.app.trip_footprint(user.actor(), &input).await?))
}

/// The institution's footprint of a year: its inventory plus each lab's at its share, by
/// BEGES post, category, scope and Scope 3 category, with 95 % intervals.
#[utoipa::path(get, path = "/api/v1/carbon/footprint/{year}", tag = "carbon", params(("year" = i32, Path)),
    responses((status = 200, body = Footprint), (status = 404, body = ErrorBody)))]
pub async fn footprint(
    State(state): State<AppState>,
    user: User,
    Path(year): Path<i32>,
) -> ApiResult<Json<Footprint>> {
    Ok(Json(state.app.footprint(user.actor(), year).await?))
}

/// Every year's footprint against the −5 %/year trajectory, with fossil energy.
#[utoipa::path(get, path = "/api/v1/carbon/trend", tag = "carbon", responses((status = 200, body = Vec<TrendPoint>)))]
pub async fn trend(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<TrendPoint>>> {
    Ok(Json(state.app.footprint_trend(user.actor()).await?))
}

/// Inventories of the institution and its units.
#[utoipa::path(get, path = "/api/v1/carbon/inventories", tag = "carbon", responses((status = 200, body = Vec<InventorySummary>)))]
pub async fn inventories(
    State(state): State<AppState>,
    user: User,
) -> ApiResult<Json<Vec<InventorySummary>>> {
    Ok(Json(state.app.inventories(user.actor()).await?))
}

/// One inventory, line by line.
#[utoipa::path(get, path = "/api/v1/carbon/inventories/{id}", tag = "carbon", params(("id" = i64, Path)),
    responses((status = 200, body = InventoryView), (status = 404, body = ErrorBody)))]
pub async fn inventory(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<Json<InventoryView>> {
    Ok(Json(state.app.inventory(user.actor(), id).await?))
}

/// Adds a line of activity data; returns the inventory recomputed.
#[utoipa::path(post, path = "/api/v1/carbon/inventories/{id}/activities", tag = "carbon", params(("id" = i64, Path)), request_body = ActivityInput,
    responses((status = 201, body = InventoryView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn activity_create(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    state.app.add_activity(user.actor(), id, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.inventory(user.actor(), id).await?),
    )
        .into_response())
}

/// Query of the factor search.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FactorQuery {
    /// Factor set version (default: the bundled set).
    pub version: Option<String>,
    /// Words to find in the id or the name.
    pub q: Option<String>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<usize>,
}

/// Emission factors of a version, searched by id or name.
#[utoipa::path(get, path = "/api/v1/carbon/factors", tag = "carbon", params(FactorQuery), responses((status = 200, body = FactorSearch)))]
pub async fn factors(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<FactorQuery>,
) -> ApiResult<Json<FactorSearch>> {
    let version = q
        .version
        .unwrap_or_else(|| jalon_carbon::BUNDLED_VERSION.to_string());
    Ok(Json(
        state
            .app
            .search_factors(
                user.actor(),
                &version,
                q.q.as_deref().unwrap_or_default(),
                q.limit.unwrap_or(100).min(1000),
            )
            .await?,
    ))
}

/// Filters of the trip list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct TripQuery {
    pub year: Option<i32>,
    /// Org unit code.
    pub unit: Option<String>,
    /// Mode as in GES 1point5 (`avion`, `train`…).
    pub mode: Option<String>,
    /// `computed` or `unresolved`.
    pub status: Option<String>,
    /// Only trips with policy flags.
    pub flagged: Option<bool>,
    /// One import.
    pub batch: Option<i64>,
    pub offset: Option<u64>,
    /// At most 1000 (default 100).
    pub limit: Option<u64>,
}

/// Trips with their footprint and computation, filtered and paged.
#[utoipa::path(get, path = "/api/v1/carbon/trips", tag = "carbon", params(TripQuery), responses((status = 200, body = TripPage)))]
pub async fn trips(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<TripQuery>,
) -> ApiResult<Json<TripPage>> {
    let filter = TripFilter {
        year: q.year,
        org_unit: q.unit,
        mode: q.mode,
        status: q.status,
        batch_id: q.batch,
        flagged: q.flagged.unwrap_or(false),
    };
    Ok(Json(
        state
            .app
            .trips(
                user.actor(),
                &filter,
                q.offset.unwrap_or(0),
                q.limit.unwrap_or(100).min(1000),
            )
            .await?,
    ))
}

/// How a mission file in the body is read.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TripImportQuery {
    /// `ges1point5` (default) or the name of a saved column mapping (CSV or XLSX).
    pub format: Option<String>,
    /// Unit charged when the file does not say.
    pub unit: Option<String>,
    /// File name shown in the history and errors (default `missions`).
    pub file_name: Option<String>,
}

/// Imports a mission file (all or nothing): a GES 1point5 TSV or an expense export through a
/// saved column mapping. Unknown places are kept as unresolved, not guessed.
#[utoipa::path(post, path = "/api/v1/carbon/trips", tag = "carbon", params(TripImportQuery),
    request_body(content = Vec<u8>, description = "The mission file", content_type = "application/octet-stream"),
    responses((status = 201, body = TripImportReport), (status = 403, body = ErrorBody), (status = 422, description = "Refused, with located problems", body = ErrorBody)))]
pub async fn trips_import(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<TripImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let format = match q.format.as_deref().unwrap_or("ges1point5") {
        "ges1point5" => MissionFormat::Ges1point5,
        name => MissionFormat::Table(Box::new(
            state.app.mapping_profile(user.actor(), name).await?,
        )),
    };
    let name = q.file_name.unwrap_or_else(|| "missions".to_string());
    let report = state
        .app
        .import_trips(
            user.actor(),
            &MissionFile {
                bytes: &body,
                file_name: &name,
                format: &format,
                org_unit: q.unit.as_deref(),
                illustrative: false,
            },
            user.lang,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

/// Places not found, with the trips waiting for them and suggestions.
#[utoipa::path(get, path = "/api/v1/carbon/places/unresolved", tag = "carbon", responses((status = 200, body = Vec<UnresolvedPlace>)))]
pub async fn unresolved_places(
    State(state): State<AppState>,
    user: User,
) -> ApiResult<Json<Vec<UnresolvedPlace>>> {
    Ok(Json(state.app.unresolved_places(user.actor()).await?))
}

/// Where a place written `text` (with `country` as written, possibly empty) is.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlaceFixIn {
    pub text: String,
    #[serde(default)]
    pub country: String,
    pub fix: PlaceFixInput,
}

/// How many trips a fix computed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceFixOut {
    pub computed: usize,
}

/// Says where a place is; kept for later imports, and the waiting trips are computed.
#[utoipa::path(post, path = "/api/v1/carbon/places/fixes", tag = "carbon", request_body = PlaceFixIn,
    responses((status = 200, body = PlaceFixOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn place_fix(
    State(state): State<AppState>,
    user: User,
    ApiJson(input): ApiJson<PlaceFixIn>,
) -> ApiResult<Json<PlaceFixOut>> {
    let computed = state
        .app
        .fix_place(user.actor(), &input.text, &input.country, &input.fix)
        .await?;
    Ok(Json(PlaceFixOut { computed }))
}

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
    State(state): State<AppState>,
    user: User,
    ApiJson(input): ApiJson<SimulationIn>,
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
