//! Plans in and out: the demo round-trips through every format, broken files are refused
//! with located messages.

use jalon_core::Lang;
use jalon_io::{Format, Problem, read_plan, write_plan};

const DEMO: &[u8] = include_bytes!("../../../demo/imt-mines-ales-res-2023-2027.yaml");

fn demo() -> jalon_core::PlanDocument {
    read_plan(DEMO, "demo.yaml", None, Lang::En)
        .unwrap_or_else(|p| panic!("demo reads: {p:?}"))
        .doc
}

#[test]
fn demo_has_the_whole_strategy() {
    let c = demo().counts();
    assert_eq!(
        (c.axes, c.objectives, c.targets, c.indicators),
        (4, 17, 22, 22)
    );
    assert!(c.actions >= 50, "{} actions", c.actions);
}

#[test]
fn every_format_round_trips() {
    let doc = demo();
    for format in Format::ALL {
        let bytes = write_plan(&doc, format).expect("write");
        let back = read_plan(&bytes, &format!("plan.{}", format.as_str()), None, Lang::Fr)
            .unwrap_or_else(|p| panic!("{format:?} reads back: {:?}", &p[..p.len().min(5)]));
        assert_eq!(back.format, format);
        assert_eq!(back.doc, doc, "{format:?} round trip");
        // And is stable: writing again gives the same bytes (except XLSX timestamps).
        if format != Format::Xlsx {
            assert_eq!(
                write_plan(&back.doc, format).expect("write"),
                bytes,
                "{format:?} stable"
            );
        }
    }
}

#[test]
fn format_is_sniffed_from_content() {
    let doc = demo();
    for format in Format::ALL {
        let bytes = write_plan(&doc, format).expect("write");
        assert_eq!(Format::sniff(&bytes), Some(format), "{format:?}");
    }
}

#[test]
fn templates_are_empty_but_valid_files() {
    let xlsx = jalon_io::template(Format::Xlsx).expect("template");
    // An empty template lacks the strategy row: the message says so.
    let err = read_plan(&xlsx, "modele.xlsx", None, Lang::Fr).expect_err("empty");
    assert!(
        err.iter().any(|p| p.message.contains("stratégie")),
        "{err:?}"
    );
    let csv = jalon_io::template(Format::Csv).expect("template");
    assert!(String::from_utf8_lossy(&csv).contains("Type;Établissement;Sigle;Titre"));
}

/// Builds a workbook from (sheet, rows) with every cell as text.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).expect("write");
                }
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

const STRATEGY: (&str, &[&[&str]]) = (
    "Stratégie",
    &[
        &["Établissement", "Titre", "Année de début", "Année de fin"],
        &["École", "Stratégie", "2023", "2027"],
    ],
);
const AXES: (&str, &[&[&str]]) = ("Axes", &[&["Code", "Titre"], &["C1", "Axe 1"]]);
const OBJECTIVES: (&str, &[&[&str]]) = (
    "Objectifs",
    &[&["Code", "Axe", "Titre"], &["C1.O1", "C1", "Objectif"]],
);

fn problems(bytes: &[u8], name: &str) -> Vec<Problem> {
    read_plan(bytes, name, None, Lang::Fr).expect_err("refused")
}

fn summary(ps: &[Problem]) -> Vec<String> {
    ps.iter().map(ToString::to_string).collect()
}

#[test]
fn a_minimal_workbook_reads() {
    let ok = workbook(&[
        STRATEGY,
        AXES,
        OBJECTIVES,
        (
            "Cibles",
            &[
                &["Code", "Objectif", "Valeur cible", "Échéance"],
                &["C1.O1.T1", "C1.O1", "12,5 %", "2027"],
            ],
        ),
    ]);
    let plan = read_plan(&ok, "ok.xlsx", None, Lang::Fr).unwrap_or_else(|p| panic!("{p:?}"));
    let t = &plan.doc.axes[0].objectives[0].targets[0];
    assert_eq!((t.target_value, t.target_year), (Some(12.5), Some(2027)));
}

