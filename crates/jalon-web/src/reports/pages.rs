//! The reports page and the reports' downloads: each report of a year in French or English, as a
//! page, a PDF or a workbook.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::WebError;
use crate::extract::{Path, Query};
use crate::page::{Page, PageResult, page, render};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use serde::Deserialize;

/// A report page is a standalone document: its own style, no script, no framing elsewhere.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    page: Page,
    sub: &'static str,
    years: Vec<(i32, bool)>,
}

/// `GET /reports`.
pub async fn index(State(state): State<AppState>, user: User) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let doc = view.doc();
    let campaign = view.campaign_year();
    let last = state
        .app
        .current_year()
        .max(doc.strategy.end_year.min(campaign + 1));
    let first = doc.strategy.start_year.min(campaign) - 1;
    render(&ReportsPage {
        page: page(&user, "/reports", "reports", None),
        sub: "reports",
        years: (first..=last).rev().map(|y| (y, y == campaign)).collect(),
    })
}

/// The language of a report (default: the reader's).
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub lang: Option<String>,
}

fn report_lang(user: &User, q: &ReportQuery) -> Result<Lang, WebError> {
    match q.lang.as_deref() {
        None | Some("") => Ok(user.lang),
        Some("fr") => Ok(Lang::Fr),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(WebError(AppError::invalid(
            "lang",
            ErrorCode::InvalidLang,
            other,
        ))),
    }
}

fn file_name(lang: Lang, year: i32, ext: &str) -> String {
    match lang {
        Lang::Fr => format!("rapport-odd-{year}-fr.{ext}"),
        Lang::En => format!("sdg-report-{year}-en.{ext}"),
    }
}

fn with_disposition(mut resp: Response, disposition: &str, name: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    resp
}

/// A report as one standalone page, with its own strict CSP.
fn page_response(report: &jalon_report::Report, name: &str) -> Response {
    let mut resp = Html(jalon_report::html::page(report)).into_response();
    resp.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    with_disposition(resp, "inline", name)
}

/// A report as a PDF, compiled off the async workers.
async fn pdf_response(report: jalon_report::Report, name: &str) -> Result<Response, WebError> {
    let pdf = tokio::task::spawn_blocking(move || jalon_report::pdf::render(&report))
        .await
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    let mut resp = pdf.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    Ok(with_disposition(resp, "attachment", name))
}

/// A workbook (or CSV) download.
fn file_response(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    with_disposition(resp, "attachment", name)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn workbook(sheets: &[jalon_io::workbook::Sheet], name: &str) -> Result<Response, WebError> {
    let bytes = jalon_io::workbook::write_workbook(sheets)
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(file_response(bytes, XLSX, name))
}

fn named(lang: Lang, fr: &str, en: &str, year: i32, ext: &str) -> String {
    match lang {
        Lang::Fr => format!("{fr}-{year}-fr.{ext}"),
        Lang::En => format!("{en}-{year}-en.{ext}"),
    }
}

/// `GET /reports/sdg/{year}`: the report as one page (`?download=1` to save it).
pub async fn sdg_html(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let report = state.app.sdg_report(user.actor(), year, lang, "").await?;
    Ok(page_response(&report, &file_name(lang, year, "html")))
}

/// `GET /reports/sdg/{year}/pdf`: the report as an accessible PDF.
pub async fn sdg_pdf(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let report = state.app.sdg_report(user.actor(), year, lang, "").await?;
    pdf_response(report, &file_name(lang, year, "pdf")).await
}

/// `GET /reports/steering/{year}`: the steering report as one page.
pub async fn steering_html(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let s = state
        .app
        .steering_report(user.actor(), year, lang, "")
        .await?;
    Ok(page_response(
        &s.report,
        &named(lang, "rapport-pilotage", "steering-report", year, "html"),
    ))
}

/// `GET /reports/steering/{year}/pdf`.
pub async fn steering_pdf(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let s = state
        .app
        .steering_report(user.actor(), year, lang, "")
        .await?;
    pdf_response(
        s.report,
        &named(lang, "rapport-pilotage", "steering-report", year, "pdf"),
    )
    .await
}

/// `GET /reports/steering/{year}/xlsx`: targets, late actions, budget, missing values.
pub async fn steering_xlsx(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let s = state
        .app
        .steering_report(user.actor(), year, lang, "")
        .await?;
    workbook(
        &s.sheets,
        &named(lang, "rapport-pilotage", "steering-report", year, "xlsx"),
    )
}

/// `GET /reports/carbon/{year}`: the carbon report as one page.
pub async fn carbon_html(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let r = state.app.carbon_report(user.actor(), year, lang).await?;
    Ok(page_response(
        &r,
        &named(lang, "rapport-carbone", "carbon-report", year, "html"),
    ))
}

/// `GET /reports/carbon/{year}/pdf`.
pub async fn carbon_pdf(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let r = state.app.carbon_report(user.actor(), year, lang).await?;
    pdf_response(
        r,
        &named(lang, "rapport-carbone", "carbon-report", year, "pdf"),
    )
    .await
}

/// `GET /reports/carbon/{year}/beges`: the regulatory BEGES table as XLSX.
pub async fn carbon_beges(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let sheets = state.app.beges_table(user.actor(), year, lang).await?;
    workbook(&sheets, &named(lang, "beges", "beges", year, "xlsx"))
}

/// Language and SDG of a THE pack download.
#[derive(Debug, Deserialize)]
pub struct PackQuery {
    pub lang: Option<String>,
    pub sdg: Option<u8>,
}

/// `GET /reports/the/{year}/xlsx`: the THE Impact submission pack.
pub async fn the_pack_xlsx(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<PackQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &ReportQuery { lang: q.lang })?;
    let sheets = state.app.the_pack(user.actor(), year, lang).await?;
    workbook(
        &sheets,
        &named(lang, "the-impact-preuves", "the-impact-pack", year, "xlsx"),
    )
}

