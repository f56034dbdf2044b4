//! HTML pages. Each handler calls one or two use cases and fills a template's view model;
//! forms post back and redirect (303) with a confirmation, so they work without JavaScript,
//! and htmx enhances them by swapping the changed part of the page.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, RawForm, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jalon_app::ErrorCode;
use jalon_app::actions::{ActionInput, EvidenceInput, MilestoneInput};
use jalon_app::auth::{NewToken, NewUserInput, UserInfo};
use jalon_app::measurements::MeasurementInput;
use jalon_app::plan::{Dashboard, ImportPreview};
use jalon_app::sdg::tags::TaggedKind;
use jalon_app::{AppError, PlanView};
use jalon_core::Lang;
use jalon_core::access::{Operation, Role, allowed};
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::check::{Finding, Severity};
use jalon_core::number::{parse_money_cents, parse_number};
use jalon_core::plan::{Action, Indicator, MeasurementState, Objective};
use jalon_core::progress::{Status, StatusCounts};
use jalon_core::status::TargetStatus;
use jalon_io::{Format, Problem};
use jalon_store::accounts::ApiToken;
use jalon_store::audit::AuditEntry;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{
    Auth, LANG_COOKIE, LOGIN_CSRF_COOKIE, RequestLang, SESSION_COOKIE, User, cookie,
    form_urlencoded, request_lang, safe_next, set_cookie, with_session_cookie,
};
use crate::error::WebError;
use crate::sdg::sdg_block;
use crate::views::{self, ChartRow, Page, escape, status_colour};
use jalon_i18n::Tr;

pub(crate) type PageResult = Result<Response, WebError>;

/// Renders a template as an HTML response.
pub fn render<T: Template>(t: &T) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

pub(crate) fn render_status<T: Template>(status: StatusCode, t: &T) -> PageResult {
    Ok((status, Html(t.render()?)).into_response())
}

/// A form body with repeated keys (multi-selects).
#[derive(Debug, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses an urlencoded body.
    pub fn parse(body: &[u8]) -> FormData {
        FormData(form_urlencoded(body).collect())
    }

    /// The first value of `key`, trimmed; `None` when absent or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The value of `key`, or empty.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_string()
    }

    /// Every value of `key` in order, empty ones included, trimmed: the columns of a form's
    /// repeated rows, which must stay aligned.
    pub fn column(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .collect()
    }
}

/// An optional decimal number of a form (French or English writing).
pub(crate) fn parse_f64(field: &'static str, v: Option<&str>) -> Result<Option<f64>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => jalon_core::number::parse_number(s)
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidNumber, s)),
    }
}

/// An optional whole number of a form.
pub(crate) fn parse_i32(field: &'static str, v: Option<&str>) -> Result<Option<i32>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidNumber, s)),
    }
}

/// The links from plan indicators to computed figures after a links form: the posted
/// `indicator`'s link removed (`op=remove`) or replaced by the one `make` reads from the form.
pub(crate) fn relink<L>(
    mut links: Vec<L>,
    f: &FormData,
    code_of: impl Fn(&L) -> &str,
    make: impl FnOnce(String) -> Result<L, AppError>,
) -> Result<Vec<L>, AppError> {
    let code = f.text("indicator");
    links.retain(|l| code_of(l) != code);
    if f.get("op") != Some("remove") {
        links.push(make(code)?);
    }
    Ok(links)
}

/// Reads a multipart form: its text fields, and its `file` field when a non-empty file was
/// sent.
pub(crate) async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(FormData, Option<(String, Bytes)>), AppError> {
    let mut fields = Vec::new();
    let mut file = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::invalid("file", ErrorCode::InvalidUpload, e.to_string())
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes));
            }
        } else {
            fields.push((name, field.text().await.map_err(bad)?));
        }
    }
    Ok((FormData(fields), file))
}

/// Query parameters shared by pages.
#[derive(Debug, Default, Deserialize)]
pub struct Common {
    /// Confirmation key after a redirect.
    pub done: Option<String>,
}

pub(crate) fn page(user: &User, path: &str, nav: &'static str, done: Option<&str>) -> Page {
    Page::new(Some(&user.auth), user.lang, path, nav).with_flash(done)
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// SDG badges (goal colours come from the style sheet: the CSP allows no inline style).
pub(crate) fn sdg_badges(sdgs: &[String]) -> String {
    sdgs.iter()
        .map(|s| {
            let goal: usize = s
                .split('.')
                .next()
                .and_then(|g| g.parse().ok())
                .unwrap_or(0);
            let class = if (1..=17).contains(&goal) {
                format!("sdg sdg-{goal}")
            } else {
                "sdg".to_string()
            };
            format!(
                r#"<span class="{class}" title="ODD/SDG {}">{}</span>"#,
                escape(s),
                escape(s)
            )
        })
        .collect::<Vec<_>>()
        .join("")
}

fn counts_bar(tr: &Tr, counts: &StatusCounts, title: &str) -> String {
    let segments: Vec<(String, u32, &str)> = Status::ALL
        .iter()
        .map(|s| {
            (
                tr.of("status", s.as_str()),
                counts.get(*s),
                status_colour(*s),
            )
        })
        .collect();
    jalon_chart::stacked_bar(&segments, title)
}

// ---------------------------------------------------------------------------------------
// Public pages

/// `GET /healthz`: the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.app.store().pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ok").into_response(),
        Ok(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{n} migration(s) pending"),
        )
            .into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// Unknown paths.
pub async fn not_found() -> WebError {
    WebError(AppError::NotFound("page"))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    next: String,
    username: String,
    error: Option<String>,
}

/// Query of the login page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_form(
    lang: Lang,
    next: String,
    username: String,
    error: Option<String>,
    state: &AppState,
    status: StatusCode,
) -> PageResult {
    let csrf = jalon_store::random_hex(16).map_err(|e| WebError(e.into()))?;
    let mut page = Page::new(None, lang, "/login", "login");
    page.csrf = csrf.clone();
    let tpl = LoginPage {
        page,
        next,
        username,
        error,
    };
    let mut resp = render_status(status, &tpl)?;
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            LOGIN_CSRF_COOKIE,
            &csrf,
            3600,
            state.config.secure_cookies,
            true,
        ),
    );
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `GET /login`.
pub async fn login_page(
    State(state): State<AppState>,
    auth: Option<axum::Extension<Auth>>,
    RequestLang(lang): RequestLang,
    Query(q): Query<NextQuery>,
) -> PageResult {
    let next = safe_next(q.next.as_deref());
    if auth.is_some() {
        return Ok(see_other(&next));
    }
    login_form(lang, next, String::new(), None, &state, StatusCode::OK)
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> PageResult {
    let form = FormData::parse(&body);
    let lang = request_lang(&headers, None);
    let tr = Tr::new(lang);
    let next = safe_next(form.get("next"));
    let username = form.text("username");
    let csrf_ok = match (cookie(&headers, LOGIN_CSRF_COOKIE), form.get("_csrf")) {
        (Some(c), Some(f)) => jalon_app::auth::same_secret(c, f),
        _ => false,
    };
    if !csrf_ok {
        return login_form(
            lang,
            next,
            username,
            Some(tr.t("error-csrf_failed")),
            &state,
            StatusCode::FORBIDDEN,
        );
    }
    match state
        .app
        .login(&username, form.get("password").unwrap_or_default())
        .await
    {
        Ok(session) => Ok(with_session_cookie(
            see_other(&next),
            &session.token,
            &state,
        )),
        Err(e @ (AppError::BadCredentials | AppError::TooManyAttempts(_))) => {
            let msg = crate::error::message(&tr, &e);
            let status = crate::error::status_of(&e);
            login_form(lang, next, username, Some(msg), &state, status)
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, user: User) -> PageResult {
    if let Some(token) = &user.auth.session_token {
        state.app.logout(token).await?;
    }
    let mut resp = see_other("/login");
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies, true),
    );
    Ok(resp)
}

/// `GET /lang/{lang}`: remembers the language and goes back.
pub async fn set_lang(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let mut resp = see_other(&safe_next(q.next.as_deref()));
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.as_str(),
            365 * 24 * 3600,
            state.config.secure_cookies,
            false,
        ),
    );
    resp
}

