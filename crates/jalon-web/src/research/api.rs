//! Research and teaching inventories in the JSON API: projects, publications, figures per year,
//! courses, and their imports.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Query, created};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use jalon_app::sdg::research::PublicationFilter;
use jalon_app::sdg::research::{
    InventoryFile, InventoryImportReport, ProjectView, PublicationPage, ResearchYear,
};
use jalon_app::sdg::teaching::TeachingView;
use jalon_app::{AppError, ErrorCode};
use jalon_io::inventories::PublicationFormat;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filter of the projects.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LabQuery {
    pub lab: Option<String>,
}

/// Research projects with their tags.
#[utoipa::path(get, path = "/api/v1/research/projects", tag = "sdg", params(LabQuery), responses((status = 200, body = Vec<ProjectView>)))]
pub async fn projects(
    Cx { state, user }: Cx,
    Query(q): Query<LabQuery>,
) -> ApiResult<Json<Vec<ProjectView>>> {
    Ok(Json(
        state.app.projects(user.actor(), q.lab.as_deref()).await?,
    ))
}

/// How a file in the body is imported.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// File name shown in errors and the history.
    pub file_name: Option<String>,
    /// Import the valid records and report the others (default: refuse the file).
    pub skip_invalid: Option<bool>,
    /// Publications: `hal-csv`, `hal-json` or `bibtex` (default: detected).
    pub format: Option<String>,
}

impl ImportQuery {
    /// The request's body as the file to import, named `file_name` or else `default`.
    fn file<'a>(&'a self, body: &'a [u8], default: &'a str) -> InventoryFile<'a> {
        InventoryFile {
            bytes: body,
            file_name: self.file_name.as_deref().unwrap_or(default),
            skip_invalid: self.skip_invalid.unwrap_or(false),
            illustrative: false,
        }
    }
}

/// Imports research projects (CSV/XLSX in the body) and suggests their SDGs.
#[utoipa::path(post, path = "/api/v1/research/projects", tag = "sdg", params(ImportQuery),
    request_body(content = Vec<u8>, description = "CSV or XLSX", content_type = "application/octet-stream"),
    responses((status = 201, body = InventoryImportReport), (status = 422, description = "Refused, with located problems", body = ErrorBody)))]
pub async fn projects_import(
    Cx { state, user }: Cx,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let file = q.file(&body, "projects.csv");
    let r = state
        .app
        .import_projects(user.actor(), &file, user.lang)
        .await?;
    created(r)
}

/// Filters of the publications.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PublicationQuery {
    pub year: Option<i32>,
    pub lab: Option<String>,
    pub offset: Option<u64>,
    /// At most 1000 (default 100).
    pub limit: Option<u64>,
}

/// Publications with their tags.
#[utoipa::path(get, path = "/api/v1/research/publications", tag = "sdg", params(PublicationQuery), responses((status = 200, body = PublicationPage)))]
pub async fn publications(
    Cx { state, user }: Cx,
    Query(q): Query<PublicationQuery>,
) -> ApiResult<Json<PublicationPage>> {
    let filter = PublicationFilter {
        year: q.year,
        lab: q.lab,
        import_id: None,
    };
    Ok(Json(
        state
            .app
            .publications(
                user.actor(),
                &filter,
                q.offset.unwrap_or(0),
                q.limit.unwrap_or(100),
            )
            .await?,
    ))
}

/// Imports publications (HAL CSV or JSON, BibTeX in the body) and suggests their SDGs.
#[utoipa::path(post, path = "/api/v1/research/publications", tag = "sdg", params(ImportQuery),
    request_body(content = Vec<u8>, description = "HAL CSV or JSON export, or BibTeX", content_type = "application/octet-stream"),
    responses((status = 201, body = InventoryImportReport), (status = 422, description = "Refused, with located problems", body = ErrorBody)))]
pub async fn publications_import(
    Cx { state, user }: Cx,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let format = match q.format.as_deref() {
        Some(f) => Some(
            PublicationFormat::parse(f)
                .ok_or_else(|| AppError::invalid("format", ErrorCode::InvalidFormat, f))?,
        ),
        None => None,
    };
    let file = q.file(&body, "publications");
    let r = state
        .app
        .import_publications(user.actor(), &file, format, user.lang)
        .await?;
    created(r)
}

/// Research figures per year: projects running, with a confirmed SDG (by lab), publications.
#[utoipa::path(get, path = "/api/v1/research/years", tag = "sdg", responses((status = 200, body = Vec<ResearchYear>)))]
pub async fn research_years(Cx { state, user }: Cx) -> ApiResult<Json<Vec<ResearchYear>>> {
    Ok(Json(state.app.research_years(user.actor()).await?))
}

/// Programmes, courses with their focus and SDGs, and the shares addressing sustainability.
#[utoipa::path(get, path = "/api/v1/teaching", tag = "sdg", responses((status = 200, body = TeachingView)))]
pub async fn teaching(State(state): State<AppState>, user: User) -> ApiResult<Json<TeachingView>> {
    Ok(Json(state.app.teaching(user.actor()).await?))
}

/// Imports programmes and courses (CSV/XLSX in the body), classified on the way.
#[utoipa::path(post, path = "/api/v1/teaching/courses", tag = "sdg", params(ImportQuery),
    request_body(content = Vec<u8>, description = "CSV or XLSX", content_type = "application/octet-stream"),
    responses((status = 201, body = InventoryImportReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn courses_import(
    Cx { state, user }: Cx,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let file = q.file(&body, "courses.csv");
    let r = state
        .app
        .import_courses(user.actor(), &file, user.lang)
        .await?;
    created(r)
}
