//! Action sheets in the JSON API: list with filters, one sheet, full update, quick progress
//! update, comments.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use axum::http::StatusCode;
use jalon_app::actions::ActionInput;
use jalon_app::tree::{ActionFilter, ActionSheet, ActionSummary};
use jalon_core::action::ActionStatus;
use serde::Deserialize;
use utoipa::ToSchema;

/// A quick action update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressIn {
    pub status: ActionStatus,
    pub progress: Option<u8>,
}

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentIn {
    pub text: String,
}

/// Every action, optionally filtered.
#[utoipa::path(get, path = "/api/v1/actions", tag = "actions", params(ActionFilter), responses((status = 200, body = Vec<ActionSummary>)))]
pub async fn actions(
    Cx { state, user }: Cx,
    Query(filter): Query<ActionFilter>,
) -> ApiResult<Json<Vec<ActionSummary>>> {
    Ok(Json(
        state.app.action_summaries(user.actor(), &filter).await?,
    ))
}

/// One action sheet.
#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), responses((status = 200, body = ActionSheet), (status = 404, body = ErrorBody)))]
pub async fn action(Cx { state, user }: Cx, Path(id): Path<i64>) -> ApiResult<Json<ActionSheet>> {
    Ok(Json(state.app.action_sheet(user.actor(), id).await?))
}

/// Rewrites an action sheet: editors and the action's pilot.
#[utoipa::path(put, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), request_body = ActionInput,
    responses((status = 200, body = ActionSheet), (status = 403, body = ErrorBody), (status = 409, description = "Saved by someone else since `version`", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_update(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ActionInput>,
) -> ApiResult<Json<ActionSheet>> {
    state.app.update_action(user.actor(), id, &input).await?;
    Ok(Json(state.app.action_sheet(user.actor(), id).await?))
}

/// Updates an action's status and progress: editors and the action's pilot.
#[utoipa::path(patch, path = "/api/v1/actions/{id}/progress", tag = "actions", params(("id" = i64, Path)), request_body = ProgressIn,
    responses((status = 200, body = ActionSheet), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_progress(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ProgressIn>,
) -> ApiResult<Json<ActionSheet>> {
    state
        .app
        .update_action_progress(user.actor(), id, input.status, input.progress)
        .await?;
    Ok(Json(state.app.action_sheet(user.actor(), id).await?))
}

/// Comments an action: contributors, editors, admins.
#[utoipa::path(post, path = "/api/v1/actions/{id}/comments", tag = "actions", params(("id" = i64, Path)), request_body = CommentIn,
    responses((status = 201), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_comment(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<CommentIn>,
) -> ApiResult<StatusCode> {
    state
        .app
        .comment_action(user.actor(), id, &input.text)
        .await?;
    Ok(StatusCode::CREATED)
}
