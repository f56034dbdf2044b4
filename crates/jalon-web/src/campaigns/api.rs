//! The campaign in the API: list and open campaigns, a campaign's progress, close and
//! reopen it, the caller's to-do, and the items' submissions and decisions.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, created};
use axum::response::Response;
use jalon_app::campaigns::{
    ActionReportInput, Campaign, CampaignInput, CampaignItem, CampaignProgress, ToDo,
};
use jalon_core::campaign::CampaignState;
use serde::Deserialize;

/// A value supplied for an item, for the campaign year.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemValueInput {
    /// `12,5`, `> 80`, `10-12`, `oui`.
    pub value: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    /// The version of the year's value this entry is based on (`0`: none); refused with
    /// 409 `edited_meanwhile` when someone saved one since. Without it, not checked.
    #[serde(default)]
    pub version: Option<i64>,
}

/// The campaigns, latest year first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    responses((status = 200, body = Vec<Campaign>)))]
pub async fn campaigns(Cx { state, user }: Cx) -> ApiResult<axum::Json<Vec<Campaign>>> {
    Ok(axum::Json(state.app.campaigns(user.actor()).await?))
}

/// Opens a campaign: one item per indicator value and action under way, owed by the owner
/// or pilot the plan names.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignInput,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn campaign_open(
    Cx { state, user }: Cx,
    Json(input): Json<CampaignInput>,
) -> ApiResult<Response> {
    created(state.app.open_campaign(user.actor(), &input).await?)
}

/// A campaign's progress: by owner, by workstream, every item.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignProgress), (status = 404, body = ErrorBody)))]
pub async fn campaign(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
) -> ApiResult<axum::Json<CampaignProgress>> {
    Ok(axum::Json(
        state.app.campaign_progress(user.actor(), id).await?,
    ))
}

/// The state a campaign is put in.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignStateInput {
    /// `closed` locks the values of its year; `open` reopens it.
    pub state: CampaignState,
}

/// Closes a campaign (the values of its year are locked until it is reopened) or reopens it.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}/state", tag = "campaigns", params(("id" = i64, Path)), request_body = CampaignStateInput,
    responses((status = 200, body = Campaign), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn campaign_state(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<CampaignStateInput>,
) -> ApiResult<axum::Json<Campaign>> {
    let campaign = match input.state {
        CampaignState::Closed => state.app.close_campaign(user.actor(), id).await?,
        CampaignState::Open => state.app.reopen_campaign(user.actor(), id).await?,
    };
    Ok(axum::Json(campaign))
}

/// What the caller owes in the open campaigns; for an editor, also what waits for validation.
#[utoipa::path(get, path = "/api/v1/todo", tag = "campaigns",
    responses((status = 200, body = ToDo)))]
pub async fn todo(Cx { state, user }: Cx) -> ApiResult<axum::Json<ToDo>> {
    Ok(axum::Json(state.app.todo(user.actor()).await?))
}

/// The owner (or an editor) submits the value of a value item for the campaign year.
#[utoipa::path(post, path = "/api/v1/campaign-items/{id}/value", tag = "campaigns", params(("id" = i64, Path)), request_body = ItemValueInput,
    responses((status = 200, body = CampaignItem), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn item_value(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ItemValueInput>,
) -> ApiResult<axum::Json<CampaignItem>> {
    Ok(axum::Json(
        state
            .app
            .submit_item_value(
                user.actor(),
                id,
                &input.value,
                input.source.as_deref(),
                input.comment.as_deref(),
                input.version,
            )
            .await?,
    ))
}

/// The pilot (or an editor) submits the status, progress and note of an action item.
#[utoipa::path(post, path = "/api/v1/campaign-items/{id}/action", tag = "campaigns", params(("id" = i64, Path)), request_body = ActionReportInput,
    responses((status = 200, body = CampaignItem), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn item_action(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<ActionReportInput>,
) -> ApiResult<axum::Json<CampaignItem>> {
    Ok(axum::Json(
        state
            .app
            .submit_action_report(user.actor(), id, &input)
            .await?,
    ))
}

/// An editor's decision on a submitted item.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
pub enum DecisionInput {
    /// Accept it (a value item's value becomes validated).
    Validate,
    /// Send it back to its owner with a reason they will see.
    Return { reason: String },
}

/// An editor validates a submitted item or returns it to its owner with a reason.
#[utoipa::path(post, path = "/api/v1/campaign-items/{id}/decision", tag = "campaigns", params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = CampaignItem), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn item_decision(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<DecisionInput>,
) -> ApiResult<axum::Json<CampaignItem>> {
    let item = match input {
        DecisionInput::Validate => state.app.validate_item(user.actor(), id).await?,
        DecisionInput::Return { reason } => {
            state.app.return_item(user.actor(), id, &reason).await?
        }
    };
    Ok(axum::Json(item))
}
