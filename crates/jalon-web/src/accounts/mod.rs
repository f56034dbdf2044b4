//! Who may come in: sign-in and sign-out, the language switch, accounts and roles (administrators), one's own password and API tokens.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;

use crate::routes::{ADMIN, PUBLIC, Routes, VIEWER};
use axum::http::Method;
use utoipa_axum::routes;

/// The routes of this feature, each declared once with who may reach it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/login", PUBLIC, pages::login_page)
        .page(Method::POST, "/login", PUBLIC, pages::login)
        .page(Method::GET, "/lang/{lang}", PUBLIC, pages::set_lang)
        .page(Method::POST, "/logout", VIEWER, pages::logout)
        .page(Method::GET, "/users", ADMIN, pages::users)
        .page(Method::POST, "/users", ADMIN, pages::user_add)
        .page(Method::POST, "/users/{username}", ADMIN, pages::user_update)
        .page(Method::GET, "/account", VIEWER, pages::account)
        .page(
            Method::POST,
            "/account/password",
            VIEWER,
            pages::account_password,
        )
        .page(Method::POST, "/account/tokens", VIEWER, pages::token_create)
        .page(
            Method::POST,
            "/account/tokens/{id}/revoke",
            VIEWER,
            pages::token_revoke,
        )
        .api(VIEWER, routes!(api::me))
        .api(ADMIN, routes!(api::users))
        .api(ADMIN, routes!(api::user_create))
        .api(VIEWER, routes!(api::tokens))
        .api(VIEWER, routes!(api::token_create))
        .api(VIEWER, routes!(api::token_revoke))
}
