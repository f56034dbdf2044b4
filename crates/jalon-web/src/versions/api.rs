//! The plan's versions in the API: list, record, compare.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Query, created};
use axum::response::Response;
use jalon_app::plan_versions::{PlanVersion, PlanVersionInput, VersionRef};
use jalon_app::{AppError, ErrorCode};
use jalon_core::plan_diff::PlanDiff;
use serde::Deserialize;

/// The two sides of a comparison.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DiffQuery {
    /// A version's id, or `current` for the plan in place.
    pub from: String,
    /// A version's id, or `current` for the plan in place.
    pub to: String,
}

/// A side of the comparison, or `invalid_query` on the field `version`.
fn side(value: &str) -> Result<VersionRef, AppError> {
    VersionRef::parse(value)
        .ok_or_else(|| AppError::invalid("version", ErrorCode::InvalidQuery, value))
}

/// The adopted versions of the plan, oldest adoption first.
#[utoipa::path(get, path = "/api/v1/plan/versions", tag = "plan",
    responses((status = 200, body = Vec<PlanVersion>)))]
pub async fn versions(Cx { state, user }: Cx) -> ApiResult<axum::Json<Vec<PlanVersion>>> {
    Ok(axum::Json(state.app.plan_versions(user.actor()).await?))
}

/// Records the plan in place as a version adopted on `adopted_on` by `adopted_by` (editors).
#[utoipa::path(post, path = "/api/v1/plan/versions", tag = "plan", request_body = PlanVersionInput,
    responses((status = 201, body = PlanVersion), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn version_create(
    Cx { state, user }: Cx,
    Json(input): Json<PlanVersionInput>,
) -> ApiResult<Response> {
    created(state.app.record_plan_version(user.actor(), &input).await?)
}

/// What changed from `from` to `to`, element by element.
#[utoipa::path(get, path = "/api/v1/plan/versions/diff", tag = "plan", params(DiffQuery),
    responses((status = 200, body = PlanDiff), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn version_diff(
    Cx { state, user }: Cx,
    Query(q): Query<DiffQuery>,
) -> ApiResult<axum::Json<PlanDiff>> {
    let from = side(&q.from)?;
    let to = side(&q.to)?;
    Ok(axum::Json(
        state.app.plan_version_diff(user.actor(), from, to).await?,
    ))
}
