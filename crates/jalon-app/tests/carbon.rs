//! Carbon use cases on the demo institution (inventories, labs, missions, fund, steering), on
//! SQLite and (with `JALON_TEST_DATABASE_URL`) PostgreSQL.

mod common;

use common::{app, signed_in};

use jalon_app::carbon::fund::{LevyRuleInput, ReinvestmentInput};
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, PlaceFixInput, TripInput, TripProblem,
};
use jalon_app::{Actor, App, AppError};
use jalon_carbon::TravelMode;
use jalon_carbon::{ResolveError, Scenario};
use jalon_core::Lang;
use jalon_store::carbon::TripFilter;
use jalon_store::testing;

const GES_HEADER: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";

fn ges_file(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(GES_HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

async fn import_ges(
    app: &App,
    actor: &Actor,
    bytes: &[u8],
    unit: Option<&str>,
) -> Result<jalon_app::carbon::travel::TripImportReport, AppError> {
    app.import_trips(
        actor,
        &MissionFile {
            bytes,
            file_name: "missions.tsv",
            format: &MissionFormat::Ges1point5,
            org_unit: unit,
            illustrative: false,
        },
        Lang::En,
    )
    .await
}

/// The institution's own inventory of `year` (not a lab's).
async fn institution_inventory(
    app: &App,
    actor: &Actor,
    year: i32,
) -> jalon_app::carbon::inventory::InventorySummary {
    app.inventories(actor)
        .await
        .expect("inventories")
        .into_iter()
        .find(|i| i.year == year && i.unit.is_none())
        .expect("the institution's inventory")
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[tokio::test]
async fn demo_inventories_feed_the_strategy() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo loads");
        let viewer = signed_in(&app, "lecteur").await;

        // Fossil energy of the buildings: index 100 / 97 / 93 / 90 on the reference year 2022.
        let trend = app.footprint_trend(&viewer).await.expect("trend");
        let years: Vec<i32> = trend.iter().map(|p| p.year).collect();
        assert_eq!(years, vec![2022, 2023, 2024, 2025], "{}", db.label);
        let index: Vec<f64> = trend
            .iter()
            .map(|p| p.fossil_index.expect("index"))
            .collect();
        for (got, want) in index.iter().zip([100.0, 97.0, 93.0, 90.0]) {
            assert!(close(*got, want, 1e-9), "{index:?}");
        }
        assert!(close(trend[0].fossil_mwh, 4850.0, 1e-6));
        // −5 %/year compounding from 2022.
        assert!(close(
            trend[3].expected_kg,
            trend[0].total.kg * 0.95f64.powi(3),
            1e-6
        ));
        for p in &trend {
            assert!(
                p.total.low < p.total.kg && p.total.kg < p.total.high,
                "{p:?}"
            );
        }

        // The indicators linked to the inventories carry computed values with their source.
        let view = app.plan_view(report.institution_id).await.expect("view");
        let indicator = |code: &str| {
            let id = view.indicator_id(code).expect("indicator");
            view.indicator(id).expect("indicator").1.clone()
        };
        let fossil = indicator("C3.O1.I1");
        let v2025 = fossil
            .measurements
            .iter()
            .find(|m| m.period == "2025")
            .expect("2025");
        assert_eq!(v2025.value, "90.0");
        // Its source is a provenance code, said in the reader's language.
        let source = v2025.source.as_deref().expect("source");
        assert!(
            matches!(
                jalon_core::provenance::Provenance::parse(source),
                Some(jalon_core::provenance::Provenance::CarbonInventory { year: 2025, .. })
            ),
            "{v2025:?}"
        );
        assert!(
            jalon_i18n::Tr::new(jalon_core::Lang::En)
                .source(source)
                .starts_with("Carbon inventory 2025 (factors "),
            "{source}"
        );
        assert_eq!(v2025.comment, None, "no sentence stored beside the code");
        // The demo's GHG indicator: its baseline is the 2022 inventory, as computed.
        let ghg = indicator("C3.O1.I2");
        let baseline = ghg.baseline.expect("baseline");
        assert!(
            close(baseline.value, trend[0].total.kg / 1000.0, 0.05),
            "baseline {} vs computed {}",
            baseline.value,
            trend[0].total.kg / 1000.0
        );
        let labs = indicator("C2.O4.I2");
        let f2025 = app.footprint(&viewer, 2025).await.expect("footprint");
        let labs_t: f64 = f2025
            .parts
            .iter()
            .filter(|p| p.unit.is_some())
            .map(|p| p.counted.kg)
            .sum::<f64>()
            / 1000.0;
        assert_eq!(
            labs.measurements
                .iter()
                .find(|m| m.period == "2025")
                .map(|m| m.value.clone()),
            Some(format!("{labs_t:.1}"))
        );

        // Changing the inventory moves the indicator: remove 2025's heating oil.
        let editor = signed_in(&app, "editeur").await;
        let inv = institution_inventory(&app, &editor, 2025).await;
        let detail = app.inventory(&editor, inv.id).await.expect("inventory");
        let oil = detail
            .activities
            .iter()
            .find(|a| a.factor_id == "fioul-domestique")
            .expect("oil line");
        app.delete_activity(&editor, inv.id, oil.id)
            .await
            .expect("deleted");
        let view = app.plan_view(report.institution_id).await.expect("view");
        let id = view.indicator_id("C3.O1.I1").expect("indicator");
        let now_2025 = view
            .indicator(id)
            .expect("indicator")
            .1
            .measurements
            .iter()
            .find(|m| m.period == "2025")
            .map(|m| m.value.clone());
        // (4365 − 12000 L × 9.97 kWh/L) / 4850 = 87.5 %
        assert_eq!(now_2025.as_deref(), Some("87.5"), "{}", db.label);
    }
}

#[tokio::test]
async fn labs_count_for_the_institutions_share_only() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let viewer = signed_in(&app, "lecteur").await;
    let f = app.footprint(&viewer, 2024).await.expect("footprint");
    let part = |code: &str| {
        f.parts
            .iter()
            .find(|p| p.unit.as_ref().is_some_and(|u| u.code == code))
            .expect("lab part")
    };
    assert!(close(part("EUROMOV").share, 0.5, 1e-12));
    assert!(close(
        part("EUROMOV").counted.kg,
        part("EUROMOV").own.kg * 0.5,
        1e-6
    ));
    assert!(close(
        part("HSM").counted.kg,
        part("HSM").own.kg * 0.25,
        1e-6
    ));
    assert!(close(part("PCH").counted.kg, part("PCH").own.kg, 1e-6));
    let sum: f64 = f.parts.iter().map(|p| p.counted.kg).sum();
    assert!(close(f.total.kg, sum, 1e-3), "{} vs {sum}", f.total.kg);
    // Every post of BEGES v5 is listed, and the posts add up to the total.
    assert_eq!(f.posts.len(), 22);
    let posts: f64 = f.posts.iter().map(|p| p.emissions.kg).sum();
    assert!(close(posts, f.total.kg, 1e-3));
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[tokio::test]
async fn lab_energy_reported_twice_is_flagged() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let admin = signed_in(&app, "admin").await;
    let lab = app
        .inventories(&admin)
        .await
        .expect("inventories")
        .into_iter()
        .find(|i| i.year == 2024 && i.unit.as_ref().is_some_and(|u| u.code == "HSM"))
        .expect("HSM 2024");
    app.add_activity(
        &admin,
        lab.id,
        &jalon_app::carbon::inventory::ActivityInput {
            post: "2.1".into(),
            label: "Électricité du bâtiment".into(),
            quantity: 120_000.0,
            unit: "kWh".into(),
            factor_id: "elec-fr-mix-moyen".into(),
            quality: Some("mesurée".into()),
            source: None,
            comment: None,
        },
    )
    .await
    .expect("line added");
    let f = app.footprint(&admin, 2024).await.expect("footprint");
    let warning = f
        .warnings
        .iter()
        .find(|w| w.key == "carbon-warning-double-count")
        .unwrap_or_else(|| panic!("{:?}", f.warnings));
    let en = jalon_i18n::Tr::new(Lang::En).msg(warning);
    let fr = jalon_i18n::Tr::new(Lang::Fr).msg(warning);
    assert!(
        en.starts_with("Possible double count: post 2.1") && en.contains("HSM"),
        "{en}"
    );
    assert!(
        fr.starts_with("Double compte possible : poste 2.1") && fr.contains("HSM"),
        "{fr}"
    );
}

