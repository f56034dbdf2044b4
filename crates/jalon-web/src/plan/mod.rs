//! The strategy as a whole: the dashboard, the strategy tree, objective pages with their targets' status and trajectory charts, the plan check, and the plan's import and export.

pub(crate) mod api;
pub(crate) mod pages;

use crate::routes::{EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/", VIEWER, pages::dashboard)
        .page(Method::GET, "/strategy", VIEWER, pages::strategy)
        .page(Method::GET, "/objectives/{id}", VIEWER, pages::objective)
        .page(Method::GET, "/import", VIEWER, pages::import_page)
        .page(Method::POST, "/import", EDITOR, pages::import_upload)
        .page(
            Method::POST,
            "/import/{token}",
            EDITOR,
            pages::import_commit,
        )
        .page(Method::GET, "/export/{format}", VIEWER, pages::export)
        .page(Method::GET, "/template/{format}", VIEWER, pages::template)
        .page(Method::GET, "/check", VIEWER, pages::check)
        .api(VIEWER, routes!(api::strategy))
        .api(VIEWER, routes!(api::dashboard))
        .api(VIEWER, routes!(api::objective))
        .api(VIEWER, routes!(api::targets))
        .api(VIEWER, routes!(api::check))
        .api(VIEWER, routes!(api::plan_export))
        .api(EDITOR, routes!(api::plan_import))
}
