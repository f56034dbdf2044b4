//! Snapshots of the main pages of the demo (French and English), with the session's random
//! CSRF token replaced. A change to a page shows as a reviewable diff.

mod common;

use common::TestApp;

fn stable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Replace every 32- or 64-character hex token (CSRF secrets).
    while let Some(pos) = rest.find(|c: char| c.is_ascii_hexdigit()) {
        out.push_str(&rest[..pos]);
        let run: String = rest[pos..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if run.len() == 32 || run.len() == 64 {
            out.push_str("[token]");
        } else {
            out.push_str(&run);
        }
        rest = &rest[pos + run.len()..];
    }
    out.push_str(rest);
    out
}

async fn page(t: &TestApp, path: &str, lang: &str) -> String {
    let mut s = t.login("lecteur").await;
    s.cookie = format!("{}; jalon_lang={lang}", s.cookie);
    let r = t.get(path, Some(&s)).await;
    assert_eq!(r.status, 200, "{path}");
    stable(&r.body)
}

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
