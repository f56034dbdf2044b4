//! Compensation fund, policy flags, what-if simulation and generic mission tables.

use std::collections::BTreeMap;

use jalon_carbon::{
    ColumnProfile, Ledger, LedgerEntry, LedgerKind, LevyRule, LevySchedule, MappingError,
    PolicyFlag, PolicyRules, Resolver, Scenario, TransportFactors, TravelMode, TravelOptions,
    bundled_factor_set, compute_legs, flag_batch, levy_entries, map_table, simulate,
};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn profile() -> ColumnProfile {
    let mut aliases = BTreeMap::new();
    aliases.insert("Car".to_string(), TravelMode::Bus);
    ColumnProfile {
        date: "Date départ".into(),
        traveller: "Agent".into(),
        unit: "Unité".into(),
        origin: "Départ".into(),
        origin_country: Some("Pays départ".into()),
        destination: "Arrivée".into(),
        destination_country: None,
        mode: "Transport".into(),
        round_trip: Some("A/R".into()),
        amount_paid: Some("Montant TTC".into()),
        mission_id: Some("N° OM".into()),
        occupants: None,
        budget_line: Some("Ligne budgétaire".into()),
        mode_aliases: aliases,
    }
}

fn header() -> Vec<String> {
    s(&[
        "N° OM",
        "Date départ",
        "Agent",
        "Unité",
        "Départ",
        "Pays départ",
        "Arrivée",
        "Transport",
        "A/R",
        "Montant TTC",
        "Ligne budgétaire",
    ])
}

#[test]
fn table_mapping_dedup_and_errors() {
    let rows = vec![
        s(&[
            "OM1",
            "12/03/2024",
            "Dupont",
            "LAB-A",
            "Paris",
            "FR",
            "Toulouse",
            "Avion",
            "oui",
            "245,50 €",
            "BL-7",
        ]),
        s(&[
            "OM1",
            "12/03/2024",
            "dupont",
            "LAB-A",
            "Paris",
            "FR",
            "Toulouse",
            "Avion",
            "oui",
            "245,50 €",
            "BL-7",
        ]),
        s(&[
            "OM2", "45370", "Martin", "LAB-B", "Lyon", "France", "Genève", "Car", "non", "30", "",
        ]),
        s(&[
            "OM3",
            "2024-05-02",
            "Durand",
            "LAB-A",
            "Nantes",
            "",
            "Marseille",
            "TGV",
            "A/R",
            "1 120.00",
            "",
        ]),
    ];
    let t = map_table(&header(), &rows, &profile()).expect("maps");
    assert_eq!(t.records.len(), 3);
    assert_eq!(t.duplicates, vec![(3, 2)]);
    assert_eq!(t.records[0].amount_cents, Some(24_550));
    assert_eq!(
        t.records[1].mode,
        TravelMode::Bus,
        "profile alias: French 'car' is a coach"
    );
    assert_eq!(
        t.records[1].date.to_string(),
        "2024-03-19",
        "Excel serial date (45292 = 2024-01-01)"
    );
    assert_eq!(t.records[2].amount_cents, Some(112_000));
    assert!(t.records[2].round_trip);

    let bad = vec![s(&[
        "OM9",
        "31/02/2024",
        "X",
        "LAB-A",
        "Paris",
        "FR",
        "Lyon",
        "hoverboard",
        "peut-être",
        "-3",
        "",
    ])];
    let errs = map_table(&header(), &bad, &profile()).expect_err("must fail");
    let cols: Vec<usize> = errs
        .iter()
        .filter_map(|e| match e {
            MappingError::Cell { row: 2, column, .. } => Some(*column),
            _ => None,
        })
        .collect();
    assert_eq!(cols, vec![2, 8, 9, 10], "{errs:?}");
    let mut p = profile();
    p.occupants = Some("Passagers".into());
    assert!(matches!(
        map_table(&header(), &[], &p).expect_err("missing")[0],
        MappingError::MissingColumn(_)
    ));
}

