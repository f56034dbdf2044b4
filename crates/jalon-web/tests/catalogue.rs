//! The pages use the one message catalogue (`jalon-i18n`): every key the templates and the
//! handlers ask for exists in both languages, and so does the message of every error code
//! ([`jalon_app::ErrorCode::ALL`]) and of every field and entity the use cases name (those
//! keys are built at run time, so the test reads the sources for them).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jalon_core::Lang;
use jalon_i18n::Tr;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn read_all(dir: &Path, ext: &str) -> Vec<String> {
    let mut paths = Vec::new();
    files(dir, ext, &mut paths);
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("source"))
        .collect()
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_key_used_by_templates_and_code_exists() {
    let mut sources = read_all(&crate_dir().join("templates"), "html");
    sources.extend(read_all(&crate_dir().join("src"), "rs"));
    let mut missing = BTreeSet::new();
    for lang in [Lang::Fr, Lang::En] {
        let tr = Tr::new(lang);
        for src in &sources {
            for call in ["tr.t(\"", "tr.t1(\"", "tr.args(\""] {
                for part in src.split(call).skip(1) {
                    let key = part.split('"').next().unwrap_or_default();
                    if !tr.has(key) {
                        missing.insert(format!("{lang:?}: {key}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "keys without a message: {missing:?}");
}

#[test]
fn every_error_code_field_and_entity_has_a_message() {
    let root = crate_dir().join("..");
    let mut srcs = read_all(&root.join("jalon-app/src"), "rs");
    srcs.extend(read_all(&crate_dir().join("src"), "rs"));
    // Whitespace collapsed, so calls split over lines by rustfmt are seen.
    let text: String = srcs
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let quoted = |s: &str| -> Option<String> {
        let s = s.strip_prefix('"')?;
        let end = s.find('"')?;
        let id = &s[..end];
        let is_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        is_id.then(|| id.to_string())
    };
    let mut wanted: BTreeSet<String> = jalon_app::ErrorCode::ALL
        .iter()
        .map(|c| c.message_key())
        .collect();
    for part in text.split("AppError::invalid(").skip(1) {
        if let Some(field) = quoted(part) {
            wanted.insert(format!("field-{field}"));
        }
    }
    for part in text.split("AppError::NotFound(").skip(1) {
        if let Some(what) = quoted(part) {
            wanted.insert(format!("entity-{what}"));
        }
    }
    assert!(
        wanted.len() > 60,
        "the scan finds the calls: {}",
        wanted.len()
    );
    let missing = jalon_i18n::missing_keys(wanted.iter().map(String::as_str));
    assert!(missing.is_empty(), "no message for {missing:?}");
}

/// Removes every `open … close` span of a template (askama tags, comments, scripts).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = match rest[start + open.len()..].find(close) {
            Some(end) => &rest[start + open.len() + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The words a person reads that a template writes itself: text between tags and the
/// `title`, `alt`, `aria-label` and `placeholder` attributes, once askama's tags are gone.
fn literal_words(template: &str) -> Vec<String> {
    let mut text = without(template, "{#", "#}");
    text = without(&text, "{{", "}}");
    text = without(&text, "{%", "%}");
    text = without(&text, "<script", "</script>");
    text = without(&text, "<style", "</style>");
    let mut pieces: Vec<&str> = text
        .split('<')
        .filter_map(|chunk| chunk.split_once('>').map(|(_, after)| after))
        .collect();
    for attr in ["title=\"", "alt=\"", "aria-label=\"", "placeholder=\""] {
        for part in text.split(attr).skip(1) {
            pieces.push(part.split('"').next().unwrap_or_default());
        }
    }
    pieces
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .map(str::to_string)
        .collect()
}

#[test]
fn templates_write_no_words_of_their_own() {
    // Names, units and formats, the same in both languages.
    const SAME_IN_BOTH: &[&str] = &[
        "Jalon",
        "CO2e",
        "kgCO2e",
        "km",
        "MWh",
        "GES",
        "1point5",
        "TSV",
        "XLSX",
        "CSV",
        "PDF",
        "HTML",
        "FR",
        "EN",
        "HAL",
        "JSON",
        "BibTeX",
        "Aurora",
        "Français",
        "English",
    ];
    // The About page's attributions name works and licences as their authors do.
    const NAMES_OF_WORKS: &[&str] = &["about.html"];
    let mut paths = Vec::new();
    files(&crate_dir().join("templates"), "html", &mut paths);
    let mut left = BTreeSet::new();
    for path in &paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if NAMES_OF_WORKS.contains(&name) {
            continue;
        }
        let template = std::fs::read_to_string(path).expect("template");
        for word in literal_words(&template) {
            if !SAME_IN_BOTH.contains(&word.as_str()) {
                left.insert(format!("{name}: {word}"));
            }
        }
    }
    assert!(left.is_empty(), "words outside the catalogue: {left:#?}");
}

#[test]
fn the_template_scan_sees_words_and_skips_tags() {
    let words = literal_words(
        "<p title=\"Objectif\">{{ page.tr.t(\"x\") }} Valeur {% if a %}<b>km</b>{% endif %}</p>{# note #}",
    );
    assert_eq!(words, vec!["Valeur", "km", "Objectif"]);
}
