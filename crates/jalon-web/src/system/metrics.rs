//! What a Prometheus server scrapes at `GET /metrics`: the requests answered (by method,
//! route and status class), the time they took (a histogram by method and route), the
//! requests in flight, and the queue of uploaded files (being read, waiting for a reader).
//!
//! Routes are labelled by their declared template (`/actions/{id}`), so the number of series
//! is bounded by the route table whatever the traffic. The endpoint answers only when a
//! `metrics_token` is configured, to a scraper that sends it as a bearer token: the figures
//! say who uses what, and are not for everyone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::AppState;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Upper bounds of the latency histogram's buckets, in seconds (then `+Inf`).
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The figures of one method and route.
#[derive(Debug, Default, Clone)]
struct RouteFigures {
    /// Requests by status class: 1xx … 5xx.
    by_class: [u64; 5],
    /// Requests by the first bucket they fit in (the last one: over the last bound).
    buckets: [u64; BUCKETS.len() + 1],
    seconds: f64,
}

/// The server's counters since it started.
#[derive(Debug)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(String, String), RouteFigures>>,
    in_flight: AtomicI64,
    started: SystemTime,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            routes: Mutex::new(BTreeMap::new()),
            in_flight: AtomicI64::new(0),
            started: SystemTime::now(),
        }
    }
}

/// A request being answered: counted in flight until it is dropped.
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Counts a request as in flight until the returned guard is dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self)
    }

    /// Records an answered request.
    pub fn record(&self, method: &Method, route: &str, status: StatusCode, took: Duration) {
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|le| seconds <= *le)
            .unwrap_or(BUCKETS.len());
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let f = routes
            .entry((method.as_str().to_string(), route.to_string()))
            .or_default();
        f.by_class[class] += 1;
        f.buckets[bucket] += 1;
        f.seconds += seconds;
    }

    /// The figures in Prometheus' text format (version 0.0.4), with the file queue's.
    pub fn render(&self, files_being_read: usize, files_waiting: usize) -> String {
        let routes = self
            .routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut out = String::new();
        header(
            &mut out,
            "jalon_http_requests_total",
            "counter",
            "Requests answered, by method, route and status class.",
        );
        for ((method, route), f) in &routes {
            for (i, n) in f.by_class.iter().enumerate().filter(|(_, n)| **n > 0) {
                let labels = labels(method, route);
                let _ = writeln!(
                    out,
                    "jalon_http_requests_total{{{labels},status=\"{}xx\"}} {n}",
                    i + 1
                );
            }
        }
        header(
            &mut out,
            "jalon_http_request_duration_seconds",
            "histogram",
            "Time to answer a request, by method and route.",
        );
        for ((method, route), f) in &routes {
            let labels = labels(method, route);
            let mut cumulative = 0;
            for (i, n) in f.buckets.iter().enumerate() {
                cumulative += n;
                let le = BUCKETS.get(i).map_or("+Inf".to_string(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "jalon_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "jalon_http_request_duration_seconds_sum{{{labels}}} {}",
                f.seconds
            );
            let _ = writeln!(
                out,
                "jalon_http_request_duration_seconds_count{{{labels}}} {cumulative}"
            );
        }
        let gauges = [
            (
                "jalon_http_requests_in_flight",
                "Requests being answered now.",
                self.in_flight.load(Ordering::Relaxed) as f64,
            ),
            (
                "jalon_files_being_read",
                "Uploaded files being read now (at most two at a time).",
                files_being_read as f64,
            ),
            (
                "jalon_files_waiting",
                "Uploaded files waiting for a reader.",
                files_waiting as f64,
            ),
            (
                "process_start_time_seconds",
                "Start time of the process, in seconds since the Unix epoch.",
                self.started
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()) as f64,
            ),
        ];
        for (name, help, value) in gauges {
            header(&mut out, name, "gauge", help);
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// The method and route labels, escaped as the text format wants.
fn labels(method: &str, route: &str) -> String {
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    format!("method=\"{}\",route=\"{}\"", escape(method), escape(route))
}

/// `GET /metrics`: the figures, for a scraper that sends the configured `metrics_token` as a
/// bearer token. Without a configured token the endpoint does not exist (404); with a wrong
/// or missing one it is refused (401). Its answers are plain text for a machine, never a
/// page or a redirect to the sign-in.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.config.metrics_token.as_deref() else {
        return (
            StatusCode::NOT_FOUND,
            "no metrics: metrics_token is not set",
        )
            .into_response();
    };
    let sent = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Digests compared, so the time taken says nothing about the token's characters.
    if jalon_app::auth::sha256_hex(sent) != jalon_app::auth::sha256_hex(expected) {
        return (
            StatusCode::UNAUTHORIZED,
            [(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            "the metrics token is missing or wrong",
        )
            .into_response();
    }
    let body = state
        .metrics
        .render(state.app.files_being_read(), state.app.files_waiting());
    (
        StatusCode::OK,
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_counts_requests_and_buckets_them() {
        let m = Metrics::default();
        let get = Method::GET;
        m.record(
            &get,
            "/actions/{id}",
            StatusCode::OK,
            Duration::from_millis(3),
        );
        m.record(
            &get,
            "/actions/{id}",
            StatusCode::OK,
            Duration::from_millis(70),
        );
        m.record(
            &get,
            "/actions/{id}",
            StatusCode::NOT_FOUND,
            Duration::from_secs(20),
        );
        let _busy = m.start();
        let text = m.render(1, 4);
        for line in [
            "jalon_http_requests_total{method=\"GET\",route=\"/actions/{id}\",status=\"2xx\"} 2",
            "jalon_http_requests_total{method=\"GET\",route=\"/actions/{id}\",status=\"4xx\"} 1",
            "jalon_http_request_duration_seconds_bucket{method=\"GET\",route=\"/actions/{id}\",le=\"0.005\"} 1",
            "jalon_http_request_duration_seconds_bucket{method=\"GET\",route=\"/actions/{id}\",le=\"0.05\"} 1",
            "jalon_http_request_duration_seconds_bucket{method=\"GET\",route=\"/actions/{id}\",le=\"0.1\"} 2",
            "jalon_http_request_duration_seconds_bucket{method=\"GET\",route=\"/actions/{id}\",le=\"10\"} 2",
            "jalon_http_request_duration_seconds_bucket{method=\"GET\",route=\"/actions/{id}\",le=\"+Inf\"} 3",
            "jalon_http_request_duration_seconds_count{method=\"GET\",route=\"/actions/{id}\"} 3",
            "jalon_http_requests_in_flight 1",
            "jalon_files_being_read 1",
            "jalon_files_waiting 4",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
        assert!(!text.contains("status=\"5xx\""), "no 5xx was answered");
        drop(_busy);
        assert!(m.render(0, 0).contains("jalon_http_requests_in_flight 0"));
        // Every sample line is `name{labels} value` or `name value`, with a number.
        for l in text.lines().filter(|l| !l.starts_with('#')) {
            let value = l.rsplit(' ').next().unwrap_or_default();
            assert!(value.parse::<f64>().is_ok(), "{l}");
        }
        assert_eq!(
            labels("GET", "a\"b\\c"),
            "method=\"GET\",route=\"a\\\"b\\\\c\""
        );
    }
}
