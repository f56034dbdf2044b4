//! The application around the features: health check, unknown paths, the About page (sources and licences), the OpenAPI document and its interactive documentation.

pub(crate) mod api;
pub(crate) mod pages;

use crate::routes::{PUBLIC, Routes, VIEWER};
use axum::http::Method;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/healthz", PUBLIC, pages::healthz)
        .page(Method::GET, "/static/{file}", PUBLIC, crate::assets::serve)
        .page(Method::GET, "/about", VIEWER, pages::about)
        .page(Method::GET, "/api/docs", VIEWER, api::docs_page)
        .page(Method::GET, "/api/docs/", VIEWER, api::docs_index)
        .page(Method::GET, "/api/docs/{*file}", VIEWER, api::docs_page)
        .page(
            Method::GET,
            "/api/v1/openapi.json",
            PUBLIC,
            api::openapi_json,
        )
}
