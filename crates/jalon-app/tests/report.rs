//! The SDG report assembled from the demo institution: every chapter, figures from stored
//! values (a changed value changes everywhere), and the HTML snapshot in both languages.

mod common;

use common::{app, signed_in};

use jalon_app::AppError;
use jalon_app::measurements::MeasurementInput;
use jalon_core::Lang;
use jalon_report::{Block, Report};
use jalon_store::testing;

/// The values shown for a figure label, per chapter.
fn figure_values(r: &Report, label: &str) -> Vec<(String, String)> {
    r.chapters
        .iter()
        .flat_map(|c| {
            c.key_figures
                .iter()
                .filter(|f| f.label == label)
                .map(|f| (c.slug.clone(), f.value.clone()))
        })
        .collect()
}

#[tokio::test]
async fn the_demo_sdg_report_has_every_chapter_and_follows_the_values() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let r = app
            .sdg_report(&viewer, 2024, Lang::Fr, "")
            .await
            .expect("report");
        assert_eq!(r.chapters.len(), 19, "17 SDGs, actions of the year, annex");
        for (n, c) in r.chapters.iter().take(17).enumerate() {
            assert_eq!(c.number.as_deref(), Some(format!("ODD {}", n + 1).as_str()));
            assert!(c.lead.is_some(), "UN goal sentence");
            assert!(
                c.sections.iter().any(|s| s.title.contains("THE Impact")),
                "THE metrics of SDG {}",
                n + 1
            );
        }
        assert!(
            r.notice.is_some(),
            "demo content is flagged as illustrative"
        );
        let water = figure_values(&r, "Consommation d'eau");
        assert!(
            water.iter().any(|(c, _)| c == "odd-6"),
            "the water figure is in SDG 6: {water:?}"
        );
        let before_page = jalon_report::html::page(&r);
        assert!(water.iter().all(|(_, v)| v == "19\u{202f}500"), "{water:?}");
        let annex = r.chapters.last().expect("annex");
        let Block::Table(t) = &annex.sections[0].blocks[0] else {
            panic!("annex table");
        };
        assert!(
            t.rows.iter().any(|row| row[0] == "C3.O3.I1"),
            "{:?}",
            t.rows
        );

        // A value changed in Jalon changes in every chapter that shows it.
        let editor = signed_in(&app, "editeur").await;
        let view = app.view_for(&editor).await.expect("view");
        let id = view.indicator_id("C3.O3.I1").expect("water indicator");
        let row = app
            .record_measurement(
                &editor,
                id,
                &MeasurementInput {
                    period: "2024".into(),
                    value: "18 250".into(),
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
        let r = app
            .sdg_report(&viewer, 2024, Lang::Fr, "")
            .await
            .expect("report");
        let after = figure_values(&r, "Consommation d'eau");
        assert_eq!(after.len(), water.len(), "{}", db.label);
        assert!(after.iter().all(|(_, v)| v == "18\u{202f}250"), "{after:?}");
        let after_page = jalon_report::html::page(&r);
        let shown = |page: &str, v: &str| page.matches(&format!("{v}&#8239;m³")).count();
        assert_eq!(
            shown(&after_page, "18\u{202f}250"),
            shown(&before_page, "19\u{202f}500"),
            "every place that showed the old value shows the new one"
        );
        assert!(shown(&before_page, "19\u{202f}500") >= 1);
        assert_eq!(shown(&after_page, "19\u{202f}500"), 0);

        assert!(matches!(
            app.sdg_report(&viewer, 1850, Lang::Fr, "").await,
            Err(AppError::Invalid { .. })
        ));
    }
}

#[tokio::test]
async fn the_sdg_report_html_in_french_and_english() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let viewer = signed_in(&app, "lecteur").await;
    for lang in [Lang::Fr, Lang::En] {
        let r = app
            .sdg_report(&viewer, 2024, lang, "https://jalon.example.org")
            .await
            .expect("report");
        let page = jalon_report::html::page(&r);
        assert!(
            page.contains("https://jalon.example.org/indicators/"),
            "figures link back"
        );
        let site = jalon_report::html::site(&r);
        assert_eq!(site.len(), r.chapters.len() + 2);
        let name = match lang {
            Lang::Fr => "sdg_report_2024_fr",
            Lang::En => "sdg_report_2024_en",
        };
        insta::assert_snapshot!(name, page);
    }
}

#[tokio::test]
async fn the_steering_report_says_states_with_the_pages_words_and_english_typography() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let viewer = signed_in(&app, "lecteur").await;
    for lang in [Lang::Fr, Lang::En] {
        let tr = jalon_i18n::Tr::new(lang);
        let r = app
            .steering_report(&viewer, 2024, lang, "")
            .await
            .expect("report")
            .report;
        let page = jalon_report::html::page(&r);
        // The foreword counts the targets by status with the words of the pages.
        for key in ["status-on_track", "status-at_risk", "status-off_track"] {
            assert!(
                page.contains(&tr.t(key)),
                "{lang:?}: the pages' word for {key} ({}) is in the report",
                tr.t(key)
            );
        }
        if lang == Lang::En {
            assert!(!page.contains("2024 :"), "no French colon in English");
            assert!(!page.contains("À risque"), "no French word in English");
        } else {
            assert!(page.contains("2024 :"), "French colon");
        }
    }
}

/// The carbon report of the demo, as HTML in both languages: guards its wording and figures
/// while its builder is reshaped.
#[tokio::test]
async fn the_carbon_report_html_in_french_and_english() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let viewer = signed_in(&app, "lecteur").await;
    for (lang, name) in [
        (Lang::Fr, "carbon_report_2025_fr"),
        (Lang::En, "carbon_report_2025_en"),
    ] {
        let r = app
            .carbon_report(&viewer, 2025, lang)
            .await
            .expect("report");
        assert!(
            r.chapters.len() >= 3,
            "inventory, trend, travel and fund chapters"
        );
        insta::assert_snapshot!(name, jalon_report::html::page(&r));
    }
}

/// The steering report of the demo and its workbook's rows, in both languages: guards its
/// content while its builder is reshaped.
#[tokio::test]
async fn the_steering_report_html_and_workbook_in_french_and_english() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let viewer = signed_in(&app, "lecteur").await;
    for (lang, name) in [
        (Lang::Fr, "steering_report_2025_fr"),
        (Lang::En, "steering_report_2025_en"),
    ] {
        let s = app
            .steering_report(&viewer, 2025, lang, "https://jalon.example")
            .await
            .expect("report");
        let sheets: Vec<String> = s
            .sheets
            .iter()
            .map(|sh| {
                format!(
                    "{} {:?}: {} rows\n{:?}",
                    sh.name,
                    sh.header,
                    sh.rows.len(),
                    sh.rows
                )
            })
            .collect();
        insta::assert_snapshot!(
            name,
            format!(
                "{}\n\n{}",
                jalon_report::html::page(&s.report),
                sheets.join("\n")
            )
        );
    }
}