#[test]
fn levy_ledger_and_balances() {
    let schedule = LevySchedule::default()
        .with(
            2024,
            LevyRule::CarbonPrice {
                cents_per_tonne: 10_000,
            },
        )
        .with(
            2025,
            LevyRule::TicketShare {
                share: 0.07,
                modes: vec![TravelMode::Plane],
            },
        );
    // 306.68 kg at 100 €/t = 30.67 €
    assert_eq!(
        schedule.levy(2024, 306.68, TravelMode::Plane, None).ok(),
        Some(3_067)
    );
    assert_eq!(
        schedule
            .levy(2025, 306.68, TravelMode::Plane, Some(24_550))
            .ok(),
        Some(1_719)
    );
    assert_eq!(
        schedule
            .levy(2025, 4.6, TravelMode::Train, Some(9_000))
            .ok(),
        Some(0)
    );
    assert!(
        schedule
            .levy(2025, 306.68, TravelMode::Plane, None)
            .is_err()
    );
    assert!(schedule.levy(2023, 1.0, TravelMode::Plane, None).is_err());

    let mut ledger = Ledger::new();
    let levy = |year, unit: &str, cents| LedgerEntry {
        year,
        date: None,
        unit: unit.into(),
        budget_line: None,
        amount_cents: cents,
        kind: LedgerKind::Levy {
            trip_ref: "OM".into(),
            kg: 1.0,
        },
    };
    ledger.record(levy(2024, "LAB-A", 3_067)).expect("ok");
    ledger.record(levy(2024, "LAB-B", 1_000)).expect("ok");
    ledger
        .record(LedgerEntry {
            year: 2024,
            date: None,
            unit: "CAMPUS".into(),
            budget_line: Some("FONDS".into()),
            amount_cents: 2_500,
            kind: LedgerKind::Reinvestment {
                description: "Abris vélos".into(),
                expected_reduction_kg_per_year: 800.0,
            },
        })
        .expect("ok");
    ledger.record(levy(2025, "LAB-A", 500)).expect("ok");
    assert!(ledger.record(levy(2025, "LAB-A", -1)).is_err());
    let b24 = ledger.balance(2024);
    assert_eq!(
        (
            b24.opening_cents,
            b24.levied_cents,
            b24.reinvested_cents,
            b24.closing_cents
        ),
        (0, 4_067, 2_500, 1_567)
    );
    let b25 = ledger.balance(2025);
    assert_eq!((b25.opening_cents, b25.closing_cents), (1_567, 2_067));
    assert_eq!(ledger.levied_by_unit(2024)["LAB-A"], 3_067);
    assert!((ledger.expected_reduction_kg_per_year(2025) - 800.0).abs() < 1e-9);
}

#[test]
fn policy_flags_and_what_if() {
    let rows = vec![
        s(&[
            "OM1",
            "12/03/2024",
            "A",
            "LAB",
            "Paris",
            "FR",
            "Toulouse",
            "avion",
            "oui",
            "",
            "",
        ]),
        s(&[
            "OM2",
            "12/03/2024",
            "B",
            "LAB",
            "Paris",
            "FR",
            "Pékin",
            "avion",
            "oui",
            "",
            "",
        ]),
        s(&[
            "OM3",
            "12/03/2024",
            "C",
            "LAB",
            "Paris",
            "FR",
            "Marseille",
            "train",
            "oui",
            "",
            "",
        ]),
    ];
    let t = map_table(&header(), &rows, &profile()).expect("maps");
    let set = bundled_factor_set().expect("factors");
    let tf = TransportFactors::new(set, &TravelOptions::default()).expect("tf");
    let batch = compute_legs(&t.requests(), &Resolver::bundled(None), &tf);
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    // Paris-Toulouse: 587.8 km × 1.2 / 150 km/h + 0.5 h = 5.2 h by train (estimate)
    let flags = flag_batch(
        &batch,
        &PolicyRules {
            train_max_hours: Some(6.0),
            ..PolicyRules::default()
        },
    );
    assert_eq!(flags.len(), 1, "only Paris-Toulouse is flagged");
    assert!(
        flags[0]
            .flags
            .iter()
            .any(|f| matches!(f, PolicyFlag::ShortFlight { .. }))
    );
    assert!(
        flags[0]
            .flags
            .iter()
            .any(|f| matches!(f, PolicyFlag::Domestic { .. }))
    );
    assert!(
        flags[0]
            .flags
            .iter()
            .any(|f| matches!(f, PolicyFlag::TrainUnder { hours } if (*hours - 5.2).abs() < 0.05))
    );
    let default_flags = flag_batch(&batch, &PolicyRules::default());
    assert!(
        !default_flags[0]
            .flags
            .iter()
            .any(|f| matches!(f, PolicyFlag::TrainUnder { .. })),
        "over 4 h by train"
    );

    let rule = LevyRule::CarbonPrice {
        cents_per_tonne: 10_000,
    };
    let w = simulate(
        &batch,
        &tf,
        &Scenario::NoFlightsUnder {
            km: 700.0,
            replacement: TravelMode::Train,
        },
        Some(&rule),
        None,
    )
    .expect("simulates");
    assert_eq!(w.switched, 1);
    // Paris-Toulouse by TGV: 2 × 587.8 × 1.2 × 0.00293 = 4.13 kg instead of 306.68 kg
    assert!(
        (w.before_kg - w.after_kg - (306.68 - 4.133)).abs() < 0.01,
        "{w:?}"
    );
    assert!(w.after_levy_cents < w.before_levy_cents);

    // levies charged to each record's unit and budget line
    let schedule = LevySchedule::default().with(2024, rule);
    let entries = levy_entries(&t, &batch, &schedule).expect("levies");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].unit, "LAB");
    assert_eq!(entries[0].amount_cents, 3_067);

    // export for the CLI contract: id,mode,distance_km,kg_co2e,factor_id...
    let csv = String::from_utf8(
        batch
            .to_csv(|l| t.records[l.index].mission_id.clone())
            .expect("csv"),
    )
    .expect("utf8");
    let mut lines = csv.lines();
    assert!(lines.next().is_some_and(|h| {
        h.starts_with("id,line,mode,from,from_country,to,to_country,great_circle_km,distance_km")
    }));
    assert!(lines.next().is_some_and(|l| l.starts_with(
        "OM1,2,avion,Paris,FR,Toulouse,FR,587.8,1365.6,2,1,306.678,avion-courtcourrier,"
    )));
}
