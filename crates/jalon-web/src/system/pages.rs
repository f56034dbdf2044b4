//! The pages around the features: the health check, unknown paths and the About page.

use crate::AppState;
use crate::auth::User;
use crate::error::WebError;
use crate::page::{Page, PageResult, page, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jalon_app::AppError;

// ---------------------------------------------------------------------------------------
// Public pages

/// The probes of a supervisor or load balancer: answered without a session, in plain text.
pub const PROBES: [&str; 3] = ["/health", "/ready", "/healthz"];

/// `GET /health`: the process answers (liveness: restart it when this fails). It reads
/// nothing, so a busy or unreachable database does not make it fail.
pub async fn health() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// `GET /ready` (and `GET /healthz`, its older name): the database answers and its schema is
/// current (readiness: send traffic only when this succeeds).
pub async fn ready(State(state): State<AppState>) -> Response {
    match state.app.store().pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ok").into_response(),
        Ok(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{n} migration(s) pending"),
        )
            .into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// Unknown paths.
pub async fn not_found() -> WebError {
    WebError(AppError::NotFound("page"))
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    page: Page,
    version: &'static str,
    backend: &'static str,
}

/// `GET /about`: version and attributions.
pub async fn about(State(state): State<AppState>, user: User) -> PageResult {
    render(&AboutPage {
        page: page(&user, "/about", "about", None),
        version: crate::assets::VERSION,
        backend: state.app.store().backend().as_str(),
    })
}
