//! SDG pages: the 17 goals with what the institution has tagged, a goal's targets and tagged
//! work, the "what SDGs is this?" page (paste a text, see the suggestions with the matched
//! words highlighted), the review queue of the plan's suggestions, and the research and
//! teaching inventories (imports, confirmation, SDG × lab or programme heat maps, figures).

use askama::Template;
use axum::extract::{Multipart, Path, Query, RawForm, State};
use axum::http::StatusCode;
use jalon_app::AppError;
use jalon_app::ErrorCode;
use jalon_app::sdg::research::{HeatMap, InventoryFile, InventoryImportReport, ResearchYear};
use jalon_app::sdg::steering::{SdgIndicatorLink, SdgMetric};
use jalon_app::sdg::tags::{SdgSummary, TagView, TaggedKind};
use jalon_app::sdg::teaching::{Focus, TeachingView};
use jalon_app::sdg::{TextClassification, lang_hint};
use jalon_core::access::{Operation, allowed};
use jalon_io::Problem;
use jalon_io::inventories::PublicationFormat;
use jalon_store::inventories::PublicationFilter;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{User, percent_encode, safe_next};
use crate::error::WebError;
use crate::pages::{
    FormData, PageResult, page, read_multipart, relink, render, render_status, see_other,
};
use crate::views::{Page, escape};
use jalon_i18n::Tr;

/// Publications per page.
const PUBLICATIONS_PER_PAGE: u64 = 50;

/// A tag as a chip: goal colour, state, evidence.
pub(crate) struct TagChip {
    pub id: i64,
    pub goal: u8,
    pub label: String,
    /// Score of a suggestion, shown beside it.
    pub score: String,
    /// The matched words, for people to judge.
    pub evidence: String,
}

/// The SDG block of an entity page: confirmed tags, suggestions to decide, the add form.
pub(crate) struct SdgBlock {
    pub kind: &'static str,
    pub entity_id: i64,
    /// Where decisions come back to.
    pub next: String,
    pub confirmed: Vec<TagChip>,
    pub proposed: Vec<TagChip>,
    pub can_tag: bool,
}

fn chip(tr: &Tr, t: &TagView) -> TagChip {
    let mut terms: Vec<&str> = Vec::new();
    for e in &t.evidence {
        if !terms.contains(&e.matched.as_str()) {
            terms.push(&e.matched);
        }
    }
    TagChip {
        id: t.id,
        goal: t.goal,
        label: t.target.clone().unwrap_or_else(|| t.goal.to_string()),
        score: t.score.map(|s| tr.num(s)).unwrap_or_default(),
        evidence: terms.into_iter().take(6).collect::<Vec<_>>().join(", "),
    }
}

/// The SDG block of an entity from its tags.
pub(crate) fn sdg_block(
    tr: &Tr,
    kind: TaggedKind,
    entity_id: i64,
    next: &str,
    tags: &[TagView],
    can_tag: bool,
) -> SdgBlock {
    SdgBlock {
        kind: kind.as_str(),
        entity_id,
        next: next.to_string(),
        confirmed: tags
            .iter()
            .filter(|t| t.state == "confirmed")
            .map(|t| chip(tr, t))
            .collect(),
        proposed: tags
            .iter()
            .filter(|t| t.state == "proposed")
            .map(|t| chip(tr, t))
            .collect(),
        can_tag,
    }
}

/// The short name of a goal in the page's language.
pub(crate) fn goal_short(tr: &Tr, n: u8) -> String {
    jalon_sdg::goal(n)
        .map(|g| {
            g.short(if tr.fr() {
                jalon_sdg::Lang::Fr
            } else {
                jalon_sdg::Lang::En
            })
            .to_string()
        })
        .unwrap_or_default()
}

fn sdg_lang(tr: &Tr) -> jalon_sdg::Lang {
    if tr.fr() {
        jalon_sdg::Lang::Fr
    } else {
        jalon_sdg::Lang::En
    }
}

// ---------------------------------------------------------------------------------------
// Overview, goal, classify, suggestions

struct GoalTile {
    n: u8,
    short: String,
    counts: Vec<(String, usize)>,
    proposed: usize,
}

