//! Action sheets (*fiches action*): the filtered list, the sheet with its history, the full edit form, the quick status and progress update, comments.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{CONTRIBUTOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/actions", VIEWER, pages::actions)
        .page(Method::GET, "/actions/{id}", VIEWER, pages::action)
        .page(
            Method::POST,
            "/actions/{id}",
            CONTRIBUTOR,
            pages::action_save,
        )
        .page(
            Method::GET,
            "/actions/{id}/edit",
            CONTRIBUTOR,
            pages::action_edit,
        )
        .page(
            Method::POST,
            "/actions/{id}/progress",
            CONTRIBUTOR,
            pages::action_progress,
        )
        .page(
            Method::POST,
            "/actions/{id}/comments",
            CONTRIBUTOR,
            pages::action_comment,
        )
        .api(VIEWER, routes!(api::actions))
        .api(VIEWER, routes!(api::action))
        .api(CONTRIBUTOR, routes!(api::action_update))
        .api(CONTRIBUTOR, routes!(api::action_progress))
        .api(CONTRIBUTOR, routes!(api::action_comment))
}
