//! The report editors in the JSON API: the THE Impact bank and its answers, evidence items, the
//! DD&RS self-assessment, report blocks and highlighted figures.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query, created};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jalon_app::frameworks::ddrs::{AssessmentInput, DdrsView};
use jalon_app::frameworks::the::{AnswerInput, TheBank};
use jalon_app::frameworks::{EvidenceInput, EvidenceView};
use jalon_app::report::content::{BlockInput, BlockView, HighlightInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The THE Impact bank of a year: every SDG, metric and indicator with the answer, its
/// evidence and self-score, completeness and estimated score per SDG, overall estimate.
#[utoipa::path(get, path = "/api/v1/the/{year}", tag = "reports", params(("year" = i32, Path)),
    responses((status = 200, body = TheBank), (status = 422, body = ErrorBody)))]
pub async fn the_bank(Cx { state, user }: Cx, Path(year): Path<i32>) -> ApiResult<Json<TheBank>> {
    Ok(Json(state.app.the_bank(user.actor(), year).await?))
}

/// Records the answer to one THE indicator for a year (a figure, a plan indicator whose
/// value of the year is the figure, or yes/no for evidence indicators).
#[utoipa::path(put, path = "/api/v1/the/{year}/answers/{indicator}", tag = "reports",
    params(("year" = i32, Path), ("indicator" = String, Path, description = "THE indicator id, e.g. `13.2.1`")),
    request_body = AnswerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn the_answer(
    Cx { state, user }: Cx,
    Path((year, indicator)): Path<(i32, String)>,
    Json(input): Json<AnswerInput>,
) -> ApiResult<StatusCode> {
    state
        .app
        .save_the_answer(user.actor(), year, &indicator, &input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Links or unlinks an evidence item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLinkIn {
    pub evidence_id: i64,
    /// `false` removes the link.
    #[serde(default = "yes")]
    pub link: bool,
}

fn yes() -> bool {
    true
}

/// Links (or unlinks) an evidence item to the answer of a THE evidence indicator.
#[utoipa::path(post, path = "/api/v1/the/{year}/answers/{indicator}/evidence", tag = "reports",
    params(("year" = i32, Path), ("indicator" = String, Path)), request_body = EvidenceLinkIn,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn the_evidence_link(
    Cx { state, user }: Cx,
    Path((year, indicator)): Path<(i32, String)>,
    Json(input): Json<EvidenceLinkIn>,
) -> ApiResult<StatusCode> {
    state
        .app
        .link_the_evidence(
            user.actor(),
            year,
            &indicator,
            input.evidence_id,
            input.link,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The year an evidence item is checked against.
#[derive(Debug, Deserialize, IntoParams)]
pub struct EvidenceQuery {
    /// Year of the window check (default: this year).
    pub year: Option<i32>,
}

/// The evidence bank, each item checked against the year's window.
#[utoipa::path(get, path = "/api/v1/evidence", tag = "reports", params(EvidenceQuery),
    responses((status = 200, body = Vec<EvidenceView>)))]
pub async fn evidence(
    Cx { state, user }: Cx,
    Query(q): Query<EvidenceQuery>,
) -> ApiResult<Json<Vec<EvidenceView>>> {
    let year = q.year.unwrap_or_else(|| state.app.current_year());
    Ok(Json(state.app.evidence_bank(user.actor(), year).await?))
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Creates an evidence item.
#[utoipa::path(post, path = "/api/v1/evidence", tag = "reports", request_body = EvidenceInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn evidence_create(
    Cx { state, user }: Cx,
    Json(input): Json<EvidenceInput>,
) -> ApiResult<Response> {
    let id = state.app.save_evidence(user.actor(), None, &input).await?;
    created(Created { id })
}

/// Replaces an evidence item (every answer and assessment using it sees the change).
#[utoipa::path(put, path = "/api/v1/evidence/{id}", tag = "reports", params(("id" = i64, Path)),
    request_body = EvidenceInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn evidence_update(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<EvidenceInput>,
) -> ApiResult<StatusCode> {
    state
        .app
        .save_evidence(user.actor(), Some(id), &input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes an evidence item and its links.
#[utoipa::path(delete, path = "/api/v1/evidence/{id}", tag = "reports", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn evidence_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.app.delete_evidence(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The DD&RS self-assessment of a year against the previous assessed year, by axis.
#[utoipa::path(get, path = "/api/v1/ddrs/{year}", tag = "reports", params(("year" = i32, Path)),
    responses((status = 200, body = DdrsView), (status = 422, body = ErrorBody)))]
pub async fn ddrs(Cx { state, user }: Cx, Path(year): Path<i32>) -> ApiResult<Json<DdrsView>> {
    Ok(Json(state.app.ddrs(user.actor(), year, user.lang).await?))
}

/// Records the level of a DD&RS item in a year, with its justification and links.
#[utoipa::path(put, path = "/api/v1/ddrs/{year}/items/{id}", tag = "reports",
    params(("year" = i32, Path), ("id" = i64, Path)), request_body = AssessmentInput,
    responses((status = 200, body = Created), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ddrs_assess(
    Cx { state, user }: Cx,
    Path((year, id)): Path<(i32, i64)>,
    Json(input): Json<AssessmentInput>,
) -> ApiResult<Json<Created>> {
    let id = state
        .app
        .assess_ddrs_item(user.actor(), id, year, &input)
        .await?;
    Ok(Json(Created { id }))
}

/// Every report block, in order.
#[utoipa::path(get, path = "/api/v1/report/blocks", tag = "reports",
    responses((status = 200, body = Vec<BlockView>)))]
pub async fn blocks(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<BlockView>>> {
    Ok(Json(state.app.report_blocks(user.actor()).await?))
}

/// Creates a report block.
#[utoipa::path(post, path = "/api/v1/report/blocks", tag = "reports", request_body = BlockInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn block_create(
    Cx { state, user }: Cx,
    Json(input): Json<BlockInput>,
) -> ApiResult<Response> {
    let id = state
        .app
        .save_report_block(user.actor(), None, &input)
        .await?;
    created(Created { id })
}

/// Replaces a report block.
#[utoipa::path(put, path = "/api/v1/report/blocks/{id}", tag = "reports", params(("id" = i64, Path)),
    request_body = BlockInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn block_update(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<BlockInput>,
) -> ApiResult<StatusCode> {
    state
        .app
        .save_report_block(user.actor(), Some(id), &input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a report block.
#[utoipa::path(delete, path = "/api/v1/report/blocks/{id}", tag = "reports", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn block_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.app.delete_report_block(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The highlighted figures of one chapter.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChapterHighlights {
    pub goal: u8,
    pub figures: Vec<HighlightInput>,
}

/// The highlighted figures of every chapter.
#[utoipa::path(get, path = "/api/v1/report/highlights", tag = "reports",
    responses((status = 200, body = Vec<ChapterHighlights>)))]
pub async fn highlights(Cx { state, user }: Cx) -> ApiResult<Json<Vec<ChapterHighlights>>> {
    let mut out: Vec<ChapterHighlights> = Vec::new();
    for (goal, figure) in state.app.report_highlights(user.actor()).await? {
        match out.last_mut() {
            Some(c) if c.goal == goal => c.figures.push(figure),
            _ => out.push(ChapterHighlights {
                goal,
                figures: vec![figure],
            }),
        }
    }
    Ok(Json(out))
}

/// Replaces the highlighted figures of the chapter of SDG `goal`.
#[utoipa::path(put, path = "/api/v1/report/highlights/{goal}", tag = "reports",
    params(("goal" = u8, Path)), request_body = Vec<HighlightInput>,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn highlights_set(
    Cx { state, user }: Cx,
    Path(goal): Path<u8>,
    Json(figures): Json<Vec<HighlightInput>>,
) -> ApiResult<StatusCode> {
    state
        .app
        .set_report_highlights(user.actor(), goal, &figures)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
