//! The THE evidence bank, the DD&RS self-assessment and report content on the demo
//! institution: answers with evidence and self-scores, the year window, the submission pack,
//! reusable evidence, permissions, and content placed in the SDG report.

mod common;

use common::{app, signed_in};

use jalon_app::AppError;
use jalon_app::frameworks::EvidenceInput;
use jalon_app::frameworks::ddrs::AssessmentInput;
use jalon_app::frameworks::the::AnswerInput;
use jalon_app::measurements::MeasurementInput;
use jalon_app::report::content::{BlockInput, HighlightInput};
use jalon_core::Lang;
use jalon_io::workbook::SheetCell;
use jalon_report::Block;
use jalon_store::testing;

fn text(c: &SheetCell) -> String {
    match c {
        SheetCell::Empty => String::new(),
        SheetCell::Text(t) | SheetCell::Link(t) => t.clone(),
        SheetCell::Number(n) => n.to_string(),
    }
}

#[tokio::test]
async fn the_demo_bank_scores_answers_and_exports_every_metric() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let bank = app.the_bank(&viewer, 2024).await.expect("bank");
        assert_eq!(bank.sdgs.len(), 17);
        // A public policy adopted before 2024: 3 points.
        let equality = bank.indicator("5.6.1").expect("5.6.1");
        assert_eq!((equality.exists, equality.points), (Some(true), 3));
        // Internal evidence only: 2 points.
        assert_eq!(bank.indicator("12.2.1").map(|i| i.points), Some(2));
        // Yes without evidence: 1 point. Evidence adopted after the year: still 1 point.
        assert_eq!(bank.indicator("6.4.1").map(|i| i.points), Some(1));
        let commuting = bank.indicator("11.4.2").expect("11.4.2");
        assert_eq!(commuting.points, 1);
        assert_eq!(commuting.evidence[0].window.as_str(), "adopted_after");
        // A figure taken from the plan's stored value of the year.
        let water = bank.indicator("6.2.2").expect("6.2.2");
        assert_eq!(
            (water.plan_indicator.as_deref(), water.value),
            (Some("C3.O3.I1"), Some(19_500.0))
        );
        // One evidence item reused across metrics and the DD&RS.
        let items = app.evidence_bank(&viewer, 2024).await.expect("items");
        let report = items
            .iter()
            .find(|e| e.title.starts_with("Rapport ODD 2023"))
            .expect("item");
        assert!(report.uses >= 4, "{}", report.uses);
        let sdg17 = bank.sdgs.iter().find(|s| s.goal == 17).expect("17");
        assert!(sdg17.completeness > 0.0 && sdg17.estimated_score > 0.0);
        assert!(
            bank.overall.is_some(),
            "SDG 17 and three others are answered"
        );

        // The pack lists every metric and indicator of every SDG, with answer and self-score.
        let pack = app.the_pack(&viewer, 2024, Lang::Fr).await.expect("pack");
        assert_eq!(pack.len(), 18, "summary + 17 SDGs");
        let (_, catalogue) = app.the_catalogue(&viewer).await.expect("catalogue");
        for (sheet, sdg) in pack[1..].iter().zip(&catalogue) {
            let metrics: std::collections::BTreeSet<String> =
                sheet.rows.iter().map(|r| text(&r[0])).collect();
            assert_eq!(metrics.len(), sdg.metrics.len(), "{}", sheet.name);
            let n: usize = sdg.metrics.iter().map(|m| m.indicators.len()).sum();
            assert_eq!(sheet.rows.len(), n, "{}", sheet.name);
            for r in &sheet.rows {
                assert!(
                    !text(&r[6]).is_empty(),
                    "an answer column for {}",
                    text(&r[3])
                );
            }
        }
        let row = pack[5]
            .rows
            .iter()
            .find(|r| text(&r[3]) == "5.6.1")
            .expect("5.6.1 row");
        assert_eq!(text(&row[6]), "oui");
        assert_eq!(row[9], SheetCell::Number(3.0));
        assert_eq!(
            row[11],
            SheetCell::Link("https://exemple.jalon.invalid/rh/plan-egalite.pdf".into())
        );
        let late = pack[11]
            .rows
            .iter()
            .find(|r| text(&r[3]) == "11.4.2")
            .expect("11.4.2");
        assert!(
            text(&late[12]).contains("adoptée après l'année"),
            "{:?}",
            late[12]
        );
        let bytes = jalon_io::workbook::write_workbook(&pack).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));

        // A changed plan value changes the answer.
        let editor = signed_in(&app, "editeur").await;
        let view = app.view_for(&editor).await.expect("view");
        let id = view.indicator_id("C3.O3.I1").expect("id");
        let row = app
            .record_measurement(
                &editor,
                id,
                &MeasurementInput {
                    period: "2024".into(),
                    value: "18000".into(),
                    submit: true,
                    ..Default::default()
                },
            )
            .await
            .expect("value");
        app.set_measurement_state(
            &editor,
            row.id,
            jalon_core::plan::MeasurementState::Validated,
        )
        .await
        .expect("validated");
        let bank = app.the_bank(&viewer, 2024).await.expect("bank");
        assert_eq!(
            bank.indicator("6.2.2").and_then(|i| i.value),
            Some(18_000.0)
        );
    }
}