// ---------------------------------------------------------------------------------------
// Dashboard and strategy

struct AxisRow {
    code: String,
    title: String,
    bar: String,
    counts: Vec<u32>,
    late: usize,
    actions: usize,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: Page,
    d: Dashboard,
    total_bar: String,
    axis_rows: Vec<AxisRow>,
    statuses: Vec<(Status, u32)>,
}

/// `GET /`.
pub async fn dashboard(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    let d = state.app.dashboard(user.actor()).await?;
    let tr = user.tr();
    let total_bar = counts_bar(&tr, &d.total, &tr.t("dashboard-targets"));
    let axis_rows = d
        .axes
        .iter()
        .map(|a| AxisRow {
            code: a.code.clone(),
            title: tr.pick(&a.title, &a.title_en).to_string(),
            bar: counts_bar(&tr, &a.counts, &a.code),
            counts: Status::ALL.iter().map(|s| a.counts.get(*s)).collect(),
            late: a.late_actions,
            actions: a.actions,
        })
        .collect();
    let statuses = Status::ALL.iter().map(|s| (*s, d.total.get(*s))).collect();
    render(&DashboardPage {
        page: page(&user, "/", "dashboard", c.done.as_deref()),
        d,
        total_bar,
        axis_rows,
        statuses,
    })
}

struct TargetLine {
    code: String,
    text: String,
    badge: String,
}

struct ObjectiveNode {
    id: i64,
    code: String,
    title: String,
    targets: Vec<TargetLine>,
    summary: String,
    late: usize,
    late_text: String,
    sdgs: String,
}

struct AxisNode {
    code: String,
    title: String,
    description: Option<String>,
    bar: String,
    objectives: Vec<ObjectiveNode>,
}

#[derive(Template)]
#[template(path = "strategy.html")]
struct StrategyPage {
    page: Page,
    title: String,
    period: String,
    source: Option<String>,
    axes: Vec<AxisNode>,
}

fn target_text(tr: &Tr, t: &jalon_core::plan::Target) -> String {
    match (tr.lang, &t.text_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => t
            .text
            .clone()
            .or_else(|| t.plan_table_text.clone())
            .unwrap_or_else(|| t.code.clone()),
    }
}

/// `GET /strategy`.
pub async fn strategy(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let doc = view.doc();
    let pg = page(&user, "/strategy", "strategy", c.done.as_deref());
    let axes = doc
        .axes
        .iter()
        .map(|a| AxisNode {
            code: a.code.clone(),
            title: tr.pick(&a.title, &a.title_en).to_string(),
            description: a.description.clone(),
            bar: counts_bar(
                &tr,
                &view.status.axes.get(&a.code).copied().unwrap_or_default(),
                &a.code,
            ),
            objectives: a
                .objectives
                .iter()
                .map(|o| {
                    let late = o
                        .actions
                        .iter()
                        .filter(|a| view.lateness(a).is_some())
                        .count();
                    ObjectiveNode {
                        id: view.objective_id(&o.code).unwrap_or_default(),
                        code: o.code.clone(),
                        title: tr.pick(&o.title, &o.title_en).to_string(),
                        summary: tr.args(
                            "objective-summary",
                            &[
                                ("targets", &o.targets.len().to_string()),
                                ("indicators", &o.indicators.len().to_string()),
                                ("actions", &o.actions.len().to_string()),
                            ],
                        ),
                        late,
                        late_text: tr.t1("n-late", "count", &late.to_string()),
                        targets: o
                            .targets
                            .iter()
                            .map(|t| TargetLine {
                                code: t.code.clone(),
                                text: target_text(&tr, t),
                                badge: view
                                    .status
                                    .targets
                                    .get(&t.code)
                                    .map(|s| pg.target_badge(s))
                                    .unwrap_or_default(),
                            })
                            .collect(),
                        sdgs: sdg_badges(&o.sdgs),
                    }
                })
                .collect(),
        })
        .collect();
    render(&StrategyPage {
        title: tr
            .pick(&doc.strategy.title, &doc.strategy.title_en)
            .to_string(),
        period: format!("{}–{}", doc.strategy.start_year, doc.strategy.end_year),
        source: doc.strategy.source.clone(),
        axes,
        page: pg,
    })
}

struct TargetBlock {
    code: String,
    text: String,
    plan_table_text: Option<String>,
    badge: String,
    facts: Vec<(String, String)>,
    chart: Option<String>,
    rows: Vec<ChartRow>,
    indicators: Vec<(i64, String, String)>,
    illustrative: bool,
    note: Option<String>,
}