#[tokio::test]
async fn missions_are_computed_fixed_levied_and_exported() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo loads");
        let admin = signed_in(&app, "admin").await;

        // The demo's expense export: a typo is listed with suggestions, not guessed.
        let unresolved = app.unresolved_places(&admin).await.expect("unresolved");
        let typo = unresolved
            .iter()
            .find(|p| p.text == "Clermont-Ferand")
            .expect("typo listed");
        assert!(typo.trips > 0);
        let suggestion = typo
            .suggestions
            .iter()
            .find(|s| s.name == "Clermont-Ferrand")
            .expect("suggested");
        // The trip keeps why it is not computed as a code, said in each language.
        let trips = app
            .trips(&admin, &Default::default(), 0, 1000)
            .await
            .expect("trips");
        let problem = trips
            .trips
            .iter()
            .filter_map(|t| t.problem.as_ref())
            .find(|p| matches!(p, TripProblem::Place(ResolveError::NotFound { text, .. }) if text == "Clermont-Ferand"))
            .expect("the typo's trip says why");
        let fr = jalon_i18n::Tr::new(Lang::Fr).msg(&problem.message());
        let en = jalon_i18n::Tr::new(Lang::En).msg(&problem.message());
        assert!(
            fr.starts_with("Lieu inconnu « Clermont-Ferand »")
                && fr.contains("Clermont-Ferrand (FR)"),
            "{fr}"
        );
        assert!(
            en.starts_with("Unknown place “Clermont-Ferand”") && en.contains("did you mean: "),
            "{en}"
        );
        assert_eq!(TripProblem::from_stored(&problem.stored()), problem.clone());
        assert_eq!(
            TripProblem::from_stored("unknown place \"X\""),
            TripProblem::Text("unknown place \"X\"".into()),
            "text stored before codes reads as text"
        );
        let fund_before = app.fund(&admin).await.expect("fund");
        let levied_before = fund_before
            .years
            .iter()
            .find(|y| y.year == 2025)
            .expect("2025")
            .levied_cents;

        let fixed = app
            .fix_place(
                &admin,
                &typo.text,
                &typo.country,
                &PlaceFixInput::Geoname {
                    geonameid: suggestion.geonameid,
                },
            )
            .await
            .expect("fixed");
        assert_eq!(fixed, typo.trips, "{}", db.label);
        assert!(
            app.unresolved_places(&admin)
                .await
                .expect("unresolved")
                .iter()
                .all(|p| p.text != "Clermont-Ferand")
        );
        let fund_after = app.fund(&admin).await.expect("fund");
        let y2025 = fund_after
            .years
            .iter()
            .find(|y| y.year == 2025)
            .expect("2025");
        assert!(y2025.levied_cents > levied_before, "levies follow the fix");
        assert_eq!(
            y2025.closing_cents,
            y2025.opening_cents + y2025.levied_cents - y2025.reinvested_cents
        );

        // The fix is kept and applied to later imports.
        let later =
            ges_file(&["1\t05/02/2025\tClermont-Ferand\tFrance\tParis\tFrance\ttrain\t\tOUI\t\t"]);
        let r = import_ges(&app, &admin, &later, Some("DRI"))
            .await
            .expect("imported");
        assert_eq!((r.computed, r.unresolved), (1, 0));

        // Reference case through the whole chain: Paris–Toulouse return flight, 100 €/t.
        let file = ges_file(&[
            "7\t15/03/2025\tParis\tFR\tToulouse\tFR\tavion\t\tOUI\tColloque\tChercheur",
        ]);
        let r = import_ges(&app, &admin, &file, Some("DRI"))
            .await
            .expect("imported");
        let trips = app
            .trips(
                &admin,
                &TripFilter {
                    batch_id: Some(r.batch_id),
                    ..Default::default()
                },
                0,
                10,
            )
            .await
            .expect("trips");
        let t = &trips.trips[0];
        assert_eq!(t.factor_id.as_deref(), Some("avion-courtcourrier"));
        assert_eq!(
            t.formula.as_deref(),
            Some("2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e")
        );
        // 306.68 kg × 100 €/t = 30.67 €
        assert_eq!(t.levy_cents, Some(3067));
        assert!(t.flags.iter().any(|f| f.code == "domestic_flight"));
        assert_eq!(r.levy_cents, 3067);
        // The same file again is refused: its trips and their levy count once.
        let fund_before = app.fund(&admin).await.expect("fund").entries.len();
        let batches_before = app.trip_batches(&admin).await.expect("batches").len();
        let again = import_ges(&app, &admin, &file, Some("DRI"))
            .await
            .expect_err("already imported");
        assert_eq!(again.code(), "already_imported");
        assert!(again.to_string().contains("missions.tsv"), "{again}");
        assert_eq!(
            app.fund(&admin).await.expect("fund").entries.len(),
            fund_before
        );
        let batches = app.trip_batches(&admin).await.expect("batches");
        assert_eq!(batches.len(), batches_before);

        // A GES 1point5 file comes back unchanged.
        let canonical = ges_file(&[
            "A1\t02/04/2025\tParis\tFrance\tMarseille\tFrance\ttrain\t\tOUI\t\t",
            "A2\t10/05/2025\tGrenoble\tFR\tLyon\tFR\tvoiture\t2\tNON\tRéunion\tDoctorant",
            "A3\t01/06/2025\tSt Etienne\tFR\tLondres\tRoyaume-Uni\tavion\t\tOUI\t\tITA",
        ]);
        let r = import_ges(&app, &admin, &canonical, None)
            .await
            .expect("imported");
        let out = app
            .export_trips_ges1point5(
                &admin,
                &TripFilter {
                    batch_id: Some(r.batch_id),
                    ..Default::default()
                },
            )
            .await
            .expect("export");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            String::from_utf8(canonical).expect("utf8")
        );
    }
}

