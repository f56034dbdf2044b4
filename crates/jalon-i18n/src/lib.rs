//! Jalon's one message catalogue: every word a person reads — pages, reports (HTML, PDF,
//! workbook headers), command-line output, plan-check findings, errors — comes from the Fluent
//! files in `locales/{fr,en}/`, compiled into the binary, through [`Tr`]. The same state has
//! the same words everywhere because there is one place that says them; a test fails when a
//! key exists in one language only.
//!
//! [`Tr`] also formats numbers, dates, money and shares with each language's typography:
//! French `4 061,3 t`, `83 %`, `12 000,50 €`; English `4,061.3 t`, `83%`, `€12,000.50`.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use jalon_core::Lang;
use jalon_core::message::{Arg, Message, StoredMessage};
use jalon_core::number::format_number;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The catalogue's files, the same names in each language (a test checks that the list
/// matches the `locales/` folders).
macro_rules! catalogue_files {
    ($($name:literal),* $(,)?) => {
        /// Names of the message files of each language.
        pub const FILES: &[&str] = &[$($name),*];
        /// The message files of each language, also read here to list their keys.
        const FTL: [(Lang, &[&str]); 2] = [
            (Lang::Fr, &[$(include_str!(concat!("../locales/fr/", $name))),*]),
            (Lang::En, &[$(include_str!(concat!("../locales/en/", $name))),*]),
        ];
    };
}

catalogue_files![
    "main.ftl",
    "carbon.ftl",
    "sdg.ftl",
    "frameworks.ftl",
    "check.ftl",
    "reports.ftl",
    "cli.ftl",
    "imports.ftl",
    "journal.ftl",
    "campaigns.ftl",
    "notifications.ftl"
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

/// The catalogue keys starting with `prefix` written as string literals in `source`
/// (`"journal-value-added"`): what a crate's code asks the catalogue for, which its tests
/// compare with the catalogue.
pub fn quoted_keys(source: &str, prefix: &str) -> std::collections::BTreeSet<String> {
    let opening = format!("\"{prefix}");
    source
        .split(opening.as_str())
        .skip(1)
        .filter_map(|part| {
            let rest: String = part
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            (!rest.is_empty() && part[rest.len()..].starts_with('"'))
                .then(|| format!("{prefix}{rest}"))
        })
        .collect()
}

/// The keys among `keys` that have no message in French or in English, as `Fr: key`.
pub fn missing_keys<'a>(keys: impl IntoIterator<Item = &'a str> + Clone) -> Vec<String> {
    [Lang::Fr, Lang::En]
        .into_iter()
        .flat_map(|lang| {
            let known = message_keys(lang);
            keys.clone()
                .into_iter()
                .filter(|k| !known.contains(k))
                .map(move |k| format!("{lang:?}: {k}"))
        })
        .collect()
}

/// Every message key of a language (with or without arguments).
pub fn message_keys(lang: Lang) -> &'static std::collections::HashSet<&'static str> {
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

/// The message `key` without arguments, for documents built outside a page (reports,
/// workbooks, command-line output). Resolved once per language and key; an unknown key reads
/// as itself (the catalogue test keeps that from happening).
pub fn word(lang: Lang, key: &str) -> &'static str {
    if let Some(text) = simple_messages(lang).get(key) {
        return text;
    }
    type Resolved = std::sync::Mutex<HashMap<(Lang, String), &'static str>>;
    static OTHERS: std::sync::OnceLock<Resolved> = std::sync::OnceLock::new();
    let mut others = OTHERS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    others.entry((lang, key.to_string())).or_insert_with(|| {
        let text = LOCALES
            .try_lookup(&langid(lang), key)
            .unwrap_or_else(|| key.to_string());
        Box::leak(text.into_boxed_str())
    })
}

/// The colon after a label: ` :` in French (with its space before), `:` in English.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " :",
        Lang::En => ":",
    }
}

/// The separator between list items inside a sentence: ` ; ` in French, `; ` in English.
pub fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " ; ",
        Lang::En => "; ",
    }
}

