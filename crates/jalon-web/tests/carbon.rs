//! The carbon API as an expense system and a script use it (bearer token), and the carbon
//! pages' forms.

mod common;

use axum::http::StatusCode;
use common::{Reply, TestApp};

const GES_HEADER: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";

/// The footprint of a trip, as the expense system asks for it.
async fn footprint(t: &TestApp, tok: &str, trip: &str) -> Reply {
    t.api_post("/api/v1/travel/footprint", tok, trip).await
}

#[tokio::test]
async fn an_expense_system_gets_the_footprint_at_claim_time() {
    let t = TestApp::demo().await;
    let tok = t.token("lecteur", "expense system").await;
    let trip = r#"{"from":"Paris","from_country":"FR","to":"Toulouse","to_country":"FR","mode":"avion","round_trip":true,"date":"2025-03-15"}"#;
    let r = footprint(&t, &tok, trip).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["factor_id"], "avion-courtcourrier");
    assert_eq!(
        j["formula"],
        "2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e"
    );
    assert_eq!(j["levy_cents"], 3067);
    let kg = j["emissions"]["kg"].as_f64().expect("kg");
    assert!(j["emissions"]["low"].as_f64().expect("low") < kg);
    assert!(j["emissions"]["high"].as_f64().expect("high") > kg);
    let codes: Vec<&str> = j["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"domestic_flight"), "{codes:?}");

    // An unknown place: a located error with suggestions, not a guess.
    let unknown = r#"{"from":"Clermont-Ferand","from_country":"FR","to":"Paris","mode":"train"}"#;
    let r = footprint(&t, &tok, unknown).await;
    r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, "unknown_place");
    let e = r.json();
    assert_eq!(e["error"]["field"], "from");
    let detail = e["error"]["detail"].as_str().expect("detail");
    assert!(detail.contains("Clermont-Ferrand"), "{detail}");

    // A malformed body, an unknown mode: the API's error envelope, not a plain-text rejection.
    for (trip, code) in [
        (r#"{"from":"Paris""#, "invalid_json"),
        (
            r#"{"from":"Paris","to":"Lyon","mode":"hoverboard"}"#,
            "invalid_mode",
        ),
    ] {
        let r = footprint(&t, &tok, trip).await;
        r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, code);
    }
}

#[tokio::test]
async fn missions_in_and_out_through_the_api() {
    let t = TestApp::demo().await;
    let tok = t.token("editeur", "expense system").await;
    let file = format!(
        "{GES_HEADER}\nA1\t02/04/2025\tParis\tFrance\tMarseille\tFrance\ttrain\t\tOUI\t\t\nA2\t03/04/2025\tLondres\tRoyaume-Uni\tMunich\tAllemagne\tavion\t\tNON\tColloque\tChercheur\n"
    );
    let r = t
        .api_post(
            "/api/v1/carbon/trips?unit=DRI&file_name=api.tsv",
            &tok,
            &file,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let report = r.json();
    assert_eq!(report["computed"], 2);
    let batch = report["batch_id"].as_i64().expect("batch");
    let trips = format!("/api/v1/carbon/trips?batch={batch}");
    let page = t.api_get(&trips, &tok).await.json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["trips"][1]["from_name"], "London");
    assert_eq!(page["trips"][1]["to_name"], "Munich");
    assert_eq!(page["trips"][0]["factor_id"], "tgv");
    // Exported as GES 1point5, byte for byte.
    let u = t.user("editeur").await;
    let r = u
        .get(&format!("/carbon/missions/export?batch={batch}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, file);

    // A broken file: refused whole, with the line and column of each problem.
    let bad = format!("{GES_HEADER}\nB1\t32/13/2024\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n");
    let r = t.api_post("/api/v1/carbon/trips", &tok, &bad).await;
    r.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, "import_refused");
    let problem = &r.json()["error"]["problems"][0];
    assert_eq!(problem["row"], 2);
    let text = problem["text"].as_str().expect("text");
    assert!(text.contains("32/13/2024"), "{text}");
    let r = t.api_get("/api/v1/carbon/trips?limit=1", &tok).await;
    let total_before = r.json()["total"].as_i64().expect("total");
    assert_eq!(total_before, 220 + 2, "nothing written by the refused file");

    // The simulation and the fund answer for the demo year.
    let scenario =
        r#"{"year":2025,"scenario":{"kind":"no_flights_under","km":700,"replacement":"train"}}"#;
    let w = t
        .api_post("/api/v1/carbon/simulation", &tok, scenario)
        .await
        .json();
    assert!(w["after_kg"].as_f64() < w["before_kg"].as_f64(), "{w}");
    let r = t.api_get("/api/v1/carbon/fund", &tok).await;
    assert_eq!(r.json()["years"][0]["year"], 2025);
}

#[tokio::test]
async fn fixing_a_place_from_the_page_computes_the_waiting_trips() {
    let t = TestApp::demo().await;
    let u = t.user("contributeur").await;
    let page = u.get("/carbon/places").await;
    assert!(page.body.contains("Clermont-Ferand"));
    let fix = "text=Clermont-Ferand&country=France&iata=CFE";
    let r = u.post("/carbon/places/fix", fix).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    u.get("/carbon/places?done=place_fixed")
        .await
        .assert_shows(&[
            ("Tous les lieux ont été trouvés", "every place is found"),
            ("Clermont-Ferand", "the fix is listed"),
        ]);
    let missions = u.get("/carbon/missions?status=unresolved").await;
    missions.assert_shows(&[("0 trajet(s)", "no trip waits any more")]);

    // A bad form: a located message, in the page's language.
    let bad = "text=Quelque+part&country=&lat=95&lon=2&place_country=FR&name=X";
    let r = u.post_invalid("/carbon/places/fix", bad).await;
    assert!(r.body.contains("coordonnées"), "{}", r.body);
}