#[tokio::test]
async fn bad_mission_files_are_refused_whole_with_locations() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let admin = signed_in(&app, "admin").await;
    let before = app
        .trips(&admin, &TripFilter::default(), 0, 1)
        .await
        .expect("trips")
        .total;
    let batches = app.trip_batches(&admin).await.expect("batches").len();
    let bad = ges_file(&[
        "1\t02/04/2025\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t",
        "2\t32/13/2024\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t",
        "3\t02/04/2025\tParis\tFR\tLyon\tFR\ttéléportation\t\tOUI\t\t",
        "4\t02/04/2025\tParis\tFR\tLyon\tFR\tvoiture\t-2\tOUI\t\t",
    ]);
    let err = import_ges(&app, &admin, &bad, None)
        .await
        .expect_err("refused");
    let AppError::ImportRefused(problems) = err else {
        panic!("not refused: {err:?}");
    };
    let rows: Vec<Option<usize>> = problems.iter().map(|p| p.row).collect();
    assert!(
        rows.contains(&Some(3)) && rows.contains(&Some(4)) && rows.contains(&Some(5)),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.message.contains("32/13/2024")),
        "{problems:?}"
    );
    assert_eq!(
        app.trips(&admin, &TripFilter::default(), 0, 1)
            .await
            .expect("trips")
            .total,
        before
    );
    assert_eq!(
        app.trip_batches(&admin).await.expect("batches").len(),
        batches
    );

    // A negative distance is refused by the calculator.
    let err = app
        .trip_footprint(
            &admin,
            &TripInput {
                from: "Paris".into(),
                to: "Xqzvillebourg".into(),
                mode: "train".into(),
                ..Default::default()
            },
        )
        .await
        .expect_err("unknown place");
    assert_eq!(err.code(), "unknown_place", "{err:?}");
    let err = app
        .trip_footprint(
            &admin,
            &TripInput {
                from: "Paris".into(),
                to: "Lyon".into(),
                mode: "hoverboard".into(),
                ..Default::default()
            },
        )
        .await
        .expect_err("unknown mode");
    assert_eq!(err.code(), "invalid_mode", "{err:?}");
}

