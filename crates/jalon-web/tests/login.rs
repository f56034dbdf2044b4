//! Guessing passwords is slowed per address without keeping the real owner out: an attacker
//! who types wrong passwords for `admin` waits longer and longer, even with the right
//! password, while the administrator signs in from their own address. A person ends their
//! other browsers' sessions, and limits what an API token may do.

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

/// The keys of the sessions listed on an account page, in order, and the one of the reader's
/// own browser (the row without a "sign out" button).
fn session_keys(page: &str) -> Vec<String> {
    page.split("/account/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split('/').next())
        .filter(|k| k.len() == 16)
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_person_sees_their_browsers_and_signs_the_others_out() {
    let t = TestApp::demo().await;
    let here = t.login("editeur").await;
    let laptop = t.login("editeur").await;
    let phone = t.login("editeur").await;
    let other_person = t.login("lecteur").await;

    let page = t.get("/account", Some(&here)).await;
    assert_eq!(page.status, StatusCode::OK);
    let keys = session_keys(&page.body);
    assert_eq!(
        keys.len(),
        2,
        "two other browsers, each with its button: {keys:?}"
    );
    assert_eq!(
        page.body.matches("this browser").count() + page.body.matches("ce navigateur").count(),
        1
    );

    // Someone else cannot sign this person's browsers out, even knowing a key.
    for key in &keys {
        let r = t
            .post_form(
                &format!("/account/sessions/{key}/end"),
                Some(&other_person),
                "",
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(
        t.get("/account", Some(&laptop)).await.status,
        StatusCode::OK
    );
    assert_eq!(t.get("/account", Some(&phone)).await.status, StatusCode::OK);

    // One browser signed out by its key: that one only.
    let r = t
        .post_form(
            &format!("/account/sessions/{}/end", keys[0]),
            Some(&here),
            "",
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/account?done=session_ended#sessions")
    );
    let mut alive = 0;
    for s in [&laptop, &phone] {
        if t.get("/account", Some(s)).await.status == StatusCode::OK {
            alive += 1;
        }
    }
    assert_eq!(
        alive, 1,
        "exactly one of the two other browsers is signed out"
    );

    // A malformed key is a field error, not a silent success.
    let r = t
        .post_form("/account/sessions/not-a-key/end", Some(&here), "")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Everywhere else: the last other browser goes, this one stays, the other person too.
    let r = t
        .post_form("/account/sessions/end-others", Some(&here), "")
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/account?done=other_sessions_ended#sessions")
    );
    for s in [&laptop, &phone] {
        assert_ne!(t.get("/account", Some(s)).await.status, StatusCode::OK);
    }
    let page = t.get("/account", Some(&here)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        session_keys(&page.body).is_empty(),
        "only this browser is left"
    );
    assert_eq!(
        t.get("/account", Some(&other_person)).await.status,
        StatusCode::OK
    );
}

/// A token created read-only with an expiry on the account page: it reads, it cannot write,
/// and the page shows its limits; a lifetime out of range is refused beside its field.
#[tokio::test]
async fn a_read_only_token_reads_and_cannot_write() {
    let t = TestApp::demo().await;
    let editor = t.user("editeur").await;
    let page = editor
        .post(
            "/account/tokens",
            "name=tableau&expires_in_days=30&read_only=1",
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page
        .body
        .split("<p><code>")
        .nth(1)
        .and_then(|s| s.split("</code>").next())
        .expect("the token shown once")
        .to_string();
    assert!(token.starts_with("jalon_") && token.len() > 40, "{token}");
    assert!(page.body.contains("lecture seule"), "{}", page.body);
    assert_eq!(
        t.api_get("/api/v1/strategy", &token).await.status,
        StatusCode::OK
    );
    let write = t
        .api_post(
            "/api/v1/evidence",
            &token,
            r#"{"title": "x", "kind": "policy"}"#,
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "{}", write.body);
    assert_eq!(write.json()["error"]["code"], "forbidden");
    let refused = editor
        .post_invalid("/account/tokens", "name=long&expires_in_days=9999")
        .await;
    assert!(refused.body.contains("9999"), "{}", refused.body);
}
