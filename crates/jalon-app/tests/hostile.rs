//! Text a person types is data, never code, wherever it goes: a title that a spreadsheet
//! would run as a formula (`=1+1`, `=HYPERLINK(…)`) is neutralised in every CSV export, and
//! reads back unchanged when the export is imported again.

mod common;

use common::{app, nth_action, signed_in};
use jalon_app::actions::ActionInput;
use jalon_app::report::document::{DocumentFormat, DocumentRequest, ReportKind};
use jalon_core::Lang;
use jalon_io::Format;
use jalon_store::testing;

const FORMULA: &str = "=1+1";
const LINK: &str = "=HYPERLINK(\"https://example.org\";\"clic\")";

/// The cells of a `;`-separated CSV export (BOM removed).
fn cells(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .flatten()
        .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// No cell starts with what a spreadsheet reads as a formula, unless it is a number.
fn assert_no_formula(what: &str, bytes: &[u8]) {
    for c in cells(bytes) {
        let first = c.chars().next();
        let number = c.replace(',', ".").parse::<f64>().is_ok();
        assert!(
            number || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
            "{what}: cell {c:?} would run as a formula"
        );
    }
}

#[tokio::test]
async fn formulas_typed_by_people_are_neutralised_in_every_csv_export() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    let report = app.load_demo().await.expect("demo");
    let admin = signed_in(&app, "admin").await;
    let view = app.plan_view(report.institution_id).await.expect("view");
    let (action_id, action) = nth_action(&view, 0);
    let mut input = ActionInput::from_action(&action);
    input.title = FORMULA.into();
    input.description = Some(LINK.into());
    app.update_action(&admin, action_id, &input)
        .await
        .expect("saved");

    // The plan: neutralised in the CSV, and read back as typed.
    let (csv, name) = app.export_plan(&admin, Format::Csv).await.expect("csv");
    assert_no_formula("plan", &csv);
    assert!(cells(&csv).contains(&format!("'{FORMULA}")));
    let back = jalon_io::read_plan(&csv, &name, None, Lang::Fr).expect("reads back");
    let read = back
        .doc
        .actions()
        .map(|(_, a)| a)
        .find(|a| a.code == action.code)
        .expect("action");
    assert_eq!(
        (read.title.as_str(), read.description.as_deref()),
        (FORMULA, Some(LINK))
    );

    // An inventory's lines.
    let inventory = app
        .inventories(&admin)
        .await
        .expect("inventories")
        .into_iter()
        .next()
        .expect("an inventory");
    let line = app
        .inventory(&admin, inventory.id)
        .await
        .expect("inventory")
        .activities
        .first()
        .expect("a line")
        .clone();
    app.add_activity(
        &admin,
        inventory.id,
        &jalon_app::carbon::inventory::ActivityInput {
            post: line.post.clone(),
            label: LINK.into(),
            quantity: 1.0,
            unit: line.unit.clone(),
            factor_id: line.factor_id.clone(),
            quality: None,
            source: Some("@SUM(A1)".into()),
            comment: Some("-moins".into()),
        },
    )
    .await
    .expect("line added");
    let lines = app
        .export_activities(&admin, inventory.id)
        .await
        .expect("activities");
    assert_no_formula("activities", &lines);
    assert!(cells(&lines).contains(&format!("'{LINK}")));

    // The workbooks of the reports, as CSV: the DD&RS self-assessment with its justification.
    let ddrs = app.ddrs(&admin, 2024, Lang::Fr).await.expect("ddrs");
    let item = ddrs.axes[0].items[0].id;
    app.assess_ddrs_item(
        &admin,
        item,
        2024,
        &jalon_app::frameworks::ddrs::AssessmentInput {
            level: 3,
            justification: FORMULA.into(),
            actions: String::new(),
            indicators: String::new(),
        },
    )
    .await
    .expect("assessed");
    let doc = app
        .report_document(
            &admin,
            &DocumentRequest {
                kind: ReportKind::Ddrs,
                format: DocumentFormat::Csv,
                year: 2024,
                lang: Lang::Fr,
                links: String::new(),
                sdg: None,
            },
        )
        .await
        .expect("DD&RS csv");
    assert_no_formula("DD&RS self-assessment", &doc.bytes);
    assert!(cells(&doc.bytes).contains(&format!("'{FORMULA}")));
}
