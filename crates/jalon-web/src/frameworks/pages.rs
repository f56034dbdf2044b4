//! The report editors' pages: the THE Impact evidence bank per SDG, the evidence bank, the DD&RS
//! self-assessment with its radar chart, and the content of each SDG chapter.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, Path, Query, Upload};
use crate::forms::{Meanwhile, Refused};
use crate::frameworks::forms::{
    AnswerForm, AssessmentForm, BlockForm, EditorUpload, EvidenceForm, EvidenceLinkForm,
    HighlightsForm, Place, evidence_link_done,
};
use crate::page::{
    Page, PageResult, imported_or_refused, page, page_views, render, saved_or_again, see_other,
    shown_again,
};
use crate::sdg::tags::goal_short;
use askama::Template;
use jalon_app::AppError;
use jalon_app::report::content::{BLOCK_KINDS, COMPARISONS, FOREWORD};
use jalon_core::access::{Operation, allowed};
use jalon_i18n::Tr;
use jalon_io::Problem;
use serde::Deserialize;

fn can_edit_reports(user: &User) -> bool {
    allowed(user.actor().role, Operation::EditReports)
}

/// Year, chapter and confirmation of the editor pages.
#[derive(Debug, Default, Deserialize)]
pub struct EditorQuery {
    pub year: Option<i32>,
    pub sdg: Option<u8>,
    pub done: Option<String>,
}

/// The year an editor page opens on: the one asked, else the campaign year.
async fn editor_year(state: &AppState, user: &User, asked: Option<i32>) -> Result<i32, WebError> {
    match asked {
        Some(y) => {
            jalon_app::check_year("year", y)?;
            Ok(y)
        }
        None => Ok(state.app.view_for(user.actor()).await?.campaign_year()),
    }
}

/// Years offered in the year selectors around `year`.
fn year_choices(this_year: i32, year: i32) -> Vec<i32> {
    let last = this_year.max(year) + 1;
    let first = year.min(this_year) - 4;
    (first..=last).rev().collect()
}

/// An evidence item as a line of a page.
pub struct EvidenceLine {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub kind: String,
    /// `in_window`, `adopted_after`, `expired` or `undated`.
    pub window: String,
    pub window_label: String,
    pub public: bool,
}

fn evidence_line(tr: &Tr, e: &jalon_app::frameworks::EvidenceView) -> EvidenceLine {
    EvidenceLine {
        id: e.id,
        title: e.title.clone(),
        url: e.url.clone().unwrap_or_default(),
        kind: tr.of("evidence-kind", &e.kind),
        window: e.window.as_str().to_string(),
        window_label: tr.of("evidence-window", e.window.as_str()),
        public: e.public,
    }
}

/// The evidence linked to an answer or an assessment, and where its link/unlink forms post.
pub struct LinkedEvidence {
    pub items: Vec<EvidenceLine>,
    pub action: String,
    /// Id of the "link" selector.
    pub select_id: String,
    /// The SDG page to come back to.
    pub sdg: Option<u8>,
    pub can_edit: bool,
}

/// `(id, label)` of every evidence item, for the "link" selectors.
async fn evidence_options(
    state: &AppState,
    user: &User,
    year: i32,
) -> Result<Vec<(i64, String)>, WebError> {
    Ok(state
        .app
        .evidence_bank(user.actor(), year)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect())
}

