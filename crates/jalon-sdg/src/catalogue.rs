//! The official UN SDG catalogue (17 goals, 169 targets, indicators) in
//! French and English, with the official short names and colours.
//!
//! Everything is parsed once, lazily, from YAML files embedded in the crate
//! (Open SDG translations, MIT licence, see `data/un-sdg-*/LICENSE`), so the
//! rest of Jalon can label, colour and link SDGs without any file or network
//! access. Indicators that the UN list repeats under several targets (for
//! example 1.5.1 = 11.5.1 = 13.1.1) are kept once, with all their codes.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::error::CatalogueError;
use crate::text::Lang;

const EN_GOALS: &str = include_str!("../data/un-sdg-en/global_goals.yml");
const EN_TARGETS: &str = include_str!("../data/un-sdg-en/global_targets.yml");
const EN_INDICATORS: &str = include_str!("../data/un-sdg-en/global_indicators.yml");
const FR_GOALS: &str = include_str!("../data/un-sdg-fr/global_goals.yml");
const FR_TARGETS: &str = include_str!("../data/un-sdg-fr/global_targets.yml");
const FR_INDICATORS: &str = include_str!("../data/un-sdg-fr/global_indicators.yml");

/// Official UN SDG colours, goal 1 to 17.
pub const GOAL_COLOURS: [&str; 17] = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
];

/// A text in French and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    /// French text.
    pub fr: String,
    /// English text.
    pub en: String,
}

impl Bilingual {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// One of the 17 Sustainable Development Goals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// Goal number, 1 to 17.
    pub number: u8,
    /// Official short name ("Climate action", "Mesures relatives à …").
    pub short: Bilingual,
    /// Official full title.
    pub title: Bilingual,
    /// Official colour, `#RRGGBB`.
    pub colour: &'static str,
}

impl Goal {
    /// Official short name in `lang`.
    pub fn short(&self, lang: Lang) -> &str {
        self.short.get(lang)
    }
    /// Official title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        self.title.get(lang)
    }
    /// Official colour as RGB bytes.
    pub fn rgb(&self) -> (u8, u8, u8) {
        let h = |i: usize| u8::from_str_radix(&self.colour[i..i + 2], 16).unwrap_or(0);
        (h(1), h(3), h(5))
    }
    /// Code used in labels: "ODD 13" / "SDG 13".
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => format!("ODD {}", self.number),
            Lang::En => format!("SDG {}", self.number),
        }
    }
}

/// One of the 169 targets ("13.2", "1.a").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Code, `goal.target` ("13.2", "14.c").
    pub code: String,
    /// Goal number.
    pub goal: u8,
    /// Official title.
    pub title: Bilingual,
}

impl Target {
    /// Official title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        self.title.get(lang)
    }
}

/// One indicator, de-duplicated: `codes` lists every code under which the
/// UN list repeats it, the first being the lowest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Primary code ("13.2.2").
    pub code: String,
    /// All codes of this indicator (at least `code`).
    pub codes: Vec<String>,
    /// Official title.
    pub title: Bilingual,
}

impl Indicator {
    /// Official title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        self.title.get(lang)
    }
    /// Targets this indicator measures ("1.5", "11.5", "13.1").
    pub fn target_codes(&self) -> impl Iterator<Item = &str> {
        self.codes
            .iter()
            .map(|c| c.rsplit_once('.').map_or(c.as_str(), |(t, _)| t))
    }
}

/// The whole catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    goals: Vec<Goal>,
    targets: Vec<Target>,
    indicators: Vec<Indicator>,
    target_index: HashMap<String, usize>,
    indicator_index: HashMap<String, usize>,
}

/// The catalogue parsed from the embedded data (parsed on first use).
///
/// The embedded YAML is checked by the crate's tests, so parsing it cannot
/// fail at run time; should it ever, this panics with the parser message.
pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        #[allow(clippy::expect_used)]
        Catalogue::from_embedded().expect("embedded SDG catalogue is valid (tested)")
    })
}

/// Goal `n` (1–17) of the embedded catalogue.
pub fn goal(n: u8) -> Option<&'static Goal> {
    catalogue().goal(n)
}

/// Target by code ("13.2", "1.a") of the embedded catalogue.
pub fn target(code: &str) -> Option<&'static Target> {
    catalogue().target(code)
}