#[tokio::test]
async fn answers_and_evidence_are_checked_and_permissioned() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let editor = signed_in(&app, "editeur").await;
        let code = |r: Result<(), AppError>| r.err().map(|e| e.code().as_str());
        let yes = AnswerInput {
            exists: Some(true),
            ..Default::default()
        };
        assert_eq!(
            code(app.save_the_answer(&viewer, 2024, "13.4.1", &yes).await),
            Some("forbidden")
        );
        assert_eq!(
            code(app.save_the_answer(&editor, 2024, "99.1.1", &yes).await),
            Some("unknown_the_indicator")
        );
        assert_eq!(
            code(app.save_the_answer(&editor, 2024, "13.1.1", &yes).await),
            Some("computed_by_the")
        );
        assert_eq!(
            code(app.save_the_answer(&editor, 2024, "13.2.2", &yes).await),
            Some("not_an_evidence_indicator")
        );
        assert_eq!(
            code(
                app.save_the_answer(
                    &editor,
                    2024,
                    "13.2.2",
                    &AnswerInput {
                        plan_indicator: Some("C9.O9.I9".into()),
                        ..Default::default()
                    }
                )
                .await
            ),
            Some("unknown_indicator")
        );
        assert_eq!(
            code(app.save_the_answer(&editor, 1850, "13.4.1", &yes).await),
            Some("invalid_year")
        );
        // A new item, linked to two indicators, then edited once: both see the change.
        let id = app
            .save_evidence(
                &editor,
                None,
                &EvidenceInput {
                    title: "Engagement neutralité carbone".into(),
                    kind: "policy".into(),
                    adopted_on: Some("2024-05-02".into()),
                    ..Default::default()
                },
            )
            .await
            .expect("evidence");
        app.save_the_answer(&editor, 2024, "13.4.1", &yes)
            .await
            .expect("answer");
        app.link_the_evidence(&editor, 2024, "13.4.1", id, true)
            .await
            .expect("link");
        app.link_the_evidence(&editor, 2024, "13.4.2", id, true)
            .await
            .expect("link");
        let bank = app.the_bank(&viewer, 2024).await.expect("bank");
        assert_eq!(bank.indicator("13.4.1").map(|i| i.points), Some(2));
        app.save_evidence(
            &editor,
            Some(id),
            &EvidenceInput {
                title: "Engagement neutralité carbone".into(),
                kind: "policy".into(),
                adopted_on: Some("2024-05-02".into()),
                url: Some("https://exemple.jalon.invalid/neutralite".into()),
                public: true,
                ..Default::default()
            },
        )
        .await
        .expect("edit");
        let bank = app.the_bank(&viewer, 2024).await.expect("bank");
        assert_eq!(bank.indicator("13.4.1").map(|i| i.points), Some(3));
        assert_eq!(bank.indicator("13.4.2").map(|i| i.evidence.len()), Some(1));
        // The same item counts nothing for 2023 (adopted in 2024).
        app.save_the_answer(&editor, 2023, "13.4.1", &yes)
            .await
            .expect("answer");
        app.link_the_evidence(&editor, 2023, "13.4.1", id, true)
            .await
            .expect("link");
        let before = app.the_bank(&viewer, 2023).await.expect("bank");
        assert_eq!(before.indicator("13.4.1").map(|i| i.points), Some(1));
        // Re-importing the plan keeps the bank.
        let items = app.evidence_bank(&viewer, 2024).await.expect("items").len();
        app.import_plan_cli(
            jalon_app::demo::DEMO_PLAN,
            jalon_app::demo::DEMO_PLAN_NAME,
            Some(jalon_io::Format::Yaml),
            Lang::Fr,
            false,
        )
        .await
        .expect("re-import");
        assert_eq!(
            app.evidence_bank(&viewer, 2024).await.expect("items").len(),
            items
        );
    }
}

