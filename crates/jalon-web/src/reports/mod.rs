//! The reports of a year (SDG, steering, carbon) previewed as a page or downloaded as a PDF or a workbook, and the framework exports.

pub(crate) mod pages;

use crate::routes::{Routes, VIEWER};
use axum::http::Method;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/reports", VIEWER, pages::index)
        .page(Method::GET, "/reports/sdg", VIEWER, pages::sdg_open)
        .page(Method::GET, "/reports/sdg/{year}", VIEWER, pages::sdg_html)
        .page(
            Method::GET,
            "/reports/sdg/{year}/pdf",
            VIEWER,
            pages::sdg_pdf,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}",
            VIEWER,
            pages::steering_html,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}/pdf",
            VIEWER,
            pages::steering_pdf,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}/xlsx",
            VIEWER,
            pages::steering_xlsx,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}",
            VIEWER,
            pages::carbon_html,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}/pdf",
            VIEWER,
            pages::carbon_pdf,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}/beges",
            VIEWER,
            pages::carbon_beges,
        )
        .page(
            Method::GET,
            "/reports/the/{year}/xlsx",
            VIEWER,
            pages::the_pack_xlsx,
        )
        .page(
            Method::GET,
            "/reports/the/{year}/csv",
            VIEWER,
            pages::the_pack_csv,
        )
        .page(
            Method::GET,
            "/reports/ddrs/{year}/xlsx",
            VIEWER,
            pages::ddrs_xlsx,
        )
}
