//! GES 1point5 missions file: round trip, located errors, batch computation.

use jalon_carbon::{
    Resolver, TransportFactors, TravelOptions, bundled_factor_set, compute_ges1point5,
    read_ges1point5, write_ges1point5,
};

const HEADER: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";

fn sample(eol: &str) -> String {
    let rows = [
        "1\t15/03/2024\tParis\tFR\tToulouse\tFR\tavion\t\tOUI\tColloque\tChercheur",
        "2\t02/04/2024\tParis\tFrance\tMarseille\tFrance\ttrain\t\tOUI\t\t",
        "3\t10/05/2024\tGrenoble\tFR\tLyon\tFR\tvoiture\t2\tNON\tRéunion\tDoctorant",
        "4\t1/6/2024\tSt Etienne\tFR\tLondres\tRoyaume-Uni\tAvion\t\toui\t\tITA",
        "4\t03/06/2024\tLondres\tRoyaume-Uni\tPékin\tChine\tavion\t\tNON\tColloque\tITA",
        "5\t20/09/2024\tCDG\tFR\tTLS\tFR\tavion\t\tNON\t\t",
        "6\t21/09/2024\tParis\tFR\tVersailles\tFR\tRER\t\tOUI",
    ];
    let mut s = String::from(HEADER);
    for r in rows {
        s.push_str(eol);
        s.push_str(r);
    }
    s.push_str(eol);
    s
}

#[test]
fn round_trip_is_byte_identical() {
    for eol in ["\n", "\r\n"] {
        let text = sample(eol);
        let file = read_ges1point5(text.as_bytes()).expect("parses");
        assert_eq!(file.rows.len(), 7);
        assert_eq!(write_ges1point5(&file), text.as_bytes());
    }
    // BOM and no final newline
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(sample("\n").trim_end().as_bytes());
    let file = read_ges1point5(&with_bom).expect("parses");
    assert_eq!(write_ges1point5(&file), with_bom);
}

#[test]
fn modified_values_are_written_canonically() {
    let text = sample("\n");
    let mut file = read_ges1point5(text.as_bytes()).expect("parses");
    file.rows[3].round_trip = false; // was "oui"
    let out = String::from_utf8(write_ges1point5(&file)).expect("utf8");
    assert!(
        out.contains("4\t1/6/2024\tSt Etienne\tFR\tLondres\tRoyaume-Uni\tAvion\t\tNON\t\tITA"),
        "{out}"
    );
}

#[test]
fn errors_are_located() {
    let text = format!(
        "{HEADER}\n1\t32/13/2024\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n2\t01/01/2024\tParis\tFR\tLyon\tFR\ttéléportation\t\tOUI\t\t\n3\t01/01/2024\tParis\tFR\tLyon\tFR\tvoiture\t-2\tOUI\t\t\n4\t01/01/2024\tParis\tFR\tLyon\tFR\tvoiture\t250\tPEUT-ÊTRE\t\t\n5\t01/01/2024\tParis\tFR\n"
    );
    let errs = read_ges1point5(text.as_bytes()).expect_err("must fail");
    let at = |line: usize, col: usize| errs.iter().any(|e| e.line == line && e.column == col);
    assert!(at(2, 2), "bad date: {errs:?}");
    assert!(at(3, 7), "unknown mode: {errs:?}");
    assert!(at(4, 8), "negative people: {errs:?}");
    assert!(
        at(5, 8) && at(5, 9),
        "absurd people and bad yes/no: {errs:?}"
    );
    assert!(at(6, 0), "short line: {errs:?}");
    assert!(
        errs[0]
            .to_string()
            .starts_with("line 2, column 2 (Date de départ)"),
        "{}",
        errs[0]
    );
}

#[test]
fn not_a_ges1point5_file() {
    let errs = read_ges1point5(b"mission;date;from\n1;2;3\n").expect_err("must fail");
    assert_eq!(errs[0].line, 1);
    assert!(errs[0].message.contains("tab-separated"), "{}", errs[0]);
}

#[test]
fn batch_computes_with_unknown_places_reported() {
    let text = format!(
        "{}1\t01/02/2024\tToulousse\tFR\tParis\tFR\ttrain\t\tOUI\t\t\n",
        sample("\n")
    );
    let file = read_ges1point5(text.as_bytes()).expect("parses");
    let set = bundled_factor_set().expect("factors");
    let tf = TransportFactors::new(set, &TravelOptions::default()).expect("tf");
    let batch = compute_ges1point5(&file, &Resolver::bundled(None), &tf);
    assert_eq!(batch.legs.len(), 7);
    assert_eq!(batch.errors.len(), 1);
    let e = &batch.errors[0];
    assert_eq!((e.line, e.column), (9, 3));
    assert!(
        e.message.contains("Toulouse"),
        "suggestion expected: {}",
        e.message
    );
    // mission 1: Paris-Toulouse return flight, 306.7 kg (see reference_trips.rs)
    assert!((batch.legs[0].footprint.kg() - 306.68).abs() < 0.01);
    let missions = jalon_carbon::mission_totals(&file, &batch);
    // mission 4 has two legs: Saint-Étienne → London (return) and London → Beijing
    let m4 = batch
        .legs
        .iter()
        .filter(|l| file.rows[l.index].mission == "4")
        .map(|l| l.footprint.kg())
        .sum::<f64>();
    assert!((missions["4"].kg - m4).abs() < 1e-9 && m4 > 1000.0);
    let acts = batch.activity_data("LAB-1", 2024);
    let total: f64 = acts
        .iter()
        .map(|a| a.quantity * set.get(&a.factor_id).map_or(0.0, |f| f.value))
        .sum();
    assert!((total - batch.total_kg()).abs() < 1e-6 * batch.total_kg());
}

#[test]
fn windows_1252_file_round_trips() {
    let text = sample("\r\n");
    let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    let file = read_ges1point5(&bytes).expect("parses");
    assert!(file.windows_1252);
    assert_eq!(file.rows[2].purpose.as_ref(), "Réunion");
    assert_eq!(write_ges1point5(&file), bytes);
}
