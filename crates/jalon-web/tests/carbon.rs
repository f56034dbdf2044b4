//! The carbon API as an expense system and a script use it (bearer token), and the carbon
//! pages' forms.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;

const GES_HEADER: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";

#[tokio::test]
async fn an_expense_system_gets_the_footprint_at_claim_time() {
    let t = TestApp::demo().await;
    let tok = t.token("lecteur", "expense system").await;
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/travel/footprint",
            &tok,
            Some(r#"{"from":"Paris","from_country":"FR","to":"Toulouse","to_country":"FR","mode":"avion","round_trip":true,"date":"2025-03-15"}"#),
        )
        .await;
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
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/travel/footprint",
            &tok,
            Some(r#"{"from":"Clermont-Ferand","from_country":"FR","to":"Paris","mode":"train"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.json();
    assert_eq!(e["error"]["code"], "unknown_place");
    assert_eq!(e["error"]["field"], "from");
    assert!(
        e["error"]["detail"]
            .as_str()
            .expect("detail")
            .contains("Clermont-Ferrand")
    );

    // A malformed body: the API's error envelope, not a plain-text rejection.
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/travel/footprint",
            &tok,
            Some(r#"{"from":"Paris""#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "invalid_json");
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/travel/footprint",
            &tok,
            Some(r#"{"from":"Paris","to":"Lyon","mode":"hoverboard"}"#),
        )
        .await;
    assert_eq!(r.json()["error"]["code"], "invalid_mode");
}

#[tokio::test]
async fn missions_in_and_out_through_the_api() {
    let t = TestApp::demo().await;
    let tok = t.token("editeur", "expense system").await;
    let file = format!(
        "{GES_HEADER}\nA1\t02/04/2025\tParis\tFrance\tMarseille\tFrance\ttrain\t\tOUI\t\t\nA2\t03/04/2025\tLondres\tRoyaume-Uni\tMunich\tAllemagne\tavion\t\tNON\tColloque\tChercheur\n"
    );
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/carbon/trips?unit=DRI&file_name=api.tsv",
            &tok,
            Some(&file),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let report = r.json();
    assert_eq!(report["computed"], 2);
    let batch = report["batch_id"].as_i64().expect("batch");
    let r = t
        .bearer(
            Method::GET,
            &format!("/api/v1/carbon/trips?batch={batch}"),
            &tok,
            None,
        )
        .await;
    let page = r.json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["trips"][1]["from_name"], "London");
    assert_eq!(page["trips"][1]["to_name"], "Munich");
    assert_eq!(page["trips"][0]["factor_id"], "tgv");
    // Exported as GES 1point5, byte for byte.
    let s = t.login("editeur").await;
    let r = t
        .get(&format!("/carbon/missions/export?batch={batch}"), Some(&s))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, file);

    // A broken file: refused whole, with the line and column of each problem.
    let bad = format!("{GES_HEADER}\nB1\t32/13/2024\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n");
    let r = t
        .bearer(Method::POST, "/api/v1/carbon/trips", &tok, Some(&bad))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.json();
    assert_eq!(e["error"]["code"], "import_refused");
    assert_eq!(e["error"]["problems"][0]["row"], 2);
    assert!(
        e["error"]["problems"][0]["text"]
            .as_str()
            .expect("text")
            .contains("32/13/2024")
    );
    let r = t
        .bearer(Method::GET, "/api/v1/carbon/trips?limit=1", &tok, None)
        .await;
    let total_before = r.json()["total"].as_i64().expect("total");
    assert_eq!(total_before, 220 + 2, "nothing written by the refused file");

    // The simulation and the fund answer for the demo year.
    let r = t
        .bearer(
            Method::POST,
            "/api/v1/carbon/simulation",
            &tok,
            Some(r#"{"year":2025,"scenario":{"kind":"no_flights_under","km":700,"replacement":"train"}}"#),
        )
        .await;
    let w = r.json();
    assert!(w["after_kg"].as_f64() < w["before_kg"].as_f64(), "{w}");
    let r = t
        .bearer(Method::GET, "/api/v1/carbon/fund", &tok, None)
        .await;
    assert_eq!(r.json()["years"][0]["year"], 2025);
}

#[tokio::test]
async fn fixing_a_place_from_the_page_computes_the_waiting_trips() {
    let t = TestApp::demo().await;
    let s = t.login("contributeur").await;
    let page = t.get("/carbon/places", Some(&s)).await;
    assert!(page.body.contains("Clermont-Ferand"));
    let r = t
        .post_form(
            "/carbon/places/fix",
            Some(&s),
            "text=Clermont-Ferand&country=France&iata=CFE",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = t.get("/carbon/places?done=place_fixed", Some(&s)).await;
    assert!(
        page.body.contains("Tous les lieux ont été trouvés"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Clermont-Ferand"), "the fix is listed");
    let missions = t.get("/carbon/missions?status=unresolved", Some(&s)).await;
    assert!(
        missions.body.contains("0 trajet(s)"),
        "no trip waits any more"
    );

    // A bad form: a located message, in the page's language.
    let r = t
        .post_form(
            "/carbon/places/fix",
            Some(&s),
            "text=Quelque+part&country=&lat=95&lon=2&place_country=FR&name=X",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("coordonnées"), "{}", r.body);
}
