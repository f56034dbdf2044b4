//! The JSON API under `/api/v1`: the same resources and permissions as the pages, for
//! scripts (bearer tokens) and for the browser (session cookie plus CSRF header).
//!
//! Each handler is annotated for the OpenAPI document; [`ApiDoc`] lists them, and a test
//! checks that the document and the route table describe the same endpoints. Errors are
//! `{"error": {"code", "message", …}}` with the stable codes of `jalon-app`.

use jalon_app::ErrorCode;
use std::sync::{Arc, OnceLock};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use jalon_app::actions::ActionInput;
use jalon_app::auth::{NewToken, NewUserInput, UserInfo};
use jalon_app::measurements::MeasurementInput;
use jalon_app::plan::{Dashboard, ImportReport};
use jalon_app::{AppError, PlanView};
use jalon_core::Lang;
use jalon_core::access::{Operation, Role};
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::check::Finding;
use jalon_core::plan::{Action, MeasurementState, StrategyInfo};
use jalon_core::progress::{Status, StatusCounts};
use jalon_core::status::NoDataReason;
use jalon_io::Format;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::AppState;
use crate::auth::User;
use crate::error::{ErrorBody, WebError};

type ApiResult<T> = Result<T, WebError>;

// ---------------------------------------------------------------------------------------
// Documents

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jalon API",
        description = "Strategy, action plan and indicators of an institution's sustainability and social-responsibility strategy. Authenticate with `Authorization: Bearer jalon_…` (tokens are created on the account page) or, from the browser, with the session cookie and the `X-CSRF-Token` header on writes.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        me, strategy, dashboard, objective, targets, indicators, indicator, measurement_create, measurement_state,
        measurement_delete, actions, action, action_update, action_progress, action_comment, check, plan_export,
        plan_import, users, user_create, tokens, token_create, token_revoke,
        crate::api_carbon::travel_footprint, crate::api_carbon::footprint, crate::api_carbon::trend,
        crate::api_carbon::inventories, crate::api_carbon::inventory, crate::api_carbon::activity_create,
        crate::api_carbon::factors, crate::api_carbon::trips, crate::api_carbon::trips_import,
        crate::api_carbon::unresolved_places, crate::api_carbon::place_fix, crate::api_carbon::fund,
        crate::api_carbon::simulation,
        crate::api_sdg::classify, crate::api_sdg::goals, crate::api_sdg::summary, crate::api_sdg::tags,
        crate::api_sdg::tag_add, crate::api_sdg::decision, crate::api_sdg::projects, crate::api_sdg::projects_import,
        crate::api_sdg::publications, crate::api_sdg::publications_import, crate::api_sdg::research_years,
        crate::api_sdg::teaching, crate::api_sdg::courses_import,
        crate::api_reports::the_bank, crate::api_reports::the_answer, crate::api_reports::the_evidence_link,
        crate::api_reports::evidence, crate::api_reports::evidence_create, crate::api_reports::evidence_update,
        crate::api_reports::evidence_delete, crate::api_reports::ddrs, crate::api_reports::ddrs_assess,
        crate::api_reports::blocks, crate::api_reports::block_create, crate::api_reports::block_update,
        crate::api_reports::block_delete, crate::api_reports::highlights, crate::api_reports::highlights_set
    ),
    modifiers(&SecurityAddon),
    security(("bearer" = []), ("session" = [])),
    tags((name = "plan", description = "Strategy tree, targets and statuses"), (name = "indicators", description = "Indicators and measurements"), (name = "actions", description = "Action sheets"), (name = "accounts", description = "Accounts and API tokens"), (name = "carbon", description = "Inventories, business travel, the compensation fund"), (name = "sdg", description = "SDG classifier, tags, research and teaching inventories"), (name = "reports", description = "THE Impact evidence bank, evidence items, DD&RS self-assessment, report content"))
)]
pub struct ApiDoc;

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("jalon_…")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The document as JSON, built once.
pub fn openapi_document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_string())
    })
}

