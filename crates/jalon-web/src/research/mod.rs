//! Research and teaching inventories: projects, publications and courses with their SDGs, figures per year, heat maps per lab and programme, and their imports.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{CONTRIBUTOR, EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/research", VIEWER, pages::research)
        .page(
            Method::GET,
            "/research/publications",
            VIEWER,
            pages::publications,
        )
        .page(
            Method::POST,
            "/research/import",
            CONTRIBUTOR,
            pages::research_import,
        )
        .page(
            Method::POST,
            "/inventories/imports/{id}/delete",
            EDITOR,
            pages::import_delete,
        )
        .page(Method::GET, "/teaching", VIEWER, pages::teaching)
        .page(
            Method::POST,
            "/teaching/import",
            EDITOR,
            pages::teaching_import,
        )
        .page(
            Method::POST,
            "/teaching/courses/{id}/focus",
            EDITOR,
            pages::course_focus,
        )
        .api(VIEWER, routes!(api::projects))
        .api(CONTRIBUTOR, routes!(api::projects_import))
        .api(VIEWER, routes!(api::publications))
        .api(CONTRIBUTOR, routes!(api::publications_import))
        .api(VIEWER, routes!(api::research_years))
        .api(VIEWER, routes!(api::teaching))
        .api(EDITOR, routes!(api::courses_import))
}
