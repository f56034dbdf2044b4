//! Place resolution as expense systems need it.

use jalon_carbon::{Gazetteer, MatchKind, PlaceFix, ResolveError, Resolver, UserFixes};

fn resolve(text: &str, country: Option<&str>) -> jalon_carbon::Resolution {
    Resolver::bundled(None)
        .resolve(text, country)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn curated_exonyms_all_found() {
    assert!(
        Gazetteer::bundled().exonym_misses().is_empty(),
        "{:?}",
        Gazetteer::bundled().exonym_misses()
    );
}

#[test]
fn french_exonyms() {
    for (text, name, cc) in [
        ("Londres", "London", "GB"),
        ("Pékin", "Beijing", "CN"),
        ("Pekin", "Beijing", "CN"),
        ("Munich", "Munich", "DE"),
        ("Francfort", "Frankfurt am Main", "DE"),
        ("Barcelone", "Barcelona", "ES"),
        ("Moscou", "Moscow", "RU"),
        ("Bruxelles", "Brussels", "BE"),
        ("Genève", "Geneva", "CH"),
    ] {
        let r = resolve(text, None);
        assert_eq!(
            (r.place.name.as_str(), r.place.country.as_str()),
            (name, cc),
            "{text}"
        );
    }
}

#[test]
fn accents_hyphens_and_saint() {
    let reference = resolve("Saint-Étienne", Some("FR")).place.geonameid;
    for v in [
        "St Etienne",
        "ST-ETIENNE",
        "saint etienne",
        "St. Étienne",
        "Saint Étienne",
    ] {
        assert_eq!(resolve(v, Some("FR")).place.geonameid, reference, "{v}");
    }
    assert_eq!(
        resolve("Aix en Provence", None).place.name,
        "Aix-en-Provence"
    );
}

#[test]
fn paris_france_versus_paris_texas() {
    let fr = resolve("Paris", Some("FR"));
    let us = resolve("Paris", Some("US"));
    let none = resolve("Paris", None);
    assert_eq!(fr.place.country, "FR");
    assert_eq!(us.place.country, "US");
    assert!(!fr.ambiguous);
    assert_eq!(none.place.country, "FR", "most populous without a country");
    assert!(
        none.ambiguous,
        "Paris without country must be flagged ambiguous"
    );
    assert!(none.alternatives.iter().any(|p| p.country == "US"));
    // country given by French or English name
    assert_eq!(resolve("Paris", Some("États-Unis")).place.country, "US");
    assert_eq!(resolve("Paris", Some("United States")).place.country, "US");
    assert_eq!(resolve("Londres", Some("Royaume-Uni")).place.country, "GB");
}

#[test]
fn iata_and_metro_area_codes() {
    let par = resolve("PAR", None);
    assert_eq!(par.how, MatchKind::MetroAreaCode);
    assert_eq!(par.place.country, "FR");
    let lon = resolve("LON", None);
    assert_eq!(lon.place.country, "GB");
    let tls = resolve("TLS", None);
    assert_eq!(tls.how, MatchKind::Iata);
    assert_eq!(resolve("Toulouse (TLS)", None).how, MatchKind::Iata);
    assert_eq!(resolve("Paris, France", None).place.country, "FR");
}

#[test]
fn unknown_place_gets_suggestions() {
    let err = Resolver::bundled(None)
        .resolve("Toulousse", Some("FR"))
        .expect_err("must not resolve");
    match err {
        ResolveError::NotFound { suggestions, .. } => {
            assert!(
                suggestions.iter().any(|s| s.name == "Toulouse"),
                "{suggestions:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = Resolver::bundled(None)
        .resolve("Paris", Some("Frence"))
        .expect_err("unknown country");
    assert!(
        matches!(err, ResolveError::UnknownCountry { ref suggestions, .. } if suggestions.iter().any(|s| s == "France")),
        "{err:?}"
    );
}

#[test]
fn user_fixes_come_first() {
    let mut fixes = UserFixes::new();
    fixes.add(
        "Campus Pont-de-Crau",
        Some("FR"),
        PlaceFix::Coordinates {
            name: "Campus".into(),
            country: "FR".into(),
            lat: 43.66,
            lon: 4.63,
        },
    );
    fixes.add("Paris", Some("FR"), PlaceFix::Iata("ORY".into()));
    let r = Resolver::bundled(Some(&fixes));
    let a = r
        .resolve("campus pont de crau", Some("France"))
        .expect("fixed");
    assert_eq!(a.how, MatchKind::UserFix);
    let p = r.resolve("Paris", Some("FR")).expect("fixed");
    assert_eq!(p.place.iata.as_deref(), Some("ORY"));
    // the fix is per country: Paris, US is untouched
    assert_eq!(
        r.resolve("Paris", Some("US")).expect("us").how,
        MatchKind::Name
    );
}