/// Indicator by any of its codes ("13.1.1") of the embedded catalogue.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    catalogue().indicator(code)
}

fn parse_map(file: &str, src: &str) -> Result<BTreeMap<String, String>, CatalogueError> {
    serde_norway::from_str(src).map_err(|e| CatalogueError::Yaml {
        file: file.to_string(),
        message: e.to_string(),
    })
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sort key of a target or indicator code: numbers numerically, letters
/// after numbers.
fn code_key(code: &str) -> Vec<(u8, u32, String)> {
    code.split('.')
        .map(|p| match p.parse::<u32>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0, p.to_string()),
        })
        .collect()
}

fn key_err(file: &str, key: &str, message: &str) -> CatalogueError {
    CatalogueError::Key {
        file: file.to_string(),
        key: key.to_string(),
        message: message.to_string(),
    }
}

/// Splits `G-T[-I]-title` into the dotted code, checking the shape.
fn code_of(file: &str, key: &str, parts: usize) -> Result<String, CatalogueError> {
    let stem = key
        .strip_suffix("-title")
        .ok_or_else(|| key_err(file, key, "expected a key ending in -title"))?;
    let segs: Vec<&str> = stem.split('-').collect();
    if segs.len() != parts || segs.iter().any(|s| s.is_empty()) {
        return Err(key_err(file, key, "unexpected code shape"));
    }
    Ok(segs.join("."))
}

impl Catalogue {
    /// Parses the catalogue embedded in the crate.
    pub fn from_embedded() -> Result<Self, CatalogueError> {
        Self::parse(
            [EN_GOALS, EN_TARGETS, EN_INDICATORS],
            [FR_GOALS, FR_TARGETS, FR_INDICATORS],
        )
    }

