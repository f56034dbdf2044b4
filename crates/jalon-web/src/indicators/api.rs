//! Indicators and values in the JSON API: the list, one indicator with its values, entering a
//! value, its review state, deleting a draft.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, created};
use axum::http::StatusCode;
use axum::response::Response;
use jalon_app::measurements::MeasurementInput;
use jalon_app::tree::{IndicatorDetail, IndicatorSummary, MeasurementRecord};
use jalon_core::plan::MeasurementState;
use serde::Deserialize;
use utoipa::ToSchema;

// ---------------------------------------------------------------------------------------
// Input types

/// A review-state change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StateIn {
    pub state: MeasurementState,
}

/// Every indicator.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", responses((status = 200, body = Vec<IndicatorSummary>)))]
pub async fn indicators(Cx { state, user }: Cx) -> ApiResult<Json<Vec<IndicatorSummary>>> {
    Ok(Json(state.app.indicator_summaries(user.actor()).await?))
}

/// One indicator with its values.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 200, body = IndicatorDetail), (status = 404, body = ErrorBody)))]
pub async fn indicator(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
) -> ApiResult<Json<IndicatorDetail>> {
    Ok(Json(state.app.indicator_detail(user.actor(), id).await?))
}

/// Records (or replaces) the value of a period: data owners and editors.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", tag = "indicators", params(("id" = i64, Path)), request_body = MeasurementInput,
    responses((status = 201, body = MeasurementRecord), (status = 403, body = ErrorBody), (status = 409, description = "Value validated: locked for contributors", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn measurement_create(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<MeasurementInput>,
) -> ApiResult<Response> {
    let row = state
        .app
        .record_measurement(user.actor(), id, &input)
        .await?;
    created(
        state
            .app
            .measurement_record(user.actor(), row.indicator_id, row.id)
            .await?,
    )
}

/// Validates, reopens or submits a value.
#[utoipa::path(post, path = "/api/v1/measurements/{id}/state", tag = "indicators", params(("id" = i64, Path)), request_body = StateIn,
    responses((status = 200, body = MeasurementRecord), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_state(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<StateIn>,
) -> ApiResult<Json<MeasurementRecord>> {
    let row = state
        .app
        .set_measurement_state(user.actor(), id, input.state)
        .await?;
    Ok(Json(
        state
            .app
            .measurement_record(user.actor(), row.indicator_id, row.id)
            .await?,
    ))
}

/// Deletes a value.
#[utoipa::path(delete, path = "/api/v1/measurements/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_delete(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.app.delete_measurement(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
