//! Indicators and their yearly values: the list, the indicator page with its values in review (draft → submitted → validated) and the entry form.

pub(crate) mod api;
pub(crate) mod pages;

use crate::routes::{CONTRIBUTOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/indicators", VIEWER, pages::indicators)
        .page(Method::GET, "/indicators/{id}", VIEWER, pages::indicator)
        .page(
            Method::POST,
            "/indicators/{id}/measurements",
            CONTRIBUTOR,
            pages::measurement_save,
        )
        .page(
            Method::POST,
            "/measurements/{id}/state",
            CONTRIBUTOR,
            pages::measurement_state,
        )
        .page(
            Method::POST,
            "/measurements/{id}/delete",
            CONTRIBUTOR,
            pages::measurement_delete,
        )
        .api(VIEWER, routes!(api::indicators))
        .api(VIEWER, routes!(api::indicator))
        .api(CONTRIBUTOR, routes!(api::measurement_create))
        .api(CONTRIBUTOR, routes!(api::measurement_state))
        .api(CONTRIBUTOR, routes!(api::measurement_delete))
}