#[tokio::test]
async fn calculator_gives_distance_interval_levy_and_flags() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let viewer = signed_in(&app, "lecteur").await;
    let f = app
        .trip_footprint(
            &viewer,
            &TripInput {
                from: "CDG".into(),
                to: "Toulouse".into(),
                to_country: Some("France".into()),
                mode: "avion".into(),
                round_trip: true,
                date: chrono::NaiveDate::from_ymd_opt(2025, 3, 1),
                ..Default::default()
            },
        )
        .await
        .expect("footprint");
    assert_eq!(f.to.country, "FR");
    assert!(f.emissions.low < f.emissions.kg && f.emissions.kg < f.emissions.high);
    assert_eq!(
        f.levy_cents,
        Some((f.emissions.kg / 1000.0 * 10_000.0).round() as i64)
    );
    let codes: Vec<&str> = f.flags.iter().map(|f| f.code.as_str()).collect();
    assert!(
        codes.contains(&"domestic_flight") && codes.contains(&"short_flight"),
        "{codes:?}"
    );
    // No price for 2019: no levy, and the reason.
    let f = app
        .trip_footprint(
            &viewer,
            &TripInput {
                from: "Paris".into(),
                to: "Toulouse".into(),
                mode: "train".into(),
                date: chrono::NaiveDate::from_ymd_opt(2019, 3, 1),
                ..Default::default()
            },
        )
        .await
        .expect("footprint");
    assert_eq!(f.levy_cents, None);
    assert_eq!(f.levy_note.as_deref(), Some("no_rule"));
    // Paris, Texas when the country says so.
    let f = app
        .trip_footprint(
            &viewer,
            &TripInput {
                from: "Paris".into(),
                from_country: Some("US".into()),
                to: "Dallas".into(),
                mode: "car".into(),
                occupants: Some(2),
                ..Default::default()
            },
        )
        .await
        .expect("footprint");
    assert_eq!(f.from.country, "US");
    assert!(f.great_circle_km < 300.0, "{}", f.great_circle_km);
    assert!(f.formula.contains("÷ 2 occupants"), "{}", f.formula);
}

