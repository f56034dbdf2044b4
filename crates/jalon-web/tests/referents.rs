//! A référent's account in the pages and the API: the sheet of an action of their workstream
//! offers its update form and takes the update, an action or an indicator of another
//! workstream refuses them (403), and only an administrator names référents, from the
//! accounts page or the API. The route × role matrix (`routes.rs`) covers the naming routes;
//! this covers what the scope changes on the element routes.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;

/// An action and an indicator of workstream `axis` that `username` neither pilots nor owns.
async fn elements_of(t: &TestApp, username: &str, axis: &str) -> (i64, i64) {
    let actor = t.actor(username).await;
    let view = t.view().await;
    let in_axis =
        |o: &jalon_core::plan::Objective| view.axis_of(&o.code).is_some_and(|a| a.code == axis);
    let action = view
        .doc()
        .actions()
        .find(|(o, a)| in_axis(o) && !view.pilots(&actor, a))
        .and_then(|(_, a)| view.action_id(&a.code))
        .expect("an action");
    let indicator = view
        .doc()
        .indicators()
        .find(|(o, i)| in_axis(o) && !view.owns(&actor, i))
        .and_then(|(_, i)| view.indicator_id(&i.code))
        .expect("an indicator");
    (action, indicator)
}

#[tokio::test]
async fn a_referent_updates_their_workstream_in_the_pages_and_the_api_and_nothing_else() {
    let t = TestApp::demo().await;
    let referent = t.user("referent-c3").await;
    let (mine_action, mine_indicator) = elements_of(&t, "referent-c3", "C3").await;
    let (other_action, other_indicator) = elements_of(&t, "referent-c3", "C1").await;

    // The sheet of their workstream's action offers the quick update; another's does not.
    let sheet = referent.get(&format!("/actions/{mine_action}")).await;
    sheet.assert_shows(&[(
        &format!("action=\"/actions/{mine_action}/progress\""),
        "the quick update form",
    )]);
    let other = referent.get(&format!("/actions/{other_action}")).await;
    assert!(
        !other
            .body
            .contains(&format!("/actions/{other_action}/progress\"")),
        "no form on another workstream's action"
    );

    let progress = r#"{"status":"in_progress","progress":45}"#;
    for (id, expected) in [
        (mine_action, StatusCode::OK),
        (other_action, StatusCode::FORBIDDEN),
    ] {
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/actions/{id}/progress"),
                Some(&referent.session),
                progress,
            )
            .await;
        assert_eq!(r.status, expected, "action {id}: {}", r.body);
    }
    let value = r#"{"period":"2031","value":"12","submit":true}"#;
    for (id, expected) in [
        (mine_indicator, StatusCode::CREATED),
        (other_indicator, StatusCode::FORBIDDEN),
    ] {
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/indicators/{id}/measurements"),
                Some(&referent.session),
                value,
            )
            .await;
        assert_eq!(r.status, expected, "indicator {id}: {}", r.body);
    }

    // Naming a référent: the accounts page (administrators) and the API.
    let admin = t.user("admin").await;
    let users = admin.get("/users").await;
    users.assert_shows(&[(
        "<option value=\"C3\" selected>C3 — ",
        "the référent's workstream, selected",
    )]);
    let refused = admin
        .post_invalid("/users/contributeur", "op=domain&domain=C9")
        .await;
    refused.assert_shows(&[(
        "id=\"err-domain\"",
        "the unknown workstream, beside its field",
    )]);
    let named = t
        .json(
            Method::PUT,
            "/api/v1/users/contributeur/domain",
            Some(&admin.session),
            r#"{"domain":"C1"}"#,
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    assert_eq!(named.json()["domain"], "C1");
    let editor = t.user("editeur").await;
    let refused = t
        .json(
            Method::PUT,
            "/api/v1/users/contributeur/domain",
            Some(&editor.session),
            r#"{"domain":null}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
