//! Guessing passwords is slowed per address without keeping the real owner out: an attacker
//! who types wrong passwords for `admin` waits longer and longer, even with the right
//! password, while the administrator signs in from their own address.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::TestApp;
use jalon_web::WebConfig;
use jalon_web::auth::LOGIN_CSRF_COOKIE;

/// `POST /login` from `address` (as a reverse proxy reports it).
async fn sign_in(t: &TestApp, address: &str, username: &str, password: &str) -> StatusCode {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("{LOGIN_CSRF_COOKIE}=s3cret"))
        .header("x-forwarded-for", format!("10.0.0.1, {address}"))
        .body(Body::from(format!(
            "username={username}&password={password}&_csrf=s3cret"
        )))
        .expect("request");
    t.send(req).await.status
}

#[tokio::test]
async fn an_attack_on_an_account_does_not_lock_its_owner_out() {
    let t = TestApp::demo_with(WebConfig {
        behind_proxy: true,
        ..WebConfig::default()
    })
    .await;
    let attacker = "203.0.113.7";
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(sign_in(&t, attacker, "admin", "wrong-password").await);
    }
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "the attacker is slowed: {statuses:?}"
    );
    // Even the right password waits, from the attacker's address.
    assert_eq!(
        sign_in(&t, attacker, "admin", "jalon-admin").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The administrator, from their own address, signs in at once.
    assert_eq!(
        sign_in(&t, "198.51.100.20", "admin", "jalon-admin").await,
        StatusCode::SEE_OTHER
    );
    // Spraying many accounts from one address is slowed as well.
    let sprayer = "203.0.113.99";
    let mut last = StatusCode::OK;
    for i in 0..25 {
        last = sign_in(&t, sprayer, &format!("compte{i}"), "wrong-password").await;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        sign_in(&t, sprayer, "editeur", "jalon-editeur").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