#[tokio::test]
async fn the_ddrs_self_assessment_compares_years_and_refuses_bad_input() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let editor = signed_in(&app, "editeur").await;
        let v = app.ddrs(&viewer, 2024, Lang::Fr).await.expect("ddrs");
        assert_eq!(v.axes.len(), 5);
        assert_eq!(v.previous_year, 2023);
        assert_eq!(v.items, 15);
        let strategy = &v.axes[0];
        // SG1 4, SG2 2, SG3 3 → 3.0; in 2023: 3, 2, 2.
        assert_eq!(strategy.mean, Some(3.0));
        assert!((strategy.previous_mean.expect("2023") - 7.0 / 3.0).abs() < 1e-9);
        let sg1 = &strategy.items[0];
        assert_eq!((sg1.level, sg1.previous_level), (Some(4), Some(3)));
        assert_eq!(sg1.evidence.len(), 2);
        let item = sg1.id;
        let input = |level: u8, justification: &str, actions: &str| AssessmentInput {
            level,
            justification: justification.into(),
            actions: actions.into(),
            indicators: String::new(),
        };
        let code = |r: Result<i64, AppError>| r.err().map(|e| e.code().as_str());
        assert_eq!(
            code(
                app.assess_ddrs_item(&viewer, item, 2025, &input(4, "x", ""))
                    .await
            ),
            Some("forbidden")
        );
        assert_eq!(
            code(
                app.assess_ddrs_item(&editor, item, 2025, &input(6, "x", ""))
                    .await
            ),
            Some("invalid_level")
        );
        assert_eq!(
            code(
                app.assess_ddrs_item(&editor, item, 2025, &input(4, "  ", ""))
                    .await
            ),
            Some("justification_required")
        );
        assert_eq!(
            code(
                app.assess_ddrs_item(&editor, item, 2025, &input(4, "x", "Z9"))
                    .await
            ),
            Some("unknown_action")
        );
        assert_eq!(
            code(
                app.assess_ddrs_item(&editor, 999_999, 2025, &input(4, "x", ""))
                    .await
            ),
            Some("not_found")
        );
        app.assess_ddrs_item(&editor, item, 2025, &input(5, "Exemplaire.", "C1.O1.A1"))
            .await
            .expect("assess");
        let v = app.ddrs(&viewer, 2025, Lang::En).await.expect("ddrs");
        assert_eq!(v.previous_year, 2024);
        assert_eq!(v.axes[0].items[0].level, Some(5));
        assert_eq!(v.axes[0].name, "Strategy and governance");
        // An import with a bad row is refused whole, with the row and column.
        let bad = "axe;code;intitulé\n7;X1;Item\nsocial;;Sans code\n";
        match app
            .import_ddrs_items(&editor, bad.as_bytes(), "items.csv", Lang::Fr)
            .await
        {
            Err(AppError::ImportRefused(p)) => {
                assert_eq!(p.len(), 2, "{p:?}");
                assert_eq!(p[0].row, Some(2));
                assert_eq!(p[1].column.as_deref(), Some("code"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            app.ddrs(&viewer, 2024, Lang::Fr).await.expect("ddrs").items,
            15
        );
        let sheet = app
            .ddrs_sheet(&viewer, 2024, Lang::Fr)
            .await
            .expect("sheet");
        assert_eq!(sheet.rows.len(), 15 + 5, "items and axis means");
    }
}

#[tokio::test]
async fn report_content_lands_in_its_metric_section_and_highlights_lead_the_banner() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let editor = signed_in(&app, "editeur").await;
        let r = app
            .sdg_report(&viewer, 2024, Lang::Fr, "")
            .await
            .expect("report");
        for c in r.chapters.iter().take(17) {
            let content = c.sections.iter().any(|s| {
                s.title.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                    || s.title == "Initiatives et engagements"
            });
            assert!(content, "{} has content", c.slug);
        }
        let sdg13 = &r.chapters[12];
        assert_eq!(
            sdg13.key_figures[0].label,
            app.view_for(&viewer)
                .await
                .expect("v")
                .doc()
                .indicator("C3.O1.I1")
                .expect("i")
                .name
        );
        assert_eq!(
            sdg13.key_figures[0].comparison.as_deref(),
            Some("−7\u{202f}% par rapport à 2022")
        );
        let sdg4 = &r.chapters[3];
        assert_eq!(
            sdg4.key_figures[0].comparison.as_deref(),
            Some("+32 points par rapport à 2022")
        );
        let section = sdg13
            .sections
            .iter()
            .find(|s| s.title.starts_with("13.3 "))
            .expect("13.3 section");
        let Block::Items(items) = &section.blocks[0] else {
            panic!("items")
        };
        assert!(items.iter().any(|i| i.title == "Un plan climat partagé"));
        assert!(items.iter().any(|i| i.link.as_deref()
            == Some("https://exemple.jalon.invalid/politiques/beges-2022.pdf")));

        // A new block tagged 9.3 appears in SDG 9 under 9.3; bad tags are refused.
        let block = BlockInput {
            kind: "event".into(),
            year: Some(2024),
            title: "Forum des start-up".into(),
            body: "Rencontre annuelle.".into(),
            sdgs: "9".into(),
            metrics: "9.3".into(),
            ..Default::default()
        };
        let code = |r: Result<i64, AppError>| r.err().map(|e| e.code().as_str());
        assert_eq!(
            code(app.save_report_block(&viewer, None, &block).await),
            Some("forbidden")
        );
        assert_eq!(
            code(
                app.save_report_block(
                    &editor,
                    None,
                    &BlockInput {
                        sdgs: "18".into(),
                        ..block.clone()
                    }
                )
                .await
            ),
            Some("invalid_sdg")
        );
        assert_eq!(
            code(
                app.save_report_block(
                    &editor,
                    None,
                    &BlockInput {
                        metrics: "9.9".into(),
                        ..block.clone()
                    }
                )
                .await
            ),
            Some("unknown_the_metric")
        );
        assert_eq!(
            code(
                app.save_report_block(
                    &editor,
                    None,
                    &BlockInput {
                        url: Some("javascript:alert(1)".into()),
                        ..block.clone()
                    }
                )
                .await
            ),
            Some("invalid_url")
        );
        let id = app
            .save_report_block(&editor, None, &block)
            .await
            .expect("block");
        let r = app
            .sdg_report(&viewer, 2024, Lang::Fr, "")
            .await
            .expect("report");
        assert!(r.chapters[8].sections.iter().any(|s| s.title.starts_with("9.3 ")
            && matches!(&s.blocks[0], Block::Items(i) if i.iter().any(|i| i.title == "Forum des start-up"))));
        // Not in another year's report.
        let r25 = app
            .sdg_report(&viewer, 2025, Lang::Fr, "")
            .await
            .expect("report");
        assert!(
            !r25.chapters[8]
                .sections
                .iter()
                .any(|s| s.title.starts_with("9.3 "))
        );
        app.delete_report_block(&editor, id).await.expect("delete");
        assert_eq!(
            app.set_report_highlights(
                &editor,
                4,
                &[HighlightInput {
                    indicator_code: "nope".into(),
                    compare_year: None,
                    comparison: "auto".into()
                }]
            )
            .await
            .err()
            .map(|e| e.code().as_str()),
            Some("unknown_indicator")
        );
    }
}

