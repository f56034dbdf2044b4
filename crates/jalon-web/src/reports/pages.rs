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
use axum::response::{IntoResponse, Response};
use jalon_app::report::document::{DocumentFormat, DocumentRequest, ReportKind};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use serde::Deserialize;

/// A report page is a standalone document: its own style, no script, no framing elsewhere.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    page: Page,
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
        page: page(&user, "/reports", "reports", None)
            .with_sub("reports")
            .titled("reports-title"),
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

fn with_disposition(mut resp: Response, disposition: &str, name: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    resp
}

/// Language and SDG of a THE pack download.
#[derive(Debug, Deserialize)]
pub struct PackQuery {
    pub lang: Option<String>,
    pub sdg: Option<u8>,
}

/// Every report download: the document made by the one use case, a page shown in place
/// (with its own strict CSP), any other format saved as a file.
async fn download(
    Cx { state, user }: Cx,
    kind: ReportKind,
    format: DocumentFormat,
    year: i32,
    q: PackQuery,
) -> Result<Response, WebError> {
    let lang = report_lang(&user, &ReportQuery { lang: q.lang })?;
    let request = DocumentRequest {
        kind,
        format,
        year,
        lang,
        links: String::new(),
        sdg: q.sdg,
    };
    let doc = state.app.report_document(user.actor(), &request).await?;
    let mut resp = doc.bytes.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(doc.format.content_type()),
    );
    if format == DocumentFormat::Page {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(REPORT_CSP),
        );
        return Ok(with_disposition(resp, "inline", &doc.file_name));
    }
    Ok(with_disposition(resp, "attachment", &doc.file_name))
}

/// The download routes, one line each: `(handler, document, format)`.
macro_rules! downloads {
    ($($(#[$doc:meta])* $name:ident => $kind:ident, $format:ident, $query:ty;)*) => {$(
        $(#[$doc])*
        pub async fn $name(
            cx: Cx,
            Path(year): Path<i32>,
            Query(q): Query<$query>,
        ) -> Result<Response, WebError> {
            let q = PackQuery::from(q);
            download(cx, ReportKind::$kind, DocumentFormat::$format, year, q).await
        }
    )*};
}

impl From<ReportQuery> for PackQuery {
    fn from(q: ReportQuery) -> PackQuery {
        PackQuery {
            lang: q.lang,
            sdg: None,
        }
    }
}

downloads! {
    /// `GET /reports/sdg/{year}`: the SDG report as one page.
    sdg_html => Sdg, Page, ReportQuery;
    /// `GET /reports/sdg/{year}/pdf`: the SDG report as an accessible PDF.
    sdg_pdf => Sdg, Pdf, ReportQuery;
    /// `GET /reports/steering/{year}`: the steering report as one page.
    steering_html => Steering, Page, ReportQuery;
    /// `GET /reports/steering/{year}/pdf`.
    steering_pdf => Steering, Pdf, ReportQuery;
    /// `GET /reports/steering/{year}/xlsx`: targets, late actions, budget, missing values.
    steering_xlsx => Steering, Xlsx, ReportQuery;
    /// `GET /reports/carbon/{year}`: the carbon report as one page.
    carbon_html => Carbon, Page, ReportQuery;
    /// `GET /reports/carbon/{year}/pdf`.
    carbon_pdf => Carbon, Pdf, ReportQuery;
    /// `GET /reports/carbon/{year}/beges`: the regulatory BEGES table as XLSX.
    carbon_beges => Beges, Xlsx, ReportQuery;
    /// `GET /reports/the/{year}/xlsx`: the THE Impact submission pack.
    the_pack_xlsx => ThePack, Xlsx, PackQuery;
    /// `GET /reports/the/{year}/csv?sdg=N`: one SDG of the pack (all without `sdg`) as CSV.
    the_pack_csv => ThePack, Csv, PackQuery;
    /// `GET /reports/ddrs/{year}/xlsx`: the DD&RS self-assessment.
    ddrs_xlsx => Ddrs, Xlsx, ReportQuery;
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