/// `(code, name)` of every plan indicator, for the selectors of figures.
fn plan_indicator_options(view: &jalon_app::PlanView) -> Vec<(String, String)> {
    view.doc()
        .indicators()
        .map(|(_, i)| (i.code.clone(), i.name.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// THE Impact evidence bank

/// An SDG in the bank's summary.
pub struct TheSdgLine {
    pub goal: u8,
    pub name: String,
    pub answered: usize,
    pub answerable: usize,
    pub completeness: String,
    pub estimate: String,
    pub current: bool,
}

/// An indicator with its answer and forms.
pub struct TheIndicatorLine {
    pub id: String,
    /// The id as an HTML anchor.
    pub anchor: String,
    pub name: String,
    /// `bibliometric`, `portal` or `evidence`.
    pub kind: String,
    pub kind_label: String,
    pub exists: Option<bool>,
    pub value: String,
    /// The figure as typed (empty when it comes from the plan).
    pub value_input: String,
    pub plan_indicator: String,
    pub plan_value_missing: bool,
    pub note: String,
    pub linked: LinkedEvidence,
    pub points: u8,
    pub score: String,
}

/// A metric of the chosen SDG.
pub struct TheMetricLine {
    pub id: String,
    pub name: String,
    pub weight: String,
    pub indicators: Vec<TheIndicatorLine>,
}

#[derive(Template)]
#[template(path = "report_the.html")]
struct TheBankPage {
    page: Page,
    year: i32,
    years: Vec<i32>,
    edition: String,
    overall: String,
    sdgs: Vec<TheSdgLine>,
    goal: u8,
    goal_name: String,
    metrics: Vec<TheMetricLine>,
    can_edit: bool,
    evidence_options: Vec<(i64, String)>,
    plan_indicators: Vec<(String, String)>,
    year_form_sdg: Option<u8>,
    error: Option<String>,
    problems: Vec<Problem>,
}

async fn the_bank_page(
    state: &AppState,
    user: &User,
    q: &EditorQuery,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<TheBankPage, WebError> {
    let tr = user.tr();
    let year = editor_year(state, user, q.year).await?;
    let bank = state.app.the_bank(user.actor(), year).await?;
    let goal = q.sdg.filter(|g| (1..=17).contains(g)).unwrap_or(1);
    let chosen = bank.sdgs.iter().find(|s| s.goal == goal);
    let can_edit = can_edit_reports(user);
    let view = state.app.view_for(user.actor()).await?;
    let plan_indicators = plan_indicator_options(&view);
    let overall = match &bank.overall {
        Some(o) => tr.args(
            "the-overall",
            &[
                ("total", &tr.num(o.total)),
                ("sdg17", &tr.num(o.sdg17)),
                (
                    "best",
                    &o.best_three
                        .iter()
                        .map(|(g, s)| format!("{} {g} ({})", tr.t("sdg-short"), tr.num(*s)))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ),
        None => tr.t("the-overall-none"),
    };
    Ok(TheBankPage {
        page: page(user, "/reports/the", "reports", q.done.as_deref()).with_sub("the"),
        year,
        years: year_choices(state.app.current_year(), year),
        edition: bank.edition.clone(),
        overall,
        sdgs: bank
            .sdgs
            .iter()
            .map(|s| TheSdgLine {
                goal: s.goal,
                name: goal_short(&tr, s.goal),
                answered: s.answered,
                answerable: s.answerable,
                completeness: tr.share(s.completeness / 100.0),
                estimate: tr.num(s.estimated_score),
                current: s.goal == goal,
            })
            .collect(),
        goal,
        goal_name: goal_short(&tr, goal),
        metrics: chosen
            .map(|s| {
                s.metrics
                    .iter()
                    .map(|m| TheMetricLine {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        weight: m
                            .weight
                            .map(|w| format!("{} %", tr.num(w)))
                            .unwrap_or_default(),
                        indicators: m
                            .indicators
                            .iter()
                            .map(|i| TheIndicatorLine {
                                anchor: format!("i-{}", i.id.replace('.', "-")),
                                id: i.id.clone(),
                                name: i.name.clone(),
                                kind_label: tr.of("the-kind", &i.kind),
                                kind: i.kind.clone(),
                                exists: i.exists,
                                value: i.value.map(|v| tr.num(v)).unwrap_or_default(),
                                value_input: if i.plan_indicator.is_some() {
                                    String::new()
                                } else {
                                    i.value.map(|v| tr.precise(v)).unwrap_or_default()
                                },
                                plan_indicator: i.plan_indicator.clone().unwrap_or_default(),
                                plan_value_missing: i.plan_value_missing,
                                note: i.note.clone().unwrap_or_default(),
                                linked: LinkedEvidence {
                                    items: i
                                        .evidence
                                        .iter()
                                        .map(|e| evidence_line(&tr, e))
                                        .collect(),
                                    action: format!(
                                        "/reports/the/{year}/answers/{}/evidence",
                                        i.id
                                    ),
                                    select_id: format!("ev-i-{}", i.id.replace('.', "-")),
                                    sdg: Some(goal),
                                    can_edit,
                                },
                                points: i.points,
                                score: tr.args(
                                    "the-score",
                                    &[
                                        ("points", &i.points.to_string()),
                                        (
                                            "exists",
                                            &tr.t(if i.score.exists { "yes" } else { "no" }),
                                        ),
                                        (
                                            "evidence",
                                            &tr.t(if i.score.evidence { "yes" } else { "no" }),
                                        ),
                                        (
                                            "public",
                                            &tr.t(if i.score.public { "yes" } else { "no" }),
                                        ),
                                    ],
                                ),
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        can_edit,
        evidence_options: evidence_options(state, user, year).await?,
        plan_indicators,
        year_form_sdg: Some(goal),
        error,
        problems,
    })
}

/// `GET /reports/the?year=…&sdg=…`: the bank of a year, one SDG at a time.
pub async fn the_bank(Cx { state, user }: Cx, Query(q): Query<EditorQuery>) -> PageResult {
    render(&the_bank_page(&state, &user, &q, None, Vec::new()).await?)
}

fn back_to_the(year: i32, sdg: Option<&str>, done: &str, anchor: &str) -> axum::response::Response {
    let sdg = sdg
        .and_then(|s| s.parse::<u8>().ok())
        .filter(|g| (1..=17).contains(g))
        .map(|g| format!("&sdg={g}"))
        .unwrap_or_default();
    see_other(&format!(
        "/reports/the?year={year}{sdg}&done={done}#{anchor}"
    ))
}

/// `POST /reports/the/{year}/answers/{indicator}`: an answer, or the bank's page again
/// with its error.
pub async fn the_answer_save(
    Cx { state, user }: Cx,
    Path((year, indicator)): Path<(i32, String)>,
    Form(form): Form<AnswerForm>,
) -> PageResult {
    let saved: Result<(), Refused> = async {
        let input = form.input()?;
        Ok(state
            .app
            .save_the_answer(user.actor(), year, &indicator, &input)
            .await?)
    }
    .await;
    let anchor = format!("i-{}", indicator.replace('.', "-"));
    let q = EditorQuery {
        year: Some(year),
        sdg: form.sdg.trim().parse().ok(),
        done: None,
    };
    saved_or_again(
        saved,
        |()| back_to_the(year, Some(form.sdg.as_str()), "the_answer_saved", &anchor),
        the_bank_page(&state, &user, &q, None, Vec::new()),
    )
    .await
}

/// `POST /reports/the/{year}/answers/{indicator}/evidence`: link (`link=1`) or unlink
/// (`link=0`) an evidence item.
pub async fn the_evidence_link(
    Cx { state, user }: Cx,
    Path((year, indicator)): Path<(i32, String)>,
    Form(form): Form<EvidenceLinkForm>,
) -> PageResult {
    let (evidence_id, link) = form.choice()?;
    state
        .app
        .link_the_evidence(user.actor(), year, &indicator, evidence_id, link)
        .await?;
    let anchor = format!("i-{}", indicator.replace('.', "-"));
    let done = evidence_link_done(link);
    Ok(back_to_the(year, Some(form.sdg.as_str()), done, &anchor))
}

/// `POST /reports/the/edition`: an edition of the catalogue (Markdown list), refused whole
/// with line numbers.
pub async fn the_edition_import(
    Cx { state, user }: Cx,
    upload: Upload<EditorUpload>,
) -> PageResult {
    let q = upload_query(&upload.fields);
    let year = q.year.unwrap_or_else(|| state.app.current_year());
    let back = format!("/reports/the?year={year}&done=the_edition_imported");
    let edition = upload.fields.name.trim();
    imported_or_refused(
        &user,
        upload.file,
        async |f| {
            let Ok(text) = std::str::from_utf8(&f.bytes) else {
                let not_utf8 = user.tr().t("the-edition-not-utf8");
                let problem = Problem::file(&f.name, user.lang, not_utf8);
                return Err(AppError::ImportRefused(vec![problem]));
            };
            let app = &state.app;
            app.import_the_edition(user.actor(), edition, &f.name, text, user.lang)
                .await
        },
        move |_| back,
        async |(message, problems)| the_bank_page(&state, &user, &q, Some(message), problems).await,
    )
    .await
}

/// The year an upload form came from, to show its page again.
fn upload_query(fields: &EditorUpload) -> EditorQuery {
    EditorQuery {
        year: fields.year.trim().parse().ok(),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------
// Evidence bank

/// An evidence item with its edit form's values.
pub struct EvidenceRow {
    pub line: EvidenceLine,
    pub kind: String,
    pub issuer: String,
    pub adopted_on: String,
    pub adopted_on_input: String,
    pub adopted_by: String,
    pub valid_until: String,
    pub valid_until_input: String,
    pub next_review: String,
    pub next_review_input: String,
    pub review_overdue: bool,
    pub uses: usize,
}

#[derive(Template)]
#[template(path = "report_evidence.html")]
struct EvidencePage {
    page: Page,
    year: i32,
    years: Vec<i32>,
    items: Vec<EvidenceRow>,
    /// The new item's form.
    blank: EvidenceRow,
    kinds: Vec<(&'static str, String)>,
    can_edit: bool,
    year_form_sdg: Option<u8>,
}

fn iso(d: &Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `GET /reports/evidence?year=…`: every evidence item, checked against the year's window.
pub async fn evidence(Cx { state, user }: Cx, Query(q): Query<EditorQuery>) -> PageResult {
    render(&evidence_page(&state, &user, &q).await?)
}

async fn evidence_page(
    state: &AppState,
    user: &User,
    q: &EditorQuery,
) -> Result<EvidencePage, WebError> {
    let tr = user.tr();
    let year = editor_year(state, user, q.year).await?;
    let items = state
        .app
        .evidence_bank(user.actor(), year)
        .await?
        .iter()
        .map(|e| EvidenceRow {
            line: evidence_line(&tr, e),
            kind: e.kind.clone(),
            issuer: e.issuer.clone().unwrap_or_default(),
            adopted_on: tr.opt_date(&e.adopted_on),
            adopted_on_input: iso(&e.adopted_on),
            adopted_by: e.adopted_by.clone().unwrap_or_default(),
            valid_until: tr.opt_date(&e.valid_until),
            valid_until_input: iso(&e.valid_until),
            next_review: tr.opt_date(&e.next_review),
            next_review_input: iso(&e.next_review),
            review_overdue: e.review_overdue,
            uses: e.uses,
        })
        .collect();
    Ok(EvidencePage {
        page: page(user, "/reports/evidence", "reports", q.done.as_deref())
            .with_sub("evidence")
            .titled("reports-nav-evidence"),
        year,
        years: year_choices(state.app.current_year(), year),
        items,
        blank: EvidenceRow {
            line: EvidenceLine {
                id: 0,
                title: String::new(),
                url: String::new(),
                kind: String::new(),
                window: String::new(),
                window_label: String::new(),
                public: false,
            },
            kind: "policy".into(),
            issuer: String::new(),
            adopted_on: String::new(),
            adopted_on_input: String::new(),
            adopted_by: String::new(),
            valid_until: String::new(),
            valid_until_input: String::new(),
            next_review: String::new(),
            next_review_input: String::new(),
            review_overdue: false,
            uses: 0,
        },
        kinds: jalon_app::frameworks::EVIDENCE_KINDS
            .iter()
            .map(|k| (*k, tr.of("evidence-kind", k)))
            .collect(),
        can_edit: can_edit_reports(user),
        year_form_sdg: None,
    })
}

fn back_to_evidence(year: &str, done: &str, id: Option<i64>) -> axum::response::Response {
    let year = year
        .trim()
        .parse::<i32>()
        .map(|y| format!("year={y}&"))
        .unwrap_or_default();
    let anchor = id.map(|id| format!("#e-{id}")).unwrap_or_default();
    see_other(&format!("/reports/evidence?{year}done={done}{anchor}"))
}

/// `POST /reports/evidence`: a new item, or the page again with its errors.
pub async fn evidence_create(Cx { state, user }: Cx, Form(form): Form<EvidenceForm>) -> PageResult {
    match state
        .app
        .save_evidence(user.actor(), None, &form.input())
        .await
    {
        Ok(id) => Ok(back_to_evidence(&form.year, "evidence_saved", Some(id))),
        Err(e) => evidence_again(&state, &user, &form.year, e).await,
    }
}

/// The evidence page again, with the error of the item's form.
async fn evidence_again(state: &AppState, user: &User, year: &str, e: AppError) -> PageResult {
    let errors = Refused::from(e).fields()?;
    let q = EditorQuery {
        year: year.trim().parse().ok(),
        ..Default::default()
    };
    let page = evidence_page(state, user, &q).await?;
    shown_again(page, &errors)
}

/// `POST /reports/evidence/{id}`: the item edited (every answer using it sees the change).
pub async fn evidence_update(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<EvidenceForm>,
) -> PageResult {
    match state
        .app
        .save_evidence(user.actor(), Some(id), &form.input())
        .await
    {
        Ok(_) => Ok(back_to_evidence(&form.year, "evidence_saved", Some(id))),
        Err(e) => evidence_again(&state, &user, &form.year, e).await,
    }
}

/// `POST /reports/evidence/{id}/delete`: the item and its links.
pub async fn evidence_delete(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(place): Form<Place>,
) -> PageResult {
    state.app.delete_evidence(user.actor(), id).await?;
    Ok(back_to_evidence(&place.year, "evidence_deleted", None))
}

// ---------------------------------------------------------------------------------------
// DD&RS self-assessment

/// An item with its assessment of the year.
pub struct DdrsLine {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub level: Option<u8>,
    pub previous_level: Option<u8>,
    pub justification: String,
    pub actions: String,
    pub indicators: String,
    pub linked: LinkedEvidence,
    pub assessed: bool,
}

impl DdrsLine {
    /// The item is at `level` this year (the level selector's current option).
    pub fn is_level(&self, level: &u8) -> bool {
        self.level == Some(*level)
    }
}

/// An axis: its items and its means.
pub struct DdrsAxisLine {
    pub code: String,
    pub name: String,
    pub mean: String,
    pub previous_mean: String,
    pub items: Vec<DdrsLine>,
}

#[derive(Template)]
#[template(path = "report_ddrs.html")]
struct DdrsPage {
    page: Page,
    year: i32,
    previous_year: i32,
    years: Vec<i32>,
    items: usize,
    /// "12 of 15 items assessed".
    progress: String,
    axes: Vec<DdrsAxisLine>,
    radar: String,
    levels: Vec<(u8, String)>,
    can_edit: bool,
    evidence_options: Vec<(i64, String)>,
    year_form_sdg: Option<u8>,
    error: Option<String>,
    problems: Vec<Problem>,
}

/// The radar chart of the axis means, the year against the year before.
fn ddrs_radar(tr: &Tr, view: &jalon_app::frameworks::ddrs::DdrsView) -> String {
    let series =
        |label: String, pick: fn(&jalon_app::frameworks::ddrs::DdrsAxisView) -> Option<f64>| {
            jalon_chart::RadarSeries {
                label,
                values: view.axes.iter().map(pick).collect(),
            }
        };
    let described = |pick: fn(&jalon_app::frameworks::ddrs::DdrsAxisView) -> Option<f64>| {
        view.axes
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a.name,
                    pick(a).map_or_else(|| tr.t("not-assessed"), |m| tr.num(m))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    jalon_chart::Radar {
        title: tr.t1("ddrs-radar-title", "year", &view.year.to_string()),
        description: format!(
            "{}: {}. {}: {}.",
            view.year,
            described(|a| a.mean),
            view.previous_year,
            described(|a| a.previous_mean)
        ),
        axes: view.axes.iter().map(|a| a.name.clone()).collect(),
        min: 0.0,
        max: 5.0,
        series: vec![
            series(view.year.to_string(), |a| a.mean),
            series(view.previous_year.to_string(), |a| a.previous_mean),
        ],
        french: tr.fr(),
    }
    .to_svg()
}

async fn ddrs_page(
    state: &AppState,
    user: &User,
    q: &EditorQuery,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<DdrsPage, WebError> {
    let tr = user.tr();
    let year = editor_year(state, user, q.year).await?;
    let view = state.app.ddrs(user.actor(), year, user.lang).await?;
    let can_edit = can_edit_reports(user);
    let mean = |m: Option<f64>| m.map_or_else(|| tr.t("not-assessed"), |m| tr.num(m));
    Ok(DdrsPage {
        page: page(user, "/reports/ddrs", "reports", q.done.as_deref()).with_sub("ddrs"),
        year,
        previous_year: view.previous_year,
        years: year_choices(state.app.current_year(), year),
        items: view.items,
        progress: tr.args(
            "ddrs-progress",
            &[
                ("assessed", &view.assessed.to_string()),
                ("items", &view.items.to_string()),
            ],
        ),
        radar: ddrs_radar(&tr, &view),
        axes: view
            .axes
            .iter()
            .map(|a| DdrsAxisLine {
                code: a.code.clone(),
                name: a.name.clone(),
                mean: mean(a.mean),
                previous_mean: mean(a.previous_mean),
                items: a
                    .items
                    .iter()
                    .map(|i| DdrsLine {
                        id: i.id,
                        code: i.code.clone(),
                        title: tr.pick(&i.title, &i.title_en).to_string(),
                        description: i.description.clone().unwrap_or_default(),
                        level: i.level,
                        previous_level: i.previous_level,
                        justification: i.justification.clone(),
                        actions: i.actions.join(" "),
                        indicators: i.indicators.join(" "),
                        linked: LinkedEvidence {
                            items: i.evidence.iter().map(|e| evidence_line(&tr, e)).collect(),
                            action: format!("/reports/ddrs/{year}/items/{}/evidence", i.id),
                            select_id: format!("ev-d-{}", i.id),
                            sdg: None,
                            can_edit,
                        },
                        assessed: i.assessment_id.is_some(),
                    })
                    .collect(),
            })
            .collect(),
        levels: jalon_core::framework::ddrs::LEVELS
            .map(|l| (l, jalon_core::framework::ddrs::level_label(l, tr.fr())))
            .collect(),
        can_edit,
        evidence_options: evidence_options(state, user, year).await?,
        year_form_sdg: None,
        error,
        problems,
    })
}

/// `GET /reports/ddrs?year=…`.
pub async fn ddrs(Cx { state, user }: Cx, Query(q): Query<EditorQuery>) -> PageResult {
    render(&ddrs_page(&state, &user, &q, None, Vec::new()).await?)
}

/// `POST /reports/ddrs/{year}/items/{id}`: the item's level, justification and links.
pub async fn ddrs_assess(
    Cx { state, user }: Cx,
    Path((year, id)): Path<(i32, i64)>,
    Form(form): Form<AssessmentForm>,
) -> PageResult {
    let saved: Result<_, Refused> = async {
        let input = form.input()?;
        Ok(state
            .app
            .assess_ddrs_item(user.actor(), id, year, &input)
            .await?)
    }
    .await;
    let q = EditorQuery {
        year: Some(year),
        ..Default::default()
    };
    saved_or_again(
        saved,
        |_| back_to_ddrs(year, "ddrs_assessed", id),
        ddrs_page(&state, &user, &q, None, Vec::new()),
    )
    .await
}

fn back_to_ddrs(year: i32, done: &str, id: i64) -> axum::response::Response {
    see_other(&format!("/reports/ddrs?year={year}&done={done}#d-{id}"))
}

/// `POST /reports/ddrs/{year}/items/{id}/evidence`: link (`link=1`) or unlink (`link=0`).
pub async fn ddrs_evidence_link(
    Cx { state, user }: Cx,
    Path((year, id)): Path<(i32, i64)>,
    Form(form): Form<EvidenceLinkForm>,
) -> PageResult {
    let (evidence_id, link) = form.choice()?;
    state
        .app
        .link_ddrs_evidence(user.actor(), id, year, evidence_id, link)
        .await?;
    Ok(back_to_ddrs(year, evidence_link_done(link), id))
}

/// `POST /reports/ddrs/import`: the référentiel's items from CSV or XLSX.
pub async fn ddrs_import(Cx { state, user }: Cx, upload: Upload<EditorUpload>) -> PageResult {
    let q = upload_query(&upload.fields);
    let year = q.year.unwrap_or_else(|| state.app.current_year());
    let back = format!("/reports/ddrs?year={year}&done=ddrs_imported");
    imported_or_refused(
        &user,
        upload.file,
        async |f| {
            let app = &state.app;
            app.import_ddrs_items(user.actor(), &f.bytes, &f.name, user.lang)
                .await
        },
        move |_| back,
        async |(message, problems)| ddrs_page(&state, &user, &q, Some(message), problems).await,
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Report content: one editor per chapter (SDG)

/// A block of the chapter, with its form's values.
pub struct BlockLine {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub year: String,
    pub title: String,
    pub title_en: String,
    pub body: String,
    pub body_en: String,
    pub url: String,
    pub sdgs: String,
    pub metrics: Vec<String>,
    pub illustrative: bool,
    pub position: i32,
    /// The version the edit form sends back (0 for a new block).
    pub version: i64,
}

impl BlockLine {
    /// The block as its edit form holds it.
    pub fn form(&self) -> BlockForm {
        BlockForm {
            kind: self.kind.clone(),
            year: self.year.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            body: self.body.clone(),
            body_en: self.body_en.clone(),
            url: self.url.clone(),
            sdgs: self.sdgs.clone(),
            metrics: self.metrics.clone(),
            illustrative: if self.illustrative { "1" } else { "" }.into(),
            position: self.position.to_string(),
            chapter: String::new(),
            version: self.version.to_string(),
        }
    }
}

/// A highlighted figure of the chapter (or an empty row to add one).
pub struct HighlightLine {
    pub indicator_code: String,
    pub compare_year: String,
    pub comparison: String,
}

#[derive(Template)]
#[template(path = "report_content.html")]
struct ContentPage {
    page: Page,
    goal: u8,
    goal_name: String,
    chapters: Vec<(u8, String, usize)>,
    blocks: Vec<BlockLine>,
    /// The new block's form.
    blank: BlockLine,
    /// What someone else saved in a block while it was being edited, when they did.
    meanwhile: Meanwhile,
    highlights: Vec<HighlightLine>,
    kinds: Vec<(&'static str, String)>,
    comparisons: Vec<(&'static str, String)>,
    metrics: Vec<(String, String)>,
    plan_indicators: Vec<(String, String)>,
    can_edit: bool,
    /// The year the preview link opens.
    preview_year: i32,
}

/// `GET /reports/content?sdg=N`: the blocks and highlighted figures of a chapter.
pub async fn content(Cx { state, user }: Cx, Query(q): Query<EditorQuery>) -> PageResult {
    render(&content_page(&state, &user, &q).await?)
}

/// A block of the chapter as its card and edit form show it.
fn block_line(tr: &Tr, b: &jalon_app::report::content::BlockView) -> BlockLine {
    BlockLine {
        id: b.id,
        kind_label: tr.of("block-kind", &b.kind),
        kind: b.kind.clone(),
        year: b.year.map(|y| y.to_string()).unwrap_or_default(),
        title: b.title.clone(),
        title_en: b.title_en.clone().unwrap_or_default(),
        body: b.body.clone(),
        body_en: b.body_en.clone().unwrap_or_default(),
        url: b.url.clone().unwrap_or_default(),
        sdgs: b
            .sdgs
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        metrics: b.metrics.clone(),
        illustrative: b.illustrative,
        position: b.position,
        version: b.version,
    }
}

async fn content_page(
    state: &AppState,
    user: &User,
    q: &EditorQuery,
) -> Result<ContentPage, WebError> {
    let tr = user.tr();
    // Chapter 0 is the foreword.
    let goal = q.sdg.filter(|g| *g <= 17).unwrap_or(1);
    let all = state.app.report_blocks(user.actor()).await?;
    let in_chapter = |b: &jalon_app::report::content::BlockView, g: u8| {
        if g == 0 {
            b.kind == FOREWORD
        } else {
            b.sdgs.contains(&g)
        }
    };
    let chapter_name = |g: u8| {
        if g == 0 {
            tr.t("content-foreword")
        } else {
            goal_short(&tr, g)
        }
    };
    let chapters = (0..=17u8)
        .map(|g| {
            (
                g,
                chapter_name(g),
                all.iter().filter(|b| in_chapter(b, g)).count(),
            )
        })
        .collect();
    let blocks = all
        .iter()
        .filter(|b| in_chapter(b, goal))
        .map(|b| block_line(&tr, b))
        .collect();
    let mut highlights: Vec<HighlightLine> = state
        .app
        .report_highlights(user.actor())
        .await?
        .into_iter()
        .filter(|(g, _)| *g == goal)
        .map(|(_, h)| HighlightLine {
            indicator_code: h.indicator_code,
            compare_year: h.compare_year.map(|y| y.to_string()).unwrap_or_default(),
            comparison: h.comparison,
        })
        .collect();
    // Room for two more figures.
    for _ in 0..2 {
        highlights.push(HighlightLine {
            indicator_code: String::new(),
            compare_year: String::new(),
            comparison: "auto".into(),
        });
    }
    let (_, catalogue) = state.app.the_catalogue(user.actor()).await?;
    let metrics = catalogue
        .iter()
        .filter(|s| s.goal == goal)
        .flat_map(|s| &s.metrics)
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    let view = state.app.view_for(user.actor()).await?;
    Ok(ContentPage {
        page: page(user, "/reports/content", "reports", q.done.as_deref()).with_sub("content"),
        goal,
        goal_name: chapter_name(goal),
        chapters,
        blocks,
        blank: BlockLine {
            id: 0,
            kind: if goal == 0 { FOREWORD } else { "text" }.into(),
            kind_label: String::new(),
            year: String::new(),
            title: String::new(),
            title_en: String::new(),
            body: String::new(),
            body_en: String::new(),
            url: String::new(),
            sdgs: if goal == 0 {
                String::new()
            } else {
                goal.to_string()
            },
            metrics: Vec::new(),
            illustrative: false,
            position: 0,
            version: 0,
        },
        meanwhile: Meanwhile::default(),
        highlights,
        kinds: BLOCK_KINDS
            .iter()
            .map(|k| (*k, tr.of("block-kind", k)))
            .collect(),
        comparisons: COMPARISONS
            .iter()
            .map(|c| (*c, tr.of("comparison", c)))
            .collect(),
        metrics,
        plan_indicators: plan_indicator_options(&view),
        can_edit: can_edit_reports(user),
        preview_year: view.campaign_year(),
    })
}

fn back_to_chapter(chapter: u8, done: &str, anchor: &str) -> axum::response::Response {
    see_other(&format!(
        "/reports/content?sdg={chapter}&done={done}{anchor}"
    ))
}

/// `POST /reports/content/blocks`: a new block, or the chapter again with its errors.
pub async fn block_create(Cx { state, user }: Cx, Form(form): Form<BlockForm>) -> PageResult {
    save_block(&state, &user, None, &form).await
}

/// Saves a block and goes back to its chapter, or shows the chapter with its errors.
async fn save_block(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    form: &BlockForm,
) -> PageResult {
    let chapter = Place {
        chapter: form.chapter.clone(),
        ..Default::default()
    }
    .chapter();
    let saved: Result<i64, Refused> = async {
        let input = form.input()?;
        Ok(state
            .app
            .save_report_block(user.actor(), id, &input)
            .await?)
    }
    .await;
    match saved {
        Ok(id) => Ok(back_to_chapter(chapter, "block_saved", &format!("#b-{id}"))),
        Err(refused) => {
            let errors = refused.fields()?;
            let q = EditorQuery {
                sdg: Some(chapter),
                ..Default::default()
            };
            let mut page = content_page(state, user, &q).await?;
            // Someone saved the block meanwhile: their version beside what was typed.
            if let (Some(id), Some(_)) = (id, errors.edited_meanwhile()) {
                let tr = user.tr();
                if let Some(current) = page.blocks.iter().find(|b| b.id == id) {
                    let now = current.form().fields(&tr);
                    page.meanwhile = Meanwhile::between(&tr, &now, &form.fields(&tr));
                }
            }
            shown_again(page, &errors)
        }
    }
}

/// `POST /reports/content/blocks/{id}`: the block edited.
pub async fn block_update(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<BlockForm>,
) -> PageResult {
    save_block(&state, &user, Some(id), &form).await
}

/// `POST /reports/content/blocks/{id}/delete`.
pub async fn block_delete(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(place): Form<Place>,
) -> PageResult {
    state.app.delete_report_block(user.actor(), id).await?;
    Ok(back_to_chapter(place.chapter(), "block_deleted", "#blocks"))
}

/// `POST /reports/content/highlights/{goal}`: the chapter's highlighted figures, replaced
/// by the rows of the form (rows without an indicator are dropped).
pub async fn highlights_save(
    Cx { state, user }: Cx,
    Path(goal): Path<u8>,
    Form(form): Form<HighlightsForm>,
) -> PageResult {
    let saved: Result<(), Refused> = async {
        let figures = form.input()?;
        Ok(state
            .app
            .set_report_highlights(user.actor(), goal, &figures)
            .await?)
    }
    .await;
    let q = EditorQuery {
        sdg: Some(goal),
        ..Default::default()
    };
    saved_or_again(
        saved,
        |()| back_to_chapter(goal, "highlights_saved", "#highlights"),
        content_page(&state, &user, &q),
    )
    .await
}
page_views!(TheBankPage, EvidencePage, DdrsPage, ContentPage);
