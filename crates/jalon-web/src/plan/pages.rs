//! The plan's pages: the dashboard, the strategy tree, objective pages (targets with status,
//! facts and trajectory chart), the plan check, and the import (upload, preview, confirmation)
//! and export.

use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{NoFields, Path, Query, Upload, UploadedFile};
use crate::page::{Common, Page, PageResult, page, render, render_status, see_other};
use crate::sdg::tags::sdg_block;
use crate::widgets::{ChartRow, counts_bar, sdg_badges};
use askama::Template;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jalon_app::plan::CheckFinding as Finding;
use jalon_app::plan::{Dashboard, ImportPreview, change_lines, change_summary};
use jalon_app::sdg::tags::TaggedKind;
use jalon_app::{AppError, ErrorCode, PlanView};
use jalon_core::Lang;
use jalon_core::access::{Operation, allowed};
use jalon_core::check::Severity;
use jalon_core::plan::{Action, Indicator};
use jalon_core::progress::Status;
use jalon_core::status::TargetStatus;
use jalon_i18n::Tr;
use jalon_io::{Format, Problem};
use serde::Deserialize;

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
pub async fn dashboard(Cx { state, user }: Cx, Query(c): Query<Common>) -> PageResult {
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
pub async fn strategy(Cx { state, user }: Cx, Query(c): Query<Common>) -> PageResult {
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

pub(crate) struct TargetBlock {
    pub(crate) code: String,
    pub(crate) text: String,
    pub(crate) plan_table_text: Option<String>,
    pub(crate) badge: String,
    pub(crate) facts: Vec<(String, String)>,
    pub(crate) chart: Option<String>,
    pub(crate) rows: Vec<ChartRow>,
    pub(crate) indicators: Vec<(i64, String, String)>,
    pub(crate) illustrative: bool,
    pub(crate) note: Option<String>,
}

/// A target as the objective and indicator pages show it: status, facts, trajectory chart
/// (from the first indicator, the one its status is computed from) and data table.
pub(crate) fn target_block(
    view: &PlanView,
    tr: &Tr,
    pg: &Page,
    t: &jalon_core::plan::Target,
) -> TargetBlock {
    let s = view.status.targets.get(&t.code);
    let ind = t.indicators.first().and_then(|c| view.doc().indicator(c));
    let chart = s.and_then(|s| crate::widgets::trajectory(tr, t, s, ind));
    TargetBlock {
        code: t.code.clone(),
        text: target_text(tr, t),
        plan_table_text: t.plan_table_text.clone(),
        badge: s.map(|s| pg.target_badge(s)).unwrap_or_default(),
        facts: target_facts(tr, t, s),
        rows: chart.as_ref().map(|(_, r)| r.clone()).unwrap_or_default(),
        chart: chart.map(|(svg, _)| svg),
        indicators: indicator_links(view, &t.indicators),
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

pub(crate) struct ActionLine {
    pub(crate) id: i64,
    pub(crate) code: String,
    pub(crate) title: String,
    pub(crate) pilot: String,
    pub(crate) status: String,
    pub(crate) progress: Option<u8>,
    pub(crate) late: Option<String>,
    pub(crate) end: String,
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
    sdg: crate::sdg::tags::SdgBlock,
    targets: Vec<TargetBlock>,
    indicators: Vec<IndicatorLine>,
    actions: Vec<ActionLine>,
}

pub(crate) fn latest_text(tr: &Tr, i: &Indicator) -> String {
    jalon_core::status::series(i)
        .last()
        .map(|p| format!("{} ({})", tr.num(p.value), p.period))
        .unwrap_or_else(|| "–".to_string())
}

pub(crate) fn action_line(view: &PlanView, tr: &Tr, a: &Action) -> ActionLine {
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
    Cx { state, user }: Cx,
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
    /// What the previewed file would change: a summary and one line per change.
    change_summary: String,
    change_lines: Vec<String>,
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
    let changes = preview.as_ref().map(|p| &p.changes);
    ImportPage {
        page: page(user, "/import", "import", None).titled("nav-import"),
        change_summary: changes.map_or_else(String::new, |c| change_summary(&tr, c)),
        change_lines: changes.map_or_else(Vec::new, |c| change_lines(&tr, c)),
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
pub async fn import_upload(Cx { state, user }: Cx, upload: Upload<NoFields>) -> PageResult {
    user.actor().require(Operation::ImportPlan)?;
    let tr = user.tr();
    let Some(UploadedFile { name, bytes }) = upload.file else {
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
pub async fn import_commit(Cx { state, user }: Cx, Path(token): Path<String>) -> PageResult {
    let report = state
        .app
        .commit_import(user.actor(), &token, user.lang)
        .await?;
    Ok(see_other(if report.written {
        "/strategy?done=imported"
    } else {
        "/strategy?done=import_unchanged"
    }))
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
pub async fn export(Cx { state, user }: Cx, Path(format): Path<String>) -> PageResult {
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
pub async fn check(Cx { state, user }: Cx, Query(f): Query<CheckFilter>) -> PageResult {
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

/// The indicators named by `codes` as links: id, code and name (unknown codes left out).
pub(crate) fn indicator_links(view: &PlanView, codes: &[String]) -> Vec<(i64, String, String)> {
    codes
        .iter()
        .filter_map(|c| {
            let i = view.doc().indicator(c)?;
            Some((
                view.indicator_id(c).unwrap_or_default(),
                c.clone(),
                i.name.clone(),
            ))
        })
        .collect()
}
