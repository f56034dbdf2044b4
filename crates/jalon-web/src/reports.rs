//! Report pages: choose a report, a year and a language; preview it as a page, download it as
//! HTML or as a PDF. The documents are made by `jalon-app` (content) and `jalon-report`
//! (rendering), the same as `jalon report` on the command line.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use jalon_app::AppError;
use jalon_core::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::auth::User;
use crate::error::WebError;
use crate::pages::{PageResult, page, render};
use crate::views::Page;

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
        page: page(&user, "/reports", "reports", None),
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
        Some(other) => Err(WebError(AppError::invalid("lang", "invalid_lang", other))),
    }
}

fn file_name(lang: Lang, year: i32, ext: &str) -> String {
    match lang {
        Lang::Fr => format!("rapport-odd-{year}-fr.{ext}"),
        Lang::En => format!("sdg-report-{year}-en.{ext}"),
    }
}

/// `GET /reports/sdg/{year}`: the report as one page (`?download=1` to save it).
pub async fn sdg_html(
    State(state): State<AppState>,
    user: User,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let lang = report_lang(&user, &q)?;
    let report = state.app.sdg_report(user.actor(), year, lang, "").await?;
    let mut resp = Html(jalon_report::html::page(&report)).into_response();
    resp.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"{}\"",
        file_name(lang, year, "html")
    )) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// `GET /reports/sdg/{year}/pdf`: the report as an accessible PDF.
pub async fn sdg_pdf(
    State(state): State<AppState>,
    user: User,
    Path(year): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let lang = report_lang(&user, &q)?;
    let report = state.app.sdg_report(user.actor(), year, lang, "").await?;
    let pdf = tokio::task::spawn_blocking(move || jalon_report::pdf::render(&report))
        .await
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    let mut resp = pdf.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        file_name(lang, year, "pdf")
    )) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    Ok(resp)
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
                "invalid_report_format",
                other,
            )));
        }
    };
    Ok(crate::pages::see_other(&to))
}
