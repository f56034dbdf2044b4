//! The import problems are the catalogue's words: every `import-…` key the sources ask for
//! exists in French and in English, and every key of `imports.ftl` is asked for somewhere.

use std::collections::BTreeSet;
use std::path::Path;

use jalon_core::Lang;
use jalon_i18n::Tr;

/// The `import-…` string literals of the crate's sources.
fn keys_used() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&src).expect("src").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        keys.extend(jalon_i18n::quoted_keys(&text, "import-"));
    }
    keys
}

/// The keys `imports.ftl` defines in `lang`.
fn keys_defined(lang: &str) -> BTreeSet<String> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../jalon-i18n/locales")
        .join(lang)
        .join("imports.ftl");
    std::fs::read_to_string(file)
        .expect("imports.ftl")
        .lines()
        .filter(|l| !l.starts_with(['#', ' ']))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[test]
fn every_key_asked_for_exists_in_both_languages() {
    let used = keys_used();
    assert!(used.len() > 60, "the scan finds the keys: {}", used.len());
    let missing = jalon_i18n::missing_keys(used.iter().map(String::as_str));
    assert!(missing.is_empty(), "no message for {missing:?}");
}

#[test]
fn every_key_of_the_file_is_asked_for() {
    let used = keys_used();
    for lang in ["fr", "en"] {
        let unused: Vec<String> = keys_defined(lang)
            .into_iter()
            .filter(|k| !used.contains(k))
            .collect();
        assert!(
            unused.is_empty(),
            "{lang}: keys nothing asks for: {unused:?}"
        );
    }
}

#[test]
fn messages_say_their_arguments_without_isolation_marks() {
    let fr = Tr::new(Lang::Fr);
    let en = Tr::new(Lang::En);
    assert_eq!(
        fr.t1("import-not-a-date", "value", "32/13/2024"),
        "« 32/13/2024 » n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)"
    );
    assert_eq!(
        en.t1("import-not-a-date", "value", "32/13/2024"),
        "\"32/13/2024\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
    );
    assert_eq!(
        fr.t("import-no-bibtex-entry"),
        "aucune entrée BibTeX (@article{…})"
    );
    assert_eq!(
        en.args(
            "import-where-bibtex",
            &[("line", "12"), ("key", "smith2020")]
        ),
        "line 12 @smith2020"
    );
}
