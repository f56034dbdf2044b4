//! Notifications in the API: the caller's notifications and mail settings, marking them
//! read, changing the settings.

use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Json;
use jalon_app::notifications::{Inbox, MailSettings};
use serde::{Deserialize, Serialize};

/// The caller's notifications (newest first, at most 100), how many are unread, and their
/// mail settings.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = Inbox), (status = 403, body = ErrorBody)))]
pub async fn notifications(Cx { state, user }: Cx) -> ApiResult<axum::Json<Inbox>> {
    Ok(axum::Json(state.app.inbox(user.actor(), user.lang).await?))
}

/// Which notifications to mark read.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadInput {
    /// These notifications; absent: all of the caller's.
    #[serde(default)]
    pub ids: Option<Vec<i64>>,
}

/// How many notifications were marked read.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadOutput {
    pub marked: u64,
}

/// Marks the caller's notifications read (only the caller's: others' ids change nothing).
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", request_body = ReadInput,
    responses((status = 200, body = ReadOutput), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn read(
    Cx { state, user }: Cx,
    Json(input): Json<ReadInput>,
) -> ApiResult<axum::Json<ReadOutput>> {
    let marked = state
        .app
        .mark_notifications_read(user.actor(), input.ids.as_deref())
        .await?;
    Ok(axum::Json(ReadOutput { marked }))
}

/// Sets the language and frequency of the caller's mail digest (`daily`, `weekly`, `never`).
#[utoipa::path(put, path = "/api/v1/notifications/settings", tag = "notifications", request_body = MailSettings,
    responses((status = 200, body = MailSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn settings(
    Cx { state, user }: Cx,
    Json(input): Json<MailSettings>,
) -> ApiResult<axum::Json<MailSettings>> {
    Ok(axum::Json(
        state.app.set_mail_settings(user.actor(), &input).await?,
    ))
}
