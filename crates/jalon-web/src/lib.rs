//! Jalon's web server: HTML pages (askama + htmx, French by default, English on request), the
//! JSON API under `/api/v1` with its OpenAPI document, sign-in and sessions.
//!
//! The crate is sliced by feature (`plan`, `actions`, `indicators`, `carbon`, `travel`,
//! `fund`, `sdg`, `research`, `reports`, `frameworks`, `accounts`, `system`), each with its
//! pages, API handlers and forms. Handlers are thin: they read typed input ([`extract`]),
//! call a use case of `jalon-app`, and render. Authentication, CSRF protection, security
//! headers and error pages are layers around every route, so no handler can forget them.
//! Every route is declared once in [`routes`] with the least role that may reach it, which
//! the tests walk role by role ([`routes::table`]).

pub mod assets;
pub mod auth;
pub mod error;
pub mod extract;
pub mod forms;
pub mod page;
pub mod routes;
pub mod widgets;

mod accounts;
mod actions;
mod campaigns;
mod carbon;
mod frameworks;
mod fund;
mod indicators;
mod journal;
mod notifications;
mod plan;
mod reports;
mod research;
mod sdg;
pub mod system;
mod travel;
mod versions;

use axum::Router;
pub use error::WebError;
use jalon_app::App;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: usize,
    /// A reverse proxy stands in front: the client's address is the last entry of
    /// `X-Forwarded-For` rather than the connection's.
    pub behind_proxy: bool,
    /// The bearer token a Prometheus scraper sends to `GET /metrics`; without one the
    /// endpoint does not exist.
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload_bytes: 64 * 1024 * 1024,
            behind_proxy: false,
            metrics_token: None,
        }
    }
}

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    /// The request counters behind `GET /metrics`.
    pub metrics: Arc<system::metrics::Metrics>,
}

impl AppState {
    /// State over the use cases `app`.
    pub fn new(app: App, config: WebConfig) -> Self {
        AppState {
            app,
            config: Arc::new(config),
            metrics: Arc::default(),
        }
    }
}

/// The whole web application.
pub fn router(state: AppState) -> Router {
    routes::build(state)
}