/// A target as the objective and indicator pages show it: status, facts, trajectory chart
/// (from the first indicator, the one its status is computed from) and data table.
fn target_block(view: &PlanView, tr: &Tr, pg: &Page, t: &jalon_core::plan::Target) -> TargetBlock {
    let s = view.status.targets.get(&t.code);
    let ind = t.indicators.first().and_then(|c| view.doc().indicator(c));
    let chart = s.and_then(|s| views::trajectory(tr, t, s, ind));
    TargetBlock {
        code: t.code.clone(),
        text: target_text(tr, t),
        plan_table_text: t.plan_table_text.clone(),
        badge: s.map(|s| pg.target_badge(s)).unwrap_or_default(),
        facts: target_facts(tr, t, s),
        rows: chart.as_ref().map(|(_, r)| r.clone()).unwrap_or_default(),
        chart: chart.map(|(svg, _)| svg),
        indicators: t
            .indicators
            .iter()
            .filter_map(|c| {
                view.doc().indicator(c).map(|i| {
                    (
                        view.indicator_id(c).unwrap_or_default(),
                        c.clone(),
                        i.name.clone(),
                    )
                })
            })
            .collect(),
        illustrative: t.illustrative,
        note: t.note.clone(),
    }
}

struct IndicatorLine {
    id: i64,
    code: String,
    name: String,
    unit: String,
    owner: String,
    latest: String,
}

struct ActionLine {
    id: i64,
    code: String,
    title: String,
    pilot: String,
    status: String,
    progress: Option<u8>,
    late: Option<String>,
    end: String,
}

#[derive(Template)]
#[template(path = "objective.html")]
struct ObjectivePage {
    page: Page,
    axis_code: String,
    axis_title: String,
    code: String,
    title: String,
    description: Option<String>,
    sdg: crate::sdg::SdgBlock,
    targets: Vec<TargetBlock>,
    indicators: Vec<IndicatorLine>,
    actions: Vec<ActionLine>,
}

fn latest_text(tr: &Tr, i: &Indicator) -> String {
    jalon_core::status::series(i)
        .last()
        .map(|p| format!("{} ({})", tr.num(p.value), p.period))
        .unwrap_or_else(|| "–".to_string())
}

fn action_line(view: &PlanView, tr: &Tr, a: &Action) -> ActionLine {
    ActionLine {
        id: view.action_id(&a.code).unwrap_or_default(),
        code: a.code.clone(),
        title: tr.pick(&a.title, &a.title_en).to_string(),
        pilot: a.pilot.clone().unwrap_or_else(|| "–".to_string()),
        status: tr.of("action-status", a.status.as_str()),
        progress: a.progress,
        late: view.lateness(a).map(|l| tr.of("lateness", l.as_str())),
        end: tr.opt_date(&a.end),
    }
}

fn target_facts(
    tr: &Tr,
    t: &jalon_core::plan::Target,
    s: Option<&TargetStatus>,
) -> Vec<(String, String)> {
    let mut facts = Vec::new();
    if let Some(spec) = s.and_then(|s| s.spec) {
        facts.push((
            tr.t("target-baseline"),
            format!("{} ({})", tr.num(spec.baseline_value), spec.baseline_year),
        ));
        facts.push((
            tr.t("target-value"),
            format!("{} ({})", tr.num(spec.target_value), spec.target_year),
        ));
    } else if let Some(y) = t.target_year {
        facts.push((tr.t("target-year"), y.to_string()));
    }
    facts.push((
        tr.t("target-direction"),
        tr.of("direction", t.direction.as_str()),
    ));
    facts.push((
        tr.t("target-trajectory"),
        match t.trajectory {
            jalon_core::progress::Trajectory::Linear => tr.t("trajectory-linear"),
            jalon_core::progress::Trajectory::AnnualRate { percent } => {
                tr.t1("trajectory-annual_rate", "rate", &tr.num(percent))
            }
        },
    ));
    if let Some(u) = &t.unit {
        facts.push((tr.t("field-unit"), u.clone()));
    }
    if let Some(s) = s {
        if let Some(p) = &s.latest {
            facts.push((
                tr.t("target-latest"),
                format!("{} ({})", tr.num(p.value), p.period),
            ));
        }
        if let Some(e) = s.assessment.expected {
            facts.push((tr.t("target-expected"), tr.num(e)));
        }
        if let Some(share) = s.assessment.progress_share {
            facts.push((tr.t("target-share"), tr.share(share)));
        }
    }
    facts
}

/// `GET /objectives/{id}`.
pub async fn objective(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Query(c): Query<Common>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let (axis, o) = view
        .objective(id)
        .ok_or(WebError(AppError::NotFound("objective")))?;
    let tr = user.tr();
    let actor = user.actor();
    let path = format!("/objectives/{id}");
    let tags = state
        .app
        .entity_tags(actor, TaggedKind::Objective, id)
        .await?;
    let sdg = sdg_block(
        &tr,
        TaggedKind::Objective,
        id,
        &path,
        &tags,
        allowed(actor.role, Operation::EditPlan),
    );
    let pg = page(&user, &path, "strategy", c.done.as_deref());
    let targets = o
        .targets
        .iter()
        .map(|t| target_block(&view, &tr, &pg, t))
        .collect();
    let indicators = o
        .indicators
        .iter()
        .map(|i| IndicatorLine {
            id: view.indicator_id(&i.code).unwrap_or_default(),
            code: i.code.clone(),
            name: tr.pick(&i.name, &i.name_en).to_string(),
            unit: i.unit.clone().unwrap_or_default(),
            owner: i.owner.clone().unwrap_or_else(|| "–".to_string()),
            latest: latest_text(&tr, i),
        })
        .collect();
    let actions = o
        .actions
        .iter()
        .map(|a| action_line(&view, &tr, a))
        .collect();
    render(&ObjectivePage {
        axis_code: axis.code.clone(),
        axis_title: tr.pick(&axis.title, &axis.title_en).to_string(),
        code: o.code.clone(),
        title: tr.pick(&o.title, &o.title_en).to_string(),
        description: o.description.clone(),
        sdg,
        targets,
        indicators,
        actions,
        page: pg,
    })
}

// ---------------------------------------------------------------------------------------
// Actions

/// Filters of the action list.
#[derive(Debug, Default, Deserialize)]
pub struct ActionFilter {
    #[serde(default)]
    pub axis: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub pilot: Option<String>,
    #[serde(default)]
    pub late: Option<String>,
    #[serde(default)]
    pub mine: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
}

