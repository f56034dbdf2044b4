//! Every failure of the JSON API answers with Jalon's envelope
//! `{"error": {"code", "message", …}}` and a stable code, whatever refused the request: a
//! path parameter of the wrong kind, a body that is not JSON, of another content type, with
//! an unknown field or over the size limit, a method the path does not take. The test walks
//! every API route of the route table.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, TestApp};
use jalon_app::ErrorCode;
use jalon_web::WebConfig;
use jalon_web::routes::table;

/// The envelope of a failed API call, with a known code; returns the code.
fn envelope(r: &Reply, what: &str) -> String {
    assert!(
        r.content_type.starts_with("application/json"),
        "{what}: {} {} is not JSON: {}",
        r.status,
        r.content_type,
        r.body.chars().take(200).collect::<String>()
    );
    let v = r.json();
    let code = v["error"]["code"].as_str().unwrap_or_default().to_string();
    let known = ErrorCode::ALL.iter().find(|c| c.as_str() == code);
    assert!(known.is_some(), "{what}: unknown code {code:?} in {v}");
    assert_eq!(
        known.map(|c| c.status()),
        Some(r.status.as_u16()),
        "{what}: the status is the code's"
    );
    assert!(!error_text(r, "message").is_empty(), "{what}: a message");
    code
}

/// The route's path with every parameter replaced by `value`.
fn fill(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

async fn call(
    t: &TestApp,
    token: &str,
    method: &Method,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Reply {
    let mut b = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    t.send(b.body(Body::from(body)).expect("request")).await
}

/// A `GET` without a body.
async fn get(t: &TestApp, token: &str, path: &str) -> Reply {
    call(t, token, &Method::GET, path, None, Vec::new()).await
}

/// A text field of the reply's error envelope (empty when missing).
fn error_text(r: &Reply, field: &str) -> String {
    let v = r.json();
    v["error"][field].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn every_api_failure_is_the_envelope() {
    let t = TestApp::demo_with(WebConfig {
        max_upload_bytes: 64 * 1024,
        ..WebConfig::default()
    })
    .await;
    let token = t.token("editeur", "envelope").await;
    let routes: Vec<_> = table().into_iter().filter(|r| r.api).collect();
    assert!(routes.len() > 60, "{} API routes", routes.len());
    let mut checked = 0;
    for r in &routes {
        let with_body = [Method::POST, Method::PUT, Method::PATCH].contains(&r.method);
        // A path parameter of the wrong kind.
        if r.path.contains('{') {
            let path = fill(&r.path, "pas-un-nombre");
            let reply = call(
                &t,
                &token,
                &r.method,
                &path,
                Some("application/json"),
                b"{}".to_vec(),
            )
            .await;
            assert!(
                reply.status.is_client_error(),
                "{} {path}: {}",
                r.method,
                reply.status
            );
            envelope(&reply, &format!("{} {path}", r.method));
            checked += 1;
        }
        let path = fill(&r.path, "1");
        if with_body {
            // Not JSON, unknown fields, another content type, too large.
            for (what, ct, body) in [
                (
                    "broken JSON",
                    Some("application/json"),
                    b"{\"title\": ".to_vec(),
                ),
                (
                    "unknown field",
                    Some("application/json"),
                    b"{\"champ_inconnu\": 1}".to_vec(),
                ),
                ("no content type", None, b"{}".to_vec()),
                (
                    "too large",
                    Some("application/json"),
                    vec![b' '; 200 * 1024],
                ),
            ] {
                let reply = call(&t, &token, &r.method, &path, ct, body).await;
                if reply.status.is_success() {
                    // A route that reads a file accepts any bytes as long as they parse.
                    continue;
                }
                let code = envelope(&reply, &format!("{what}: {} {path}", r.method));
                if what == "too large" && r.access.admits(Some(jalon_core::access::Role::Editor)) {
                    assert_eq!(code, "too_large", "{} {path}", r.method);
                }
                checked += 1;
            }
        }
        // A method the path does not take.
        let other = if r.method == Method::GET {
            Method::PATCH
        } else {
            Method::HEAD
        };
        if other == Method::PATCH && !routes.iter().any(|x| x.path == r.path && x.method == other) {
            let reply = call(&t, &token, &other, &path, None, Vec::new()).await;
            let code = envelope(&reply, &format!("PATCH {path}"));
            if r.access.admits(Some(jalon_core::access::Role::Editor)) {
                assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "PATCH {path}");
                assert_eq!(code, "method_not_allowed");
            } else {
                // Refused by the route's role before anything else.
                assert_eq!(code, "forbidden", "PATCH {path}");
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked} failures checked");
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_name_what_is_wrong() {
    let t = TestApp::demo().await;
    let token = t.token("editeur", "envelope").await;
    let id = t.view().await.action_id("C1.O1.A1").expect("action");
    let reply = call(
        &t,
        &token,
        &Method::PATCH,
        &format!("/api/v1/actions/{id}/progress"),
        Some("application/json"),
        br#"{"status":"in_progress","progress":40,"avancement":40}"#.to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(envelope(&reply, "unknown field"), "invalid_json");
    let detail = error_text(&reply, "detail");
    assert!(detail.contains("avancement"), "{}", reply.body);
    let reply = get(&t, &token, "/api/v1/carbon/footprint/deux-mille").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(envelope(&reply, "path"), "invalid_path");
    let reply = get(&t, &token, "/api/v1/actions?late=peut-etre").await;
    if !reply.status.is_success() {
        assert_eq!(envelope(&reply, "query"), "invalid_query");
    }
    // The French message by default, the English one on request.
    let reply = get(&t, &token, "/api/v1/objectives/abc?lang=en").await;
    let message = error_text(&reply, "message");
    assert!(message.contains("address"), "{}", reply.body);
}
