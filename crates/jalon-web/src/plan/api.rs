//! The plan in the JSON API: the strategy tree with statuses, the dashboard, objectives, targets,
//! the plan check, and the plan's export and import.

use crate::AppState;
use crate::actions::api::{ActionSummaryOut, action_summary};
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::extract::{Json, Path, Query};
use crate::indicators::api::{IndicatorSummaryOut, indicator_summary};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jalon_app::plan::CheckFinding as Finding;
use jalon_app::plan::{Dashboard, ImportReport};
use jalon_app::{AppError, ErrorCode, PlanView};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::plan::StrategyInfo;
use jalon_core::progress::{Status, StatusCounts};
use jalon_core::status::NoDataReason;
use jalon_io::Format;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A target with its computed status.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetOut {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub text: Option<String>,
    pub text_en: Option<String>,
    pub plan_table_text: Option<String>,
    pub unit: Option<String>,
    pub status: Status,
    /// Why there is no status, when there is none.
    pub reason: Option<NoDataReason>,
    /// Share of the expected change achieved.
    pub progress_share: Option<f64>,
    /// Value expected at the latest value's year.
    pub expected: Option<f64>,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub target_year: Option<i32>,
    pub target_value: Option<f64>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    /// When a range straddles a threshold: statuses at its two ends.
    pub uncertain_between: Option<(Status, Status)>,
    /// Indicators measuring the target, by code.
    pub indicators: Vec<String>,
}

/// An objective with its targets, indicators and actions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectiveOut {
    pub id: i64,
    pub code: String,
    pub axis: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub sdgs: Vec<String>,
    pub counts: StatusCounts,
    pub targets: Vec<TargetOut>,
    pub indicators: Vec<IndicatorSummaryOut>,
    pub actions: Vec<ActionSummaryOut>,
}

/// An axis of the tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct AxisOut {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub counts: StatusCounts,
    pub objectives: Vec<ObjectiveOut>,
}

/// The strategy tree with statuses and ids.
#[derive(Debug, Serialize, ToSchema)]
pub struct StrategyOut {
    pub institution: String,
    pub strategy: StrategyInfo,
    pub counts: StatusCounts,
    pub axes: Vec<AxisOut>,
}

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
}

// ---------------------------------------------------------------------------------------
// Conversions

pub(crate) fn target_out(
    view: &PlanView,
    objective: &str,
    t: &jalon_core::plan::Target,
) -> TargetOut {
    let s = view.status.targets.get(&t.code);
    let spec = s.and_then(|s| s.spec);
    TargetOut {
        id: view.target_id(&t.code).unwrap_or_default(),
        code: t.code.clone(),
        objective: objective.to_string(),
        text: t.text.clone(),
        text_en: t.text_en.clone(),
        plan_table_text: t.plan_table_text.clone(),
        unit: t.unit.clone(),
        status: s.map_or(Status::NoData, |s| s.status()),
        reason: s.and_then(|s| s.reason),
        progress_share: s.and_then(|s| s.assessment.progress_share),
        expected: s.and_then(|s| s.assessment.expected),
        baseline_year: spec.map(|s| s.baseline_year),
        baseline_value: spec.map(|s| s.baseline_value),
        target_year: spec.map(|s| s.target_year).or(t.target_year),
        target_value: spec.map(|s| s.target_value).or(t.target_value),
        latest_period: s.and_then(|s| s.latest.as_ref().map(|p| p.period.clone())),
        latest_value: s.and_then(|s| s.latest.as_ref().map(|p| p.value)),
        uncertain_between: s.and_then(|s| s.assessment.uncertain_between),
        indicators: t.indicators.clone(),
    }
}

