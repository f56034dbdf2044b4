//! What a supervisor and a monitoring server see: the probes answer without a session, and
//! `GET /metrics` counts the requests by route template for the scraper that holds the
//! configured token, and for no one else.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use jalon_web::WebConfig;

const TOKEN: &str = "a-scraper-token-of-thirty-two-ch";

#[tokio::test]
async fn the_probes_answer_without_a_session() {
    let t = TestApp::demo().await;
    for probe in ["/health", "/ready", "/healthz"] {
        let r = t.get(probe, None).await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (StatusCode::OK, "ok"),
            "{probe}"
        );
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_for_the_scraper_only() {
    let t = TestApp::demo_with(WebConfig {
        metrics_token: Some(TOKEN.to_string()),
        ..WebConfig::default()
    })
    .await;
    let editor = t.login("editeur").await;
    let action = t.view().await.action_id("C1.O1.A1").expect("a demo action");
    for _ in 0..3 {
        let r = t.get(&format!("/actions/{action}"), Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    assert_eq!(
        t.get("/no/such/page", None).await.status,
        StatusCode::NOT_FOUND
    );

    // Without the token, or with another one (a session's included), nothing is told.
    assert_eq!(
        t.get("/metrics", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        t.get("/metrics", Some(&editor)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let other = t.token("admin", "not-the-scraper").await;
    assert_eq!(
        t.api_get("/metrics", &other).await.status,
        StatusCode::UNAUTHORIZED
    );

    let r = t.api_get("/metrics", TOKEN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/plain; version=0.0.4"),
        "{}",
        r.content_type
    );
    let lines: Vec<&str> = r.body.lines().collect();
    for expected in [
        "jalon_http_requests_total{method=\"GET\",route=\"/actions/{id}\",status=\"2xx\"} 3",
        "jalon_http_requests_total{method=\"GET\",route=\"(unknown)\",status=\"4xx\"} 1",
        "jalon_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"4xx\"} 3",
        "jalon_http_request_duration_seconds_count{method=\"GET\",route=\"/actions/{id}\"} 3",
        "jalon_http_requests_in_flight 1",
        "jalon_files_being_read 0",
        "jalon_files_waiting 0",
    ] {
        assert!(
            lines.contains(&expected),
            "missing {expected} in\n{}",
            r.body
        );
    }
    // The ids of the paths never become labels.
    assert!(
        !r.body.contains(&format!("/actions/{action}\"")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn without_a_configured_token_there_are_no_metrics() {
    let t = TestApp::demo().await;
    assert_eq!(
        t.api_get("/metrics", TOKEN).await.status,
        StatusCode::NOT_FOUND
    );
}
