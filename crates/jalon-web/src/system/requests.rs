//! One log line per request, so that an operator can follow traffic and errors in the logs
//! (as text, or as JSON for a collector): the method, the route as declared (its template,
//! not the path, so ids and names typed in paths stay out of the logs), the status and the
//! time taken. Probes and static files are logged at `debug` only, so they do not drown the
//! rest. The same figures feed the metrics ([`super::metrics`]).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Logs the request once its response is ready (target `jalon_web::requests`) and counts it
/// in the metrics.
pub async fn log_request(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let in_flight = state.metrics.start();
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unknown)".to_string(), |p| p.as_str().to_string());
    let resp = next.run(req).await;
    let took = start.elapsed();
    drop(in_flight);
    state.metrics.record(&method, &route, resp.status(), took);
    let status = resp.status().as_u16();
    let ms = (took.as_secs_f64() * 10_000.0).round() / 10.0;
    let quiet = super::pages::PROBES.contains(&route.as_str()) || route.starts_with("/static/");
    if quiet {
        tracing::debug!(target: "jalon_web::requests", %method, route, status, ms, "request");
    } else if status >= 500 {
        tracing::warn!(target: "jalon_web::requests", %method, route, status, ms, "request");
    } else {
        tracing::info!(target: "jalon_web::requests", %method, route, status, ms, "request");
    }
    resp
}
