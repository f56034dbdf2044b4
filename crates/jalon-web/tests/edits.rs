//! Two people edit the same action sheet: the second save, based on the version both
//! opened, is refused (409) and the form comes back with the other's values beside the
//! ones typed, ready to be saved knowingly; the API says the same with the current version.

mod common;

use axum::http::{Method, StatusCode};
use common::{Reply, TestApp};

/// The `version` hidden field of a page's form.
fn version_field(html: &str) -> i64 {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("a version field")
}

/// The action sheet `id` saved through the API with the title "Par l'API", based on `version`.
async fn put_action(t: &TestApp, token: &str, id: i64, status: &str, version: i64) -> Reply {
    let body = format!(r#"{{"title":"Par l'API","status":"{status}","version":{version}}}"#);
    let path = format!("/api/v1/actions/{id}");
    t.bearer(Method::PUT, &path, token, Some(&body)).await
}

#[tokio::test]
async fn the_second_of_two_editors_sees_what_the_first_saved() {
    let t = TestApp::demo().await;
    let view = t.view().await;
    let (id, status) = view
        .doc()
        .actions()
        .next()
        .map(|(_, a)| (view.action_id(&a.code).expect("id"), a.status))
        .expect("an action");
    let status = status.as_str();
    let (editor, admin) = (t.login("editeur").await, t.login("admin").await);
    let edit = format!("/actions/{id}/edit");
    let v = version_field(&t.get(&edit, Some(&editor)).await.body);
    assert_eq!(version_field(&t.get(&edit, Some(&admin)).await.body), v);

    let first = format!("title=Plan+v%C3%A9lo+2027&status={status}&version={v}");
    let r = t
        .post_form(&format!("/actions/{id}"), Some(&editor), &first)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let second = format!("title=Mobilit%C3%A9+douce&status={status}&version={v}");
    let r = t
        .post_form(&format!("/actions/{id}"), Some(&admin), &second)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_shows(&[
        ("Enregistré entre-temps", "the comparison is shown"),
        ("Plan vélo 2027", "the other's title is shown"),
        ("value=\"Mobilité douce\"", "the typed title is kept"),
    ]);
    assert_eq!(
        version_field(&r.body),
        v + 1,
        "saving again is based on the current version"
    );
    let view = t.view().await;
    assert_eq!(view.action(id).expect("action").1.title, "Plan vélo 2027");

    // The same through the API: 409 with the current version.
    let token = t.token("admin", "edits").await;
    let current = t.api_get(&format!("/api/v1/actions/{id}"), &token).await;
    assert_eq!(current.json()["version"], v + 1);
    let r = put_action(&t, &token, id, status, v).await;
    r.assert_api_error(StatusCode::CONFLICT, "edited_meanwhile");
    assert_eq!(r.json()["error"]["current_version"], v + 1);
    let r = put_action(&t, &token, id, status, v + 1).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], v + 2);
}
