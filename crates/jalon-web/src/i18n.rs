//! Translations (Fluent files in `locales/`, compiled in) and the formatting of numbers,
//! dates and money in French or English.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use jalon_core::Lang;
use jalon_core::number::format_number;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The message files of each language, also read here to list their keys.
const FTL: [(Lang, &[&str]); 2] = [
    (
        Lang::Fr,
        &[
            include_str!("../locales/fr/main.ftl"),
            include_str!("../locales/fr/carbon.ftl"),
            include_str!("../locales/fr/sdg.ftl"),
            include_str!("../locales/fr/frameworks.ftl"),
        ],
    ),
    (
        Lang::En,
        &[
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/carbon.ftl"),
            include_str!("../locales/en/sdg.ftl"),
            include_str!("../locales/en/frameworks.ftl"),
        ],
    ),
];

/// The lines of every message file of a language.
fn ftl_lines(sources: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
    sources.iter().flat_map(|s| s.lines())
}

/// Messages without arguments, resolved once per language: a page looks up hundreds of them.
fn simple_messages(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static CACHE: std::sync::OnceLock<[HashMap<&'static str, &'static str>; 2]> =
        std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| {
        FTL.map(|(lang, sources)| {
            let id = langid(lang);
            ftl_lines(sources)
                .filter(|l| !l.starts_with(['#', ' ']) && !l.contains('{'))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
                .filter_map(|k| {
                    let text: &'static str =
                        Box::leak(LOCALES.try_lookup(&id, k)?.into_boxed_str());
                    Some((k, text))
                })
                .collect()
        })
    });
    &all[usize::from(lang == Lang::En)]
}

/// Every message key of a language (with or without arguments).
fn message_keys(lang: Lang) -> &'static std::collections::HashSet<&'static str> {
    static KEYS: std::sync::OnceLock<[std::collections::HashSet<&'static str>; 2]> =
        std::sync::OnceLock::new();
    let all = KEYS.get_or_init(|| {
        FTL.map(|(_, sources)| {
            ftl_lines(sources)
                .filter(|l| !l.starts_with(['#', ' ']))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
                .collect()
        })
    });
    &all[usize::from(lang == Lang::En)]
}

fn langid(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::Fr => fluent_templates::langid!("fr"),
        Lang::En => fluent_templates::langid!("en"),
    }
}

/// Translates in one language; templates hold one as `tr`.
#[derive(Debug, Clone)]
pub struct Tr {
    pub lang: Lang,
    id: LanguageIdentifier,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(lang: Lang) -> Tr {
        Tr {
            lang,
            id: langid(lang),
        }
    }

