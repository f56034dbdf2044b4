//! The plan in the JSON API: the strategy tree with statuses, the dashboard, objectives, targets,
//! the plan check, and the plan's export and import.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::extract::{Json, Path, Query, created};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use jalon_app::plan::CheckFinding as Finding;
use jalon_app::plan::{Dashboard, ImportReport};
use jalon_app::tree::{ObjectiveTree, StrategyTree, TargetWithStatus};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use jalon_io::Format;
use serde::Deserialize;

/// Language of messages.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LangQuery {
    /// `fr` (default) or `en`.
    pub lang: Option<String>,
}

/// Export format.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `json` (default), `yaml`, `csv` or `xlsx`.
    pub format: Option<String>,
}

/// Import options.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `json`, `yaml`, `csv` or `xlsx`; guessed from the content when absent.
    pub format: Option<String>,
    /// Name of the file, for messages.
    pub file_name: Option<String>,
    /// Language of the messages, `fr` (default) or `en`.
    pub lang: Option<String>,
    /// Only report what the file would change; write nothing.
    pub dry_run: Option<bool>,
}

fn lang_of(q: Option<&str>, user: &User) -> Lang {
    q.and_then(Lang::parse).unwrap_or(user.lang)
}

/// The strategy tree: axes, objectives, targets with status, indicators, actions.
#[utoipa::path(get, path = "/api/v1/strategy", tag = "plan", responses((status = 200, body = StrategyTree), (status = 401, body = ErrorBody), (status = 404, description = "No plan loaded", body = ErrorBody)))]
pub async fn strategy(Cx { state, user }: Cx) -> ApiResult<Json<StrategyTree>> {
    Ok(Json(state.app.strategy_tree(user.actor()).await?))
}

/// The dashboard: statuses by axis, late actions, recent and missing values.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "plan", responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody)))]
pub async fn dashboard(State(state): State<AppState>, user: User) -> ApiResult<Json<Dashboard>> {
    Ok(Json(state.app.dashboard(user.actor()).await?))
}

/// One objective.
#[utoipa::path(get, path = "/api/v1/objectives/{id}", tag = "plan", params(("id" = i64, Path)), responses((status = 200, body = ObjectiveTree), (status = 404, body = ErrorBody)))]
pub async fn objective(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
) -> ApiResult<Json<ObjectiveTree>> {
    Ok(Json(state.app.objective_tree(user.actor(), id).await?))
}

/// Every target with its status.
#[utoipa::path(get, path = "/api/v1/targets", tag = "plan", responses((status = 200, body = Vec<TargetWithStatus>)))]
pub async fn targets(Cx { state, user }: Cx) -> ApiResult<Json<Vec<TargetWithStatus>>> {
    Ok(Json(state.app.targets_with_status(user.actor()).await?))
}

/// The plan check: findings with code, severity, message and location.
#[utoipa::path(get, path = "/api/v1/check", tag = "plan", params(LangQuery), responses((status = 200, body = Vec<Finding>)))]
pub async fn check(
    Cx { state, user }: Cx,
    Query(q): Query<LangQuery>,
) -> ApiResult<Json<Vec<Finding>>> {
    let lang = lang_of(q.lang.as_deref(), &user);
    Ok(Json(state.app.check(user.actor(), lang).await?))
}

/// Exports the whole plan (`json` gives `{"axes": [{…, "objectives": […]}]}`).
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan", params(ExportQuery), responses((status = 200, description = "The plan file", content_type = "application/json")))]
pub async fn plan_export(
    Cx { state, user }: Cx,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    let format = match q.format.as_deref() {
        None => Format::Json,
        Some(f) => Format::parse(f)
            .ok_or_else(|| WebError(AppError::invalid("format", ErrorCode::InvalidFormat, f)))?,
    };
    let (bytes, name) = state.app.export_plan(user.actor(), format).await?;
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(format.mime()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// Replaces the plan by the file in the body (all or nothing): editors and admins.
#[utoipa::path(post, path = "/api/v1/plan", tag = "plan", params(ImportQuery), request_body(content = Vec<u8>, description = "The plan file (XLSX, CSV, YAML or JSON)", content_type = "application/octet-stream"),
    responses((status = 201, body = ImportReport), (status = 403, body = ErrorBody), (status = 422, description = "Refused, with located problems", body = ErrorBody)))]
pub async fn plan_import(
    Cx { state, user }: Cx,
    headers: HeaderMap,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = lang_of(q.lang.as_deref(), &user);
    let format =
        match q.format.as_deref() {
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                WebError(AppError::invalid("format", ErrorCode::InvalidFormat, f))
            })?),
            None => headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(|ct| match ct.split(';').next().unwrap_or_default().trim() {
                    "application/json" => Some(Format::Json),
                    "application/yaml" | "application/x-yaml" | "text/yaml" => Some(Format::Yaml),
                    "text/csv" => Some(Format::Csv),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                        Some(Format::Xlsx)
                    }
                    _ => None,
                }),
        };
    let name = q.file_name.clone().unwrap_or_else(|| "plan".to_string());
    let report = state
        .app
        .import_plan(
            user.actor(),
            &body,
            &name,
            format,
            lang,
            q.dry_run.unwrap_or(false),
        )
        .await?;
    created(report)
}
