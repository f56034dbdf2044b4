//! The reports and workbooks take their words from the one message catalogue: every key the
//! report builders (`jalon-app/src/report`, `src/frameworks`) and the renderers
//! (`jalon-report`) ask for exists in French and English, and so do the keys built from
//! states (target status, action status, lateness, trip status), so a report says a state with
//! the same words as the pages.

use std::collections::BTreeSet;
use std::path::Path;

use jalon_core::Lang;
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::progress::Status;
use jalon_core::trip::TripStatus;
use jalon_i18n::Tr;

fn sources(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).expect("source");
            out.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}

#[test]
fn every_report_word_exists_in_both_languages() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut srcs = Vec::new();
    sources(&here.join("src/report"), &mut srcs);
    sources(&here.join("src/frameworks"), &mut srcs);
    sources(&here.join("../jalon-report/src"), &mut srcs);
    let mut wanted = BTreeSet::new();
    for src in &srcs {
        for call in ["t(lang, \"", "r.word(\"", "word(lang, \"", "header(&[\""] {
            for part in src.split(call).skip(1) {
                wanted.insert(part.split('"').next().unwrap_or_default().to_string());
            }
        }
        // Keys passed around as literals (workbook header lists, import problems).
        for prefix in ["rpt-", "ddrs-import-"] {
            for part in src.split(&format!("\"{prefix}")).skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                wanted.insert(format!("{prefix}{key}"));
            }
        }
    }
    assert!(
        wanted.len() > 150,
        "the scan finds the calls: {}",
        wanted.len()
    );
    for s in Status::ALL {
        wanted.insert(format!("status-{}", s.as_str()));
    }
    for s in ActionStatus::ALL {
        wanted.insert(format!("action-status-{}", s.as_str()));
    }
    for l in [
        Lateness::Overdue,
        Lateness::MilestoneOverdue,
        Lateness::StartOverdue,
    ] {
        wanted.insert(format!("lateness-{}", l.as_str()));
    }
    for s in TripStatus::ALL {
        wanted.insert(format!("carbon-status-{}", s.as_str()));
    }
    for lang in [Lang::Fr, Lang::En] {
        let tr = Tr::new(lang);
        let missing: Vec<&String> = wanted.iter().filter(|k| !tr.has(k)).collect();
        assert!(missing.is_empty(), "{lang:?}: no message for {missing:?}");
    }
}

#[test]
fn every_report_word_of_the_catalogue_is_used() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut srcs = Vec::new();
    sources(&here.join("src"), &mut srcs);
    sources(&here.join("../jalon-report/src"), &mut srcs);
    let text = srcs.join(" ");
    let ftl = std::fs::read_to_string(here.join("../jalon-i18n/locales/fr/reports.ftl"))
        .expect("reports.ftl");
    let unused: Vec<&str> = ftl
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .filter(|k| k.starts_with("rpt-") && !text.contains(&format!("\"{k}\"")))
        .collect();
    assert!(unused.is_empty(), "words no report uses: {unused:?}");
}

/// The string literals of a source that read as words to a person: two words or more, not
/// markup, outside the tests.
fn sentences(src: &str) -> Vec<String> {
    let code = src.split("#[cfg(test)]").next().unwrap_or_default();
    let mut found = Vec::new();
    for line in code.lines().map(str::trim) {
        if line.starts_with("//") || line.starts_with("#[") {
            continue;
        }
        for (i, literal) in line.split('"').enumerate() {
            // Odd pieces are inside quotes (escaped quotes are rare enough here).
            if i % 2 == 0 || literal.contains('<') || literal.starts_with("rpt-") {
                continue;
            }
            let words = literal
                .split(' ')
                .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
                .count();
            if words >= 2 {
                found.push(literal.to_string());
            }
        }
    }
    found
}

#[test]
fn no_sentence_is_left_in_the_report_builders() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Column names a reader accepts in an imported file are input, not words shown.
    let accepted_input = ["english title"];
    let mut left = Vec::new();
    for dir in ["src/report", "src/frameworks"] {
        for e in std::fs::read_dir(here.join(dir)).expect("dir").flatten() {
            let text = std::fs::read_to_string(e.path()).expect("source");
            for s in sentences(&text) {
                if !accepted_input.contains(&s.as_str()) {
                    left.push(format!("{}: {s}", e.path().display()));
                }
            }
        }
    }
    assert!(left.is_empty(), "words outside the catalogue: {left:#?}");
}

#[test]
fn the_sentence_scan_sees_a_sentence() {
    assert_eq!(
        sentences("let x = t(lang, \"rpt-a\"); let y = \"Valeurs manquantes\";"),
        vec!["Valeurs manquantes".to_string()]
    );
    assert!(sentences("format!(\"<p class=\\\"a\\\">{}</p>\", x)").is_empty());
}
