//! The plan check's findings in words: every finding the check can produce reads as a whole
//! sentence in French and in English, and every rule has its message in both languages.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_core::check::{Finding, RULES, check_plan};
use jalon_core::message::Message;
use jalon_core::plan::*;
use jalon_core::progress::Direction;
use jalon_i18n::{Tr, message_keys};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn measurement(period: &str, value: &str) -> Measurement {
    Measurement {
        period: period.into(),
        value: value.into(),
        ..Default::default()
    }
}

/// A plan that breaks every rule of the check at least once.
fn faulty_plan() -> PlanDocument {
    PlanDocument {
        format: FORMAT_VERSION.into(),
        institution: InstitutionInfo {
            name: "École".into(),
            short_name: None,
        },
        strategy: StrategyInfo {
            title: "Stratégie".into(),
            start_year: 2023,
            end_year: 2027,
            // Two objectives and two actions in the plan.
            stated_objective_count: Some(1),
            stated_action_count: Some(5),
            ..Default::default()
        },
        org_units: vec![OrgUnitDoc {
            code: "LAB".into(),
            name: "Laboratoire".into(),
            parent: Some("NOWHERE".into()),
            share: Some(1.5),
            ..Default::default()
        }],
        people: vec![PersonDoc {
            name: "Ana".into(),
            unit: Some("GHOST".into()),
            ..Default::default()
        }],
        axes: vec![Axis {
            code: "C1".into(),
            title: "Axe".into(),
            objectives: vec![
                Objective {
                    code: "C1.O1".into(),
                    title: "Objectif".into(),
                    sdgs: vec!["18".into()],
                    targets: vec![
                        Target {
                            code: "C1.O1.T1".into(),
                            text: Some("100 % du personnel formé".into()),
                            plan_table_text: Some("90 % du personnel formé".into()),
                            unit: Some("% du personnel".into()),
                            kind: ValueKind::Numeric,
                            direction: Direction::Increase,
                            target_value: Some(5.5),
                            target_year: Some(2030),
                            baseline: Some(YearValue {
                                year: 2031,
                                value: 10.0,
                            }),
                            indicators: vec!["C1.O1.I1".into(), "C9.O9.I9".into()],
                            ..Default::default()
                        },
                        Target {
                            code: "C1.O1.T2".into(),
                            text: Some("Maintien des classements internationaux".into()),
                            plan_table_text: Some("Maintien des".into()),
                            kind: ValueKind::Numeric,
                            ..Default::default()
                        },
                        Target {
                            code: "C1.O1.T3".into(),
                            text: Some("Diminution de 5 %/an des GES".into()),
                            kind: ValueKind::Numeric,
                            change_percent: Some(-5.0),
                            ..Default::default()
                        },
                        Target {
                            code: "C2.O1.T4".into(),
                            plan_table_text: Some("Label DD&RS obtenu".into()),
                            kind: ValueKind::Qualitative,
                            ..Default::default()
                        },
                    ],
                    indicators: vec![
                        Indicator {
                            code: "C1.O1.I1".into(),
                            name: "Nombre de formations".into(),
                            unit: Some("nombre de formations".into()),
                            owner: Some("Nobody".into()),
                            measurements: vec![
                                measurement("2025-2023", "12"),
                                measurement("2024-06-30..2024-01-01", "12"),
                                measurement("1800", "12"),
                                measurement("bientôt", "12"),
                                measurement("2024", "douze"),
                                measurement("2024", ""),
                            ],
                            ..Default::default()
                        },
                        Indicator {
                            code: "C1.O1.I2".into(),
                            name: "Indicateur orphelin".into(),
                            ..Default::default()
                        },
                        Indicator {
                            code: "".into(),
                            name: "Indicateur sans code".into(),
                            unit: Some("t".into()),
                            owner: Some("Ana".into()),
                            ..Default::default()
                        },
                    ],
                    actions: vec![
                        Action {
                            code: "C1.O1.A1".into(),
                            title: "Former".into(),
                            pilot: Some("Nobody".into()),
                            contributor_units: vec!["NOUNIT".into()],
                            start: date(2029, 1, 1),
                            end: date(2028, 6, 30),
                            status: ActionStatus::Done,
                            progress: Some(40),
                            budget: Budget {
                                planned_cents: Some(10_000),
                                spent_cents: Some(25_000),
                                ..Default::default()
                            },
                            indicators: vec!["C8.O8.I8".into()],
                            sdgs: vec!["0".into()],
                            ..Default::default()
                        },
                        Action {
                            code: "c1.o1.a1".into(),
                            title: "Doublon".into(),
                            ..Default::default()
                        },
                    ],
                    ..Default::default()
                },
                Objective {
                    code: "C1.O2".into(),
                    title: "Objectif vide".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn render(f: &Finding, lang: Lang) -> String {
    Tr::new(lang).msg(&f.message)
}

#[test]
fn every_finding_reads_as_a_sentence_in_both_languages() {
    let findings = check_plan(&faulty_plan());
    let fired: BTreeSet<&str> = findings.iter().map(|f| f.code).collect();
    let missed: Vec<&str> = RULES
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !fired.contains(code))
        .collect();
    assert!(
        missed.is_empty(),
        "rules the fixture does not trigger: {missed:?}"
    );
    for f in &findings {
        let texts = [render(f, Lang::Fr), render(f, Lang::En)];
        for text in &texts {
            assert!(!text.is_empty(), "{:?}", f.message);
            assert!(!text.contains('{'), "unresolved placeable: {text}");
            assert!(!text.contains('}'), "unresolved placeable: {text}");
            assert!(!text.contains(f.message.key), "raw key: {text}");
            assert!(!text.contains("check-"), "raw key: {text}");
        }
        assert_ne!(texts[0], texts[1], "same words in both languages");
    }
}

#[test]
fn each_language_keeps_its_typography() {
    // French quotes with « » and puts a space before : and %; English quotes with "" and
    // does not. The import problems (`imports.ftl`) follow the same rules; their `{ "{" }` and
    // `{ "}" }` are Fluent's way of writing a brace, not quotation marks.
    let lines = |file: &'static str| {
        file.lines()
            .map(|l| l.replace("{ \"{\" }", "{").replace("{ \"}\" }", "}"))
    };
    let fr = [
        include_str!("../locales/fr/check.ftl"),
        include_str!("../locales/fr/imports.ftl"),
    ];
    for line in fr.into_iter().flat_map(lines) {
        assert!(!line.contains('"'), "French uses « »: {line}");
    }
    let en = [
        include_str!("../locales/en/check.ftl"),
        include_str!("../locales/en/imports.ftl"),
    ];
    for line in en.into_iter().flat_map(lines) {
        assert!(
            !line.contains(['«', '»', '\u{a0}', '\u{202f}'])
                && !line.contains(" :")
                && !line.contains(" ;")
                && !line.contains("} %")
                && !line.contains("0,5"),
            "English typography: {line}"
        );
    }
}

#[test]
fn findings_say_their_arguments() {
    let findings = check_plan(&faulty_plan());
    let said = |code: &str, lang: Lang| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| render(f, lang))
            .collect()
    };
    assert!(
        said("stated_count_mismatch", Lang::Fr)
            .contains(&"Le texte annonce 1 objectif, le plan en contient 2.".to_string())
    );
    assert!(
        said("stated_count_mismatch", Lang::Fr)
            .contains(&"Le texte annonce 5 actions, le plan en contient 2.".to_string())
    );
    assert!(
        said("stated_count_mismatch", Lang::En)
            .contains(&"The text announces 1 objective; the plan holds 2.".to_string())
    );
    assert!(
        said("stated_count_mismatch", Lang::En)
            .contains(&"The text announces 5 actions; the plan holds 2.".to_string())
    );
    assert_eq!(
        said("action_status_contradicts_progress", Lang::Fr),
        ["L'action C1.O1.A1 est « done » avec un avancement de 40 %."]
    );
    assert_eq!(
        said("action_status_contradicts_progress", Lang::En),
        ["Action C1.O1.A1 is \"done\" with 40% progress."]
    );
    assert_eq!(
        said("invalid_share", Lang::En),
        ["Unit LAB has an owned share of 1.5: expected a fraction between 0 and 1 (e.g. 0.5)."]
    );
    assert_eq!(
        said("target_year_outside_period", Lang::Fr),
        ["L'échéance 2030 de la cible C1.O1.T1 est hors de la période 2023-2027."]
    );
    assert_eq!(
        said("direction_contradicts_values", Lang::Fr),
        [
            "La cible C1.O1.T1 doit augmenter mais sa valeur cible (5.5) est inférieure à sa référence (10)."
        ]
    );
    let periods = said("invalid_measurement", Lang::Fr);
    for expected in [
        "Indicateur C1.O1.I1 : période invalide : « 2025-2023 » : une année universitaire s'étend sur deux années consécutives (ex. 2023-2024)",
        "Indicateur C1.O1.I1 : période invalide : « 2024-06-30..2024-01-01 » : la période finit avant de commencer",
        "Indicateur C1.O1.I1 : période invalide : « 1800 » : année hors limites (1900–2200)",
        "Indicateur C1.O1.I1 : période invalide : « bientôt » n'est pas une période (attendu : 2024, 2023-2024 ou 2024-01-01..2024-06-30)",
        "Indicateur C1.O1.I1, période 2024 : « douze » n'est pas un nombre (attendu des chiffres comme 12,5 ou 12.5)",
        "Indicateur C1.O1.I1, période 2024 : valeur vide là où un nombre est attendu",
    ] {
        assert!(
            periods.iter().any(|p| p == expected),
            "{expected} not in {periods:#?}"
        );
    }
}

#[test]
fn every_reason_of_an_unreadable_value_has_its_words() {
    for lang in [Lang::Fr, Lang::En] {
        let tr = Tr::new(lang);
        for (key, reasons) in [
            (
                "check-invalid_measurement-period",
                &["invalid", "not_consecutive", "reversed", "out_of_range"][..],
            ),
            (
                "check-invalid_measurement-value",
                &["empty", "not_a_number", "too_many_decimals", "too_large"][..],
            ),
        ] {
            let texts: BTreeSet<String> = reasons
                .iter()
                .map(|r| {
                    tr.msg(
                        &Message::new(key)
                            .with("code", "C1.O1.I1")
                            .with("reason", *r)
                            .with("period", "2024")
                            .with("value", "x"),
                    )
                })
                .collect();
            // A misspelt variant would fall back on the default one and repeat its words.
            assert_eq!(texts.len(), reasons.len(), "{lang:?} {key}: {texts:#?}");
        }
    }
}

#[test]
fn every_rule_has_its_message_in_both_languages() {
    for lang in [Lang::Fr, Lang::En] {
        let keys = message_keys(lang);
        for (code, _) in RULES {
            let exact = format!("check-{code}");
            let variant = format!("check-{code}-");
            assert!(
                keys.iter().any(|k| *k == exact || k.starts_with(&variant)),
                "{lang:?}: no message for rule {code}"
            );
        }
    }
    // And the check's file holds messages of rules only.
    for file in [
        include_str!("../locales/fr/check.ftl"),
        include_str!("../locales/en/check.ftl"),
    ] {
        for key in file
            .lines()
            .filter(|l| !l.starts_with(['#', ' ']))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        {
            assert!(
                RULES.iter().any(|(code, _)| {
                    key.strip_prefix("check-")
                        .and_then(|k| k.strip_prefix(code))
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
                }),
                "{key} names no rule"
            );
        }
    }
}