/// A quotation: « … » in French, “…” in English.
pub fn quoted(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Fr => format!("« {text} »"),
        Lang::En => format!("“{text}”"),
    }
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

    /// The colon after a label, with the language's spacing (` :` / `:`).
    pub fn colon(&self) -> &'static str {
        colon(self.lang)
    }

    /// A quotation with the language's marks (« … » / “…”).
    pub fn quoted(&self, text: &str) -> String {
        quoted(self.lang, text)
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

    /// A value's source in words: a provenance code (a value Jalon computed, see
    /// [`jalon_core::provenance`]) in this language, any other source as it was written.
    pub fn source(&self, source: &str) -> String {
        match jalon_core::provenance::Provenance::parse(source) {
            Some(p) => self.msg(&p.message()),
            None => source.to_string(),
        }
    }

    /// A message of a pure rule ([`Message`]): its key with its arguments, numbers kept as
    /// numbers so that counts select the plural form.
    pub fn msg(&self, m: &Message) -> String {
        self.with_args(m.key, m.args.iter().map(|(k, v)| (*k, v)))
    }

    /// A message read back from storage (the journal), in this language; an unknown key is
    /// shown as is.
    pub fn stored(&self, m: &StoredMessage) -> String {
        self.with_args(&m.key, m.args.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// The message `key` with typed arguments.
    fn with_args<'a>(&self, key: &str, args: impl Iterator<Item = (&'a str, &'a Arg)>) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .map(|(k, v)| {
                let value = match v {
                    Arg::Text(s) => FluentValue::from(s.clone()),
                    Arg::Int(n) => FluentValue::from(*n),
                    Arg::Num(x) => FluentValue::from(self.num(x)),
                    Arg::Word { word } => FluentValue::from(self.t(word)),
                    Arg::Date { date } => FluentValue::from(self.date(date)),
                };
                (Cow::Owned(k.to_string()), value)
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
    fn quoted_keys_are_found_and_other_strings_left() {
        let source =
            r#"Message::new("journal-value-added"); t("journal-"); "journal-a1" "journalist""#;
        let keys: Vec<String> = quoted_keys(source, "journal-").into_iter().collect();
        assert_eq!(keys, ["journal-a1", "journal-value-added"]);
        assert_eq!(missing_keys(["journal-value-added"]), Vec::<String>::new());
        assert_eq!(
            missing_keys(["journal-nothing"]),
            ["Fr: journal-nothing", "En: journal-nothing"]
        );
    }

    fn keys(sources: &'static [&'static str]) -> std::collections::BTreeSet<String> {
        ftl_lines(sources)
            .filter(|l| !l.starts_with(['#', ' ']))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn every_message_exists_in_both_languages() {
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
    fn every_file_of_the_locales_folders_is_compiled_in() {
        for lang in ["fr", "en"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .expect("locales folder")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".ftl"))
                .collect();
            on_disk.sort();
            let mut listed: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
            listed.sort();
            assert_eq!(
                on_disk, listed,
                "{lang}: catalogue_files! and locales/{lang}/"
            );
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
    fn messages_of_rules_take_their_arguments() {
        let m = Message::new("to-validate").with("count", 3usize);
        assert_eq!(Tr::new(Lang::Fr).msg(&m), "3 valeur(s) à valider");
        let unknown = Message::new("no-such-key");
        assert_eq!(Tr::new(Lang::En).msg(&unknown), "no-such-key");
    }

    #[test]
    fn every_provenance_is_said_in_both_languages() {
        for p in jalon_core::provenance::Provenance::examples() {
            for lang in [Lang::Fr, Lang::En] {
                let tr = Tr::new(lang);
                let words = tr.source(&p.code());
                assert!(tr.has(p.message().key), "{lang:?}: {}", p.message().key);
                assert!(
                    !words.starts_with("jalon:") && !words.contains('{'),
                    "{words}"
                );
            }
        }
        let en = Tr::new(Lang::En).source("jalon:carbon-inventory?year=2025&factors=23.0");
        assert_eq!(
            en,
            "Carbon inventory 2025 (factors 23.0), computed by Jalon"
        );
        assert_eq!(
            Tr::new(Lang::Fr).source("Bilan social 2024"),
            "Bilan social 2024"
        );
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