    /// Parses Open SDG YAML files: `[goals, targets, indicators]` in English
    /// and in French.
    pub fn parse(en: [&str; 3], fr: [&str; 3]) -> Result<Self, CatalogueError> {
        let eg = parse_map("en/global_goals.yml", en[0])?;
        let fg = parse_map("fr/global_goals.yml", fr[0])?;
        let mut goals = Vec::with_capacity(17);
        for n in 1u8..=17 {
            let get = |m: &BTreeMap<String, String>, file: &str, k: String| {
                m.get(&k)
                    .map(|s| clean(s))
                    .ok_or_else(|| key_err(file, &k, "missing"))
            };
            goals.push(Goal {
                number: n,
                short: Bilingual {
                    en: get(&eg, "en/global_goals.yml", format!("{n}-short"))?,
                    fr: get(&fg, "fr/global_goals.yml", format!("{n}-short"))?,
                },
                title: Bilingual {
                    en: get(&eg, "en/global_goals.yml", format!("{n}-title"))?,
                    fr: get(&fg, "fr/global_goals.yml", format!("{n}-title"))?,
                },
                colour: GOAL_COLOURS[usize::from(n - 1)],
            });
        }

        let et = parse_map("en/global_targets.yml", en[1])?;
        let ft = parse_map("fr/global_targets.yml", fr[1])?;
        let mut targets = Vec::with_capacity(et.len());
        for (k, v) in &et {
            let file = "en/global_targets.yml";
            let code = code_of(file, k, 2)?;
            let goal: u8 = code
                .split('.')
                .next()
                .and_then(|g| g.parse().ok())
                .filter(|g| (1..=17).contains(g))
                .ok_or_else(|| key_err(file, k, "goal number out of range"))?;
            let frv = ft
                .get(k)
                .ok_or_else(|| key_err("fr/global_targets.yml", k, "missing French title"))?;
            targets.push(Target {
                code,
                goal,
                title: Bilingual {
                    en: clean(v),
                    fr: clean(frv),
                },
            });
        }
        targets.sort_by_key(|t| code_key(&t.code));

        let ei = parse_map("en/global_indicators.yml", en[2])?;
        let fi = parse_map("fr/global_indicators.yml", fr[2])?;
        let mut raw: Vec<(String, String, String)> = Vec::with_capacity(ei.len());
        for (k, v) in &ei {
            let code = code_of("en/global_indicators.yml", k, 3)?;
            let frv = fi
                .get(k)
                .ok_or_else(|| key_err("fr/global_indicators.yml", k, "missing French title"))?;
            raw.push((code, clean(v), clean(frv)));
        }
        raw.sort_by_key(|r| code_key(&r.0));
        let mut indicators: Vec<Indicator> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        for (code, en_t, fr_t) in raw {
            let key = en_t.to_lowercase();
            if let Some(&i) = by_text.get(&key) {
                indicators[i].codes.push(code);
            } else {
                by_text.insert(key, indicators.len());
                indicators.push(Indicator {
                    code: code.clone(),
                    codes: vec![code],
                    title: Bilingual { en: en_t, fr: fr_t },
                });
            }
        }
        let target_index = targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.code.clone(), i))
            .collect();
        let mut indicator_index = HashMap::new();
        for (i, ind) in indicators.iter().enumerate() {
            for c in &ind.codes {
                indicator_index.insert(c.clone(), i);
            }
        }
        Ok(Self {
            goals,
            targets,
            indicators,
            target_index,
            indicator_index,
        })
    }

    /// The 17 goals, in order.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// Goal `n` (1–17).
    pub fn goal(&self, n: u8) -> Option<&Goal> {
        self.goals.get(usize::from(n).checked_sub(1)?)
    }

    /// All targets, ordered by goal then target (numbers before letters).
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Target by code ("13.2").
    pub fn target(&self, code: &str) -> Option<&Target> {
        self.target_index
            .get(code.trim())
            .map(|&i| &self.targets[i])
    }

    /// Targets of goal `n`.
    pub fn targets_of(&self, n: u8) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(move |t| t.goal == n)
    }

    /// De-duplicated indicators, ordered by primary code.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Indicator by any of its codes ("11.5.1" finds 1.5.1).
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicator_index
            .get(code.trim())
            .map(|&i| &self.indicators[i])
    }

    /// Indicators measuring target `code` (including repeated ones).
    pub fn indicators_of(&self, target_code: &str) -> Vec<&Indicator> {
        self.indicators
            .iter()
            .filter(|i| i.target_codes().any(|t| t == target_code))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_parses() {
        let c = Catalogue::from_embedded();
        assert!(c.is_ok(), "{c:?}");
    }

    #[test]
    fn seventeen_goals_bilingual_with_colours() {
        let c = catalogue();
        assert_eq!(c.goals().len(), 17);
        for g in c.goals() {
            assert!(!g.short(Lang::Fr).is_empty() && !g.short(Lang::En).is_empty());
            assert!(!g.title(Lang::Fr).is_empty() && !g.title(Lang::En).is_empty());
            assert_eq!(g.colour.len(), 7);
        }
        assert_eq!(goal(13).map(|g| g.colour), Some("#3F7E44"));
        assert_eq!(goal(1).map(|g| g.rgb()), Some((0xE5, 0x24, 0x3B)));
        assert_eq!(goal(13).map(|g| g.short(Lang::En)), Some("Climate action"));
        assert_eq!(goal(4).map(|g| g.label(Lang::Fr)).as_deref(), Some("ODD 4"));
        assert!(goal(0).is_none() && goal(18).is_none());
    }

    #[test]
    fn hundred_sixty_nine_targets_bilingual() {
        let c = catalogue();
        assert_eq!(c.targets().len(), 169);
        for t in c.targets() {
            assert!(!t.title(Lang::Fr).is_empty(), "{}", t.code);
            assert!(!t.title(Lang::En).is_empty(), "{}", t.code);
            assert_ne!(t.title(Lang::Fr), t.title(Lang::En), "{}", t.code);
        }
        let t = target("13.2");
        assert!(t.is_some_and(|t| t.goal == 13 && t.title(Lang::En).contains("climate")));
        assert!(target("1.a").is_some());
        assert_eq!(c.targets()[0].code, "1.1");
        assert_eq!(c.targets_of(1).last().map(|t| t.code.as_str()), Some("1.b"));
        for n in 1..=17 {
            assert!(c.targets_of(n).count() >= 5, "goal {n}");
        }
    }

    #[test]
    fn indicators_deduplicated() {
        let c = catalogue();
        let n = c.indicators().len();
        assert!((230..252).contains(&n), "{n}");
        let i = indicator("13.1.1");
        assert!(i.is_some_and(|i| i.code == "1.5.1" && i.codes.len() == 3));
        assert!(c.indicators_of("13.1").len() >= 3);
        for i in c.indicators() {
            assert!(!i.title(Lang::Fr).is_empty() && !i.title(Lang::En).is_empty());
        }
    }
}
