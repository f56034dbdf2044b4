//! The 17 SDGs: the overview and a page per goal, the explainable classifier, suggestions to confirm or reject, and the SDG block shown on every tagged element.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
pub(crate) mod tags;

use crate::routes::{CONTRIBUTOR, EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/sdg", VIEWER, pages::overview)
        .page(Method::POST, "/sdg/links", EDITOR, pages::links_save)
        .page(Method::GET, "/sdg/goals/{n}", VIEWER, pages::goal)
        .page(Method::GET, "/sdg/classify", VIEWER, pages::classify_page)
        .page(Method::POST, "/sdg/classify", VIEWER, pages::classify)
        .page(Method::GET, "/sdg/suggestions", VIEWER, pages::suggestions)
        .page(Method::POST, "/sdg/suggest", EDITOR, pages::suggest)
        .page(Method::POST, "/sdg/tags", CONTRIBUTOR, pages::tag_add)
        .page(
            Method::POST,
            "/sdg/tags/{id}/confirm",
            CONTRIBUTOR,
            pages::tag_confirm,
        )
        .page(
            Method::POST,
            "/sdg/tags/{id}/reject",
            CONTRIBUTOR,
            pages::tag_reject,
        )
        .page(
            Method::POST,
            "/sdg/tags/{id}/delete",
            CONTRIBUTOR,
            pages::tag_delete,
        )
        .api(VIEWER, routes!(api::classify))
        .api(VIEWER, routes!(api::goals))
        .api(VIEWER, routes!(api::summary))
        .api(VIEWER, routes!(api::tags))
        .api(CONTRIBUTOR, routes!(api::tag_add))
        .api(CONTRIBUTOR, routes!(api::decision))
}
