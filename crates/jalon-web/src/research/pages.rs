//! The research and teaching pages: figures per year, heat maps per lab and per programme,
//! projects, publications, courses and their focus, imports.

use crate::AppState;
use crate::auth::{Cx, User, percent_encode};
use crate::error::WebError;
use crate::extract::{Form, Path, Query, Upload, UploadedFile};
use crate::page::{Page, PageResult, page, render, render_status, see_other};
use crate::research::forms::{FocusForm, InventoryUpload};
use crate::sdg::forms::Back;
use crate::sdg::pages::back_to;
use crate::sdg::tags::{SdgBlock, sdg_block};
use askama::Template;
use axum::http::StatusCode;
use jalon_app::sdg::research::PublicationFilter;
use jalon_app::sdg::research::{HeatMap, InventoryFile, InventoryImportReport, ResearchYear};
use jalon_app::sdg::tags::TaggedKind;
use jalon_app::sdg::teaching::{Focus, TeachingView};
use jalon_app::{Actor, AppError, ErrorCode};
use jalon_core::access::{Operation, allowed};
use jalon_i18n::Tr;
use jalon_io::Problem;
use jalon_io::inventories::PublicationFormat;
use serde::Deserialize;

/// Publications per page.
const PUBLICATIONS_PER_PAGE: u64 = 50;

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

async fn research_page(
    state: &AppState,
    user: &User,
    lab: Option<String>,
    done: Option<&str>,
    shown: ImportShown,
) -> Result<ResearchPage, WebError> {
    let tr = user.tr();
    let actor = user.actor();
    let all = state.app.projects(actor, None).await?;
    let mut labs: Vec<String> = all.iter().filter_map(|p| p.lab.clone()).collect();
    labs.sort();
    labs.dedup();
    let tagger = LabTagger::of(state, user).await?;
    let projects = all
        .into_iter()
        .filter(|p| lab.as_deref().is_none_or(|l| p.lab.as_deref() == Some(l)))
        .map(|p| ProjectRow {
            sdg: tagger.block(TaggedKind::Project, p.id, "/research", &p.tags, &p.lab),
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
        page: page(user, "/research", "sdg", done)
            .with_sub("research")
            .titled("sdg-nav-research"),
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
        report: shown.report,
        error: shown.error,
        problems: shown.problems,
        lab: lab.unwrap_or_default(),
        labs,
    })
}