#[tokio::test]
async fn fund_rules_reinvestments_and_simulation() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo loads");
        let admin = signed_in(&app, "admin").await;
        let viewer = signed_in(&app, "lecteur").await;
        let fund = app.fund(&viewer).await.expect("fund");
        let y = fund.years.iter().find(|y| y.year == 2025).expect("2025");
        assert!(y.levied_cents > 0);
        assert_eq!(y.reinvested_cents, 650_000);
        let by_unit: i64 = y.levied_by_unit.values().sum();
        assert_eq!(by_unit, y.levied_cents);

        // Doubling the price doubles the levies (to the cent, per trip rounding aside); the
        // rule and the levies it recomputes are one change: one journal entry.
        let journal = |app: &jalon_app::App| {
            let db = app.store().db().clone();
            let institution = admin.institution_id;
            async move {
                jalon_store::audit::latest(&db, institution, 100_000)
                    .await
                    .expect("journal")
            }
        };
        let before = journal(&app).await;
        app.set_levy_rule(
            &admin,
            2025,
            Some(&LevyRuleInput::CarbonPrice {
                eur_per_tonne: 200.0,
            }),
        )
        .await
        .expect("rule");
        let after = journal(&app).await;
        assert_eq!(after.len(), before.len() + 1, "one journal entry");
        assert_eq!(after[0].entity_kind, "levy_rule");
        let doubled = app.fund(&viewer).await.expect("fund");
        let y2 = doubled.years.iter().find(|y| y.year == 2025).expect("2025");
        let trips = app
            .trips(&viewer, &TripFilter::default(), 0, 1)
            .await
            .expect("trips")
            .total as i64;
        assert!(
            (y2.levied_cents - 2 * y.levied_cents).abs() <= trips,
            "{} vs {}",
            y2.levied_cents,
            y.levied_cents
        );

        // A ticket-share levy on flights only.
        app.set_levy_rule(
            &admin,
            2025,
            Some(&LevyRuleInput::TicketShare {
                percent: 10.0,
                modes: vec!["avion".into()],
            }),
        )
        .await
        .expect("rule");
        let page = app
            .trips(
                &viewer,
                &TripFilter {
                    mode: Some(TravelMode::Train.ges1point5_label().to_string()),
                    status: Some(jalon_core::trip::TripStatus::Computed),
                    ..Default::default()
                },
                0,
                5,
            )
            .await
            .expect("trips");
        assert!(
            page.trips.iter().all(|t| t.levy_cents == Some(0)),
            "{:?}",
            page.trips
        );

        // Reinvestments need a description and a positive amount; only admins record them.
        let bad = app
            .add_reinvestment(
                &admin,
                &ReinvestmentInput {
                    year: 2025,
                    unit: "PATRI".into(),
                    amount_cents: 0,
                    description: "x".into(),
                    ..Default::default()
                },
            )
            .await;
        assert!(matches!(bad, Err(AppError::Invalid { .. })), "{bad:?}");
        let forbidden = app
            .add_reinvestment(
                &viewer,
                &ReinvestmentInput {
                    year: 2025,
                    unit: "PATRI".into(),
                    amount_cents: 100,
                    description: "x".into(),
                    ..Default::default()
                },
            )
            .await;
        assert!(matches!(forbidden, Err(AppError::Forbidden)));
        let id = app
            .add_reinvestment(
                &admin,
                &ReinvestmentInput {
                    year: 2026,
                    unit: "VE".into(),
                    amount_cents: 120_000,
                    description: "Ateliers de réparation de vélos".into(),
                    expected_reduction_kg: Some(1500.0),
                    ..Default::default()
                },
            )
            .await
            .expect("reinvested");
        let fund = app.fund(&viewer).await.expect("fund");
        let y2026 = fund.years.iter().find(|y| y.year == 2026).expect("2026");
        let y2025 = fund.years.iter().find(|y| y.year == 2025).expect("2025");
        assert_eq!(y2026.opening_cents, y2025.closing_cents);
        assert_eq!(y2026.reinvested_cents, 120_000);
        app.delete_reinvestment(&admin, id).await.expect("deleted");
        let levy = fund
            .entries
            .iter()
            .find(|e| e.kind == jalon_core::fund::MovementKind::Levy)
            .expect("a levy");
        assert!(matches!(
            app.delete_reinvestment(&admin, levy.id).await,
            Err(AppError::Conflict(_))
        ));

        // What if no flight under 700 km: fewer emissions, flights switched.
        let w = app
            .simulate_trips(
                &viewer,
                2025,
                &Scenario::NoFlightsUnder {
                    km: 700.0,
                    replacement: TravelMode::Train,
                },
            )
            .await
            .expect("simulation");
        assert!(w.switched > 0);
        assert!(w.after_kg < w.before_kg, "{w:?}");
    }
}