/// `GET /reports/the/{year}/csv?sdg=N`: one SDG of the pack (all without `sdg`) as CSV.
pub async fn the_pack_csv(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<PackQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &ReportQuery { lang: q.lang })?;
    let sheets = state.app.the_pack(user.actor(), year, lang).await?;
    let merged = jalon_app::frameworks::the::pack_table(&sheets, q.sdg).ok_or_else(|| {
        WebError(AppError::invalid(
            "sdg",
            ErrorCode::InvalidSdg,
            q.sdg.unwrap_or_default().to_string(),
        ))
    })?;
    let suffix = q.sdg.map(|n| format!("-{n}")).unwrap_or_default();
    Ok(file_response(
        jalon_io::workbook::write_sheet_csv(&merged),
        "text/csv; charset=utf-8",
        &named(
            lang,
            &format!("the-impact-preuves{suffix}"),
            &format!("the-impact-pack{suffix}"),
            year,
            "csv",
        ),
    ))
}

/// `GET /reports/ddrs/{year}/xlsx`: the DD&RS self-assessment.
pub async fn ddrs_xlsx(
    cx: Cx,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let Cx { state, user } = cx;
    let lang = report_lang(&user, &q)?;
    let sheet = state.app.ddrs_sheet(user.actor(), year, lang).await?;
    workbook(
        std::slice::from_ref(&sheet),
        &named(
            lang,
            "autoevaluation-ddrs",
            "ddrs-self-assessment",
            year,
            "xlsx",
        ),
    )
}

/// The choice made in the form.
#[derive(Debug, Deserialize)]
pub struct OpenQuery {
    pub year: i32,
    pub lang: Option<String>,
    pub format: Option<String>,
}

/// `GET /reports/sdg?year=…&lang=…&format=html|pdf`: the form's target.
pub async fn sdg_open(user: User, Query(q): Query<OpenQuery>) -> Result<Response, WebError> {
    let lang = report_lang(
        &user,
        &ReportQuery {
            lang: q.lang.clone(),
        },
    )?;
    let lang = match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    let to = match q.format.as_deref() {
        Some("pdf") => format!("/reports/sdg/{}/pdf?lang={lang}", q.year),
        None | Some("") | Some("html") => format!("/reports/sdg/{}?lang={lang}", q.year),
        Some(other) => {
            return Err(WebError(AppError::invalid(
                "format",
                ErrorCode::InvalidReportFormat,
                other,
            )));
        }
    };
    Ok(crate::page::see_other(&to))
}
