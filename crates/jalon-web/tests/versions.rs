//! The plan versions page and routes: an editor records the plan in place as an adopted
//! version, a refused form comes back with each error beside its field, the page compares
//! two versions, and the API says the same.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn an_editor_records_a_version_and_the_page_compares_it_with_the_plan() {
    let t = TestApp::demo().await;
    let editor = t.user("editeur").await;
    let demo = editor.get("/plan/versions").await;
    assert_eq!(demo.status, StatusCode::OK);
    demo.assert_shows(&[
        ("Révision à mi-parcours", "the demo's revision"),
        (
            "method=\"post\" action=\"/plan/versions\"",
            "the form, for an editor",
        ),
    ]);
    // The demo's two versions, compared: one action added, one reworded.
    let ids: Vec<i64> = t
        .app
        .plan_versions(&t.actor("editeur").await)
        .await
        .expect("versions")
        .iter()
        .map(|v| v.id)
        .collect();
    let compared = editor
        .get(&format!("/plan/versions?from={}&to={}", ids[0], ids[1]))
        .await;
    compared.assert_shows(&[
        ("1 ajout(s), 1 modification(s)", "the summary"),
        (
            "De « Plan RES 2023–2027 » à « Révision à mi-parcours »",
            "the sides",
        ),
    ]);

    let refused = editor
        .post_invalid(
            "/plan/versions",
            "label=&adopted_on=30%2F06%2F2025&adopted_by=",
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_shows(&[
        ("id=\"err-label\"", "the label's error beside it"),
        ("id=\"err-adopted_on\"", "the day's error beside it"),
        ("id=\"err-adopted_by\"", "the body's error beside it"),
        ("value=\"30/06/2025\"", "what was typed, kept"),
    ]);

    let saved = editor
        .post(
            "/plan/versions",
            "label=R%C3%A9vision+2026&adopted_on=2026-06-30&adopted_by=Conseil+d%27administration",
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = editor
        .get(saved.location.as_deref().expect("redirect"))
        .await;
    page.assert_shows(&[
        ("Version enregistrée.", "the confirmation"),
        ("Révision 2026", "the version listed"),
        (
            "le 30/06/2026 par Conseil d&#39;administration",
            "its adoption",
        ),
        (
            "De « Révision 2026 » à « Plan en vigueur »",
            "the comparison by default",
        ),
        ("Aucune différence.", "nothing changed since"),
    ]);

    // A reader sees the versions, not the form.
    let reader = t.user("lecteur").await.get("/plan/versions").await;
    reader.assert_shows(&[("Révision 2026", "the version")]);
    assert!(
        !reader
            .body
            .contains("method=\"post\" action=\"/plan/versions\"")
    );
    assert!(
        t.user("lecteur")
            .await
            .get("/strategy")
            .await
            .body
            .contains("href=\"/plan/versions\"")
    );

    // The API lists it and compares; a side that is neither an id nor `current` is refused.
    let token = t.token("editeur", "versions").await;
    let listed = t.api_get("/api/v1/plan/versions", &token).await.json();
    let last = listed
        .as_array()
        .expect("versions")
        .last()
        .expect("one")
        .clone();
    let id = last["id"].as_i64().expect("id");
    assert_eq!(last["adopted_on"], "2026-06-30");
    let diff = t
        .api_get(
            &format!("/api/v1/plan/versions/diff?from={id}&to=current"),
            &token,
        )
        .await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
    assert_eq!(diff.json()["changes"], serde_json::json!([]));
    t.api_get("/api/v1/plan/versions/diff?from=latest&to=current", &token)
        .await
        .assert_api_error(StatusCode::BAD_REQUEST, "invalid_query");
    t.api_get("/api/v1/plan/versions/diff?from=999999&to=current", &token)
        .await
        .assert_api_error(StatusCode::NOT_FOUND, "not_found");
    let created = t
        .api_post(
            "/api/v1/plan/versions",
            &token,
            r#"{"label":"Révision 2025","adopted_on":"2025-06-30","adopted_by":"CA"}"#,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.json()["label"], "Révision 2025");
}
