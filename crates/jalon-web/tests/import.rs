//! The web import: a broken file shows every located problem and writes nothing; a good file
//! shows a preview, and only the confirmation replaces the plan.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use jalon_core::Lang;
use jalon_io::Format;

/// The plan as the editor exports it in `format`.
async fn export(t: &TestApp, format: Format) -> Vec<u8> {
    let editor = t.actor("editeur").await;
    let (bytes, _) = t.app.export_plan(&editor, format).await.expect("export");
    bytes
}

/// The plan as the editor exports it in JSON, to tell whether anything was written.
async fn plan_json(t: &TestApp) -> Vec<u8> {
    export(t, Format::Json).await
}

#[tokio::test]
async fn preview_then_confirm_or_refuse() {
    let t = TestApp::demo().await;
    let s = t.login("editeur").await;
    let csv = String::from_utf8(export(&t, Format::Csv).await).expect("utf-8");
    let before = plan_json(&t).await;

    // Broken: a word in a number field, an unknown parent; every problem located, nothing written.
    let broken: String = csv
        .lines()
        .map(|l| {
            if l.starts_with("Cibles;") && l.contains(";C3.O3.T1;") {
                l.replacen(";12000;", ";douze mille;", 1)
            } else if l.starts_with("Objectifs;") && l.contains(";C4.O4;") {
                l.replacen(";C4;", ";C9;", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        broken.contains("douze mille") && broken.contains(";C9;"),
        "the test edits the file"
    );
    let r = t.upload("/import", &s, "plan.csv", broken.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("« douze mille » n&#39;est pas un nombre")
            || r.body.contains("« douze mille » n'est pas un nombre"),
        "{}",
        r.body
    );
    assert!(r.body.contains("axe « C9 » inconnu"));
    assert!(r.body.contains("feuille Cibles, ligne"), "located");
    assert!(r.body.contains("Rien n"), "says nothing was written");
    assert_eq!(plan_json(&t).await, before);

    // Good: preview first, nothing written yet.
    let edited = csv.replacen("Des politiques partagées", "Politiques partagées", 1);
    let r = t.upload("/import", &s, "plan.csv", edited.as_bytes()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("17 objectifs"), "preview counts");
    let token = r
        .body
        .split("action=\"/import/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("confirmation form")
        .to_string();
    assert_eq!(plan_json(&t).await, before, "not yet");
    let r = t.post_form(&format!("/import/{token}"), Some(&s), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let view = t.view().await;
    assert!(view.doc().axes[0].title.starts_with("Politiques partagées"));
    // The token is single-use.
    let r = t.post_form(&format!("/import/{token}"), Some(&s), "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let _ = Lang::Fr;
}