#[tokio::test]
async fn travel_lines_of_the_inventory_follow_the_missions() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let admin = signed_in(&app, "admin").await;
    let inv = institution_inventory(&app, &admin, 2025).await;
    let travel_kg = |v: &jalon_app::carbon::inventory::InventoryView| {
        v.posts
            .iter()
            .find(|p| p.code == "3.5")
            .map_or(0.0, |p| p.emissions.kg)
    };
    let before = app.inventory(&admin, inv.id).await.expect("inventory");
    // The institution's trips (not the labs') make the 3.5 lines.
    let page = app
        .trips(
            &admin,
            &TripFilter {
                year: Some(2025),
                status: Some(jalon_core::trip::TripStatus::Computed),
                ..Default::default()
            },
            0,
            1000,
        )
        .await
        .expect("trips");
    let institution_kg: f64 = page
        .trips
        .iter()
        .filter(|t| t.org_unit.as_deref() != Some("EUROMOV"))
        .filter_map(|t| t.emissions.map(|e| e.kg))
        .sum();
    assert!(
        close(travel_kg(&before), institution_kg, institution_kg * 1e-3),
        "{} vs {institution_kg}",
        travel_kg(&before)
    );
    // A new mission, folded in again: the lines are replaced, not added twice.
    let file = ges_file(&["9\t15/03/2025\tParis\tFR\tToulouse\tFR\tavion\t\tOUI\t\t"]);
    import_ges(&app, &admin, &file, Some("DF"))
        .await
        .expect("imported");
    app.travel_into_inventory(&admin, inv.id)
        .await
        .expect("folded");
    let after = app.inventory(&admin, inv.id).await.expect("inventory");
    assert!(
        close(travel_kg(&after) - travel_kg(&before), 306.68, 0.5),
        "{} → {}",
        travel_kg(&before),
        travel_kg(&after)
    );
}