    /// `fr` or `en`.
    pub fn code(&self) -> &'static str {
        self.lang.as_str()
    }

    /// True for French.
    pub fn fr(&self) -> bool {
        self.lang == Lang::Fr
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        match simple_messages(self.lang).get(key) {
            Some(text) => (*text).to_string(),
            None => LOCALES
                .try_lookup(&self.id, key)
                .unwrap_or_else(|| key.to_string()),
        }
    }

    /// True when `key` exists in this language.
    pub fn has(&self, key: &str) -> bool {
        message_keys(self.lang).contains(key)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.args(key, &[(name, value)])
    }

    /// The message `key` with arguments.
    pub fn args(&self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                (
                    Cow::Owned((*k).to_string()),
                    FluentValue::from(v.to_string()),
                )
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `prefix-id`, e.g. `status-on_track`.
    pub fn of(&self, prefix: &str, id: &str) -> String {
        self.t(&format!("{prefix}-{id}"))
    }

    /// A number with up to two decimals.
    pub fn num(&self, v: impl std::borrow::Borrow<f64>) -> String {
        format_number(*v.borrow(), 2, self.fr())
    }

    /// A number with up to four decimals (emission factors).
    pub fn precise(&self, v: impl std::borrow::Borrow<f64>) -> String {
        format_number(*v.borrow(), 4, self.fr())
    }

    /// An optional number, or an en dash.
    pub fn opt_num(&self, v: &Option<f64>) -> String {
        v.map_or_else(|| "–".to_string(), |v| self.num(v))
    }

    /// A percentage from a share (0.83 → 83 %).
    pub fn share(&self, v: impl std::borrow::Borrow<f64>) -> String {
        let p = format_number(v.borrow() * 100.0, 0, self.fr());
        if self.fr() {
            format!("{p}\u{202f}%")
        } else {
            format!("{p}%")
        }
    }

    /// A date: 21/11/2026 in French, 2026-11-21 in English.
    pub fn date(&self, d: &NaiveDate) -> String {
        if self.fr() {
            d.format("%d/%m/%Y").to_string()
        } else {
            d.format("%Y-%m-%d").to_string()
        }
    }

    /// An optional date, or an en dash.
    pub fn opt_date(&self, d: &Option<NaiveDate>) -> String {
        d.as_ref().map_or_else(|| "–".to_string(), |d| self.date(d))
    }

    /// A timestamp, minutes precision, UTC.
    pub fn datetime(&self, t: &DateTime<Utc>) -> String {
        if self.fr() {
            t.format("%d/%m/%Y %H:%M UTC").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M UTC").to_string()
        }
    }

    /// An amount of money in euros from cents.
    pub fn money(&self, cents: &Option<i64>) -> String {
        let Some(c) = cents else {
            return "–".to_string();
        };
        let whole = format_number((c.abs() / 100) as f64, 0, self.fr());
        let sign = if *c < 0 { "−" } else { "" };
        let v = if c % 100 == 0 {
            format!("{sign}{whole}")
        } else {
            format!(
                "{sign}{whole}{}{:02}",
                if self.fr() { ',' } else { '.' },
                c.abs() % 100
            )
        };
        if self.fr() {
            format!("{v}\u{a0}€")
        } else {
            format!("€{v}")
        }
    }

    /// Tonnes of CO2e from kilograms, one decimal: `4 061,3 t`.
    pub fn tonnes(&self, kg: f64) -> String {
        format!("{}\u{a0}t", format_number(kg / 1000.0, 1, self.fr()))
    }

    /// Kilograms of CO2e, one decimal: `306,7 kg`.
    pub fn kg(&self, kg: f64) -> String {
        format!("{}\u{a0}kg", format_number(kg, 1, self.fr()))
    }

    /// A 95 % interval in tonnes: `[3 561,2 – 4 611,5]`.
    pub fn tonnes_interval(&self, low_kg: f64, high_kg: f64) -> String {
        format!(
            "[{} – {}]",
            format_number(low_kg / 1000.0, 1, self.fr()),
            format_number(high_kg / 1000.0, 1, self.fr())
        )
    }

    /// A 95 % interval in kilograms: `[248,4 – 378,6]`.
    pub fn kg_interval(&self, low_kg: f64, high_kg: f64) -> String {
        format!(
            "[{} – {}]",
            format_number(low_kg, 1, self.fr()),
            format_number(high_kg, 1, self.fr())
        )
    }

    /// A relative change with its sign: `−4,8 %`.
    pub fn change(&self, v: f64) -> String {
        let sign = if v < 0.0 {
            "−"
        } else if v > 0.0 {
            "+"
        } else {
            ""
        };
        let p = format_number((v * 100.0).abs(), 1, self.fr());
        if self.fr() {
            format!("{sign}{p}\u{202f}%")
        } else {
            format!("{sign}{p}%")
        }
    }

    /// The English text when it exists and the page is English, else the French one.
    pub fn pick<'a>(&self, fr: &'a str, en: &'a Option<String>) -> &'a str {
        match (self.lang, en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => fr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages() {
        let keys = |sources: &'static [&'static str]| -> std::collections::BTreeSet<String> {
            ftl_lines(sources)
                .filter(|l| !l.starts_with(['#', ' ']))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
                .collect()
        };
        let (fr, en) = (keys(FTL[0].1), keys(FTL[1].1));
        assert_eq!(
            fr.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in English"
        );
        assert_eq!(
            en.difference(&fr).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in French"
        );
        assert_eq!(Tr::new(Lang::En).t("nav-check"), "Plan check");
    }

    #[test]
    fn every_key_used_by_templates_and_code_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut sources: Vec<String> = std::fs::read_dir(dir)
            .expect("templates")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        for f in [
            "pages.rs",
            "views.rs",
            "error.rs",
            "api.rs",
            "carbon.rs",
            "frameworks.rs",
            "reports.rs",
            "sdg.rs",
        ] {
            sources.push(
                std::fs::read_to_string(format!("{}/src/{f}", env!("CARGO_MANIFEST_DIR")))
                    .expect("source"),
            );
        }
        let tr = Tr::new(Lang::En);
        let mut missing = Vec::new();
        for src in &sources {
            for call in ["tr.t(\"", "tr.t1(\"", "tr.args(\""] {
                for part in src.split(call).skip(1) {
                    let key = part.split('"').next().unwrap_or_default();
                    if !tr.has(key) {
                        missing.push(key.to_string());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without a message: {missing:?}");
    }

    /// Every error code, field and entity the use cases and handlers can return has a message
    /// in both languages (they are built from the code at run time, so the test reads the
    /// sources for them).
    #[test]
    fn every_error_code_field_and_entity_has_a_message() {
        fn sources(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).expect("dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    sources(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(&p).expect("source"));
                }
            }
        }
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut srcs = Vec::new();
        sources(&std::path::Path::new(root).join("jalon-app/src"), &mut srcs);
        sources(&std::path::Path::new(root).join("jalon-web/src"), &mut srcs);
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
        let mut wanted = std::collections::BTreeSet::new();
        for part in text.split("AppError::invalid(").skip(1) {
            let mut args = part.splitn(3, ", ");
            if let (Some(field), Some(code)) =
                (args.next().and_then(quoted), args.next().and_then(quoted))
            {
                wanted.insert(format!("field-{field}"));
                wanted.insert(format!("error-{code}"));
            }
        }
        for (call, prefix) in [
            ("AppError::NotFound(", "entity-"),
            ("AppError::Conflict(", "error-"),
        ] {
            for part in text.split(call).skip(1) {
                if let Some(what) = quoted(part) {
                    wanted.insert(format!("{prefix}{what}"));
                }
            }
        }
        assert!(
            wanted.len() > 60,
            "the scan finds the calls: {}",
            wanted.len()
        );
        for lang in [Lang::Fr, Lang::En] {
            let tr = Tr::new(lang);
            let missing: Vec<&String> = wanted.iter().filter(|k| !tr.has(k)).collect();
            assert!(missing.is_empty(), "{lang:?}: no message for {missing:?}");
        }
    }

    #[test]
    fn no_message_is_defined_twice() {
        for (lang, sources) in FTL {
            let mut seen = std::collections::BTreeSet::new();
            for key in ftl_lines(sources)
                .filter(|l| !l.starts_with(['#', ' ']))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
            {
                assert!(seen.insert(key), "{lang:?}: {key} defined twice");
            }
        }
    }

    #[test]
    fn formats() {
        let fr = Tr::new(Lang::Fr);
        let en = Tr::new(Lang::En);
        assert_eq!(fr.money(&Some(1_200_050)), "12\u{202f}000,50\u{a0}€");
        assert_eq!(en.money(&Some(1_200_050)), "€12,000.50");
        assert_eq!(en.money(&Some(-500)), "€−5");
        assert_eq!(fr.share(0.834), "83\u{202f}%");
        assert_eq!(fr.t("nav-dashboard"), "Tableau de bord");
        assert_eq!(en.t("nav-dashboard"), "Dashboard");
        assert_eq!(fr.t1("to-validate", "count", "3"), "3 valeur(s) à valider");
    }
}