#[derive(Template)]
#[template(path = "sdg_overview.html")]
struct OverviewPage {
    page: Page,
    sub: &'static str,
    tiles: Vec<GoalTile>,
    totals: Vec<(String, usize, usize)>,
    proposed: usize,
    can_suggest: bool,
    links: Vec<(i64, String, String, String)>,
    can_link: bool,
    indicators: Vec<(String, String)>,
    metrics: Vec<(String, String)>,
}

fn kind_label(tr: &Tr, kind: &str) -> String {
    tr.of("sdg-kind", kind)
}

/// `GET /sdg`.
pub async fn overview(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<crate::pages::Common>,
) -> PageResult {
    let tr = user.tr();
    let actor = user.actor();
    let SdgSummary {
        goals,
        totals,
        proposed,
    } = state.app.sdg_summary(actor).await?;
    let tiles = goals
        .iter()
        .map(|g| GoalTile {
            n: g.goal,
            short: goal_short(&tr, g.goal),
            counts: TaggedKind::ALL
                .iter()
                .filter_map(|k| {
                    g.confirmed
                        .get(k.as_str())
                        .map(|n| (kind_label(&tr, k.as_str()), *n))
                })
                .collect(),
            proposed: g.proposed,
        })
        .collect();
    let totals = TaggedKind::ALL
        .iter()
        .filter_map(|k| {
            totals
                .get(k.as_str())
                .map(|(n, with)| (kind_label(&tr, k.as_str()), *n, *with))
        })
        .collect();
    let view = state.app.view_for(actor).await?;
    let links = state
        .app
        .sdg_indicator_links(actor.institution_id)
        .await?
        .into_iter()
        .filter_map(|l| {
            let id = view.indicator_id(&l.indicator_code)?;
            let (_, ind) = view.indicator(id)?;
            Some((
                id,
                l.indicator_code.clone(),
                ind.name.clone(),
                tr.of("sdg-metric", l.metric.as_str()),
            ))
        })
        .collect();
    let indicators = view
        .doc()
        .axes
        .iter()
        .flat_map(|a| a.objectives.iter())
        .flat_map(|o| o.indicators.iter())
        .map(|i| (i.code.clone(), format!("{} — {}", i.code, i.name)))
        .collect();
    render(&OverviewPage {
        page: page(&user, "/sdg", "sdg", c.done.as_deref()),
        sub: "overview",
        tiles,
        totals,
        proposed,
        can_suggest: allowed(actor.role, Operation::EditPlan),
        links,
        can_link: allowed(actor.role, Operation::EditPlan),
        indicators,
        metrics: SdgMetric::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), tr.of("sdg-metric", m.as_str())))
            .collect(),
    })
}

/// `POST /sdg/links`: links an indicator to an inventory figure, or removes the link.
pub async fn links_save(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let links = relink(
        state.app.sdg_indicator_links(actor.institution_id).await?,
        &f,
        |l| &l.indicator_code,
        |indicator_code| {
            let metric =
                SdgMetric::parse(f.get("metric").unwrap_or_default()).ok_or_else(|| {
                    AppError::invalid("metric", ErrorCode::InvalidMetric, f.text("metric"))
                })?;
            Ok(SdgIndicatorLink {
                indicator_code,
                metric,
            })
        },
    )?;
    state.app.set_sdg_indicator_links(actor, &links).await?;
    Ok(see_other("/sdg?done=links_saved#links"))
}

struct TaggedItem {
    href: String,
    label: String,
}

#[derive(Template)]
#[template(path = "sdg_goal.html")]
struct GoalPage {
    page: Page,
    sub: &'static str,
    n: u8,
    short: String,
    title: String,
    targets: Vec<UnTarget>,
    items: Vec<(String, Vec<TaggedItem>)>,
}

/// A UN target with its indicators (code, text).
struct UnTarget {
    code: String,
    text: String,
    indicators: Vec<(String, String)>,
}

