//! The compensation fund: balances, levies by unit, the ledger, levy rules, reinvestments, the travel policy, and the what-if simulation.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/carbon/fund", VIEWER, pages::fund)
        .page(Method::POST, "/carbon/fund/rules", EDITOR, pages::rule_save)
        .page(
            Method::POST,
            "/carbon/fund/reinvestments",
            EDITOR,
            pages::reinvestment_add,
        )
        .page(
            Method::POST,
            "/carbon/fund/reinvestments/{id}/delete",
            EDITOR,
            pages::reinvestment_delete,
        )
        .page(
            Method::POST,
            "/carbon/settings",
            EDITOR,
            pages::settings_save,
        )
        .page(Method::GET, "/carbon/simulation", VIEWER, pages::simulation)
        .api(VIEWER, routes!(api::fund))
        .api(VIEWER, routes!(api::simulation))
}
