//! Carbon in the JSON API: the footprint of a year, the trend, inventories and their lines,
//! emission factors.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query, created};
use axum::extract::State;
use axum::response::Response;
use jalon_app::carbon::FactorSearch;
use jalon_app::carbon::inventory::{
    ActivityInput, Footprint, InventorySummary, InventoryView, TrendPoint,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// The institution's footprint of a year: its inventory plus each lab's at its share, by
/// BEGES post, category, scope and Scope 3 category, with 95 % intervals.
#[utoipa::path(get, path = "/api/v1/carbon/footprint/{year}", tag = "carbon", params(("year" = i32, Path)),
    responses((status = 200, body = Footprint), (status = 404, body = ErrorBody)))]
pub async fn footprint(
    Cx { state, user }: Cx,
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
pub async fn inventories(Cx { state, user }: Cx) -> ApiResult<Json<Vec<InventorySummary>>> {
    Ok(Json(state.app.inventories(user.actor()).await?))
}

/// One inventory, line by line.
#[utoipa::path(get, path = "/api/v1/carbon/inventories/{id}", tag = "carbon", params(("id" = i64, Path)),
    responses((status = 200, body = InventoryView), (status = 404, body = ErrorBody)))]
pub async fn inventory(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
) -> ApiResult<Json<InventoryView>> {
    Ok(Json(state.app.inventory(user.actor(), id).await?))
}

/// Adds a line of activity data; returns the inventory recomputed.
#[utoipa::path(post, path = "/api/v1/carbon/inventories/{id}/activities", tag = "carbon", params(("id" = i64, Path)), request_body = ActivityInput,
    responses((status = 201, body = InventoryView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn activity_create(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ActivityInput>,
) -> ApiResult<Response> {
    state.app.add_activity(user.actor(), id, &input).await?;
    created(state.app.inventory(user.actor(), id).await?)
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
    Cx { state, user }: Cx,
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