/// `GET /sdg/goals/{n}`: the goal's targets and indicators, and what carries it.
pub async fn goal(State(state): State<AppState>, user: User, Path(n): Path<u8>) -> PageResult {
    let tr = user.tr();
    let lang = sdg_lang(&tr);
    let g = jalon_sdg::goal(n).ok_or(WebError(AppError::NotFound("page")))?;
    let cat = jalon_sdg::catalogue();
    let targets = cat
        .targets_of(n)
        .map(|t| UnTarget {
            code: t.code.clone(),
            text: t.title(lang).to_string(),
            indicators: cat
                .indicators_of(&t.code)
                .iter()
                .map(|i| (i.code.clone(), i.title(lang).to_string()))
                .collect(),
        })
        .collect();
    let actor = user.actor();
    let view = state.app.view_for(actor).await?;
    let mut items = Vec::new();
    let mut plan = Vec::new();
    for axis in &view.doc().axes {
        for o in &axis.objectives {
            if o.sdgs
                .iter()
                .any(|s| s.split('.').next() == Some(&n.to_string()))
            {
                plan.push(TaggedItem {
                    href: format!(
                        "/objectives/{}",
                        view.objective_id(&o.code).unwrap_or_default()
                    ),
                    label: format!("{} {}", o.code, tr.pick(&o.title, &o.title_en)),
                });
            }
            for a in &o.actions {
                if a.sdgs
                    .iter()
                    .any(|s| s.split('.').next() == Some(&n.to_string()))
                {
                    plan.push(TaggedItem {
                        href: format!("/actions/{}", view.action_id(&a.code).unwrap_or_default()),
                        label: format!("{} {}", a.code, tr.pick(&a.title, &a.title_en)),
                    });
                }
            }
        }
    }
    items.push((tr.t("sdg-goal-plan"), plan));
    let confirmed = |tags: &[TagView]| tags.iter().any(|t| t.goal == n && t.state == "confirmed");
    let projects = state
        .app
        .projects(actor, None)
        .await?
        .into_iter()
        .filter(|p| confirmed(&p.tags))
        .map(|p| TaggedItem {
            href: format!("/research#project-{}", p.id),
            label: match p.acronym {
                Some(a) => format!("{a} — {}", p.title),
                None => p.title,
            },
        })
        .collect();
    items.push((tr.t("sdg-kind-project"), projects));
    let courses = state
        .app
        .teaching(actor)
        .await?
        .programmes
        .into_iter()
        .flat_map(|p| {
            let name = p.name.clone();
            p.courses
                .into_iter()
                .filter(|c| confirmed(&c.tags))
                .map(move |c| TaggedItem {
                    href: format!("/teaching#course-{}", c.id),
                    label: format!("{} ({name})", c.title),
                })
        })
        .collect();
    items.push((tr.t("sdg-kind-course"), courses));
    render(&GoalPage {
        page: page(&user, &format!("/sdg/goals/{n}"), "sdg", None),
        sub: "overview",
        n,
        short: g.short(lang).to_string(),
        title: g.title(lang).to_string(),
        targets,
        items,
    })
}

#[derive(Template)]
#[template(path = "sdg_classify.html")]
struct ClassifyPage {
    page: Page,
    sub: &'static str,
    text: String,
    langs: Vec<(String, String, bool)>,
    result: Option<TextClassification>,
    highlighted: String,
    error: Option<String>,
}

fn lang_options(tr: &Tr, chosen: &str) -> Vec<(String, String, bool)> {
    ["auto", "fr", "en"]
        .into_iter()
        .map(|v| (v.to_string(), tr.of("sdg-lang", v), v == chosen))
        .collect()
}

fn highlight(r: &TextClassification) -> String {
    r.segments
        .iter()
        .map(|s| {
            if s.goals.is_empty() {
                escape(&s.text)
            } else {
                let goals: Vec<String> = s.goals.iter().map(|g| g.to_string()).collect();
                format!(
                    r#"<mark class="sdg-mark sdg-{}" title="ODD/SDG {}">{}</mark>"#,
                    s.goals[0],
                    goals.join(", "),
                    escape(&s.text)
                )
            }
        })
        .collect()
}

/// `GET /sdg/classify`.
pub async fn classify_page(user: User) -> PageResult {
    render(&ClassifyPage {
        page: page(&user, "/sdg/classify", "sdg", None),
        sub: "classify",
        text: String::new(),
        langs: lang_options(&user.tr(), "auto"),
        result: None,
        highlighted: String::new(),
        error: None,
    })
}

