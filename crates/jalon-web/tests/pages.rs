//! Snapshots of the main pages of the demo (French and English), with the session's random
//! CSRF token replaced. A change to a page shows as a reviewable diff.

mod common;

use common::{TestApp, reader_page as page, stable};

#[tokio::test]
async fn dashboard_fr_and_en() {
    let t = TestApp::demo().await;
    insta::assert_snapshot!("dashboard_fr", page(&t, "/", "fr").await);
    insta::assert_snapshot!("dashboard_en", page(&t, "/", "en").await);
}

#[tokio::test]
async fn objective_with_trajectory_chart() {
    let t = TestApp::demo().await;
    let id = t.view().await.objective_id("C3.O3").expect("objective");
    let html = page(&t, &format!("/objectives/{id}"), "fr").await;
    assert!(html.contains("<svg"), "chart");
    assert!(html.contains("Données du graphique"), "data table");
    insta::assert_snapshot!("objective_c3_o3", html);
}

#[tokio::test]
async fn plan_check_page() {
    let t = TestApp::demo().await;
    insta::assert_snapshot!("check_fr", page(&t, "/check", "fr").await);
}

#[tokio::test]
async fn strategy_tree() {
    let t = TestApp::demo().await;
    let html = page(&t, "/strategy", "en").await;
    assert!(html.contains("C2.O4.T1"));
    insta::assert_snapshot!("strategy_en", html);
}

#[tokio::test]
async fn carbon_overview_fund_and_calculator() {
    let t = TestApp::demo().await;
    let html = page(&t, "/carbon?year=2025", "fr").await;
    assert!(html.contains("<svg"), "charts");
    assert!(
        html.contains("EuroMov Digital Health in Motion"),
        "labs listed"
    );
    insta::assert_snapshot!("carbon_fr", html);
    insta::assert_snapshot!("carbon_fund_en", page(&t, "/carbon/fund", "en").await);
    let html = page(
        &t,
        "/carbon/calculator?from=Paris&from_country=FR&to=Toulouse&to_country=FR&mode=avion&round_trip=1&date=2025-03-15",
        "en",
    )
    .await;
    assert!(
        html.contains("2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e"),
        "formula shown"
    );
    assert!(html.contains("€30.67"), "levy at 100 €/t");
    insta::assert_snapshot!("carbon_calculator_en", html);
    let html = page(&t, "/carbon/places", "fr").await;
    assert!(html.contains("Clermont-Ferand") && html.contains("Clermont-Ferrand"));
    insta::assert_snapshot!("carbon_places_fr", html);
    let html = page(&t, "/carbon/missions?year=2025&mode=avion&flagged=1", "fr").await;
    assert!(html.contains("vol intérieur"), "flags in words");
    insta::assert_snapshot!("carbon_missions_fr", html);
}

#[tokio::test]
async fn sdg_overview_goal_research_and_teaching() {
    let t = TestApp::demo().await;
    let html = page(&t, "/sdg", "fr").await;
    assert!(
        html.matches("<li class=\"sdg-").count() == 17,
        "17 goal tiles"
    );
    assert!(html.contains("/sdg/goals/13"), "tiles link to the goals");
    insta::assert_snapshot!("sdg_fr", html);
    let html = page(&t, "/sdg/goals/13", "en").await;
    assert!(html.contains("13.2"), "UN targets listed");
    insta::assert_snapshot!("sdg_goal_13_en", html);
    let html = page(&t, "/research", "fr").await;
    assert!(html.contains("<table class=\"heatmap\""), "heat map");
    assert!(html.contains("HYDROCEV") || html.contains("Ressources en eau des Cévennes"));
    insta::assert_snapshot!("research_fr", html);
    insta::assert_snapshot!(
        "publications_en",
        page(&t, "/research/publications?year=2024", "en").await
    );
    let html = page(&t, "/teaching", "en").await;
    assert!(html.contains("Focused"), "focus shown in words");
    insta::assert_snapshot!("teaching_en", html);
}

#[tokio::test]
async fn classifier_page_explains_its_result() {
    let t = TestApp::demo().await;
    let s = t.login("lecteur").await;
    let r = t
        .post_form(
            "/sdg/classify",
            Some(&s),
            "text=Adaptation+au+changement+climatique+et+r%C3%A9duction+des+%C3%A9missions+de+gaz+%C3%A0+effet+de+serre.&lang=auto",
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("sdg-mark sdg-13"),
        "evidence highlighted in the text"
    );
    assert!(
        r.body.contains("changement climatique"),
        "matched words shown"
    );
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
    let editor = t.login("editeur").await;
    let html = t.get(&path, Some(&editor)).await.body;
    assert!(html.contains("/confirm\""), "the editor can confirm");
    assert!(html.contains("parce que"), "the evidence is shown");
    let viewer = t.login("lecteur").await;
    let html = t.get(&path, Some(&viewer)).await.body;
    assert!(!html.contains("/confirm\""), "a viewer cannot decide");
    assert!(html.contains("Suggéré"), "but sees the suggestions");
}

#[tokio::test]
async fn reports_page() {
    let t = TestApp::demo().await;
    let html = page(&t, "/reports", "fr").await;
    assert!(html.contains("Rapport ODD annuel"));
    insta::assert_snapshot!("reports_fr", html);
}