#[test]
fn words_in_number_fields_are_located() {
    let bad = workbook(&[
        STRATEGY,
        AXES,
        OBJECTIVES,
        (
            "Cibles",
            &[
                &["Code", "Objectif", "Valeur cible"],
                &["C1.O1.T1", "C1.O1", "12,5 %"],
                &["C1.O1.T2", "C1.O1", "douze"],
            ],
        ),
    ]);
    insta::assert_yaml_snapshot!(summary(&problems(&bad, "plan.xlsx")), @r#"
    - "plan.xlsx, feuille Cibles, ligne 3, colonne C (Valeur cible): « douze » n'est pas un nombre (attendu : des chiffres, ex. 12,5)"
    "#);
}

#[test]
fn missing_columns_unknown_parents_and_duplicates_are_located() {
    let bad = workbook(&[
        STRATEGY,
        AXES,
        (
            "Objectifs",
            &[
                &["Code", "Axe", "Titre"],
                &["C1.O1", "C1", "Objectif"],
                &["C1.O2", "C9", "Parent inconnu"],
                &["C1.O1", "C1", "Doublon"],
            ],
        ),
        ("Actions", &[&["Code", "Objectif"], &["C1.O1.A1", "C1.O1"]]),
    ]);
    insta::assert_yaml_snapshot!(summary(&problems(&bad, "plan.xlsx")), @r#"
    - "plan.xlsx, feuille Actions, ligne 1: colonne obligatoire « Titre » absente"
    "#);
    let bad = workbook(&[
        STRATEGY,
        AXES,
        (
            "Objectifs",
            &[
                &["Code", "Axe", "Titre"],
                &["C1.O1", "C1", "Objectif"],
                &["C1.O2", "C9", "Parent inconnu"],
                &["C1.O1", "C1", "Doublon"],
            ],
        ),
    ]);
    insta::assert_yaml_snapshot!(summary(&problems(&bad, "plan.xlsx")), @r#"
    - "plan.xlsx, feuille Objectifs, ligne 3, colonne B (Axe): axe « C9 » inconnu (voir la feuille Axes)"
    - "plan.xlsx, feuille Objectifs, ligne 4, colonne A (Code): le code C1.O1 est déjà utilisé (feuille Objectifs, ligne 2)"
    "#);
}

#[test]
fn wrong_sheets_are_refused() {
    let bad = workbook(&[("Feuil1", &[&["a", "b"], &["1", "2"]])]);
    let ps = problems(&bad, "budget.xlsx");
    let text = summary(&ps).join("\n");
    assert!(text.contains("feuille inconnue « Feuil1 »"), "{text}");
    assert!(
        text.contains("la feuille obligatoire « Stratégie » est absente"),
        "{text}"
    );
    // Not a workbook at all.
    let ps = problems(b"PK\x03\x04garbage", "x.xlsx");
    assert!(ps[0].message.contains("XLSX"), "{ps:?}");
}

#[test]
fn csv_problems_are_located_by_line() {
    let csv = "Type;Code;Établissement;Titre;Année de début;Année de fin;Axe\n\
               Stratégie;;École;Plan;2023;deux mille\n\
               Axes;C1;;Axe;;\n\
               Objectifs;C1.O1;;Obj;;;C2\n\
               Bidule;X;;;;\n";
    let ps = problems(csv.as_bytes(), "plan.csv");
    insta::assert_yaml_snapshot!(summary(&ps), @r#"
    - "plan.csv, ligne 5, colonne Type: type « Bidule » inconnu ; types possibles : Stratégie, Unités, Personnes, Axes, Objectifs, Cibles, Indicateurs, Actions, Jalons, Preuves, Commentaires, Mesures"
    "#);
    let csv = csv.replace("Bidule;X;;;;\n", "");
    let ps = problems(csv.as_bytes(), "plan.csv");
    insta::assert_yaml_snapshot!(summary(&ps), @r#"
    - "plan.csv, feuille Stratégie, ligne 2, colonne Année de fin: « deux mille » n'est pas un nombre (attendu : des chiffres, ex. 12,5)"
    - "plan.csv, feuille Objectifs, ligne 4, colonne Axe: axe « C2 » inconnu (voir la feuille Axes)"
    "#);
}

#[test]
fn yaml_and_json_errors_have_lines_and_element_codes() {
    let yaml = "format: jalon-plan/1\ninstitution:\n  name: X\nstrategy:\n  title: T\n  start_year: douze\n  end_year: 2027\n";
    let ps = problems(yaml.as_bytes(), "plan.yaml");
    assert_eq!(ps[0].row, Some(6), "{ps:?}");
    let mut doc = demo();
    let dup = doc.axes[0].objectives[0].actions[0].clone();
    doc.axes[0].objectives[0].actions.push(dup);
    let json = write_plan(&doc, Format::Json).expect("json");
    let ps = problems(&json, "plan.json");
    assert!(
        ps.iter()
            .any(|p| p.element.as_deref() == Some("C1.O1.A1") && p.message.contains("deux fois")),
        "{ps:?}"
    );
}

#[test]
fn english_messages() {
    let bad = workbook(&[
        STRATEGY,
        AXES,
        OBJECTIVES,
        (
            "Targets",
            &[
                &["Code", "Objective", "Target value"],
                &["C1.O1.T1", "C1.O1", "twelve"],
            ],
        ),
    ]);
    let ps = read_plan(&bad, "plan.xlsx", None, Lang::En).expect_err("refused");
    assert_eq!(
        ps[0].to_string(),
        "plan.xlsx, sheet Targets, row 2, column C (Target value): \"twelve\" is not a number (expected digits, e.g. 12.5)"
    );
}