/// `GET /api/v1/openapi.json` (public: it describes, it does not expose data).
pub async fn openapi_json() -> Response {
    let mut resp = openapi_document().into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// `GET /api/docs/`: the interactive documentation (signed in).
pub async fn docs_index(user: User) -> Response {
    docs_file(user, "index.html")
}

/// `GET /api/docs` and `/api/docs/{*file}`: files of the interactive documentation.
pub async fn docs_page(user: User, file: Option<Path<String>>) -> Response {
    match file {
        Some(Path(file)) => docs_file(user, &file),
        None => Redirect::to("/api/docs/").into_response(),
    }
}

fn docs_file(user: User, file: &str) -> Response {
    let _ = user;
    static CONFIG: OnceLock<Arc<utoipa_swagger_ui::Config<'static>>> = OnceLock::new();
    let config =
        CONFIG.get_or_init(|| Arc::new(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])));
    match utoipa_swagger_ui::serve(file, Arc::clone(config)) {
        Ok(Some(f)) => {
            let mut resp = f.bytes.into_owned().into_response();
            if let Ok(v) = HeaderValue::from_str(&f.content_type) {
                resp.headers_mut().insert(CONTENT_TYPE, v);
            }
            if f.gzpipped {
                resp.headers_mut()
                    .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            resp.headers_mut().insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
                ),
            );
            resp
        }
        Ok(None) => WebError(AppError::NotFound("page")).into_response(),
        Err(e) => WebError(AppError::Internal(e.to_string())).into_response(),
    }
}

// ---------------------------------------------------------------------------------------
// Output types

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The person of the plan the account stands for.
    pub person: Option<String>,
}

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

/// An indicator in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorSummaryOut {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub name: String,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
}

/// A measurement.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementOut {
    pub id: i64,
    pub period: String,
    /// As entered.
    pub value: String,
    /// The number used for statuses.
    pub numeric: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub state: MeasurementState,
    pub source: Option<String>,
    pub comment: Option<String>,
    pub evidence_url: Option<String>,
    pub illustrative: bool,
    pub entered_at: DateTime<Utc>,
    pub entered_by: Option<String>,
    pub validated_at: Option<DateTime<Utc>>,
    pub validated_by: Option<String>,
}

/// An indicator with all its values.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorOut {
    #[serde(flatten)]
    pub summary: IndicatorSummaryOut,
    pub definition: Option<String>,
    pub formula: jalon_core::plan::FormulaKind,
    pub formula_detail: Option<String>,
    pub source_system: Option<String>,
    pub measurements: Vec<MeasurementOut>,
    /// Targets it measures, with their status.
    pub targets: Vec<TargetOut>,
}

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
    #[serde(flatten)]
    pub sheet: Action,
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

/// An API token (without its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------
// Input types

/// A review-state change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StateIn {
    pub state: MeasurementState,
}

/// A quick action update.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProgressIn {
    pub status: ActionStatus,
    #[serde(default)]
    pub progress: Option<u8>,
}

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentIn {
    pub text: String,
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UserIn {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
    pub role: Role,
    #[serde(default)]
    pub person: Option<String>,
}

/// A new token.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenIn {
    pub name: String,
}

/// Filters of the action list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ActionQuery {
    /// Only late actions.
    #[serde(default)]
    pub late: Option<bool>,
    /// Only this status.
    #[serde(default)]
    pub status: Option<ActionStatus>,
    /// Only this pilot.
    #[serde(default)]
    pub pilot: Option<String>,
}

/// Language of messages.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LangQuery {
    /// `fr` (default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Export format.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `json` (default), `yaml`, `csv` or `xlsx`.
    #[serde(default)]
    pub format: Option<String>,
}

/// Import options.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `json`, `yaml`, `csv` or `xlsx`; guessed from the content when absent.
    #[serde(default)]
    pub format: Option<String>,
    /// Name of the file, for messages.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Language of the messages, `fr` (default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Conversions

