//! Property tests: uncertainty combination, distances, consolidation.

use jalon_carbon::{
    ActivityUnit, BegesPost, EmissionLine, Estimate, Inventory, Perimeter, Scope, consolidate,
    great_circle_km,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn interval_contains_central_value(kg in 0.001f64..1e7, ua in 0.0f64..5.0, uf in 0.0f64..5.0) {
        let e = Estimate::product(kg, ua, uf);
        prop_assert!(e.low() <= kg * (1.0 + 1e-12));
        prop_assert!(e.high() >= kg * (1.0 - 1e-12));
    }

    #[test]
    fn interval_widens_with_uncertainty(kg in 0.001f64..1e7, u in 0.0f64..5.0, extra in 0.01f64..5.0) {
        let a = Estimate::new(kg, u);
        let b = Estimate::new(kg, u + extra);
        prop_assert!(b.low() <= a.low() + 1e-9 * kg);
        prop_assert!(b.high() >= a.high() - 1e-9 * kg);
        prop_assert!(b.high() - b.low() > a.high() - a.low() - 1e-9 * kg);
    }

    #[test]
    fn sums_contain_their_central_value(items in prop::collection::vec((0.001f64..1e6, 0.0f64..10.0), 1..40)) {
        let es: Vec<Estimate> = items.iter().map(|&(k, u)| Estimate::new(k, u)).collect();
        let s = Estimate::sum(&es);
        let central: f64 = items.iter().map(|x| x.0).sum();
        prop_assert!((s.kg - central).abs() <= 1e-9 * central);
        prop_assert!(s.low() <= central * (1.0 + 1e-12) && s.high() >= central * (1.0 - 1e-12));
        // relative spread of the sum never exceeds the widest term's
        let max_sigma = es.iter().map(|e| e.sigma).fold(0.0, f64::max);
        prop_assert!(s.sigma <= max_sigma + 1e-12);
    }

    #[test]
    fn distance_is_symmetric(a in -89.0f64..89.0, b in -180.0f64..180.0, c in -89.0f64..89.0, d in -180.0f64..180.0) {
        let x = great_circle_km(a, b, c, d);
        let y = great_circle_km(c, d, a, b);
        prop_assert!((x - y).abs() < 1e-6);
        prop_assert!((0.0..=20_016.0).contains(&x));
    }

    #[test]
    fn triangle_inequality(p in prop::array::uniform6(-80.0f64..80.0)) {
        let (a, b, c) = ((p[0], p[1] * 2.0), (p[2], p[3] * 2.0), (p[4], p[5] * 2.0));
        let ab = great_circle_km(a.0, a.1, b.0, b.1);
        let bc = great_circle_km(b.0, b.1, c.0, c.1);
        let ac = great_circle_km(a.0, a.1, c.0, c.1);
        prop_assert!(ac <= ab + bc + 1e-6);
    }

    #[test]
    fn consolidation_never_double_counts(
        kgs in prop::collection::vec(0.0f64..1e5, 1..20),
        shares in prop::collection::vec(0.0f64..=1.0, 3),
        copies in 1usize..4,
    ) {
        let units = ["A", "B", "C"];
        let lines: Vec<EmissionLine> = kgs.iter().enumerate().map(|(i, &kg)| EmissionLine {
            activity_id: format!("a{i}"),
            org_unit: units[i % 3].to_string(),
            post: BegesPost::Electricity,
            scope: Scope::S2,
            scope3_category: None,
            factor_id: "f".into(),
            factor_version: "v".into(),
            factor_value: 1.0,
            quantity_in_factor_unit: kg,
            estimate: Estimate::new(kg, 0.1),
            sigma_activity: 0.0,
            sigma_factor: jalon_carbon::uncertainty::sigma_from_relative(0.1),
        }).collect();
        let inv = Inventory { year: 2024, factor_version: "v".into(), lines };
        let perimeter = units.iter().zip(&shares).fold(Perimeter::default(), |p, (u, s)| p.with(*u, *s));
        let repeated: Vec<Inventory> = std::iter::repeat_n(inv.clone(), copies).collect();
        let once = consolidate(std::slice::from_ref(&inv), &perimeter).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let many = consolidate(&repeated, &perimeter).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected: f64 = kgs.iter().enumerate().map(|(i, kg)| kg * shares[i % 3]).sum();
        prop_assert!((once.inventory.total().kg - expected).abs() <= 1e-9 * expected.max(1.0));
        prop_assert!((many.inventory.total().kg - expected).abs() <= 1e-9 * expected.max(1.0));
        prop_assert_eq!(many.duplicates_skipped.len(), kgs.len() * (copies - 1));
        let _ = ActivityUnit::Kwh;
    }
}

proptest! {
    #[test]
    fn shared_factor_errors_do_not_average_out(n in 2usize..200, kg in 1.0f64..1e4, uf in 0.05f64..2.0) {
        use jalon_carbon::uncertainty::{Term, aggregate, sigma_from_relative};
        // n identical lines on one factor without activity error: the relative spread of the sum
        // is the factor's, whatever n
        let s = sigma_from_relative(uf);
        let total = aggregate((0..n).map(|_| Term { shared_key: "f", kg, sigma_independent: 0.0, sigma_shared: s }));
        prop_assert!((total.kg - kg * n as f64).abs() < 1e-6 * total.kg);
        prop_assert!((total.sigma - s).abs() < 1e-9);
        // on n different factors the spread shrinks
        let keys: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
        let indep = aggregate(keys.iter().map(|k| Term { shared_key: k, kg, sigma_independent: 0.0, sigma_shared: s }));
        prop_assert!(indep.sigma < s);
        prop_assert!(indep.low() <= indep.kg && indep.kg <= indep.high());
    }
}
