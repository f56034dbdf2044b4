//! The report editors: the THE Impact evidence bank, evidence items, the DD&RS self-assessment and the content of the SDG report's chapters.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{EDITOR, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/reports/the", VIEWER, pages::the_bank)
        .page(
            Method::POST,
            "/reports/the/{year}/answers/{indicator}",
            EDITOR,
            pages::the_answer_save,
        )
        .page(
            Method::POST,
            "/reports/the/{year}/answers/{indicator}/evidence",
            EDITOR,
            pages::the_evidence_link,
        )
        .page(
            Method::POST,
            "/reports/the/edition",
            EDITOR,
            pages::the_edition_import,
        )
        .page(Method::GET, "/reports/evidence", VIEWER, pages::evidence)
        .page(
            Method::POST,
            "/reports/evidence",
            EDITOR,
            pages::evidence_create,
        )
        .page(
            Method::POST,
            "/reports/evidence/{id}",
            EDITOR,
            pages::evidence_update,
        )
        .page(
            Method::POST,
            "/reports/evidence/{id}/delete",
            EDITOR,
            pages::evidence_delete,
        )
        .page(Method::GET, "/reports/ddrs", VIEWER, pages::ddrs)
        .page(
            Method::POST,
            "/reports/ddrs/{year}/items/{id}",
            EDITOR,
            pages::ddrs_assess,
        )
        .page(
            Method::POST,
            "/reports/ddrs/{year}/items/{id}/evidence",
            EDITOR,
            pages::ddrs_evidence_link,
        )
        .page(
            Method::POST,
            "/reports/ddrs/import",
            EDITOR,
            pages::ddrs_import,
        )
        .page(Method::GET, "/reports/content", VIEWER, pages::content)
        .page(
            Method::POST,
            "/reports/content/blocks",
            EDITOR,
            pages::block_create,
        )
        .page(
            Method::POST,
            "/reports/content/blocks/{id}",
            EDITOR,
            pages::block_update,
        )
        .page(
            Method::POST,
            "/reports/content/blocks/{id}/delete",
            EDITOR,
            pages::block_delete,
        )
        .page(
            Method::POST,
            "/reports/content/highlights/{goal}",
            EDITOR,
            pages::highlights_save,
        )
        .api(VIEWER, routes!(api::the_bank))
        .api(EDITOR, routes!(api::the_answer))
        .api(EDITOR, routes!(api::the_evidence_link))
        .api(VIEWER, routes!(api::evidence))
        .api(EDITOR, routes!(api::evidence_create))
        .api(EDITOR, routes!(api::evidence_update))
        .api(EDITOR, routes!(api::evidence_delete))
        .api(VIEWER, routes!(api::ddrs))
        .api(EDITOR, routes!(api::ddrs_assess))
        .api(VIEWER, routes!(api::blocks))
        .api(EDITOR, routes!(api::block_create))
        .api(EDITOR, routes!(api::block_update))
        .api(EDITOR, routes!(api::block_delete))
        .api(VIEWER, routes!(api::highlights))
        .api(EDITOR, routes!(api::highlights_set))
}
