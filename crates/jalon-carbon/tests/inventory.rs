//! Inventory computation, unit checks, consolidation, comparison and trajectories.

use jalon_carbon::{
    ActivityData, ActivityUnit, BegesCategory, BegesPost, DataQuality, InventoryError, Perimeter,
    Scope, Scope3Category, Target, TargetKind, bundled_factor_set, compute_inventory, consolidate,
    fossil_mwh,
};

fn act(
    id: &str,
    post: BegesPost,
    q: f64,
    unit: ActivityUnit,
    factor: &str,
    unit_name: &str,
) -> ActivityData {
    ActivityData {
        id: id.into(),
        post,
        quantity: q,
        unit,
        factor_id: factor.into(),
        quality: DataQuality::Measured,
        org_unit: unit_name.into(),
        year: 2024,
        label: String::new(),
    }
}

fn campus() -> Vec<ActivityData> {
    vec![
        act(
            "elec",
            BegesPost::Electricity,
            1_200.0,
            ActivityUnit::Mwh,
            "elec-fr-mix-moyen",
            "CAMPUS",
        ),
        act(
            "gas",
            BegesPost::DirectStationary,
            800_000.0,
            ActivityUnit::Kwh,
            "gaz-naturel-fr",
            "CAMPUS",
        ),
        act(
            "fleet",
            BegesPost::DirectMobile,
            5_000.0,
            ActivityUnit::Litre,
            "gazole-routier",
            "CAMPUS",
        ),
        act(
            "clim",
            BegesPost::DirectFugitive,
            3.0,
            ActivityUnit::Kg,
            "fluide-r410a",
            "CAMPUS",
        ),
        act(
            "laptops",
            BegesPost::CapitalGoods,
            150.0,
            ActivityUnit::Item,
            "ordinateur-portable",
            "CAMPUS",
        ),
        act(
            "it",
            BegesPost::PurchasedGoods,
            120.0,
            ActivityUnit::KiloEuro,
            "achats-informatique",
            "LAB",
        ),
        act(
            "waste",
            BegesPost::Waste,
            40.0,
            ActivityUnit::Tonne,
            "dechets-incineration",
            "CAMPUS",
        ),
        act(
            "train",
            BegesPost::BusinessTravel,
            250_000.0,
            ActivityUnit::PassengerKm,
            "tgv",
            "LAB",
        ),
    ]
}

#[test]
fn posts_scopes_and_factor_versions() {
    assert_eq!(BegesPost::ALL.len(), 22);
    assert_eq!(BegesCategory::ALL.len(), 6);
    let set = bundled_factor_set().expect("factors");
    let inv = compute_inventory(2024, &campus(), set).expect("computes");
    // electricity: 1200 MWh = 1.2e6 kWh × 0.052 = 62 400 kgCO2e
    let by_post = inv.by_post();
    assert!((by_post[&BegesPost::Electricity].kg - 62_400.0).abs() < 1e-6);
    // R410A: 3 kg × 1924 = 5772 kgCO2e
    assert!((by_post[&BegesPost::DirectFugitive].kg - 5_772.0).abs() < 1e-6);
    // k€ converted to €: 120 000 € × 0.56 = 67 200 kgCO2e
    assert!((by_post[&BegesPost::PurchasedGoods].kg - 67_200.0).abs() < 1e-6);
    let scopes = inv.by_scope();
    assert!(
        scopes.contains_key(&Scope::S1)
            && scopes.contains_key(&Scope::S2)
            && scopes.contains_key(&Scope::S3)
    );
    let s3 = inv.by_scope3_category();
    assert!(s3.contains_key(&Some(Scope3Category(6))));
    assert!(s3.contains_key(&Some(Scope3Category(2))));
    for l in &inv.lines {
        assert_eq!(l.factor_version, set.version);
        assert!(l.estimate.low() <= l.estimate.kg && l.estimate.kg <= l.estimate.high());
    }
    let total = inv.total();
    let sum: f64 = by_post.values().map(|e| e.kg).sum();
    assert!((total.kg - sum).abs() < 1e-6);
    assert!(total.low() < total.kg && total.kg < total.high());
}

