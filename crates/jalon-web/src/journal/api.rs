//! `GET /api/v1/journal`: the journal as JSON, worded in `lang` (or the caller's language).

use super::JournalQuery;
use crate::auth::Cx;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Query;
use axum::Json;
use jalon_app::journal::JournalPage;
use jalon_core::Lang;

/// The journal, newest first: editors read every change to the plan, the values, the carbon
/// data and the reports; administrators also read sign-ins and tokens.
#[utoipa::path(get, path = "/api/v1/journal", tag = "journal", params(JournalQuery),
    responses((status = 200, body = JournalPage), (status = 403, body = ErrorBody)))]
pub async fn journal(
    Cx { state, user }: Cx,
    Query(q): Query<JournalQuery>,
) -> ApiResult<Json<JournalPage>> {
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or(user.lang);
    Ok(Json(
        state.app.journal(user.actor(), &q.filter(), lang).await?,
    ))
}
