//! Hand-checked reference trips. Factor values are ADEME Impact CO2 (commit 8076a48,
//! `data/impactco2/deplacement.from-ts.json`), quoted with their Impact CO2 ids; coordinates are
//! GeoNames' (Paris 2988507: 48.85341, 2.3488; Toulouse 2972315: 43.60426, 1.44367; Marseille
//! 2995469: 43.29695, 5.38107; Beijing 1816670: 39.9075, 116.39723; Grenoble 3014728:
//! 45.17869, 5.71479; Lyon 2996944: 45.74906, 4.84789). Distances were recomputed by hand
//! with the haversine formula on a 6371 km sphere.

use jalon_carbon::{
    LegInput, Resolver, TransportFactors, TravelMode, TravelOptions, bundled_factor_set,
};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn leg(
    from: &str,
    fc: &str,
    to: &str,
    tc: &str,
    input: LegInput,
    contrails: bool,
) -> jalon_carbon::LegFootprint {
    let set = bundled_factor_set().expect("bundled factors");
    let options = TravelOptions {
        contrails,
        ..TravelOptions::default()
    };
    let tf = TransportFactors::new(set, &options).expect("transport factors");
    let r = Resolver::bundled(None);
    let a = r.resolve(from, Some(fc)).expect("origin");
    let b = r.resolve(to, Some(tc)).expect("destination");
    tf.leg(&a.place, &b.place, input).expect("leg")
}

#[test]
fn paris_toulouse_return_flight() {
    // great circle 587.8 km; +95 km = 682.8 km → short haul (≤ 1000 km)
    // avion-courtcourrier = 0.000372 (ecv 5) + 0.1232 (ecv 6) + 0.101 (ecv 7, contrails) = 0.224572 kgCO2e/p.km
    // 2 × 682.8 × 0.224572 = 306.68 kgCO2e
    let l = leg(
        "Paris",
        "FR",
        "Toulouse",
        "FR",
        LegInput {
            mode: TravelMode::Plane,
            occupants: None,
            round_trip: true,
        },
        true,
    );
    assert!(
        close(l.great_circle_km, 587.80, 0.05),
        "{}",
        l.great_circle_km
    );
    assert_eq!(&*l.factor_id, "avion-courtcourrier");
    assert!(close(l.factor_value, 0.224572, 1e-9));
    assert!(close(l.kg(), 306.68, 0.01), "{}", l.kg());
    assert_eq!(
        l.formula(),
        "2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e"
    );
}

#[test]
fn paris_marseille_return_tgv() {
    // great circle 660.5 km; × 1.2 = 792.6 km; both ends in France and ≥ 200 km → TGV
    // tgv = 0.00063 (ecv 5) + 0.0023 (ecv 6) = 0.00293 kgCO2e/p.km
    // 2 × 792.6 × 0.00293 = 4.645 kgCO2e
    let l = leg(
        "Paris",
        "France",
        "Marseille",
        "France",
        LegInput {
            mode: TravelMode::Train,
            occupants: None,
            round_trip: true,
        },
        true,
    );
    assert_eq!(&*l.factor_id, "tgv");
    assert!(close(l.corrected_km, 792.6, 0.05), "{}", l.corrected_km);
    assert!(close(l.kg(), 4.6446, 0.001), "{}", l.kg());
    assert_eq!(
        l.formula(),
        "2 × (661 km × 1.2) × 0.00293 kgCO2e/p.km = 4.6 kgCO2e"
    );
}

#[test]
fn car_shared_by_two() {
    // Grenoble → Lyon one way: great circle 92.70 km; × 1.3 = 120.5 km
    // voiturethermique = 0.11056 (ecv 6) + 0.03170 (ecv 5) = 0.142253 kgCO2e/vehicle.km, ÷ 2 people
    // 120.5 × 0.142253 / 2 = 8.571 kgCO2e
    let l = leg(
        "Grenoble",
        "FR",
        "Lyon",
        "FR",
        LegInput {
            mode: TravelMode::Car,
            occupants: Some(2),
            round_trip: false,
        },
        true,
    );
    assert_eq!(&*l.factor_id, "voiturethermique");
    assert!(close(l.kg(), 8.5713, 0.001), "{}", l.kg());
    assert!(l.formula().contains("÷ 2 occupants"), "{}", l.formula());
}

#[test]
fn paris_beijing_with_and_without_contrails() {
    // great circle 8216.6 km; +95 = 8311.6 km → long haul (> 5000 km)
    // with contrails: avion-longcourrier = 0.000294 + 0.0976 + 0.08 = 0.177894 → 1478.58 kgCO2e
    // without: 0.000294 + 0.0976 = 0.097894 → 813.65 kgCO2e
    let input = LegInput {
        mode: TravelMode::Plane,
        occupants: None,
        round_trip: false,
    };
    let with = leg("Paris", "FR", "Pékin", "Chine", input, true);
    let without = leg("Paris", "FR", "Pékin", "Chine", input, false);
    assert!(
        close(with.great_circle_km, 8216.6, 0.1),
        "{}",
        with.great_circle_km
    );
    assert_eq!(&*with.factor_id, "avion-longcourrier");
    assert_eq!(&*without.factor_id, "avion-longcourrier-sans-trainees");
    assert!(close(with.kg(), 1478.58, 0.01), "{}", with.kg());
    assert!(close(without.kg(), 813.65, 0.01), "{}", without.kg());
}

#[test]
fn iata_codes_give_airport_distances() {
    let r = Resolver::bundled(None);
    let cdg = r.resolve("CDG", None).expect("CDG");
    let tls = r.resolve("TLS", None).expect("TLS");
    assert_eq!(cdg.place.country, "FR");
    let d = cdg.place.distance_km(&tls.place);
    assert!((600.0..640.0).contains(&d), "{d}");
}

#[test]
fn transport_factors_match_impactco2_source() {
    // every transport factor in data/factors.csv equals the sum of its Impact CO2 ecv parts
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../data/impactco2/deplacement.from-ts.json"))
            .expect("json");
    let set = bundled_factor_set().expect("factors");
    let sum = |ecv: &serde_json::Value, contrails: bool| -> f64 {
        ecv.as_array()
            .into_iter()
            .flatten()
            .filter(|p| contrails || p["id"].as_i64() != Some(7))
            .map(|p| p["value"].as_f64().unwrap_or(0.0))
            .sum()
    };
    let mut checked = 0;
    for mode in json.as_array().into_iter().flatten() {
        let slug = mode["slug"].as_str().unwrap_or("");
        if let Some(bands) = mode["ecvs"].as_array() {
            for band in bands {
                let sub = band["subtitle"].as_str().unwrap_or("");
                let id = format!("{slug}-{sub}");
                for (fid, contrails) in [(id.clone(), true), (format!("{id}-sans-trainees"), false)]
                {
                    if let Some(f) = set.get(&fid) {
                        assert!(close(f.value, sum(&band["ecv"], contrails), 1e-9), "{fid}");
                        checked += 1;
                    }
                }
            }
        } else if let Some(f) = set.get(slug) {
            assert!(close(f.value, sum(&mode["ecv"], true), 1e-12), "{slug}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}