#[tokio::test]
async fn contributors_edit_their_own_units_only() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    // The contributor belongs to PATRI.
    let contributor = signed_in(&app, "contributeur").await;
    let file = ges_file(&["1\t02/04/2025\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t"]);
    import_ges(&app, &contributor, &file, Some("PATRI"))
        .await
        .expect("own unit");
    assert!(matches!(
        import_ges(&app, &contributor, &file, Some("EUROMOV")).await,
        Err(AppError::Forbidden)
    ));
    let viewer = signed_in(&app, "lecteur").await;
    assert!(matches!(
        import_ges(&app, &viewer, &file, None).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.set_levy_rule(&contributor, 2025, None).await,
        Err(AppError::Forbidden)
    ));
}

#[tokio::test]
async fn activity_files_and_factor_sets_are_checked() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let admin = signed_in(&app, "admin").await;
    let inv = app
        .create_inventory(&admin, 2026, None, None, None, false)
        .await
        .expect("created");
    let bad = "Poste;Libellé;Quantité;Unité;Facteur\n2.1;Électricité;12000;kWh;elec-fr-mix-moyen\n1.1;Gaz;-5;kWh PCI;gaz-naturel-fr\n9.9;Gaz;5;kWh PCI;gaz-naturel-fr\n1.1;Gaz;5;furlong;gaz-naturel-fr\n";
    let err = app
        .import_activities(&admin, inv.id, bad.as_bytes(), "2026.csv", false, Lang::En)
        .await
        .expect_err("refused");
    let AppError::ImportRefused(problems) = err else {
        panic!("not refused: {err:?}");
    };
    let rows: Vec<Option<usize>> = problems.iter().map(|p| p.row).collect();
    assert!(
        rows.contains(&Some(3)) && rows.contains(&Some(4)) && rows.contains(&Some(5)),
        "{problems:?}"
    );
    assert!(
        app.inventory(&admin, inv.id)
            .await
            .expect("inventory")
            .activities
            .is_empty()
    );

    // A Base Empreinte export: the wrong encoding for its declared content is refused,
    // nothing stored; a good one becomes a version usable by an inventory.
    let header = "Type Ligne;Identifiant de l'élément;Structure;Type de l'élément;Statut de l'élément;Nom base français;Nom base anglais;Nom attribut français;Nom frontière français;Unité français;Incertitude;Type poste;Total poste non décomposé";
    let good = format!(
        "{header}\r\nElément;15591;Elément;Elément;Valide générique;Electricité - 2023;Electricity - 2023;mix moyen;consommation;kgCO2e/kWh;10;;0,0480\r\n"
    );
    let utf16: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let err = app
        .import_factors(&admin, &utf16, "base-empreinte.csv", "23.7")
        .await
        .expect_err("refused");
    assert!(matches!(err, AppError::ImportRefused(_)), "{err:?}");
    assert_eq!(app.factor_sets(&admin).await.expect("sets").len(), 1);
    let cp1252 = encoding_rs::WINDOWS_1252.encode(&good).0.into_owned();
    let set = app
        .import_factors(&admin, &cp1252, "base-empreinte.csv", "23.7")
        .await
        .expect("imported");
    assert_eq!(set.factor_count, 1);
    let inv = app
        .create_inventory(&admin, 2027, None, Some("23.7"), None, false)
        .await
        .expect("created");
    app.add_activity(
        &admin,
        inv.id,
        &jalon_app::carbon::inventory::ActivityInput {
            post: "2.1".into(),
            label: "Électricité".into(),
            quantity: 1000.0,
            unit: "MWh".into(),
            factor_id: "be:15591".into(),
            quality: None,
            source: None,
            comment: None,
        },
    )
    .await
    .expect("line");
    let v = app.inventory(&admin, inv.id).await.expect("inventory");
    assert!(close(v.total.kg, 48_000.0, 1e-6), "{}", v.total.kg);
    assert!(matches!(
        app.import_factors(&admin, &cp1252, "base-empreinte.csv", "23.7")
            .await,
        Err(AppError::Conflict(_))
    ));
}

#[test]
fn the_carbon_doc_names_every_column() {
    let doc = include_str!("../../../docs/CARBON.md");
    for (_, headers, _) in jalon_io::activities::COLUMNS {
        assert!(
            doc.contains(&format!("`{}`", headers[0])),
            "docs/CARBON.md does not describe the activity column {}",
            headers[0]
        );
    }
    for c in jalon_app::carbon::trips_file::OUTPUT_HEADER {
        assert!(
            doc.contains(&format!("`{c}`")),
            "docs/CARBON.md does not describe the output column {c}"
        );
    }
}