fn target_out(view: &PlanView, objective: &str, t: &jalon_core::plan::Target) -> TargetOut {
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

fn indicator_summary(
    view: &PlanView,
    objective: &str,
    i: &jalon_core::plan::Indicator,
) -> IndicatorSummaryOut {
    let latest = jalon_core::status::series(i).pop();
    IndicatorSummaryOut {
        id: view.indicator_id(&i.code).unwrap_or_default(),
        code: i.code.clone(),
        objective: objective.to_string(),
        name: i.name.clone(),
        name_en: i.name_en.clone(),
        unit: i.unit.clone(),
        owner: i.owner.clone(),
        latest_period: latest.as_ref().map(|p| p.period.clone()),
        latest_value: latest.map(|p| p.value),
    }
}

fn action_summary(view: &PlanView, objective: &str, a: &Action) -> ActionSummaryOut {
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

fn measurement_out(
    view: &PlanView,
    code: &str,
    index: usize,
    m: &jalon_core::plan::Measurement,
) -> MeasurementOut {
    let meta = view.measurement_meta(code, index);
    let parsed = jalon_core::number::parse_measured(&m.value).ok();
    let name = |u: Option<i64>| u.and_then(|u| view.user_names.get(&u).cloned());
    MeasurementOut {
        id: meta.map_or(0, |m| m.id),
        period: m.period.clone(),
        value: m.value.clone(),
        numeric: parsed.map(|p| p.value),
        low: parsed.and_then(|p| p.low),
        high: parsed.and_then(|p| p.high),
        state: m.state,
        source: m.source.clone(),
        comment: m.comment.clone(),
        evidence_url: m.evidence_url.clone(),
        illustrative: m.illustrative,
        entered_at: meta.map_or_else(Utc::now, |m| m.entered_at),
        entered_by: meta.and_then(|m| name(m.entered_by)),
        validated_at: meta.and_then(|m| m.validated_at),
        validated_by: meta.and_then(|m| name(m.validated_by)),
    }
}

fn lang_of(q: Option<&str>, user: &User) -> Lang {
    q.and_then(Lang::parse).unwrap_or(user.lang)
}

// ---------------------------------------------------------------------------------------
// Handlers

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, user: User) -> ApiResult<Json<MeOut>> {
    let actor = user.actor();
    let person = match state.app.view_for(actor).await {
        Ok(v) => v.person_name(actor.person_id).map(str::to_string),
        Err(_) => None,
    };
    Ok(Json(MeOut {
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role,
        person,
    }))
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
pub async fn objective(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<Json<ObjectiveOut>> {
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

/// Every indicator.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", responses((status = 200, body = Vec<IndicatorSummaryOut>)))]
pub async fn indicators(
    State(state): State<AppState>,
    user: User,
) -> ApiResult<Json<Vec<IndicatorSummaryOut>>> {
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(
        view.doc()
            .indicators()
            .map(|(o, i)| indicator_summary(&view, &o.code, i))
            .collect(),
    ))
}

fn indicator_out(view: &PlanView, id: i64) -> ApiResult<IndicatorOut> {
    let (o, i) = view
        .indicator(id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    Ok(IndicatorOut {
        summary: indicator_summary(view, &o.code, i),
        definition: i.definition.clone(),
        formula: i.formula,
        formula_detail: i.formula_detail.clone(),
        source_system: i.source_system.clone(),
        measurements: i
            .measurements
            .iter()
            .enumerate()
            .map(|(n, m)| measurement_out(view, &i.code, n, m))
            .collect(),
        targets: view
            .targets_of_indicator(&i.code)
            .into_iter()
            .map(|t| {
                let objective = view
                    .target(&t.code)
                    .map(|(o, _)| o.code.clone())
                    .unwrap_or_default();
                target_out(view, &objective, t)
            })
            .collect(),
    })
}

/// One indicator with its values.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 200, body = IndicatorOut), (status = 404, body = ErrorBody)))]
pub async fn indicator(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<Json<IndicatorOut>> {
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(indicator_out(&view, id)?))
}

async fn measurement_of(
    state: &AppState,
    user: &User,
    indicator_id: i64,
    measurement_id: i64,
) -> ApiResult<MeasurementOut> {
    let view = state.app.view_for(user.actor()).await?;
    let (_, i) = view
        .indicator(indicator_id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    let index = (0..i.measurements.len())
        .find(|n| {
            view.measurement_meta(&i.code, *n)
                .is_some_and(|m| m.id == measurement_id)
        })
        .ok_or(WebError(AppError::NotFound("measurement")))?;
    Ok(measurement_out(
        &view,
        &i.code,
        index,
        &i.measurements[index],
    ))
}

/// Records (or replaces) the value of a period: data owners and editors.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", tag = "indicators", params(("id" = i64, Path)), request_body = MeasurementInput,
    responses((status = 201, body = MeasurementOut), (status = 403, body = ErrorBody), (status = 409, description = "Value validated: locked for contributors", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn measurement_create(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Json(input): Json<MeasurementInput>,
) -> ApiResult<Response> {
    let row = state
        .app
        .record_measurement(user.actor(), id, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(measurement_of(&state, &user, row.indicator_id, row.id).await?),
    )
        .into_response())
}

/// Validates, reopens or submits a value.
#[utoipa::path(post, path = "/api/v1/measurements/{id}/state", tag = "indicators", params(("id" = i64, Path)), request_body = StateIn,
    responses((status = 200, body = MeasurementOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_state(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Json(input): Json<StateIn>,
) -> ApiResult<Json<MeasurementOut>> {
    let row = state
        .app
        .set_measurement_state(user.actor(), id, input.state)
        .await?;
    Ok(Json(
        measurement_of(&state, &user, row.indicator_id, row.id).await?,
    ))
}

/// Deletes a value.
#[utoipa::path(delete, path = "/api/v1/measurements/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.app.delete_measurement(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every action, optionally filtered.
#[utoipa::path(get, path = "/api/v1/actions", tag = "actions", params(ActionQuery), responses((status = 200, body = Vec<ActionSummaryOut>)))]
pub async fn actions(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<ActionQuery>,
) -> ApiResult<Json<Vec<ActionSummaryOut>>> {
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
    Ok(ActionOut {
        id,
        objective: o.code.clone(),
        lateness: view.lateness(a),
        sheet: a.clone(),
    })
}

/// One action sheet.
#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), responses((status = 200, body = ActionOut), (status = 404, body = ErrorBody)))]
pub async fn action(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<Json<ActionOut>> {
    user.actor().require(Operation::View)?;
    Ok(Json(action_out(&state, &user, id).await?))
}

/// Rewrites an action sheet: editors and the action's pilot.
#[utoipa::path(put, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = i64, Path)), request_body = ActionInput,
    responses((status = 200, body = ActionOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_update(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Json(input): Json<ActionInput>,
) -> ApiResult<Json<ActionOut>> {
    state.app.update_action(user.actor(), id, &input).await?;
    Ok(Json(action_out(&state, &user, id).await?))
}

/// Updates an action's status and progress: editors and the action's pilot.
#[utoipa::path(patch, path = "/api/v1/actions/{id}/progress", tag = "actions", params(("id" = i64, Path)), request_body = ProgressIn,
    responses((status = 200, body = ActionOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn action_progress(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Json(input): Json<ProgressIn>,
) -> ApiResult<Json<ActionOut>> {
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
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Json(input): Json<CommentIn>,
) -> ApiResult<StatusCode> {
    state
        .app
        .comment_action(user.actor(), id, &input.text)
        .await?;
    Ok(StatusCode::CREATED)
}

/// The plan check: findings with code, severity, message and location.
#[utoipa::path(get, path = "/api/v1/check", tag = "plan", params(LangQuery), responses((status = 200, body = Vec<Finding>)))]
pub async fn check(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<LangQuery>,
) -> ApiResult<Json<Vec<Finding>>> {
    let lang = lang_of(q.lang.as_deref(), &user);
    Ok(Json(state.app.check(user.actor(), lang).await?))
}

/// Exports the whole plan (`json` gives `{"axes": [{…, "objectives": […]}]}`).
#[utoipa::path(get, path = "/api/v1/plan", tag = "plan", params(ExportQuery), responses((status = 200, description = "The plan file", content_type = "application/json")))]
pub async fn plan_export(
    State(state): State<AppState>,
    user: User,
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
    State(state): State<AppState>,
    user: User,
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
        .import_plan(user.actor(), &body, &name, format, lang)
        .await?;
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

/// The institution's accounts (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", responses((status = 200, body = Vec<UserInfo>), (status = 403, body = ErrorBody)))]
pub async fn users(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<UserInfo>>> {
    Ok(Json(state.app.list_users(user.actor()).await?))
}

/// Creates an account (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = UserIn, responses((status = 201, body = UserInfo), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn user_create(
    State(state): State<AppState>,
    user: User,
    Json(input): Json<UserIn>,
) -> ApiResult<Response> {
    let info = state
        .app
        .add_user(
            user.actor(),
            NewUserInput {
                username: input.username,
                display_name: input.display_name,
                password: input.password,
                role: input.role,
                person: input.person,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

/// The caller's API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts", responses((status = 200, body = Vec<TokenOut>)))]
pub async fn tokens(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<TokenOut>>> {
    Ok(Json(
        state
            .app
            .list_tokens(user.actor())
            .await?
            .into_iter()
            .map(|t| TokenOut {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
            })
            .collect(),
    ))
}

/// Creates an API token; its value is returned once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = TokenIn, responses((status = 201, body = NewToken), (status = 422, body = ErrorBody)))]
pub async fn token_create(
    State(state): State<AppState>,
    user: User,
    Json(input): Json<TokenIn>,
) -> ApiResult<Response> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.create_token(user.actor(), &input.name).await?),
    )
        .into_response())
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn token_revoke(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.app.revoke_token(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
