//! Business travel in the JSON API: a trip's footprint at claim time, missions (list and import),
//! places to fix.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Query, created};
use axum::body::Bytes;
use axum::response::Response;
use jalon_app::carbon::TripFilter;
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, PlaceFixInput, TripFootprint, TripImportReport, TripInput,
    TripPage, UnresolvedPlace,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The footprint of one trip, its levy and its policy flags, for an expense system at claim
/// time. Places are city names (French or English, accents optional), French exonyms or IATA
/// codes; the country helps with homonyms.
#[utoipa::path(post, path = "/api/v1/travel/footprint", tag = "carbon", request_body = TripInput,
    responses((status = 200, body = TripFootprint), (status = 401, body = ErrorBody), (status = 422, description = "Unknown place (with suggestions), mode or invalid value", body = ErrorBody)))]
pub async fn travel_footprint(
    Cx { state, user }: Cx,
    Json(input): Json<TripInput>,
) -> ApiResult<Json<TripFootprint>> {
    Ok(Json(state.app.trip_footprint(user.actor(), &input).await?))
}

/// Filters of the trip list.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct TripQuery {
    pub year: Option<i32>,
    /// Org unit code.
    pub unit: Option<String>,
    /// Mode as in GES 1point5 (`avion`, `train`…).
    pub mode: Option<String>,
    /// Computed, or unresolved (a place is not known yet).
    pub status: Option<jalon_core::trip::TripStatus>,
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
    Cx { state, user }: Cx,
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
    Cx { state, user }: Cx,
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
    created(report)
}

/// Places not found, with the trips waiting for them and suggestions.
#[utoipa::path(get, path = "/api/v1/carbon/places/unresolved", tag = "carbon", responses((status = 200, body = Vec<UnresolvedPlace>)))]
pub async fn unresolved_places(Cx { state, user }: Cx) -> ApiResult<Json<Vec<UnresolvedPlace>>> {
    Ok(Json(state.app.unresolved_places(user.actor()).await?))
}

/// Where a place written `text` (with `country` as written, possibly empty) is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
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
    Cx { state, user }: Cx,
    Json(input): Json<PlaceFixIn>,
) -> ApiResult<Json<PlaceFixOut>> {
    let computed = state
        .app
        .fix_place(user.actor(), &input.text, &input.country, &input.fix)
        .await?;
    Ok(Json(PlaceFixOut { computed }))
}