/// `POST /sdg/classify`: the suggestions for a pasted text.
pub async fn classify(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let tr = user.tr();
    let text = f.text("text");
    let lang = f.get("lang").unwrap_or("auto").to_string();
    let hint = lang_hint(&lang)
        .ok_or_else(|| AppError::invalid("lang", ErrorCode::InvalidLang, lang.clone()))?;
    let (result, error, status) = match state.app.classify_text(user.actor(), &text, hint) {
        Ok(r) => (Some(r), None, StatusCode::OK),
        Err(e @ AppError::Invalid { .. }) => (
            None,
            Some(crate::error::message(&tr, &e)),
            crate::error::status_of(&e),
        ),
        Err(e) => return Err(WebError(e)),
    };
    let highlighted = result.as_ref().map(highlight).unwrap_or_default();
    render_status(
        status,
        &ClassifyPage {
            page: page(&user, "/sdg/classify", "sdg", None),
            sub: "classify",
            text,
            langs: lang_options(&tr, &lang),
            result,
            highlighted,
            error,
        },
    )
}

struct PendingRow {
    href: String,
    label: String,
    text: String,
    sdg: SdgBlock,
}

#[derive(Template)]
#[template(path = "sdg_suggestions.html")]
struct SuggestionsPage {
    page: Page,
    sub: &'static str,
    rows: Vec<PendingRow>,
    can_suggest: bool,
}

/// `GET /sdg/suggestions`: the plan's suggestions waiting for a decision.
pub async fn suggestions(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<crate::pages::Common>,
) -> PageResult {
    let tr = user.tr();
    let actor = user.actor();
    let view = state.app.view_for(actor).await?;
    let rows = state
        .app
        .pending_plan_suggestions(actor)
        .await?
        .into_iter()
        .map(|p| {
            let (href, can_tag) = match p.kind {
                TaggedKind::Objective => (
                    format!("/objectives/{}", p.entity_id),
                    allowed(actor.role, Operation::EditPlan),
                ),
                _ => (
                    format!("/actions/{}", p.entity_id),
                    view.action(p.entity_id).is_some_and(|(_, a)| {
                        allowed(
                            actor.role,
                            Operation::UpdateAction {
                                is_pilot: view.pilots(actor, a),
                            },
                        )
                    }),
                ),
            };
            PendingRow {
                sdg: sdg_block(
                    &tr,
                    p.kind,
                    p.entity_id,
                    "/sdg/suggestions",
                    &p.tags,
                    can_tag,
                ),
                href,
                label: p.label,
                text: p.text,
            }
        })
        .collect();
    render(&SuggestionsPage {
        page: page(&user, "/sdg/suggestions", "sdg", c.done.as_deref()),
        sub: "suggestions",
        rows,
        can_suggest: allowed(actor.role, Operation::EditPlan),
    })
}

/// `POST /sdg/suggest`: classifies the plan's objectives and actions.
pub async fn suggest(State(state): State<AppState>, user: User) -> PageResult {
    state.app.suggest_plan_sdgs(user.actor()).await?;
    Ok(see_other("/sdg/suggestions?done=suggested"))
}

fn back(next: Option<&str>, done: &str) -> String {
    let next = safe_next(next);
    let (path, anchor) = match next.split_once('#') {
        Some((p, a)) => (p.to_string(), format!("#{a}")),
        None => (next.clone(), String::new()),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}done={done}{anchor}")
}

/// `POST /sdg/tags/{id}/confirm`.
pub async fn tag_confirm(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    state.app.decide_tag(user.actor(), id, true).await?;
    Ok(see_other(&back(f.get("next"), "sdg_confirmed")))
}

/// `POST /sdg/tags/{id}/reject`.
pub async fn tag_reject(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    state.app.decide_tag(user.actor(), id, false).await?;
    Ok(see_other(&back(f.get("next"), "sdg_rejected")))
}

/// `POST /sdg/tags/{id}/delete`.
pub async fn tag_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    state.app.remove_tag(user.actor(), id).await?;
    Ok(see_other(&back(f.get("next"), "sdg_removed")))
}

