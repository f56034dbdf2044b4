//! Action sheets in the JSON API: list with filters, one sheet, full update, quick progress
//! update, comments.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::extract::{Json, Path, Query};
use axum::http::StatusCode;
use chrono::NaiveDate;
use jalon_app::actions::ActionInput;
use jalon_app::versions::Versioned;
use jalon_app::{AppError, PlanView};
use jalon_core::access::Operation;
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::plan::Action;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An action in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionSummaryOut {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub title: String,
    pub title_en: Option<String>,
    pub pilot: Option<String>,
    pub status: ActionStatus,
    pub progress: Option<u8>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Why it is late, when it is.
    pub lateness: Option<Lateness>,
}

/// A whole action sheet.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionOut {
    pub id: i64,
    pub objective: String,
    pub lateness: Option<Lateness>,
    /// The sheet's version: send it back with a change (`version` of the PUT body) so that
    /// a change based on an older sheet is refused (409 `edited_meanwhile`).
    pub version: i64,
    #[serde(flatten)]
    pub sheet: Action,
}

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

/// Filters of the action list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ActionQuery {
    /// Only late actions.
    pub late: Option<bool>,
    /// Only this status.
    pub status: Option<ActionStatus>,
    /// Only this pilot.
    pub pilot: Option<String>,
}

pub(crate) fn action_summary(view: &PlanView, objective: &str, a: &Action) -> ActionSummaryOut {
    ActionSummaryOut {
        id: view.action_id(&a.code).unwrap_or_default(),
        code: a.code.clone(),
        objective: objective.to_string(),
        title: a.title.clone(),
        title_en: a.title_en.clone(),
        pilot: a.pilot.clone(),
        status: a.status,
        progress: a.progress,
        start: a.start,
        end: a.end,
        lateness: view.lateness(a),
    }
}

/// Every action, optionally filtered.
#[utoipa::path(get, path = "/api/v1/actions", tag = "actions", params(ActionQuery), responses((status = 200, body = Vec<ActionSummaryOut>)))]
pub async fn actions(
    cx: Cx,
    Query(q): Query<ActionQuery>,
) -> ApiResult<Json<Vec<ActionSummaryOut>>> {
    let Cx { state, user } = cx;
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(
        view.doc()
            .actions()
            .filter(|(_, a)| q.status.is_none_or(|s| a.status == s))
            .filter(|(_, a)| {
                q.pilot
                    .as_deref()
                    .is_none_or(|p| a.pilot.as_deref() == Some(p))
            })
            .filter(|(_, a)| !q.late.unwrap_or(false) || view.lateness(a).is_some())
            .map(|(o, a)| action_summary(&view, &o.code, a))
            .collect(),
    ))
}

async fn action_out(state: &AppState, user: &User, id: i64) -> ApiResult<ActionOut> {
    let view = state.app.view_for(user.actor()).await?;
    let (o, a) = view
        .action(id)
        .ok_or(WebError(AppError::NotFound("action")))?;
    let version = state
        .app
        .record_version(user.actor(), Versioned::Action, id)
        .await?;
    Ok(ActionOut {
        id,
        objective: o.code.clone(),
        lateness: view.lateness(a),
        version,
        sheet: a.clone(),
    })
}

/// One action sheet.
#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), responses((status = 200, body = ActionOut), (status = 404, body = ErrorBody)))]
pub async fn action(cx: Cx, Path(id): Path<i64>) -> ApiResult<Json<ActionOut>> {
    let Cx { state, user } = cx;
    user.actor().require(Operation::View)?;
    Ok(Json(action_out(&state, &user, id).await?))
}

/// Rewrites an action sheet: editors and the action's pilot.
#[utoipa::path(put, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), request_body = ActionInput,
    responses((status = 200, body = ActionOut), (status = 403, body = ErrorBody), (status = 409, description = "Saved by someone else since `version`", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_update(
    cx: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ActionInput>,
) -> ApiResult<Json<ActionOut>> {
    let Cx { state, user } = cx;
    state.app.update_action(user.actor(), id, &input).await?;
    Ok(Json(action_out(&state, &user, id).await?))
}

/// Updates an action's status and progress: editors and the action's pilot.
#[utoipa::path(patch, path = "/api/v1/actions/{id}/progress", tag = "actions", params(("id" = i64, Path)), request_body = ProgressIn,
    responses((status = 200, body = ActionOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_progress(
    cx: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ProgressIn>,
) -> ApiResult<Json<ActionOut>> {
    let Cx { state, user } = cx;
    state
        .app
        .update_action_progress(user.actor(), id, input.status, input.progress)
        .await?;
    Ok(Json(action_out(&state, &user, id).await?))
}

/// Comments an action: contributors, editors, admins.
#[utoipa::path(post, path = "/api/v1/actions/{id}/comments", tag = "actions", params(("id" = i64, Path)), request_body = CommentIn,
    responses((status = 201), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_comment(
    cx: Cx,
    Path(id): Path<i64>,
    Json(input): Json<CommentIn>,
) -> ApiResult<StatusCode> {
    let Cx { state, user } = cx;
    state
        .app
        .comment_action(user.actor(), id, &input.text)
        .await?;
    Ok(StatusCode::CREATED)
}