#[test]
fn unit_mismatch_is_an_error() {
    let set = bundled_factor_set().expect("factors");
    let bad = vec![act(
        "fuel",
        BegesPost::DirectMobile,
        100.0,
        ActivityUnit::Kwh,
        "gazole-routier",
        "CAMPUS",
    )];
    let errs = compute_inventory(2024, &bad, set).expect_err("kWh against a per-litre factor");
    assert!(matches!(errs[0], InventoryError::Unit { .. }), "{errs:?}");
    let unknown = vec![act(
        "x",
        BegesPost::Waste,
        1.0,
        ActivityUnit::Tonne,
        "no-such-factor",
        "CAMPUS",
    )];
    assert!(matches!(
        compute_inventory(2024, &unknown, set).expect_err("unknown")[0],
        InventoryError::Factor { .. }
    ));
    let pcs = vec![act(
        "gas",
        BegesPost::DirectStationary,
        1.0,
        ActivityUnit::KwhPcs,
        "gaz-naturel-fr",
        "CAMPUS",
    )];
    let e = compute_inventory(2024, &pcs, set).expect_err("PCS vs PCI");
    assert!(e[0].to_string().contains("PCS"), "{}", e[0]);
}

#[test]
fn consolidation_counts_shared_labs_once_at_their_share() {
    let set = bundled_factor_set().expect("factors");
    let campus_inv = compute_inventory(2024, &campus(), set).expect("campus");
    // the lab's own inventory repeats its lines (same ids): they must not count twice
    let lab_acts: Vec<ActivityData> = campus()
        .into_iter()
        .filter(|a| a.org_unit == "LAB")
        .collect();
    let lab_inv = compute_inventory(2024, &lab_acts, set).expect("lab");
    let perimeter = Perimeter::default().with("CAMPUS", 1.0).with("LAB", 0.5);
    let c = consolidate(&[campus_inv.clone(), lab_inv], &perimeter).expect("consolidates");
    assert_eq!(c.duplicates_skipped.len(), lab_acts.len());
    let by_unit = campus_inv.by_org_unit();
    let expected = by_unit["CAMPUS"].kg + 0.5 * by_unit["LAB"].kg;
    assert!((c.inventory.total().kg - expected).abs() < 1e-6);
    assert!(consolidate(&[campus_inv], &Perimeter::default().with("LAB", 1.5)).is_err());
}

#[test]
fn year_on_year_and_trajectories() {
    let set = bundled_factor_set().expect("factors");
    let y2024 = compute_inventory(2024, &campus(), set).expect("2024");
    let mut acts = campus();
    for a in &mut acts {
        a.year = 2025;
        if a.id == "gas" {
            a.quantity = 700_000.0;
        }
    }
    let y2025 = compute_inventory(2025, &acts, set).expect("2025");
    let cmp = y2025.compare(&y2024);
    assert!(!cmp.factor_versions_differ);
    // 100 000 kWh less gas × 0.227 = −22 700 kgCO2e
    assert!((cmp.delta_kg() + 22_700.0).abs() < 1e-6);
    let gas = cmp
        .posts
        .iter()
        .find(|p| p.0 == BegesPost::DirectStationary)
        .expect("gas post");
    assert!((gas.1 - gas.2 - 22_700.0).abs() < 1e-6);

    // −5 %/year compounds: five years give −22.6 %, not −25 %
    let t = Target {
        reference_year: 2020,
        reference_value: 100.0,
        kind: TargetKind::AnnualRate(-0.05),
    };
    assert!((t.expected(2025) - 77.378).abs() < 1e-3);
    let pts = t.check(&[(2024, 80.0), (2025, 79.0)]);
    assert!(pts[0].on_track && !pts[1].on_track);

    // −20 % fossil MWh versus 2019 by 2030
    let fossil_2024 = fossil_mwh(&campus(), set);
    // gas 800 MWh + diesel 5000 L × 9.97 kWh/L = 49.85 MWh
    assert!((fossil_2024 - 849.85).abs() < 1e-6, "{fossil_2024}");
    let f = Target {
        reference_year: 2019,
        reference_value: 1000.0,
        kind: TargetKind::LinearTo {
            change: -0.20,
            target_year: 2030,
        },
    };
    assert!((f.expected(2030) - 800.0).abs() < 1e-9);
    assert!(f.check(&[(2024, fossil_2024)])[0].on_track);
}

