//! The command line's words, from the one catalogue (`locales/*/cli.ftl` and the error
//! messages the pages use). The language is the environment's: `JALON_LANG`, else `LC_ALL`,
//! `LC_MESSAGES` or `LANG` (`fr…` is French); English otherwise. A document's language is a
//! separate choice (`--lang` of `jalon report`).

use std::sync::OnceLock;

use jalon_core::Lang;
use jalon_i18n::Tr;

/// The language of the command line's messages, read once from the environment.
pub fn lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(|| {
        let chosen = ["JALON_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty());
        lang_of(chosen.as_deref())
    })
}

/// The language a locale name stands for: French for `fr`, `fr_FR.UTF-8`…, English otherwise.
fn lang_of(locale: Option<&str>) -> Lang {
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    }
}

/// The translator of the command line's language.
pub fn tr() -> &'static Tr {
    static TR: OnceLock<Tr> = OnceLock::new();
    TR.get_or_init(|| Tr::new(lang()))
}

/// A number with `decimals` digits after the point: the language's decimal mark and digit
/// grouping in French, plain digits in English (`1234.5`, easy to read back by a script).
pub fn num(v: f64, decimals: usize) -> String {
    match lang() {
        Lang::Fr => jalon_core::number::format_number(v, decimals, true),
        Lang::En => format!("{v:.decimals$}"),
    }
}

/// The message `key` of the catalogue with its arguments: `w!(key, name = value, …)`.
macro_rules! w {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::words::tr().args($key, &[$((stringify!($name), &($value).to_string())),*])
    };
}

pub(crate) use w;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_locale_means_french() {
        assert_eq!(lang_of(Some("fr_FR.UTF-8")), Lang::Fr);
        assert_eq!(lang_of(Some("fr")), Lang::Fr);
        assert_eq!(lang_of(Some("C.UTF-8")), Lang::En);
        assert_eq!(lang_of(None), Lang::En);
    }
}

#[cfg(test)]
mod catalogue {
    use std::collections::BTreeSet;

    use jalon_core::Lang;
    use jalon_i18n::Tr;

    /// The `cli-…` keys the sources ask for.
    fn used() -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut keys = BTreeSet::new();
        for e in std::fs::read_dir(dir).expect("src").flatten() {
            let text = std::fs::read_to_string(e.path()).expect("source");
            for part in text.split("\"cli-").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                    keys.insert(format!("cli-{key}"));
                }
            }
        }
        keys
    }

    #[test]
    fn every_message_of_the_command_line_exists_in_both_languages() {
        let keys = used();
        assert!(keys.len() > 60, "the scan finds the calls: {}", keys.len());
        for lang in [Lang::Fr, Lang::En] {
            let tr = Tr::new(lang);
            let missing: Vec<&String> = keys.iter().filter(|k| !tr.has(k)).collect();
            assert!(missing.is_empty(), "{lang:?}: no message for {missing:?}");
        }
        let defined: Vec<&str> = jalon_i18n::message_keys(Lang::En)
            .iter()
            .copied()
            .filter(|k| k.starts_with("cli-") && !keys.contains(*k))
            .collect();
        assert!(defined.is_empty(), "messages no command uses: {defined:?}");
    }

    #[test]
    fn french_reads_french() {
        let fr = Tr::new(Lang::Fr);
        assert_eq!(
            fr.args("cli-bad-sdg", &[("sdg", "18")]),
            "--sdg 18 : attendu de 1 à 17"
        );
        let en = Tr::new(Lang::En);
        assert_eq!(
            en.args(
                "cli-inventory-imported",
                &[
                    ("count", "3"),
                    ("kind", "publications"),
                    ("rejected", "0"),
                    ("duplicates", "1"),
                    ("suggested", "2")
                ]
            ),
            "3 publication(s) imported (0 rejected, 1 already there), 2 with suggested SDGs"
        );
    }
}
