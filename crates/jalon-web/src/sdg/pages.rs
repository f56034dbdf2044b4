//! The SDG pages: the overview, a page per goal, the classifier with highlighted evidence, and
//! the suggestions to review.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::{User, safe_next};
use crate::error::WebError;
use crate::extract::{Form, Path, Query};
use crate::forms::{FormErrors, Refused, text};
use crate::page::{Page, PageResult, page, render, render_status, see_other};
use crate::sdg::forms::{Back, ClassifyForm, LinkForm, TagForm};
use crate::sdg::tags::{SdgBlock, goal_short, sdg_block, sdg_lang};
use crate::widgets::escape;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use jalon_app::sdg::goal::PlanItemRef;
use jalon_app::sdg::steering::SdgMetric;
use jalon_app::sdg::tags::{SdgSummary, TaggedKind};
use jalon_app::sdg::{TextClassification, lang_hint};
use jalon_app::{AppError, ErrorCode};
use jalon_core::access::{Operation, allowed};
use jalon_i18n::Tr;

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
pub async fn overview(Cx { state, user }: Cx, Query(c): Query<crate::page::Common>) -> PageResult {
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
        page: page(&user, "/sdg", "sdg", c.done.as_deref())
            .with_sub("overview")
            .titled("sdg-title"),
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
pub async fn links_save(Cx { state, user }: Cx, Form(form): Form<LinkForm>) -> PageResult {
    let metric = form.metric()?;
    state
        .app
        .link_sdg_indicator(user.actor(), form.indicator.trim(), metric)
        .await?;
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
    let carried = state.app.goal_contributions(user.actor(), n).await?;
    let plan = carried
        .plan
        .iter()
        .map(|r: &PlanItemRef| TaggedItem {
            href: match r.kind {
                TaggedKind::Objective => format!("/objectives/{}", r.id.unwrap_or_default()),
                _ => format!("/actions/{}", r.id.unwrap_or_default()),
            },
            label: format!("{} {}", r.code, tr.pick(&r.title, &r.title_en)),
        })
        .collect();
    let projects = carried
        .projects
        .into_iter()
        .map(|p| TaggedItem {
            href: format!("/research#project-{}", p.id),
            label: match p.acronym {
                Some(a) => format!("{a} — {}", p.title),
                None => p.title,
            },
        })
        .collect();
    let courses = carried
        .courses
        .into_iter()
        .map(|c| TaggedItem {
            href: format!("/teaching#course-{}", c.course.id),
            label: format!("{} ({})", c.course.title, c.programme),
        })
        .collect();
    let items = vec![
        (tr.t("sdg-goal-plan"), plan),
        (tr.t("sdg-kind-project"), projects),
        (tr.t("sdg-kind-course"), courses),
    ];
    render(&GoalPage {
        page: page(&user, &format!("/sdg/goals/{n}"), "sdg", None).with_sub("overview"),
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
        page: page(&user, "/sdg/classify", "sdg", None)
            .with_sub("classify")
            .titled("sdg-nav-classify"),
        text: String::new(),
        langs: lang_options(&user.tr(), "auto"),
        result: None,
        highlighted: String::new(),
        error: None,
    })
}

/// `POST /sdg/classify`: the suggestions for a pasted text.
pub async fn classify(Cx { state, user }: Cx, Form(form): Form<ClassifyForm>) -> PageResult {
    let tr = user.tr();
    let lang = text(&form.lang).unwrap_or_else(|| "auto".to_string());
    let classified = lang_hint(&lang)
        .ok_or_else(|| AppError::invalid("lang", ErrorCode::InvalidLang, lang.clone()))
        .and_then(|hint| state.app.classify_text(user.actor(), &form.text, hint));
    let (result, errors) = match classified {
        Ok(r) => (Some(r), FormErrors::none()),
        Err(e) => (None, Refused::from(e).fields()?),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        errors.status()
    };
    let highlighted = result.as_ref().map(highlight).unwrap_or_default();
    render_status(
        status,
        &ClassifyPage {
            page: page(&user, "/sdg/classify", "sdg", None)
                .with_errors(&errors)
                .with_sub("classify")
                .titled("sdg-nav-classify"),
            text: form.text,
            langs: lang_options(&tr, &lang),
            result,
            highlighted,
            error: None,
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
    rows: Vec<PendingRow>,
    can_suggest: bool,
}

/// `GET /sdg/suggestions`: the plan's suggestions waiting for a decision.
pub async fn suggestions(
    Cx { state, user }: Cx,
    Query(c): Query<crate::page::Common>,
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
                                is_pilot: view.may_update(actor, a),
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
        page: page(&user, "/sdg/suggestions", "sdg", c.done.as_deref())
            .with_sub("suggestions")
            .titled("sdg-nav-suggestions"),
        rows,
        can_suggest: allowed(actor.role, Operation::EditPlan),
    })
}

/// `POST /sdg/suggest`: classifies the plan's objectives and actions.
pub async fn suggest(State(state): State<AppState>, user: User) -> PageResult {
    state.app.suggest_plan_sdgs(user.actor()).await?;
    Ok(see_other("/sdg/suggestions?done=suggested"))
}

/// Back to the page a form came from (its `next` field), told that `done` happened.
pub(crate) fn back_to(next: &str, done: &str) -> PageResult {
    Ok(see_other(&back(text(next).as_deref(), done)))
}

pub(crate) fn back(next: Option<&str>, done: &str) -> String {
    let next = safe_next(next);
    let (path, anchor) = match next.split_once('#') {
        Some((p, a)) => (p.to_string(), format!("#{a}")),
        None => (next.clone(), String::new()),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}done={done}{anchor}")
}

/// `POST /sdg/tags/{id}/confirm`.
pub async fn tag_confirm(cx: Cx, Path(id): Path<i64>, Form(form): Form<Back>) -> PageResult {
    decide(cx, id, &form, true).await
}

/// `POST /sdg/tags/{id}/reject`.
pub async fn tag_reject(cx: Cx, Path(id): Path<i64>, Form(form): Form<Back>) -> PageResult {
    decide(cx, id, &form, false).await
}

async fn decide(Cx { state, user }: Cx, id: i64, form: &Back, confirm: bool) -> PageResult {
    state.app.decide_tag(user.actor(), id, confirm).await?;
    back_to(
        &form.next,
        if confirm {
            "sdg_confirmed"
        } else {
            "sdg_rejected"
        },
    )
}

/// `POST /sdg/tags/{id}/delete`.
pub async fn tag_delete(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<Back>,
) -> PageResult {
    state.app.remove_tag(user.actor(), id).await?;
    back_to(&form.next, "sdg_removed")
}

/// `POST /sdg/tags`: tags an entity by hand.
pub async fn tag_add(Cx { state, user }: Cx, Form(form): Form<TagForm>) -> PageResult {
    let kind = TaggedKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::invalid("kind", ErrorCode::InvalidKind, form.kind.clone()))?;
    let entity_id: i64 = form
        .entity_id
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("entity_id", ErrorCode::Required, ""))?;
    state
        .app
        .add_tag(user.actor(), kind, entity_id, form.sdg.trim())
        .await?;
    back_to(&form.next, "sdg_added")
}
