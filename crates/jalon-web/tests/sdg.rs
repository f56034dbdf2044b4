//! The SDG API as a script or another tool uses it (bearer token), and the SDG pages' forms:
//! classification with evidence, decisions, imports refused with located problems.

mod common;

use axum::http::StatusCode;
use common::TestApp;

async fn summary(t: &TestApp, tok: &str) -> serde_json::Value {
    t.api_get("/api/v1/sdg/summary", tok).await.json()
}

async fn publication_count(t: &TestApp, tok: &str) -> u64 {
    let r = t
        .api_get("/api/v1/research/publications?limit=1", tok)
        .await;
    r.json()["total"].as_u64().expect("total")
}

#[tokio::test]
async fn the_classifier_explains_its_suggestions() {
    let t = TestApp::demo().await;
    let tok = t.token("lecteur", "script").await;
    let text = "Le projet réduit les émissions de gaz à effet de serre du campus. Il organise aussi un tournoi de football.";
    let body = serde_json::json!({ "text": text }).to_string();
    let r = t.api_post("/api/v1/sdg/classify", &tok, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["lang"], "fr");
    let sdgs = j["sdgs"].as_array().expect("sdgs");
    let climate = sdgs
        .iter()
        .find(|s| s["goal"] == 13)
        .expect("SDG 13 suggested");
    assert!(climate["score"].as_f64() >= climate["threshold"].as_f64());
    let evidence = climate["evidence"].as_array().expect("evidence");
    assert!(!evidence.is_empty());
    // Every span points into the text at the matched words.
    for e in evidence {
        for span in e["spans"].as_array().expect("spans") {
            let (a, b) = (
                span[0].as_u64().expect("start") as usize,
                span[1].as_u64().expect("end") as usize,
            );
            assert!(a < b && b <= text.len(), "{span}");
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        }
    }
    // The segments put the text back together.
    let joined: String = j["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["text"].as_str().expect("text"))
        .collect();
    assert_eq!(joined, text);

    for (body, code) in [
        (r#"{"text":"x","lang":"de"}"#, "invalid_lang"),
        (r#"{"txt":1}"#, "invalid_json"),
    ] {
        let r = t.api_post("/api/v1/sdg/classify", &tok, body).await;
        r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, code);
    }
}

#[tokio::test]
async fn decisions_through_the_api_and_the_summary_follow() {
    let t = TestApp::demo().await;
    let tok = t.token("editeur", "script").await;
    let r = t.api_get("/api/v1/research/projects", &tok).await;
    assert_eq!(r.status, StatusCode::OK);
    let projects = r.json();
    let (project, tag) = projects
        .as_array()
        .expect("projects")
        .iter()
        .find_map(|p| {
            p["tags"]
                .as_array()?
                .iter()
                .find(|t| t["state"] == "proposed")
                .map(|t| (p["id"].as_i64(), t.clone()))
        })
        .expect("a suggestion");
    let project = project.expect("id");
    let before = summary(&t, &tok).await;
    let decision = format!("/api/v1/sdg/tags/{}/decision", tag["id"]);
    let r = t.api_post(&decision, &tok, r#"{"confirm":true}"#).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let tags = r.json();
    let decided = tags
        .as_array()
        .expect("tags")
        .iter()
        .find(|x| x["id"] == tag["id"])
        .expect("the tag");
    assert_eq!(decided["state"], "confirmed");
    let after = summary(&t, &tok).await;
    let goal = tag["goal"].as_u64().expect("goal") as usize;
    let proposed = |s: &serde_json::Value| s["proposed"].as_u64().expect("proposed");
    assert_eq!(proposed(&after), proposed(&before) - 1);
    let projects_of_goal = |s: &serde_json::Value| {
        s["goals"][goal - 1]["confirmed"]["project"]
            .as_u64()
            .unwrap_or(0)
    };
    assert_eq!(
        projects_of_goal(&after),
        projects_of_goal(&before) + 1,
        "goal {goal} counts the project"
    );

    // A hand tag with a wrong target is refused with the field named.
    let hand_tag = format!(r#"{{"kind":"project","entity":{project},"sdg":"6.9"}}"#);
    let r = t.api_post("/api/v1/sdg/tags", &tok, &hand_tag).await;
    r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_sdg");
    let r = t
        .api_get("/api/v1/sdg/tags?kind=budget&entity=1", &tok)
        .await;
    r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_kind");
}

#[tokio::test]
async fn a_broken_publication_file_is_refused_with_located_problems() {
    let t = TestApp::demo().await;
    let tok = t.token("editeur", "script").await;
    let before = publication_count(&t, &tok).await;
    let csv = "halId_s,title_s,producedDateY_i,doiId_s\nhal-1,Eau potable,2024,10.1/x\nhal-2,,2024,\nhal-3,Énergie,vingt,not-a-doi\n";
    let publications = "/api/v1/research/publications?file_name=hal.csv";
    let r = t.api_post(publications, &tok, csv).await;
    r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, "import_refused");
    let j = r.json();
    let problems = j["error"]["problems"].as_array().expect("problems");
    assert!(problems.len() >= 3, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p["file"] == "hal.csv" && p["row"].is_u64())
    );
    assert_eq!(publication_count(&t, &tok).await, before, "nothing written");

    let skipping = format!("{publications}&skip_invalid=true");
    let r = t.api_post(&skipping, &tok, csv).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert_eq!(
        (j["records"].as_u64(), j["rejected"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(publication_count(&t, &tok).await, before + 1);
}

#[tokio::test]
async fn the_import_form_shows_what_was_left_out() {
    let t = TestApp::demo().await;
    let u = t.user("editeur").await;
    let bib = "@article{ok, title={Flood risk and climate adaptation}, year={2025}}\n@article{bad, title={Broken, year={2025}\n";
    let r = t
        .upload("/research/import", &u.session, "refs.bib", bib.as_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("refs.bib refusé"), "refusal named");
    assert!(r.body.contains("refs.bib"), "problems located");

    // The page's focus form: an unknown value is refused in words.
    let teaching = t
        .app
        .teaching(&t.actor("editeur").await)
        .await
        .expect("teaching");
    let course = teaching.programmes[0].courses[0].id;
    let focus = format!("/teaching/courses/{course}/focus");
    u.post_invalid(&focus, "focus=maybe").await;
    let r = u.post(&focus, "focus=focused").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = u.get("/teaching?done=focus_saved").await;
    assert!(page.body.contains("Classement du cours enregistré"));
}

#[tokio::test]
async fn reports_preview_and_download() {
    let t = TestApp::demo().await;
    let s = t.login("lecteur").await;
    let page = t.get("/reports", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/reports/sdg/2024/pdf?lang=fr"));

    let r = t
        .get("/reports/sdg?year=2024&lang=en&format=pdf", Some(&s))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/reports/sdg/2024/pdf?lang=en"));

    let html = t.get("/reports/sdg/2024?lang=en", Some(&s)).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("<html lang=\"en\">") && html.body.contains("SDG 17"));
    assert!(!html.body.contains("<script"), "a report carries no script");

    let pdf = t.get("/reports/sdg/2024/pdf?lang=fr", Some(&s)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.body.starts_with("%PDF-"), "a PDF");

    let bad = t.get("/reports/sdg/2024?lang=de", Some(&s)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = t.get("/reports/sdg/1850", Some(&s)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