#[test]
fn bundled_set_covers_campus_posts() {
    let set = bundled_factor_set().expect("factors");
    for id in [
        "elec-fr-mix-moyen",
        "gaz-naturel-fr",
        "fioul-domestique",
        "bois-plaquettes",
        "bois-granules",
        "reseau-chaleur-fr",
        "essence-sp95-98",
        "gazole-routier",
        "fluide-r410a",
        "fluide-r32",
        "fluide-r134a",
        "fluide-r404a",
        "avion-courtcourrier",
        "avion-longcourrier-sans-trainees",
        "tgv",
        "ter",
        "intercites",
        "rer",
        "voiturethermique",
        "voitureelectrique",
        "busthermique",
        "autocar",
        "metro",
        "tramway",
        "achats-informatique",
        "ordinateur-portable",
        "ecran-ordinateur",
        "dechets-incineration",
        "dechets-enfouissement",
        "dechets-recyclage",
        "dechets-compostage",
        "eau-potable",
    ] {
        let f = set.get(id).unwrap_or_else(|| panic!("missing {id}"));
        assert!(
            f.value > 0.0 && !f.name_fr.is_empty() && !f.name_en.is_empty(),
            "{id}"
        );
    }
    // every Impact CO2 transport factor quotes its Impact CO2 id
    for f in set
        .factors()
        .iter()
        .filter(|f| f.source == "ADEME Impact CO2")
    {
        assert!(f.source_id.is_some(), "{}", f.id);
    }
}

#[test]
fn an_inventory_freezes_its_factor_version() {
    use jalon_carbon::{FactorCatalog, IdStatus};
    let v1 = bundled_factor_set().expect("factors").clone();
    let mut newer = v1.get("elec-fr-mix-moyen").expect("elec").clone();
    newer.value = 0.060;
    newer.version = "24".into();
    newer.id_status = IdStatus::Unconfirmed;
    let v2 = v1.derive("jalon-2027.1", vec![newer]).expect("derived");
    let mut catalog = FactorCatalog::new();
    catalog.insert(v1.clone());
    catalog.insert(v2);
    let acts = vec![act(
        "elec",
        BegesPost::Electricity,
        1.0,
        ActivityUnit::Mwh,
        "elec-fr-mix-moyen",
        "CAMPUS",
    )];
    let y2024 =
        compute_inventory(2024, &acts, catalog.set(&v1.version).expect("v1")).expect("2024");
    let mut acts25 = acts.clone();
    acts25[0].year = 2025;
    let y2025 =
        compute_inventory(2025, &acts25, catalog.set("jalon-2027.1").expect("v2")).expect("2025");
    assert_eq!(y2024.lines[0].factor_version, v1.version);
    assert_eq!(y2025.lines[0].factor_version, "jalon-2027.1");
    let cmp = y2025.compare(&y2024);
    assert!(
        cmp.factor_versions_differ,
        "same activity, the change comes from the factor"
    );
    assert!((cmp.delta_kg() - 8.0).abs() < 1e-9);
    assert!(
        (catalog
            .get("elec-fr-mix-moyen", &v1.version)
            .expect("v1")
            .value
            - 0.052)
            .abs()
            < 1e-12
    );
}