/// `GET /research`.
pub async fn research(Cx { state, user }: Cx, Query(q): Query<LabQuery>) -> PageResult {
    let lab = q.lab.clone().filter(|l| !l.is_empty());
    render(
        &research_page(
            &state,
            &user,
            lab,
            q.done.as_deref(),
            ImportShown::default(),
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
    Cx { state, user }: Cx,
    upload: Upload<InventoryUpload>,
) -> PageResult {
    let tr = user.tr();
    let fields = upload.fields;
    let shown = match upload.file {
        None => ImportShown::no_file(&tr),
        Some(UploadedFile { name, bytes }) => {
            let file = InventoryFile {
                bytes: &bytes,
                file_name: &name,
                skip_invalid: fields.skip_invalid == "1",
                illustrative: false,
            };
            let result = match fields.kind.trim() {
                "projects" => {
                    state
                        .app
                        .import_projects(user.actor(), &file, user.lang)
                        .await
                }
                _ => {
                    let format = PublicationFormat::parse(fields.format.trim());
                    state
                        .app
                        .import_publications(user.actor(), &file, format, user.lang)
                        .await
                }
            };
            ImportShown::of(&tr, &name, result)?
        }
    };
    let status = shown.status;
    render_status(
        status,
        &research_page(&state, &user, None, None, shown).await?,
    )
}

/// What an import form shows afterwards: the report, or why the file was refused, and the
/// located problems.
#[derive(Default)]
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
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<Back>,
) -> PageResult {
    state.app.delete_inventory_import(user.actor(), id).await?;
    back_to(&form.next, "inventory_deleted")
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
    total: u64,
    rows: Vec<PublicationRow>,
    prev: Option<String>,
    next: Option<String>,
    year: String,
    lab: String,
}

/// `GET /research/publications`.
pub async fn publications(Cx { state, user }: Cx, Query(q): Query<PublicationQuery>) -> PageResult {
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
    let tagger = LabTagger::of(&state, &user).await?;
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
        .map(|p| PublicationRow {
            sdg: tagger.block(TaggedKind::Publication, p.id, &here, &p.tags, &p.lab),
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
        })
        .collect();
    render(&PublicationsPage {
        page: page(&user, "/research/publications", "sdg", q.done.as_deref())
            .with_sub("publications")
            .titled("sdg-nav-publications"),
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

async fn teaching_page(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    shown: ImportShown,
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
        page: page(user, "/teaching", "sdg", done)
            .with_sub("teaching")
            .titled("sdg-nav-teaching"),
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
        report: shown.report,
        error: shown.error,
        problems: shown.problems,
    })
}

/// `GET /teaching`.
pub async fn teaching(Cx { state, user }: Cx, Query(c): Query<crate::page::Common>) -> PageResult {
    render(&teaching_page(&state, &user, c.done.as_deref(), ImportShown::default()).await?)
}

/// `POST /teaching/import`.
pub async fn teaching_import(
    Cx { state, user }: Cx,
    upload: Upload<InventoryUpload>,
) -> PageResult {
    let tr = user.tr();
    let shown = match upload.file {
        None => ImportShown::no_file(&tr),
        Some(UploadedFile { name, bytes }) => {
            let file = InventoryFile {
                bytes: &bytes,
                file_name: &name,
                skip_invalid: upload.fields.skip_invalid == "1",
                illustrative: false,
            };
            let result = state
                .app
                .import_courses(user.actor(), &file, user.lang)
                .await;
            ImportShown::of(&tr, &name, result)?
        }
    };
    let status = shown.status;
    render_status(status, &teaching_page(&state, &user, None, shown).await?)
}

/// `POST /teaching/courses/{id}/focus`.
pub async fn course_focus(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<FocusForm>,
) -> PageResult {
    let focus = Focus::parse(form.focus.trim())
        .ok_or_else(|| AppError::invalid("focus", ErrorCode::InvalidFocus, form.focus.clone()))?;
    state.app.set_course_focus(user.actor(), id, focus).await?;
    Ok(see_other(&format!(
        "/teaching?done=focus_saved#course-{id}"
    )))
}

/// The reader deciding on the SDGs of research records: editors decide on all of them, the
/// members of a lab on their lab's.
struct LabTagger<'a> {
    tr: Tr,
    actor: &'a Actor,
    my_unit: Option<String>,
}

impl<'a> LabTagger<'a> {
    async fn of(state: &AppState, user: &'a User) -> Result<LabTagger<'a>, WebError> {
        let actor = user.actor();
        let view = state.app.view_for(actor).await?;
        Ok(LabTagger {
            tr: user.tr(),
            actor,
            my_unit: view.person_unit(actor.person_id).map(str::to_string),
        })
    }

    /// The SDG block of the record `id` of `kind` and `lab`, listed on the page `list`
    /// (the block sends the reader back to the record's anchor there).
    fn block(
        &self,
        kind: TaggedKind,
        id: i64,
        list: &str,
        tags: &[jalon_app::sdg::tags::TagView],
        lab: &Option<String>,
    ) -> SdgBlock {
        let unit_member = self.my_unit.is_some() && *lab == self.my_unit;
        let can_tag = allowed(self.actor.role, Operation::EditInventory { unit_member });
        let next = format!("{list}#{}-{id}", kind.as_str());
        sdg_block(&self.tr, kind, id, &next, tags, can_tag)
    }
}
