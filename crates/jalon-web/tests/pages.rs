//! Snapshots of the main pages of the demo (French and English), with the session's random
//! CSRF token replaced. A change to a page shows as a reviewable diff.

mod common;

use common::{TestApp, assert_contains, reader_page as page, stable};

/// The page at `path` as the reader sees it in `lang`: it shows each `(text, why)` and matches
/// the snapshot `name`. Returns the page for further checks.
async fn snapshot(
    t: &TestApp,
    name: &str,
    path: &str,
    lang: &str,
    shows: &[(&str, &str)],
) -> String {
    let html = page(t, path, lang).await;
    assert_contains(&html, shows);
    insta::assert_snapshot!(name, &html);
    html
}

#[tokio::test]
async fn dashboard_fr_and_en() {
    let t = TestApp::demo().await;
    snapshot(&t, "dashboard_fr", "/", "fr", &[]).await;
    snapshot(&t, "dashboard_en", "/", "en", &[]).await;
}

#[tokio::test]
async fn objective_with_trajectory_chart() {
    let t = TestApp::demo().await;
    let id = t.view().await.objective_id("C3.O3").expect("objective");
    let path = format!("/objectives/{id}");
    let shows = [("<svg", "chart"), ("Données du graphique", "data table")];
    snapshot(&t, "objective_c3_o3", &path, "fr", &shows).await;
}

#[tokio::test]
async fn plan_check_page() {
    let t = TestApp::demo().await;
    snapshot(&t, "check_fr", "/check", "fr", &[]).await;
}

#[tokio::test]
async fn strategy_tree() {
    let t = TestApp::demo().await;
    let shows = [("C2.O4.T1", "a target")];
    snapshot(&t, "strategy_en", "/strategy", "en", &shows).await;
}

#[tokio::test]
async fn carbon_overview_fund_and_calculator() {
    let t = TestApp::demo().await;
    let shows = [
        ("<svg", "charts"),
        ("EuroMov Digital Health in Motion", "labs listed"),
    ];
    snapshot(&t, "carbon_fr", "/carbon?year=2025", "fr", &shows).await;
    snapshot(&t, "carbon_fund_en", "/carbon/fund", "en", &[]).await;
    let calculator = "/carbon/calculator?from=Paris&from_country=FR&to=Toulouse&to_country=FR&mode=avion&round_trip=1&date=2025-03-15";
    let shows = [
        (
            "2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e",
            "formula shown",
        ),
        ("€30.67", "levy at 100 €/t"),
    ];
    snapshot(&t, "carbon_calculator_en", calculator, "en", &shows).await;
    let shows = [
        ("Clermont-Ferand", "a misspelt place"),
        ("Clermont-Ferrand", "its suggestion"),
    ];
    snapshot(&t, "carbon_places_fr", "/carbon/places", "fr", &shows).await;
    let missions = "/carbon/missions?year=2025&mode=avion&flagged=1";
    let shows = [("vol intérieur", "flags in words")];
    snapshot(&t, "carbon_missions_fr", missions, "fr", &shows).await;
}

#[tokio::test]
async fn sdg_overview_goal_research_and_teaching() {
    let t = TestApp::demo().await;
    let shows = [("/sdg/goals/13", "tiles link to the goals")];
    let html = snapshot(&t, "sdg_fr", "/sdg", "fr", &shows).await;
    let tiles = html.matches("<li class=\"sdg-").count();
    assert!(tiles == 17, "17 goal tiles: {tiles}");
    let shows = [("13.2", "UN targets listed")];
    snapshot(&t, "sdg_goal_13_en", "/sdg/goals/13", "en", &shows).await;
    let shows = [("<table class=\"heatmap\"", "heat map")];
    let html = snapshot(&t, "research_fr", "/research", "fr", &shows).await;
    assert!(html.contains("HYDROCEV") || html.contains("Ressources en eau des Cévennes"));
    let publications = "/research/publications?year=2024";
    snapshot(&t, "publications_en", publications, "en", &[]).await;
    let shows = [("Focused", "focus shown in words")];
    snapshot(&t, "teaching_en", "/teaching", "en", &shows).await;
}

#[tokio::test]
async fn classifier_page_explains_its_result() {
    let t = TestApp::demo().await;
    let reader = t.user("lecteur").await;
    let text = "text=Adaptation+au+changement+climatique+et+r%C3%A9duction+des+%C3%A9missions+de+gaz+%C3%A0+effet+de+serre.&lang=auto";
    let r = reader.post("/sdg/classify", text).await;
    assert_eq!(r.status, 200);
    r.assert_shows(&[
        ("sdg-mark sdg-13", "evidence highlighted in the text"),
        ("changement climatique", "matched words shown"),
    ]);
    insta::assert_snapshot!("classify_fr", stable(&r.body));
}

#[tokio::test]
async fn editors_decide_on_suggestions_from_the_entity_page() {
    let t = TestApp::demo().await;
    let pending = {
        let editor = t.actor("editeur").await;
        t.app
            .pending_plan_suggestions(&editor)
            .await
            .expect("pending")
    };
    let action = pending
        .iter()
        .find(|p| p.kind == jalon_app::sdg::tags::TaggedKind::Action)
        .expect("an action with suggestions");
    let path = format!("/actions/{}", action.entity_id);
    let editor = t.user("editeur").await;
    let html = editor.get(&path).await.body;
    assert!(html.contains("/confirm\""), "the editor can confirm");
    assert!(html.contains("parce que"), "the evidence is shown");
    let viewer = t.user("lecteur").await;
    let html = viewer.get(&path).await.body;
    assert!(!html.contains("/confirm\""), "a viewer cannot decide");
    assert!(html.contains("Suggéré"), "but sees the suggestions");
}

#[tokio::test]
async fn reports_page() {
    let t = TestApp::demo().await;
    snapshot(
        &t,
        "reports_fr",
        "/reports",
        "fr",
        &[("Rapport ODD annuel", "the SDG report")],
    )
    .await;
}
