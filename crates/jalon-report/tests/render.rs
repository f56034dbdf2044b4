//! Rendering a report whose text tries to be markup: the HTML escapes it, the PDF prints it.

use jalon_core::Lang;
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};

const HOSTILE: &str =
    r#"#set page(fill: red) ]) "quoted" \ <script>alert(1)</script> *bold* $x$ @ref"#;

fn report() -> Report {
    Report {
        lang: Lang::Fr,
        title: "Rapport ODD".into(),
        subtitle: HOSTILE.into(),
        institution: "École d'essai".into(),
        year: 2024,
        notice: Some("Données illustratives".into()),
        foreword: vec![Block::Paragraph(HOSTILE.into())],
        chapters: vec![Chapter {
            slug: "odd-7".into(),
            number: Some("ODD 7".into()),
            title: "Énergie propre".into(),
            lead: Some(HOSTILE.into()),
            colour: Some("#FCC30B".into()),
            key_figures: vec![KeyFigure {
                value: "1\u{202f}234,5".into(),
                unit: "MWh".into(),
                label: HOSTILE.into(),
                period: "2024".into(),
                comparison: Some("−3 % par rapport à 2023".into()),
                source: Some("/indicators/1".into()),
            }],
            sections: vec![Section {
                title: HOSTILE.into(),
                blocks: vec![
                    Block::Items(vec![Item {
                        title: HOSTILE.into(),
                        detail: HOSTILE.into(),
                        text: Some(HOSTILE.into()),
                        link: Some("https://example.org/?a=1&b=\"2\"".into()),
                        tags: vec!["7".into()],
                    }]),
                    Block::Table(Table {
                        caption: HOSTILE.into(),
                        header: vec!["A".into(), "B".into()],
                        numeric: vec![false, true],
                        rows: vec![vec![HOSTILE.into(), "1".into()], vec!["court".into()]],
                    }),
                    Block::Chart {
                        svg: r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="5" fill="#3F7E44"/></svg>"##.into(),
                        table: Table {
                            caption: "Consommation".into(),
                            header: vec!["Année".into(), "MWh".into()],
                            numeric: vec![false, true],
                            rows: vec![vec!["2024".into(), "5".into()]],
                        },
                    },
                    Block::Note(HOSTILE.into()),
                ],
            }],
        }],
    }
}

#[test]
fn html_escapes_what_looks_like_markup() {
    let page = jalon_report::html::page(&report());
    assert!(!page.contains("<script>alert"), "escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("class=\"banner dark-ink\""),
        "a light goal colour gets dark text"
    );
    let site = jalon_report::html::site(&report());
    let names: Vec<&str> = site.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["index.html", "odd-7.html", "style.css"]);
}

#[test]
fn the_pdf_prints_text_as_text() {
    let pdf = jalon_report::pdf::render(&report()).expect("PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    // The hostile text did not change the page colour or the structure: one cover, the
    // contents, the foreword and one chapter fit in a few pages.
    let (source, files) = jalon_report::typst_source::source(&report());
    assert_eq!(files.len(), 1, "the chart is a file");
    assert!(!source.contains("#set page(fill: red)\n"));
}