impl ActionFilter {
    fn matches(&self, view: &PlanView, user: &User, o: &Objective, a: &Action) -> bool {
        let nonempty =
            |s: &Option<String>| s.as_deref().filter(|v| !v.is_empty()).map(str::to_string);
        if let Some(axis) = nonempty(&self.axis)
            && !o.code.starts_with(&format!("{axis}."))
        {
            return false;
        }
        if let Some(st) = nonempty(&self.status)
            && a.status.as_str() != st
        {
            return false;
        }
        if let Some(p) = nonempty(&self.pilot)
            && a.pilot.as_deref() != Some(p.as_str())
        {
            return false;
        }
        if self.late.is_some() && view.lateness(a).is_none() {
            return false;
        }
        if self.mine.is_some() && !view.pilots(user.actor(), a) {
            return false;
        }
        if let Some(q) = nonempty(&self.q) {
            let q = jalon_core::units::fold(&q);
            let hay = jalon_core::units::fold(&format!(
                "{} {} {} {}",
                a.code,
                a.title,
                a.title_en.as_deref().unwrap_or_default(),
                a.description.as_deref().unwrap_or_default()
            ));
            if !hay.contains(&q) {
                return false;
            }
        }
        true
    }
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage {
    page: Page,
    actions: Vec<ActionLine>,
    count_text: String,
    axes: Vec<(String, String)>,
    pilots: Vec<String>,
    statuses: Vec<(String, String)>,
    f_axis: String,
    f_status: String,
    f_pilot: String,
    f_late: bool,
    f_mine: bool,
    f_q: String,
}

/// `GET /actions`.
pub async fn actions(
    State(state): State<AppState>,
    user: User,
    Query(f): Query<ActionFilter>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let doc = view.doc();
    let rows: Vec<ActionLine> = doc
        .actions()
        .filter(|(o, a)| f.matches(&view, &user, o, a))
        .map(|(_, a)| action_line(&view, &tr, a))
        .collect();
    let mut pilots: Vec<String> = doc.actions().filter_map(|(_, a)| a.pilot.clone()).collect();
    pilots.sort();
    pilots.dedup();
    render(&ActionsPage {
        page: page(&user, "/actions", "actions", None),
        count_text: tr.args(
            "n-of-total",
            &[
                ("count", &rows.len().to_string()),
                ("total", &doc.actions().count().to_string()),
            ],
        ),
        actions: rows,
        axes: doc
            .axes
            .iter()
            .map(|a| {
                (
                    a.code.clone(),
                    format!("{} — {}", a.code, tr.pick(&a.title, &a.title_en)),
                )
            })
            .collect(),
        pilots,
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
        f_axis: f.axis.clone().unwrap_or_default(),
        f_status: f.status.clone().unwrap_or_default(),
        f_pilot: f.pilot.clone().unwrap_or_default(),
        f_late: f.late.is_some(),
        f_mine: f.mine.is_some(),
        f_q: f.q.clone().unwrap_or_default(),
    })
}

struct HistoryLine {
    at: String,
    who: String,
    summary: String,
}

fn history_lines(tr: &Tr, view: &PlanView, entries: &[AuditEntry]) -> Vec<HistoryLine> {
    entries
        .iter()
        .map(|e| HistoryLine {
            at: tr.datetime(&e.at),
            who: e
                .user_id
                .and_then(|u| view.user_names.get(&u).cloned())
                .unwrap_or_else(|| "jalon".to_string()),
            summary: e.summary.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "action.html")]
struct ActionPage {
    page: Page,
    id: i64,
    objective_id: i64,
    objective_code: String,
    objective_title: String,
    a: Action,
    title: String,
    late: Option<String>,
    status_label: String,
    contributors: Vec<String>,
    sdg: crate::sdg::SdgBlock,
    indicators: Vec<(i64, String, String)>,
    can_update: bool,
    can_comment: bool,
    statuses: Vec<(String, String)>,
    history: Vec<HistoryLine>,
    milestones: Vec<(String, String, String, bool)>,
}

fn unit_name(view: &PlanView, code: &str) -> String {
    view.doc()
        .org_units
        .iter()
        .find(|u| u.code == code)
        .map_or_else(|| code.to_string(), |u| format!("{} ({code})", u.name))
}

/// `GET /actions/{id}`.
pub async fn action(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Query(c): Query<Common>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let (o, a) = view
        .action(id)
        .ok_or(WebError(AppError::NotFound("action")))?;
    let tr = user.tr();
    let actor = user.actor();
    let history = state.app.action_history(actor, id).await?;
    let can_update = allowed(
        actor.role,
        Operation::UpdateAction {
            is_pilot: view.pilots(actor, a),
        },
    );
    let tags = state.app.entity_tags(actor, TaggedKind::Action, id).await?;
    let sdg = sdg_block(
        &tr,
        TaggedKind::Action,
        id,
        &format!("/actions/{id}"),
        &tags,
        can_update,
    );
    let today = view.today;
    let milestones = a
        .milestones
        .iter()
        .map(|m| {
            let overdue = m.done_on.is_none() && m.due.is_some_and(|d| d < today);
            (
                m.title.clone(),
                tr.opt_date(&m.due),
                tr.opt_date(&m.done_on),
                overdue,
            )
        })
        .collect();
    render(&ActionPage {
        page: page(
            &user,
            &format!("/actions/{id}"),
            "actions",
            c.done.as_deref(),
        ),
        id,
        objective_id: view.objective_id(&o.code).unwrap_or_default(),
        objective_code: o.code.clone(),
        objective_title: tr.pick(&o.title, &o.title_en).to_string(),
        title: tr.pick(&a.title, &a.title_en).to_string(),
        late: view
            .lateness(a)
            .map(|l: Lateness| tr.of("lateness", l.as_str())),
        status_label: tr.of("action-status", a.status.as_str()),
        contributors: a
            .contributors
            .iter()
            .cloned()
            .chain(a.contributor_units.iter().map(|u| unit_name(&view, u)))
            .collect(),
        sdg,
        indicators: a
            .indicators
            .iter()
            .filter_map(|c| {
                view.doc().indicator(c).map(|i| {
                    (
                        view.indicator_id(c).unwrap_or_default(),
                        c.clone(),
                        i.name.clone(),
                    )
                })
            })
            .collect(),
        can_update,
        can_comment: allowed(actor.role, Operation::Comment),
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
        history: history_lines(&tr, &view, &history),
        milestones,
        a: a.clone(),
    })
}

#[derive(Template)]
#[template(path = "action_edit.html")]
struct ActionEditPage {
    page: Page,
    id: i64,
    code: String,
    f: FormData,
    error: Option<String>,
    error_field: String,
    people: Vec<String>,
    units: Vec<(String, String)>,
    indicators: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    selected_people: Vec<String>,
    selected_units: Vec<String>,
    selected_indicators: Vec<String>,
}

impl ActionEditPage {
    fn v(&self, key: &str) -> String {
        self.f.text(key)
    }

    fn is(&self, key: &str, value: &str) -> bool {
        self.f.get(key) == Some(value)
    }

    fn invalid(&self, key: &str) -> bool {
        self.error_field == key
    }
}

fn action_form(a: &Action) -> FormData {
    let mut pairs = vec![
        ("title".to_string(), a.title.clone()),
        (
            "title_en".to_string(),
            a.title_en.clone().unwrap_or_default(),
        ),
        (
            "description".to_string(),
            a.description.clone().unwrap_or_default(),
        ),
        ("pilot".to_string(), a.pilot.clone().unwrap_or_default()),
        (
            "start".to_string(),
            a.start.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "end".to_string(),
            a.end.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("status".to_string(), a.status.as_str().to_string()),
        (
            "progress".to_string(),
            a.progress.map(|p| p.to_string()).unwrap_or_default(),
        ),
        (
            "budget_planned".to_string(),
            a.budget
                .planned_cents
                .map(jalon_core::number::cents_to_decimal_string)
                .unwrap_or_default(),
        ),
        (
            "budget_committed".to_string(),
            a.budget
                .committed_cents
                .map(jalon_core::number::cents_to_decimal_string)
                .unwrap_or_default(),
        ),
        (
            "budget_spent".to_string(),
            a.budget
                .spent_cents
                .map(jalon_core::number::cents_to_decimal_string)
                .unwrap_or_default(),
        ),
        ("sdgs".to_string(), a.sdgs.join("; ")),
        (
            "milestones".to_string(),
            a.milestones
                .iter()
                .map(|m| {
                    format!(
                        "{} | {} | {}",
                        m.title,
                        m.due.map(|d| d.to_string()).unwrap_or_default(),
                        m.done_on.map(|d| d.to_string()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ];
    for c in &a.contributors {
        pairs.push(("contributors".to_string(), c.clone()));
    }
    for u in &a.contributor_units {
        pairs.push(("contributor_units".to_string(), u.clone()));
    }
    for i in &a.indicators {
        pairs.push(("indicators".to_string(), i.clone()));
    }
    pairs.push((
        "evidence".to_string(),
        a.evidence
            .iter()
            .map(|e| match &e.url {
                Some(u) => format!("{} | {u}", e.title),
                None => e.title.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    FormData(pairs)
}

fn edit_page(
    user: &User,
    view: &PlanView,
    id: i64,
    code: &str,
    f: FormData,
    error: Option<&AppError>,
) -> ActionEditPage {
    let tr = user.tr();
    ActionEditPage {
        page: page(user, &format!("/actions/{id}/edit"), "actions", None),
        id,
        code: code.to_string(),
        selected_people: f.all("contributors"),
        selected_units: f.all("contributor_units"),
        selected_indicators: f.all("indicators"),
        f,
        error: error.map(|e| crate::error::message(&tr, e)),
        error_field: match error {
            Some(AppError::Invalid { field, .. }) => (*field).to_string(),
            _ => String::new(),
        },
        people: view.doc().people.iter().map(|p| p.name.clone()).collect(),
        indicators: view
            .doc()
            .indicators()
            .map(|(_, i)| (i.code.clone(), i.name.clone()))
            .collect(),
        units: view
            .doc()
            .org_units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
    }
}

/// `GET /actions/{id}/edit`.
pub async fn action_edit(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let (_, a) = view
        .action(id)
        .ok_or(WebError(AppError::NotFound("action")))?;
    user.actor().require(Operation::UpdateAction {
        is_pilot: view.pilots(user.actor(), a),
    })?;
    render(&edit_page(&user, &view, id, &a.code, action_form(a), None))
}

fn parse_date(field: &'static str, v: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidDate, s)),
    }
}

fn parse_money(field: &'static str, v: Option<&str>) -> Result<Option<i64>, AppError> {
    v.map(|s| {
        parse_money_cents(s).map_err(|_| AppError::invalid(field, ErrorCode::InvalidAmount, s))
    })
    .transpose()
}

fn parse_progress(v: Option<&str>) -> Result<Option<u8>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => match parse_number(s) {
            Ok(p) if (0.0..=100.0).contains(&p) && p.fract() == 0.0 => Ok(Some(p as u8)),
            _ => Err(AppError::invalid("progress", ErrorCode::InvalidProgress, s)),
        },
    }
}

fn parse_status(v: Option<&str>) -> Result<ActionStatus, AppError> {
    let s = v.unwrap_or("planned");
    ActionStatus::parse(s).ok_or_else(|| AppError::invalid("status", ErrorCode::InvalidStatus, s))
}

/// Reads the action form into the use case's input.
pub fn action_input(f: &FormData) -> Result<ActionInput, AppError> {
    let mut milestones = Vec::new();
    for line in f
        .text("milestones")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let mut parts = line.split('|').map(str::trim);
        let title = parts.next().unwrap_or_default().to_string();
        let due = parse_date("milestones", parts.next().filter(|s| !s.is_empty()))?;
        let done_on = parse_date("milestones", parts.next().filter(|s| !s.is_empty()))?;
        milestones.push(MilestoneInput {
            title,
            due,
            done_on,
        });
    }
    Ok(ActionInput {
        title: f.text("title"),
        title_en: f.get("title_en").map(str::to_string),
        description: f.get("description").map(str::to_string),
        pilot: f.get("pilot").map(str::to_string),
        contributors: f.all("contributors"),
        contributor_units: f.all("contributor_units"),
        start: parse_date("start", f.get("start"))?,
        end: parse_date("end", f.get("end"))?,
        status: parse_status(f.get("status"))?,
        progress: parse_progress(f.get("progress"))?,
        budget_planned_cents: parse_money("budget_planned", f.get("budget_planned"))?,
        budget_committed_cents: parse_money("budget_committed", f.get("budget_committed"))?,
        budget_spent_cents: parse_money("budget_spent", f.get("budget_spent"))?,
        sdgs: f
            .text("sdgs")
            .split([';', ',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        milestones,
        indicators: f.all("indicators"),
        evidence: f
            .text("evidence")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.rsplit_once('|') {
                Some((title, url)) if url.trim().starts_with("http") => EvidenceInput {
                    title: title.trim().to_string(),
                    url: Some(url.trim().to_string()),
                },
                _ if l.starts_with("http") => EvidenceInput {
                    title: String::new(),
                    url: Some(l.to_string()),
                },
                _ => EvidenceInput {
                    title: l.to_string(),
                    url: None,
                },
            })
            .collect(),
    })
}

/// `POST /actions/{id}`: saves the sheet.
pub async fn action_save(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let result = match action_input(&f) {
        Ok(input) => state
            .app
            .update_action(user.actor(), id, &input)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/actions/{id}?done=action_saved"))),
        Err(e @ AppError::Invalid { .. }) => {
            let view = state.app.view_for(user.actor()).await?;
            let code = view
                .action(id)
                .map(|(_, a)| a.code.clone())
                .unwrap_or_default();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &edit_page(&user, &view, id, &code, f, Some(&e)),
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /actions/{id}/progress`: quick status and progress update.
pub async fn action_progress(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let status = parse_status(f.get("status"))?;
    let progress = parse_progress(f.get("progress"))?;
    state
        .app
        .update_action_progress(user.actor(), id, status, progress)
        .await?;
    Ok(see_other(&format!("/actions/{id}?done=progress_saved")))
}

/// `POST /actions/{id}/comments`.
pub async fn action_comment(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    state
        .app
        .comment_action(user.actor(), id, &f.text("text"))
        .await?;
    Ok(see_other(&format!(
        "/actions/{id}?done=comment_added#comments"
    )))
}

// ---------------------------------------------------------------------------------------
// Indicators and measurements

struct IndicatorRow {
    id: i64,
    code: String,
    objective: String,
    name: String,
    unit: String,
    owner: String,
    latest: String,
    missing: bool,
    mine: bool,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct IndicatorsPage {
    page: Page,
    rows: Vec<IndicatorRow>,
    campaign_year: i32,
    only_missing: bool,
    only_mine: bool,
}

/// Filters of the indicator list.
#[derive(Debug, Default, Deserialize)]
pub struct IndicatorFilter {
    #[serde(default)]
    pub missing: Option<String>,
    #[serde(default)]
    pub mine: Option<String>,
}

/// `GET /indicators`.
pub async fn indicators(
    State(state): State<AppState>,
    user: User,
    Query(f): Query<IndicatorFilter>,
) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let campaign = view.campaign_year();
    let rows = view
        .doc()
        .indicators()
        .map(|(o, i)| {
            let missing = !i.measurements.iter().any(|m| {
                m.state != MeasurementState::Draft
                    && jalon_core::status::point(m).is_some_and(|p| p.year == campaign)
            });
            IndicatorRow {
                id: view.indicator_id(&i.code).unwrap_or_default(),
                code: i.code.clone(),
                objective: o.code.clone(),
                name: tr.pick(&i.name, &i.name_en).to_string(),
                unit: i.unit.clone().unwrap_or_default(),
                owner: i.owner.clone().unwrap_or_else(|| "–".to_string()),
                latest: latest_text(&tr, i),
                missing,
                mine: view.owns(user.actor(), i),
            }
        })
        .filter(|r| f.missing.is_none() || r.missing)
        .filter(|r| f.mine.is_none() || r.mine)
        .collect();
    render(&IndicatorsPage {
        page: page(&user, "/indicators", "indicators", None),
        rows,
        campaign_year: campaign,
        only_missing: f.missing.is_some(),
        only_mine: f.mine.is_some(),
    })
}

struct ValueRow {
    id: i64,
    period: String,
    value: String,
    state: MeasurementState,
    state_label: String,
    source: String,
    comment: String,
    evidence_url: Option<String>,
    entered: String,
    validated: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    page: Page,
    id: i64,
    objective_id: i64,
    objective_code: String,
    i: Indicator,
    name: String,
    kind: String,
    formula: String,
    values: Vec<ValueRow>,
    targets: Vec<TargetBlock>,
    can_enter: bool,
    can_validate: bool,
    history: Vec<HistoryLine>,
    form: FormData,
    error: Option<String>,
    error_field: String,
    campaign_year: i32,
}

impl IndicatorPage {
    fn v(&self, key: &str) -> String {
        self.form.text(key)
    }

    fn invalid(&self, key: &str) -> bool {
        self.error_field == key
    }
}

async fn indicator_page(
    state: &AppState,
    user: &User,
    id: i64,
    form: FormData,
    error: Option<&AppError>,
    done: Option<&str>,
) -> Result<IndicatorPage, WebError> {
    let view = state.app.view_for(user.actor()).await?;
    let (o, i) = view
        .indicator(id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    let tr = user.tr();
    let actor = user.actor();
    let history = state.app.indicator_history(actor, id).await?;
    let pg = page(user, &format!("/indicators/{id}"), "indicators", done);
    let values = i
        .measurements
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let meta = view.measurement_meta(&i.code, n);
            let name = |u: Option<i64>| u.and_then(|u| view.user_names.get(&u).cloned());
            ValueRow {
                id: meta.map_or(0, |m| m.id),
                period: m.period.clone(),
                value: m.value.clone(),
                state: m.state,
                state_label: tr.of("state", m.state.as_str()),
                source: m.source.clone().unwrap_or_default(),
                comment: m.comment.clone().unwrap_or_default(),
                evidence_url: m.evidence_url.clone(),
                entered: meta
                    .map(|mm| {
                        format!(
                            "{}{}",
                            tr.datetime(&mm.entered_at),
                            name(mm.entered_by)
                                .map(|n| format!(" · {n}"))
                                .unwrap_or_default()
                        )
                    })
                    .unwrap_or_default(),
                validated: meta
                    .and_then(|mm| {
                        mm.validated_at.map(|at| {
                            format!(
                                "{}{}",
                                tr.datetime(&at),
                                name(mm.validated_by)
                                    .map(|n| format!(" · {n}"))
                                    .unwrap_or_default()
                            )
                        })
                    })
                    .unwrap_or_default(),
                illustrative: m.illustrative,
            }
        })
        .collect();
    let targets = view
        .targets_of_indicator(&i.code)
        .into_iter()
        .map(|t| target_block(&view, &tr, &pg, t))
        .collect();
    let mut form = form;
    if form.get("period").is_none() {
        form.0
            .push(("period".into(), view.campaign_year().to_string()));
    }
    Ok(IndicatorPage {
        id,
        objective_id: view.objective_id(&o.code).unwrap_or_default(),
        objective_code: o.code.clone(),
        name: tr.pick(&i.name, &i.name_en).to_string(),
        kind: tr.of("kind", i.kind.as_str()),
        formula: tr.of("formula", i.formula.as_str()),
        values,
        targets,
        can_enter: allowed(
            actor.role,
            Operation::EnterMeasurement {
                is_owner: view.owns(actor, i),
            },
        ),
        can_validate: allowed(actor.role, Operation::ValidateMeasurement),
        history: history_lines(&tr, &view, &history),
        error: error.map(|e| crate::error::message(&tr, e)),
        error_field: match error {
            Some(AppError::Invalid { field, .. }) => (*field).to_string(),
            _ => String::new(),
        },
        form,
        campaign_year: view.campaign_year(),
        i: i.clone(),
        page: pg,
    })
}

/// `GET /indicators/{id}`.
pub async fn indicator(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Query(c): Query<Common>,
) -> PageResult {
    render(
        &indicator_page(
            &state,
            &user,
            id,
            FormData::default(),
            None,
            c.done.as_deref(),
        )
        .await?,
    )
}

/// `POST /indicators/{id}/measurements`.
pub async fn measurement_save(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let input = MeasurementInput {
        period: f.text("period"),
        value: f.text("value"),
        source: f.get("source").map(str::to_string),
        comment: f.get("comment").map(str::to_string),
        evidence_url: f.get("evidence_url").map(str::to_string),
        submit: f.get("submit") == Some("1"),
    };
    match state.app.record_measurement(user.actor(), id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/indicators/{id}?done=value_saved#values"
        ))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&e);
            render_status(
                status,
                &indicator_page(&state, &user, id, f, Some(&e), None).await?,
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /measurements/{id}/state`.
pub async fn measurement_state(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let target = f
        .get("state")
        .and_then(MeasurementState::parse)
        .ok_or_else(|| AppError::invalid("state", ErrorCode::InvalidState, f.text("state")))?;
    let row = state
        .app
        .set_measurement_state(user.actor(), id, target)
        .await?;
    Ok(see_other(&format!(
        "/indicators/{}?done=state_saved#values",
        row.indicator_id
    )))
}

/// `POST /measurements/{id}/delete`.
pub async fn measurement_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    let row = jalon_store::updates::measurement(state.app.store().db(), id)
        .await
        .map_err(|_| WebError(AppError::NotFound("measurement")))?;
    state.app.delete_measurement(user.actor(), id).await?;
    Ok(see_other(&format!(
        "/indicators/{}?done=value_deleted#values",
        row.indicator_id
    )))
}

// ---------------------------------------------------------------------------------------
// Import, export, check

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: Page,
    preview: Option<ImportPreview>,
    problems: Vec<Problem>,
    error: Option<String>,
    can_import: bool,
    findings_by_severity: Vec<(String, usize)>,
}

fn import_view(
    user: &User,
    preview: Option<ImportPreview>,
    problems: Vec<Problem>,
    error: Option<String>,
) -> ImportPage {
    let tr = user.tr();
    let findings_by_severity = preview
        .as_ref()
        .map(|p| {
            [Severity::Error, Severity::Warning, Severity::Info]
                .iter()
                .map(|s| {
                    (
                        tr.of("severity", s.as_str()),
                        p.findings.iter().filter(|f| f.severity == *s).count(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    ImportPage {
        page: page(user, "/import", "import", None),
        preview,
        problems,
        error,
        can_import: allowed(user.actor().role, Operation::ImportPlan),
        findings_by_severity,
    }
}

/// `GET /import`.
pub async fn import_page(user: User, Query(c): Query<Common>) -> PageResult {
    let mut v = import_view(&user, None, Vec::new(), None);
    v.page = v.page.with_flash(c.done.as_deref());
    render(&v)
}

/// `POST /import`: reads the uploaded file and shows the preview or the problems.
pub async fn import_upload(
    State(state): State<AppState>,
    user: User,
    multipart: Multipart,
) -> PageResult {
    user.actor().require(Operation::ImportPlan)?;
    let tr = user.tr();
    let (_, file) = read_multipart(multipart).await?;
    let Some((name, bytes)) = file else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &import_view(&user, None, Vec::new(), Some(tr.t("import-no-file"))),
        );
    };
    match state
        .app
        .preview_import(user.actor(), &bytes, &name, user.lang)
        .await
    {
        Ok(preview) => render(&import_view(&user, Some(preview), Vec::new(), None)),
        Err(AppError::ImportRefused(problems)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &import_view(
                &user,
                None,
                problems,
                Some(tr.t1("import-refused", "file", &name)),
            ),
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /import/{token}`: commits a previewed import.
pub async fn import_commit(
    State(state): State<AppState>,
    user: User,
    Path(token): Path<String>,
) -> PageResult {
    state
        .app
        .commit_import(user.actor(), &token, user.lang)
        .await?;
    Ok(see_other("/strategy?done=imported"))
}

fn download(bytes: Vec<u8>, name: &str, format: Format) -> Response {
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(format.mime()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    resp
}

fn format_of(s: &str) -> Result<Format, WebError> {
    Format::parse(s)
        .ok_or_else(|| WebError(AppError::invalid("format", ErrorCode::InvalidFormat, s)))
}

/// `GET /export/{format}`.
pub async fn export(
    State(state): State<AppState>,
    user: User,
    Path(format): Path<String>,
) -> PageResult {
    let format = format_of(&format)?;
    let (bytes, name) = state.app.export_plan(user.actor(), format).await?;
    Ok(download(bytes, &name, format))
}

/// `GET /template/{format}`: an empty plan to fill in.
pub async fn template(user: User, Path(format): Path<String>) -> PageResult {
    let _ = user;
    let format = format_of(&format)?;
    let bytes =
        jalon_io::template(format).map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(
        bytes,
        &format!("modele-plan-jalon.{}", format.as_str()),
        format,
    ))
}

struct FindingLine {
    f: Finding,
    href: Option<String>,
    severity_label: String,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    page: Page,
    lines: Vec<FindingLine>,
    total: usize,
    summary: String,
    counts: Vec<(String, String, usize)>,
    severity: String,
}

/// Filter of the check page.
#[derive(Debug, Default, Deserialize)]
pub struct CheckFilter {
    #[serde(default)]
    pub severity: Option<String>,
}

fn element_href(view: &PlanView, entity: &str, code: &str) -> Option<String> {
    match entity {
        "objective" => view
            .objective_id(code)
            .map(|id| format!("/objectives/{id}")),
        "action" => view.action_id(code).map(|id| format!("/actions/{id}")),
        "indicator" | "measurement" => view
            .indicator_id(code)
            .map(|id| format!("/indicators/{id}")),
        "target" => view
            .target(code)
            .and_then(|(o, _)| view.objective_id(&o.code))
            .map(|id| format!("/objectives/{id}#{code}")),
        "axis" | "strategy" => Some("/strategy".to_string()),
        _ => None,
    }
}

/// `GET /check`.
pub async fn check(
    State(state): State<AppState>,
    user: User,
    Query(f): Query<CheckFilter>,
) -> PageResult {
    let findings = state.app.check(user.actor(), user.lang).await?;
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let total = findings.len();
    let mut kinds: Vec<&str> = findings.iter().map(|f| f.code).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                tr.of("severity", s.as_str()),
                findings.iter().filter(|f| f.severity == *s).count(),
            )
        })
        .collect();
    let severity = f.severity.clone().unwrap_or_default();
    let lines = findings
        .iter()
        .filter(|x| severity.is_empty() || x.severity.as_str() == severity)
        .map(|x| FindingLine {
            href: element_href(&view, x.entity, &x.location),
            severity_label: tr.of("severity", x.severity.as_str()),
            f: x.clone(),
        })
        .collect();
    render(&CheckPage {
        page: page(&user, "/check", "check", None),
        lines,
        total,
        summary: tr.args(
            "check-summary",
            &[
                ("total", &total.to_string()),
                ("kinds", &kinds.len().to_string()),
            ],
        ),
        counts,
        severity,
    })
}

// ---------------------------------------------------------------------------------------
// Accounts

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: Page,
    users: Vec<UserInfo>,
    people: Vec<String>,
    roles: Vec<(String, String)>,
    error: Option<String>,
    f: FormData,
}

async fn users_view(
    state: &AppState,
    user: &User,
    f: FormData,
    error: Option<&AppError>,
    done: Option<&str>,
) -> Result<UsersPage, WebError> {
    let tr = user.tr();
    let users = state.app.list_users(user.actor()).await?;
    let people = match state.app.view_for(user.actor()).await {
        Ok(v) => v.doc().people.iter().map(|p| p.name.clone()).collect(),
        Err(_) => Vec::new(),
    };
    Ok(UsersPage {
        page: page(user, "/users", "users", done),
        users,
        people,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), tr.of("role", r.as_str())))
            .collect(),
        error: error.map(|e| crate::error::message(&tr, e)),
        f,
    })
}

/// `GET /users`.
pub async fn users(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    render(&users_view(&state, &user, FormData::default(), None, c.done.as_deref()).await?)
}

fn role_of(v: Option<&str>) -> Result<Role, AppError> {
    let s = v.unwrap_or_default();
    Role::parse(s).ok_or_else(|| AppError::invalid("role", ErrorCode::InvalidRole, s))
}

/// `POST /users`: creates an account.
pub async fn user_add(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let result = match role_of(f.get("role")) {
        Ok(role) => state
            .app
            .add_user(
                user.actor(),
                NewUserInput {
                    username: f.text("username"),
                    display_name: f.text("display_name"),
                    password: f.get("password").unwrap_or_default().to_string(),
                    role,
                    person: f.get("person").map(str::to_string),
                },
            )
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other("/users?done=user_added")),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&e);
            render_status(status, &users_view(&state, &user, f, Some(&e), None).await?)
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /users/{username}`: changes role, activity, person or password (`op`).
pub async fn user_update(
    State(state): State<AppState>,
    user: User,
    Path(username): Path<String>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let result = match f.get("op") {
        Some("role") => match role_of(f.get("role")) {
            Ok(r) => state.app.set_role(actor, &username, r).await.map(|_| ()),
            Err(e) => Err(e),
        },
        Some("activate") => state
            .app
            .set_active(actor, &username, true)
            .await
            .map(|_| ()),
        Some("deactivate") => state
            .app
            .set_active(actor, &username, false)
            .await
            .map(|_| ()),
        Some("person") => state
            .app
            .set_person(actor, &username, f.get("person"))
            .await
            .map(|_| ()),
        Some("password") => {
            state
                .app
                .set_password(
                    actor,
                    &username,
                    None,
                    f.get("password").unwrap_or_default(),
                )
                .await
        }
        other => Err(AppError::invalid(
            "op",
            ErrorCode::InvalidOperation,
            other.unwrap_or_default(),
        )),
    };
    match result {
        Ok(()) => Ok(see_other("/users?done=user_updated")),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&e);
            render_status(
                status,
                &users_view(&state, &user, FormData::default(), Some(&e), None).await?,
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    tokens: Vec<ApiToken>,
    new_token: Option<NewToken>,
    error: Option<String>,
    role_label: String,
}

async fn account_view(
    state: &AppState,
    user: &User,
    new_token: Option<NewToken>,
    error: Option<&AppError>,
    done: Option<&str>,
) -> Result<AccountPage, WebError> {
    let tr = user.tr();
    let tokens = state.app.list_tokens(user.actor()).await?;
    Ok(AccountPage {
        page: page(user, "/account", "account", done),
        tokens,
        new_token,
        error: error.map(|e| crate::error::message(&tr, e)),
        role_label: tr.of("role", user.actor().role.as_str()),
    })
}

/// `GET /account`.
pub async fn account(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    render(&account_view(&state, &user, None, None, c.done.as_deref()).await?)
}

/// `POST /account/password`.
pub async fn account_password(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let result = if f.get("new_password") != f.get("confirm") {
        Err(AppError::invalid("confirm", ErrorCode::PasswordsDiffer, ""))
    } else {
        state
            .app
            .set_password(
                actor,
                &actor.username,
                f.get("current"),
                f.get("new_password").unwrap_or_default(),
            )
            .await
    };
    match result {
        // Every session ends with a password change: sign in again.
        Ok(()) => Ok(see_other("/login?next=/account")),
        Err(e @ AppError::Invalid { .. }) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &account_view(&state, &user, None, Some(&e), None).await?,
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /account/tokens`: creates a token and shows it once.
pub async fn token_create(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    match state.app.create_token(user.actor(), &f.text("name")).await {
        Ok(t) => {
            let mut resp = render(&account_view(&state, &user, Some(t), None, None).await?)?;
            resp.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(resp)
        }
        Err(e @ AppError::Invalid { .. }) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &account_view(&state, &user, None, Some(&e), None).await?,
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn token_revoke(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.revoke_token(user.actor(), id).await?;
    Ok(see_other("/account?done=token_revoked"))
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    page: Page,
    version: &'static str,
    backend: &'static str,
}

/// `GET /about`: version and attributions.
pub async fn about(State(state): State<AppState>, user: User) -> PageResult {
    render(&AboutPage {
        page: page(&user, "/about", "about", None),
        version: crate::assets::VERSION,
        backend: state.app.store().backend().as_str(),
    })
}