/// `POST /sdg/tags`: tags an entity by hand.
pub async fn tag_add(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let kind = TaggedKind::parse(f.get("kind").unwrap_or_default())
        .ok_or_else(|| AppError::invalid("kind", ErrorCode::InvalidKind, f.text("kind")))?;
    let entity_id: i64 = f
        .get("entity_id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| AppError::invalid("entity_id", ErrorCode::Required, ""))?;
    state
        .app
        .add_tag(user.actor(), kind, entity_id, &f.text("sdg"))
        .await?;
    Ok(see_other(&back(f.get("next"), "sdg_added")))
}

// ---------------------------------------------------------------------------------------
// Inventories

struct HeatRow {
    label: String,
    total: usize,
    cells: Vec<(usize, &'static str)>,
}

fn heat_rows(h: &HeatMap) -> Vec<HeatRow> {
    h.rows
        .iter()
        .zip(&h.counts)
        .zip(&h.totals)
        .map(|((label, counts), total)| HeatRow {
            label: label.clone(),
            total: *total,
            cells: counts
                .iter()
                .map(|c| {
                    let share = if *total > 0 {
                        *c as f64 / *total as f64
                    } else {
                        0.0
                    };
                    let class = match share {
                        s if s <= 0.0 => "heat-0",
                        s if s < 0.15 => "heat-1",
                        s if s < 0.3 => "heat-2",
                        s if s < 0.5 => "heat-3",
                        _ => "heat-4",
                    };
                    (*c, class)
                })
                .collect(),
        })
        .collect()
}

struct ProjectRow {
    id: i64,
    title: String,
    lab: String,
    period: String,
    summary: String,
    partners: String,
    funding: String,
    illustrative: bool,
    sdg: SdgBlock,
}

struct YearRow {
    year: i32,
    projects: usize,
    with_sdg: usize,
    share: String,
    publications: usize,
    sdg_publications: usize,
}

#[derive(Template)]
#[template(path = "research.html")]
struct ResearchPage {
    page: Page,
    sub: &'static str,
    projects: Vec<ProjectRow>,
    heat: Vec<HeatRow>,
    heat_publications: Vec<HeatRow>,
    years: Vec<YearRow>,
    imports: Vec<(i64, String, String, String, i32, i32, String)>,
    can_import: bool,
    can_delete: bool,
    report: Option<String>,
    error: Option<String>,
    problems: Vec<Problem>,
    lab: String,
    labs: Vec<String>,
}

/// Query of the research page.
#[derive(Debug, Default, Deserialize)]
pub struct LabQuery {
    pub lab: Option<String>,
    pub done: Option<String>,
}

fn year_rows(tr: &Tr, years: &[ResearchYear], this_year: i32) -> Vec<YearRow> {
    years
        .iter()
        .filter(|y| y.year <= this_year)
        .map(|y| YearRow {
            year: y.year,
            projects: y.projects,
            with_sdg: y.projects_with_sdg,
            share: y.share.map_or_else(|| "–".into(), |s| tr.share(s / 100.0)),
            publications: y.publications,
            sdg_publications: y.sdg_publications,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn research_page(
    state: &AppState,
    user: &User,
    lab: Option<String>,
    done: Option<&str>,
    report: Option<String>,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<ResearchPage, WebError> {
    let tr = user.tr();
    let actor = user.actor();
    let all = state.app.projects(actor, None).await?;
    let mut labs: Vec<String> = all.iter().filter_map(|p| p.lab.clone()).collect();
    labs.sort();
    labs.dedup();
    let view = state.app.view_for(actor).await?;
    let my_unit = view.person_unit(actor.person_id).map(str::to_string);
    let projects = all
        .into_iter()
        .filter(|p| lab.as_deref().is_none_or(|l| p.lab.as_deref() == Some(l)))
        .map(|p| {
            let member = my_unit.is_some() && p.lab == my_unit;
            ProjectRow {
                sdg: sdg_block(
                    &tr,
                    TaggedKind::Project,
                    p.id,
                    &format!("/research#project-{}", p.id),
                    &p.tags,
                    allowed(
                        actor.role,
                        Operation::EditInventory {
                            unit_member: member,
                        },
                    ),
                ),
                id: p.id,
                title: match &p.acronym {
                    Some(a) => format!("{a} — {}", p.title),
                    None => p.title.clone(),
                },
                lab: p.lab.clone().unwrap_or_default(),
                period: match (p.start_year, p.end_year) {
                    (Some(s), Some(e)) => format!("{s}–{e}"),
                    (Some(s), None) => format!("{s}–"),
                    _ => String::new(),
                },
                summary: p.summary.clone().unwrap_or_default(),
                partners: p.partners.clone().unwrap_or_default(),
                funding: p.funding.clone().unwrap_or_default(),
                illustrative: p.illustrative,
            }
        })
        .collect();
    let mut imports = Vec::new();
    for kind in ["projects", "publications"] {
        for i in state.app.inventory_imports(actor, kind).await? {
            imports.push((
                i.id,
                i.file_name,
                tr.of("sdg-import-kind", &i.kind),
                i.format,
                i.records,
                i.rejected,
                tr.datetime(&i.imported_at),
            ));
        }
    }
    Ok(ResearchPage {
        page: page(user, "/research", "sdg", done),
        sub: "research",
        projects,
        heat: heat_rows(&state.app.research_heatmap(actor, false, false).await?),
        heat_publications: heat_rows(&state.app.research_heatmap(actor, true, false).await?),
        years: year_rows(
            &tr,
            &state.app.research_years(actor).await?,
            state.app.current_year(),
        ),
        imports,
        can_import: allowed(actor.role, Operation::EditInventory { unit_member: true }),
        can_delete: allowed(actor.role, Operation::EditInventory { unit_member: false }),
        report,
        error,
        problems,
        lab: lab.unwrap_or_default(),
        labs,
    })
}

/// `GET /research`.
pub async fn research(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<LabQuery>,
) -> PageResult {
    let lab = q.lab.clone().filter(|l| !l.is_empty());
    render(
        &research_page(
            &state,
            &user,
            lab,
            q.done.as_deref(),
            None,
            None,
            Vec::new(),
        )
        .await?,
    )
}

fn report_text(tr: &Tr, r: &InventoryImportReport) -> String {
    tr.args(
        "sdg-import-report",
        &[
            ("records", &r.records.to_string()),
            ("rejected", &r.rejected.to_string()),
            ("duplicates", &r.duplicates.to_string()),
            ("suggested", &r.suggested.to_string()),
        ],
    )
}

/// `POST /research/import`: projects or publications.
pub async fn research_import(
    State(state): State<AppState>,
    user: User,
    multipart: Multipart,
) -> PageResult {
    let (fields, file) = read_multipart(multipart).await?;
    let tr = user.tr();
    let shown = match file {
        None => ImportShown::no_file(&tr),
        Some((name, bytes)) => {
            let file = InventoryFile {
                bytes: &bytes,
                file_name: &name,
                skip_invalid: fields.get("skip_invalid") == Some("1"),
                illustrative: false,
            };
            let result = match fields.get("kind").unwrap_or("publications") {
                "projects" => {
                    state
                        .app
                        .import_projects(user.actor(), &file, user.lang)
                        .await
                }
                _ => {
                    let format = fields.get("format").and_then(PublicationFormat::parse);
                    state
                        .app
                        .import_publications(user.actor(), &file, format, user.lang)
                        .await
                }
            };
            ImportShown::of(&tr, &name, result)?
        }
    };
    render_status(
        shown.status,
        &research_page(
            &state,
            &user,
            None,
            None,
            shown.report,
            shown.error,
            shown.problems,
        )
        .await?,
    )
}

/// What an import form shows afterwards: the report, or why the file was refused, and the
/// located problems.
struct ImportShown {
    status: StatusCode,
    report: Option<String>,
    error: Option<String>,
    problems: Vec<Problem>,
}

impl ImportShown {
    fn no_file(tr: &Tr) -> ImportShown {
        ImportShown {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            report: None,
            error: Some(tr.t("import-no-file")),
            problems: Vec::new(),
        }
    }

    /// Errors other than a refused file or an invalid input go to the error page.
    fn of(
        tr: &Tr,
        file_name: &str,
        result: Result<InventoryImportReport, AppError>,
    ) -> Result<ImportShown, WebError> {
        match result {
            Ok(r) => Ok(ImportShown {
                status: StatusCode::OK,
                report: Some(report_text(tr, &r)),
                error: None,
                problems: r.problems,
            }),
            Err(AppError::ImportRefused(problems)) => Ok(ImportShown {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                report: None,
                error: Some(tr.t1("sdg-import-refused", "file", file_name)),
                problems,
            }),
            Err(e @ AppError::Invalid { .. }) => Ok(ImportShown {
                status: crate::error::status_of(&e),
                report: None,
                error: Some(crate::error::message(tr, &e)),
                problems: Vec::new(),
            }),
            Err(e) => Err(WebError(e)),
        }
    }
}

/// `POST /inventories/imports/{id}/delete`.
pub async fn import_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    state.app.delete_inventory_import(user.actor(), id).await?;
    Ok(see_other(&back(f.get("next"), "inventory_deleted")))
}

/// Query of the publications page.
#[derive(Debug, Default, Deserialize)]
pub struct PublicationQuery {
    pub year: Option<i32>,
    pub lab: Option<String>,
    pub page: Option<u64>,
    pub done: Option<String>,
}

struct PublicationRow {
    id: i64,
    title: String,
    authors: String,
    venue: String,
    year: String,
    lab: String,
    link: Option<String>,
    abstract_text: String,
    sdg: SdgBlock,
}

#[derive(Template)]
#[template(path = "research_publications.html")]
struct PublicationsPage {
    page: Page,
    sub: &'static str,
    total: u64,
    rows: Vec<PublicationRow>,
    prev: Option<String>,
    next: Option<String>,
    year: String,
    lab: String,
}

/// `GET /research/publications`.
pub async fn publications(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<PublicationQuery>,
) -> PageResult {
    let tr = user.tr();
    let actor = user.actor();
    let filter = PublicationFilter {
        year: q.year,
        lab: q.lab.clone().filter(|l| !l.is_empty()),
        import_id: None,
    };
    let page_no = q.page.unwrap_or(0);
    let found = state
        .app
        .publications(
            actor,
            &filter,
            page_no * PUBLICATIONS_PER_PAGE,
            PUBLICATIONS_PER_PAGE,
        )
        .await?;
    let view = state.app.view_for(actor).await?;
    let my_unit = view.person_unit(actor.person_id).map(str::to_string);
    let query = |p: u64| {
        let mut parts = Vec::new();
        if let Some(y) = q.year {
            parts.push(format!("year={y}"));
        }
        if let Some(l) = filter.lab.as_deref() {
            parts.push(format!("lab={}", percent_encode(l)));
        }
        parts.push(format!("page={p}"));
        parts.join("&")
    };
    let here = format!("/research/publications?{}", query(page_no));
    let rows = found
        .publications
        .iter()
        .map(|p| {
            let member = my_unit.is_some() && p.lab == my_unit;
            PublicationRow {
                sdg: sdg_block(
                    &tr,
                    TaggedKind::Publication,
                    p.id,
                    &format!("{here}#publication-{}", p.id),
                    &p.tags,
                    allowed(
                        actor.role,
                        Operation::EditInventory {
                            unit_member: member,
                        },
                    ),
                ),
                id: p.id,
                title: p.title.clone(),
                authors: p.authors.join(", "),
                venue: p.venue.clone().unwrap_or_default(),
                year: p.year.map(|y| y.to_string()).unwrap_or_default(),
                lab: p.lab.clone().unwrap_or_default(),
                link: p
                    .doi
                    .as_ref()
                    .map(|d| format!("https://doi.org/{d}"))
                    .or_else(|| {
                        p.hal_id
                            .as_ref()
                            .map(|h| format!("https://hal.science/{h}"))
                    }),
                abstract_text: p.abstract_text.clone().unwrap_or_default(),
            }
        })
        .collect();
    render(&PublicationsPage {
        page: page(&user, "/research/publications", "sdg", q.done.as_deref()),
        sub: "publications",
        total: found.total,
        rows,
        prev: (page_no > 0).then(|| query(page_no - 1)),
        next: ((page_no + 1) * PUBLICATIONS_PER_PAGE < found.total).then(|| query(page_no + 1)),
        year: q.year.map(|y| y.to_string()).unwrap_or_default(),
        lab: filter.lab.unwrap_or_default(),
    })
}

struct CourseRow {
    id: i64,
    code: String,
    title: String,
    description: String,
    credits: String,
    mandatory: String,
    focus: String,
    focus_key: &'static str,
    focus_confirmed: bool,
    sdg: SdgBlock,
}

struct ProgrammeRow {
    name: String,
    share: String,
    addresses: bool,
    courses: Vec<CourseRow>,
}

#[derive(Template)]
#[template(path = "teaching.html")]
struct TeachingPage {
    page: Page,
    sub: &'static str,
    programmes: Vec<ProgrammeRow>,
    course_share: String,
    programme_share: String,
    courses_text: String,
    programmes_text: String,
    heat: Vec<HeatRow>,
    can_edit: bool,
    imports: Vec<(i64, String, i32, i32, String)>,
    report: Option<String>,
    error: Option<String>,
    problems: Vec<Problem>,
}

#[allow(clippy::too_many_arguments)]
async fn teaching_page(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    report: Option<String>,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<TeachingPage, WebError> {
    let tr = user.tr();
    let actor = user.actor();
    let TeachingView {
        programmes,
        courses,
        courses_addressing,
        course_share,
        programmes_addressing,
        programme_share,
    } = state.app.teaching(actor).await?;
    let can_edit = allowed(actor.role, Operation::EditInventory { unit_member: false });
    let pct = |v: Option<f64>| v.map_or_else(|| "–".into(), |s| tr.share(s / 100.0));
    Ok(TeachingPage {
        page: page(user, "/teaching", "sdg", done),
        sub: "teaching",
        programmes: programmes
            .iter()
            .map(|p| ProgrammeRow {
                name: p.name.clone(),
                share: pct(p.share),
                addresses: p.addresses,
                courses: p
                    .courses
                    .iter()
                    .map(|c| CourseRow {
                        sdg: sdg_block(
                            &tr,
                            TaggedKind::Course,
                            c.id,
                            &format!("/teaching#course-{}", c.id),
                            &c.tags,
                            can_edit,
                        ),
                        id: c.id,
                        code: c.code.clone().unwrap_or_default(),
                        title: c.title.clone(),
                        description: c.description.clone().unwrap_or_default(),
                        credits: match (c.ects, c.hours) {
                            (Some(e), Some(h)) => format!("{} ECTS, {} h", tr.num(e), tr.num(h)),
                            (Some(e), None) => format!("{} ECTS", tr.num(e)),
                            (None, Some(h)) => format!("{} h", tr.num(h)),
                            _ => String::new(),
                        },
                        mandatory: match c.mandatory {
                            Some(true) => tr.t("teaching-mandatory"),
                            Some(false) => tr.t("teaching-elective"),
                            None => String::new(),
                        },
                        focus: tr.of("teaching-focus", c.focus.as_str()),
                        focus_key: c.focus.as_str(),
                        focus_confirmed: c.focus_confirmed,
                    })
                    .collect(),
            })
            .collect(),
        course_share: pct(course_share),
        programme_share: pct(programme_share),
        courses_text: tr.args(
            "teaching-courses-addressing",
            &[
                ("count", &courses_addressing.to_string()),
                ("total", &courses.to_string()),
            ],
        ),
        programmes_text: tr.args(
            "teaching-programmes-addressing",
            &[
                ("count", &programmes_addressing.to_string()),
                ("total", &programmes.len().to_string()),
            ],
        ),
        heat: heat_rows(&state.app.teaching_heatmap(actor, false).await?),
        can_edit,
        imports: state
            .app
            .inventory_imports(actor, "courses")
            .await?
            .into_iter()
            .map(|i| {
                (
                    i.id,
                    i.file_name,
                    i.records,
                    i.rejected,
                    tr.datetime(&i.imported_at),
                )
            })
            .collect(),
        report,
        error,
        problems,
    })
}

/// `GET /teaching`.
pub async fn teaching(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<crate::pages::Common>,
) -> PageResult {
    render(&teaching_page(&state, &user, c.done.as_deref(), None, None, Vec::new()).await?)
}

/// `POST /teaching/import`.
pub async fn teaching_import(
    State(state): State<AppState>,
    user: User,
    multipart: Multipart,
) -> PageResult {
    let (fields, file) = read_multipart(multipart).await?;
    let tr = user.tr();
    let shown = match file {
        None => ImportShown::no_file(&tr),
        Some((name, bytes)) => {
            let file = InventoryFile {
                bytes: &bytes,
                file_name: &name,
                skip_invalid: fields.get("skip_invalid") == Some("1"),
                illustrative: false,
            };
            let result = state
                .app
                .import_courses(user.actor(), &file, user.lang)
                .await;
            ImportShown::of(&tr, &name, result)?
        }
    };
    render_status(
        shown.status,
        &teaching_page(
            &state,
            &user,
            None,
            shown.report,
            shown.error,
            shown.problems,
        )
        .await?,
    )
}

/// `POST /teaching/courses/{id}/focus`.
pub async fn course_focus(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let focus = Focus::parse(f.get("focus").unwrap_or_default())
        .ok_or_else(|| AppError::invalid("focus", ErrorCode::InvalidFocus, f.text("focus")))?;
    state.app.set_course_focus(user.actor(), id, focus).await?;
    Ok(see_other(&format!(
        "/teaching?done=focus_saved#course-{id}"
    )))
}