#[tokio::test]
async fn travellers_are_shown_only_to_those_who_manage_missions() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo loads");
    let filter = TripFilter {
        year: Some(2025),
        ..Default::default()
    };
    let editor = signed_in(&app, "editeur").await;
    let page = app.trips(&editor, &filter, 0, 50).await.expect("trips");
    assert!(page.trips.iter().any(|t| t.traveller.is_some()));
    for user in ["lecteur", "contributeur"] {
        let actor = signed_in(&app, user).await;
        let page = app.trips(&actor, &filter, 0, 50).await.expect("trips");
        assert!(page.trips.iter().all(|t| t.traveller.is_none()), "{user}");
    }
}

/// A line added to an inventory and the indicator values it feeds commit together: when the
/// database refuses to write the fed values, the line is not kept either.
#[tokio::test]
async fn a_change_and_the_values_it_feeds_commit_together() {
    use jalon_store::ConnectionTrait;
    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo loads");
        let admin = signed_in(&app, "admin").await;
        let inventory = institution_inventory(&app, &admin, 2025).await;
        let view = app
            .inventory(&admin, inventory.id)
            .await
            .expect("inventory");
        let fossil_line = view
            .activities
            .iter()
            .find(|a| a.post == "1.1")
            .expect("a combustion line")
            .clone();
        let line = jalon_app::carbon::inventory::ActivityInput {
            post: fossil_line.post.clone(),
            label: "Chaudière d'appoint".into(),
            quantity: fossil_line.quantity,
            unit: fossil_line.unit.clone(),
            factor_id: fossil_line.factor_id.clone(),
            quality: None,
            source: None,
            comment: None,
        };
        let fed_value = |app: App| async move {
            let view = app.plan_view(report.institution_id).await.expect("view");
            let id = view.indicator_id("C3.O1.I1").expect("indicator");
            view.indicator(id)
                .expect("indicator")
                .1
                .measurements
                .iter()
                .find(|m| m.period == "2025")
                .expect("2025")
                .value
                .clone()
        };
        let before = fed_value(app.clone()).await;

        // The database refuses any write of a value.
        let refuse = if db.label == "postgres" {
            vec![
                "CREATE FUNCTION refuse_values() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_values BEFORE INSERT OR UPDATE ON measurement FOR EACH ROW EXECUTE FUNCTION refuse_values()",
            ]
        } else {
            vec![
                "CREATE TRIGGER refuse_inserts BEFORE INSERT ON measurement BEGIN SELECT RAISE(ABORT, 'refused'); END",
                "CREATE TRIGGER refuse_updates BEFORE UPDATE ON measurement BEGIN SELECT RAISE(ABORT, 'refused'); END",
            ]
        };
        for sql in &refuse {
            db.store.db().execute_unprepared(sql).await.expect(sql);
        }
        assert!(
            app.add_activity(&admin, inventory.id, &line).await.is_err(),
            "{}",
            db.label
        );
        let after = app
            .inventory(&admin, inventory.id)
            .await
            .expect("inventory");
        assert_eq!(
            after.activities.len(),
            view.activities.len(),
            "{}: the line is not kept without the values it feeds",
            db.label
        );
        assert_eq!(fed_value(app.clone()).await, before, "{}", db.label);

        // Once the database accepts values again, the line and the value change together.
        let allow = if db.label == "postgres" {
            vec![
                "DROP TRIGGER refuse_values ON measurement",
                "DROP FUNCTION refuse_values()",
            ]
        } else {
            vec!["DROP TRIGGER refuse_inserts", "DROP TRIGGER refuse_updates"]
        };
        for sql in &allow {
            db.store.db().execute_unprepared(sql).await.expect(sql);
        }
        app.add_activity(&admin, inventory.id, &line)
            .await
            .expect("line added");
        let after = app
            .inventory(&admin, inventory.id)
            .await
            .expect("inventory");
        assert_eq!(
            after.activities.len(),
            view.activities.len() + 1,
            "{}",
            db.label
        );
        assert_ne!(fed_value(app.clone()).await, before, "{}", db.label);
    }
}