#[tokio::test]
async fn steering_and_carbon_reports_come_from_the_stored_data() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let s = app
            .steering_report(&viewer, 2024, Lang::Fr, "")
            .await
            .expect("steering");
        assert_eq!(s.report.chapters.len(), 4, "one chapter per axis");
        let charts = s
            .report
            .chapters
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .filter(|b| matches!(b, Block::Chart { .. }))
            .count();
        assert!(charts > 0, "trajectory charts");
        let view = app.view_for(&viewer).await.expect("view");
        assert_eq!(
            s.sheets[0].rows.len(),
            view.doc().targets().count(),
            "every target"
        );
        // Exactly the indicators without a value of the year are listed as missing.
        let s = app
            .steering_report(&viewer, 2025, Lang::Fr, "")
            .await
            .expect("steering");
        let missing: Vec<String> = view
            .doc()
            .indicators()
            .filter(|(_, i)| !jalon_core::status::series(i).iter().any(|p| p.year == 2025))
            .map(|(_, i)| i.code.clone())
            .collect();
        assert!(!missing.is_empty());
        assert_eq!(
            s.sheets[3]
                .rows
                .iter()
                .map(|r| text(&r[1]))
                .collect::<Vec<_>>(),
            missing
        );
        assert!(jalon_io::workbook::write_workbook(&s.sheets).is_ok());

        let c = app
            .carbon_report(&viewer, 2024, Lang::En)
            .await
            .expect("carbon");
        let f = app.footprint(&viewer, 2024).await.expect("footprint");
        assert_eq!(c.chapters.len(), 3);
        assert_eq!(
            c.chapters[0].key_figures[0].value,
            jalon_core::number::format_number(f.total.kg / 1000.0, 1, false)
        );
        let beges = app
            .beges_table(&viewer, 2024, Lang::Fr)
            .await
            .expect("beges");
        let posts = beges[0]
            .rows
            .iter()
            .filter(|r| !text(&r[1]).is_empty())
            .count();
        assert_eq!(posts, 22, "the 22 regulatory posts");
        let last = beges[0].rows.last().expect("total");
        assert_eq!(
            last[4],
            SheetCell::Number((f.total.kg / 100.0).round() / 10.0)
        );
    }
}