fn objective_out(view: &PlanView, axis: &str, o: &jalon_core::plan::Objective) -> ObjectiveOut {
    ObjectiveOut {
        id: view.objective_id(&o.code).unwrap_or_default(),
        code: o.code.clone(),
        axis: axis.to_string(),
        title: o.title.clone(),
        title_en: o.title_en.clone(),
        description: o.description.clone(),
        sdgs: o.sdgs.clone(),
        counts: view
            .status
            .objectives
            .get(&o.code)
            .copied()
            .unwrap_or_default(),
        targets: o
            .targets
            .iter()
            .map(|t| target_out(view, &o.code, t))
            .collect(),
        indicators: o
            .indicators
            .iter()
            .map(|i| indicator_summary(view, &o.code, i))
            .collect(),
        actions: o
            .actions
            .iter()
            .map(|a| action_summary(view, &o.code, a))
            .collect(),
    }
}

fn lang_of(q: Option<&str>, user: &User) -> Lang {
    q.and_then(Lang::parse).unwrap_or(user.lang)
}

/// The strategy tree: axes, objectives, targets with status, indicators, actions.
#[utoipa::path(get, path = "/api/v1/strategy", tag = "plan", responses((status = 200, body = StrategyOut), (status = 401, body = ErrorBody), (status = 404, description = "No plan loaded", body = ErrorBody)))]
pub async fn strategy(State(state): State<AppState>, user: User) -> ApiResult<Json<StrategyOut>> {
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    let doc = view.doc();
    Ok(Json(StrategyOut {
        institution: doc.institution.name.clone(),
        strategy: doc.strategy.clone(),
        counts: view.status.total,
        axes: doc
            .axes
            .iter()
            .map(|a| AxisOut {
                id: view.axis_id(&a.code).unwrap_or_default(),
                code: a.code.clone(),
                title: a.title.clone(),
                title_en: a.title_en.clone(),
                description: a.description.clone(),
                counts: view.status.axes.get(&a.code).copied().unwrap_or_default(),
                objectives: a
                    .objectives
                    .iter()
                    .map(|o| objective_out(&view, &a.code, o))
                    .collect(),
            })
            .collect(),
    }))
}

/// The dashboard: statuses by axis, late actions, recent and missing values.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "plan", responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody)))]
pub async fn dashboard(State(state): State<AppState>, user: User) -> ApiResult<Json<Dashboard>> {
    Ok(Json(state.app.dashboard(user.actor()).await?))
}

/// One objective.
#[utoipa::path(get, path = "/api/v1/objectives/{id}", tag = "plan", params(("id" = i64, Path)), responses((status = 200, body = ObjectiveOut), (status = 404, body = ErrorBody)))]
pub async fn objective(cx: Cx, Path(id): Path<i64>) -> ApiResult<Json<ObjectiveOut>> {
    let Cx { state, user } = cx;
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    let (axis, o) = view
        .objective(id)
        .ok_or(WebError(AppError::NotFound("objective")))?;
    Ok(Json(objective_out(&view, &axis.code, o)))
}

/// Every target with its status.
#[utoipa::path(get, path = "/api/v1/targets", tag = "plan", responses((status = 200, body = Vec<TargetOut>)))]
pub async fn targets(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<TargetOut>>> {
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(
        view.doc()
            .targets()
            .map(|(o, t)| target_out(&view, &o.code, t))
            .collect(),
    ))
}

/// The plan check: findings with code, severity, message and location.
#[utoipa::path(get, path = "/api/v1/check", tag = "plan", params(LangQuery), responses((status = 200, body = Vec<Finding>)))]
pub async fn check(cx: Cx, Query(q): Query<LangQuery>) -> ApiResult<Json<Vec<Finding>>> {
    let Cx { state, user } = cx;
    let lang = lang_of(q.lang.as_deref(), &user);
    Ok(Json(state.app.check(user.actor(), lang).await?))
}

/// Exports the whole plan (`json` gives `{"axes": [{…, "objectives": […]}]}`).
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan", params(ExportQuery), responses((status = 200, description = "The plan file", content_type = "application/json")))]
pub async fn plan_export(cx: Cx, Query(q): Query<ExportQuery>) -> ApiResult<Response> {
    let Cx { state, user } = cx;
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
    cx: Cx,
    headers: HeaderMap,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let Cx { state, user } = cx;
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
        .import_plan(user.actor(), &body, &name, format, lang)
        .await?;
    Ok((StatusCode::CREATED, Json(report)).into_response())
}
