//! The API's description: the OpenAPI document (its operations come from the declared
//! routes, its title, security schemes and tags from here) and the interactive documentation.

use crate::auth::User;
use crate::error::WebError;
use axum::extract::Path;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jalon_app::AppError;
use std::sync::{Arc, OnceLock};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

// ---------------------------------------------------------------------------------------
// Documents

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jalon API",
        description = "Strategy, action plan and indicators of an institution's sustainability and social-responsibility strategy. Authenticate with `Authorization: Bearer jalon_…` (tokens are created on the account page) or, from the browser, with the session cookie and the `X-CSRF-Token` header on writes.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&SecurityAddon),
    security(("bearer" = []), ("session" = [])),
    tags((name = "plan", description = "Strategy tree, targets and statuses"), (name = "indicators", description = "Indicators and measurements"), (name = "actions", description = "Action sheets"), (name = "accounts", description = "Accounts and API tokens"), (name = "campaigns", description = "The yearly data-collection campaign: items owed, submitted, validated or returned"), (name = "notifications", description = "What Jalon told the caller, and their mail digest settings"), (name = "journal", description = "The journal of changes: who changed what, when"), (name = "carbon", description = "Inventories, business travel, the compensation fund"), (name = "sdg", description = "SDG classifier, tags, research and teaching inventories"), (name = "reports", description = "THE Impact evidence bank, evidence items, DD&RS self-assessment, report content"))
)]
pub struct ApiDoc;

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("jalon_…")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The document as JSON, built once.
pub fn openapi_document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        doc.merge(crate::routes::openapi());
        doc.to_json().unwrap_or_else(|_| "{}".to_string())
    })
}

/// `GET /api/v1/openapi.json` (public: it describes, it does not expose data).
pub async fn openapi_json() -> Response {
    let mut resp = openapi_document().into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// `GET /api/docs/`: the interactive documentation (signed in).
pub async fn docs_index(user: User) -> Response {
    docs_file(user, "index.html")
}

/// `GET /api/docs` and `/api/docs/{*file}`: files of the interactive documentation.
pub async fn docs_page(user: User, file: Option<Path<String>>) -> Response {
    match file {
        Some(Path(file)) => docs_file(user, &file),
        None => Redirect::to("/api/docs/").into_response(),
    }
}

fn docs_file(user: User, file: &str) -> Response {
    let _ = user;
    static CONFIG: OnceLock<Arc<utoipa_swagger_ui::Config<'static>>> = OnceLock::new();
    let config =
        CONFIG.get_or_init(|| Arc::new(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])));
    match utoipa_swagger_ui::serve(file, Arc::clone(config)) {
        Ok(Some(f)) => {
            let mut resp = f.bytes.into_owned().into_response();
            if let Ok(v) = HeaderValue::from_str(&f.content_type) {
                resp.headers_mut().insert(CONTENT_TYPE, v);
            }
            if f.gzpipped {
                resp.headers_mut()
                    .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            resp.headers_mut().insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
                ),
            );
            resp
        }
        Ok(None) => WebError(AppError::NotFound("page")).into_response(),
        Err(e) => WebError(AppError::Internal(e.to_string())).into_response(),
    }
}
