//! Greenhouse-gas inventories: the footprint of a year and its trend, inventories and their activity lines, emission factors, and the plan indicators fed by the inventories.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{CONTRIBUTOR, EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/carbon", VIEWER, pages::overview)
        .page(Method::POST, "/carbon/links", EDITOR, pages::links_save)
        .page(
            Method::GET,
            "/carbon/inventories",
            VIEWER,
            pages::inventories,
        )
        .page(
            Method::POST,
            "/carbon/inventories",
            CONTRIBUTOR,
            pages::inventory_create,
        )
        .page(
            Method::GET,
            "/carbon/inventories/{id}",
            VIEWER,
            pages::inventory,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/activities",
            CONTRIBUTOR,
            pages::activity_add,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/activities/{activity}/delete",
            CONTRIBUTOR,
            pages::activity_delete,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/import",
            CONTRIBUTOR,
            pages::activities_import,
        )
        .page(
            Method::GET,
            "/carbon/inventories/{id}/activities.csv",
            VIEWER,
            pages::activities_export,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/travel",
            CONTRIBUTOR,
            pages::inventory_travel,
        )
        .page(Method::GET, "/carbon/factors", VIEWER, pages::factors)
        .page(
            Method::POST,
            "/carbon/factors",
            EDITOR,
            pages::factors_import,
        )
        .api(VIEWER, routes!(api::footprint))
        .api(VIEWER, routes!(api::trend))
        .api(VIEWER, routes!(api::inventories))
        .api(VIEWER, routes!(api::inventory))
        .api(CONTRIBUTOR, routes!(api::activity_create))
        .api(VIEWER, routes!(api::factors))
}
