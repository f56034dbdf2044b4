//! Business travel: missions imported from GES 1point5 or expense files, each trip's distance, factor and formula, places to fix, and the trip calculator; the footprint of a trip at claim time for expense systems.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{CONTRIBUTOR, EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/carbon/missions", VIEWER, pages::missions)
        .page(
            Method::POST,
            "/carbon/missions/import",
            CONTRIBUTOR,
            pages::missions_import,
        )
        .page(
            Method::GET,
            "/carbon/missions/export",
            VIEWER,
            pages::missions_export,
        )
        .page(
            Method::POST,
            "/carbon/missions/batches/{id}/delete",
            CONTRIBUTOR,
            pages::batch_delete,
        )
        .page(
            Method::POST,
            "/carbon/mappings",
            CONTRIBUTOR,
            pages::mapping_save,
        )
        .page(Method::GET, "/carbon/places", VIEWER, pages::places)
        .page(
            Method::POST,
            "/carbon/places/fix",
            CONTRIBUTOR,
            pages::place_fix,
        )
        .page(
            Method::POST,
            "/carbon/places/fixes/{id}/delete",
            EDITOR,
            pages::place_fix_delete,
        )
        .page(Method::GET, "/carbon/calculator", VIEWER, pages::calculator)
        .api(VIEWER, routes!(api::travel_footprint))
        .api(VIEWER, routes!(api::trips))
        .api(CONTRIBUTOR, routes!(api::trips_import))
        .api(VIEWER, routes!(api::unresolved_places))
        .api(CONTRIBUTOR, routes!(api::place_fix))
}
