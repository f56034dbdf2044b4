//! What a unit label measures, so the plan check can tell when an indicator cannot measure
//! its target ("100 % du personnel formé" measured by a number of training sessions;
//! "> 75 % de satisfaction" measured by sick-leave days).
//!
//! Labels are free text in French or English (`% du personnel`, `MWh`, `jours`, `nombre de
//! formations`). [`classify`] maps a label to a [`Dimension`] and the thing counted, when it
//! can tell; an unknown label is never reported as a mismatch.

use serde::Serialize;

/// The physical or logical dimension of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// A share: percent or ratio of two counts of the same thing.
    Share,
    /// A number of things.
    Count,
    /// Days, hours.
    Duration,
    /// kWh, MWh.
    Energy,
    /// tCO2e, kgCO2e.
    Emissions,
    /// m², ha.
    Area,
    /// m³, litres.
    Volume,
    /// Euros.
    Money,
    /// Tonnes, kilograms (not CO2e).
    Mass,
    /// Yes or no.
    YesNo,
    /// A position in a ranking.
    Rank,
}

impl Dimension {
    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Share => "share",
            Dimension::Count => "count",
            Dimension::Duration => "duration",
            Dimension::Energy => "energy",
            Dimension::Emissions => "emissions",
            Dimension::Area => "area",
            Dimension::Volume => "volume",
            Dimension::Money => "money",
            Dimension::Mass => "mass",
            Dimension::YesNo => "yes_no",
            Dimension::Rank => "rank",
        }
    }
}

/// What a unit label says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInfo {
    pub dimension: Dimension,
    /// The words after "de"/"of", normalised: `% du personnel` → `personnel`.
    pub subject: Option<String>,
}

/// Lowercases and folds the French accents that matter for matching.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            '²' => '2',
            '³' => '3',
            _ => c,
        })
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '%' && c != '€')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

const STOP: &[&str] = &[
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "les",
    "l",
    "of",
    "the",
    "en",
    "a",
    "au",
    "aux",
    "par",
    "per",
    "pour",
    "sur",
    "total",
    "nombre",
    "nb",
    "number",
    "part",
    "taux",
    "share",
    "rate",
    "pourcentage",
    "percentage",
    "%",
];

fn subject_after(folded: &str, markers: &[&str]) -> Option<String> {
    let ws = words(folded);
    let start = ws.iter().position(|w| markers.contains(&w.as_str()))?;
    let rest: Vec<&str> = ws[start + 1..]
        .iter()
        .map(String::as_str)
        .filter(|w| !STOP.contains(w))
        .collect();
    rest.first().map(|w| singular(w))
}

/// Crude singular for matching subjects ("formations" ~ "formation").
fn singular(w: &str) -> String {
    w.strip_suffix('s')
        .filter(|s| s.len() > 2)
        .unwrap_or(w)
        .to_string()
}

/// Classifies a unit label, or returns `None` when it cannot tell.
pub fn classify(label: &str) -> Option<UnitInfo> {
    let f = fold(label);
    let ws = words(&f);
    let has = |w: &str| ws.iter().any(|x| x == w);
    let starts = |p: &str| ws.iter().any(|x| x.starts_with(p));
    let info = |dimension| UnitInfo {
        dimension,
        subject: None,
    };
    if f.contains("co2") || f.contains("ges") && (has("t") || has("teq") || has("tonnes")) {
        return Some(info(Dimension::Emissions));
    }
    if ws
        .iter()
        .any(|w| matches!(w.as_str(), "kwh" | "mwh" | "gwh" | "wh" | "tep"))
    {
        return Some(info(Dimension::Energy));
    }
    if has("oui") && has("non") || has("yes") && has("no") || has("qualitatif") || has("booleen") {
        return Some(info(Dimension::YesNo));
    }
    if f.contains('%')
        || has("part")
        || has("taux")
        || has("pourcentage")
        || has("share")
        || has("rate")
        || has("ratio")
        || has("percent")
        || has("percentage")
        || f.contains('/')
    {
        let subject = subject_after(
            &f,
            &[
                "%",
                "part",
                "taux",
                "pourcentage",
                "share",
                "rate",
                "percent",
                "percentage",
            ],
        );
        return Some(UnitInfo {
            dimension: Dimension::Share,
            subject,
        });
    }
    if has("rang") || has("rank") || has("classement") || has("position") || has("positionnement") {
        return Some(info(Dimension::Rank));
    }
    if has("jours")
        || has("jour")
        || has("days")
        || has("day")
        || has("heures")
        || has("hours")
        || has("h")
    {
        return Some(info(Dimension::Duration));
    }
    if has("m2") || has("ha") || has("hectares") || starts("surface") {
        return Some(info(Dimension::Area));
    }
    if has("m3") || has("litres") || has("l") || has("liters") {
        return Some(info(Dimension::Volume));
    }
    if f.contains('€') || has("eur") || has("euros") || has("k€") {
        return Some(info(Dimension::Money));
    }
    if has("kg") || has("tonnes") || has("t") {
        return Some(info(Dimension::Mass));
    }
    if has("nombre") || has("nb") || has("number") || has("count") || f.starts_with("n ") {
        let subject = subject_after(&f, &["nombre", "nb", "number", "count"]);
        return Some(UnitInfo {
            dimension: Dimension::Count,
            subject,
        });
    }
    // A bare plural noun ("signalements", "sessions", "bioindicateurs") counts things.
    if ws.len() == 1
        && ws[0].len() > 3
        && ws[0].ends_with('s')
        && ws[0].chars().all(char::is_alphabetic)
    {
        return Some(UnitInfo {
            dimension: Dimension::Count,
            subject: Some(singular(&ws[0])),
        });
    }
    None
}

/// True when a value in `indicator` can measure a target in `target`.
///
/// A share can be computed from counts of the same subject, so share vs count is only
/// compatible when the subjects agree; a rank, a yes/no and a count never measure a share.
pub fn can_measure(target: &UnitInfo, indicator: &UnitInfo) -> bool {
    use Dimension::*;
    match (target.dimension, indicator.dimension) {
        (a, b) if a == b => true,
        // "-20 % of fossil MWh" can be followed by MWh; "-50 % of water" by m³, and so on:
        // a relative target on a physical quantity is measured by that quantity.
        (Share, Energy | Emissions | Area | Volume | Money | Mass) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(s: &str) -> Option<Dimension> {
        classify(s).map(|u| u.dimension)
    }

    #[test]
    fn labels() {
        assert_eq!(dim("% du personnel"), Some(Dimension::Share));
        assert_eq!(
            classify("% du personnel").and_then(|u| u.subject),
            Some("personnel".into())
        );
        assert_eq!(dim("Nombre de formations"), Some(Dimension::Count));
        assert_eq!(
            classify("nombre de formations").and_then(|u| u.subject),
            Some("formation".into())
        );
        assert_eq!(dim("jours d'arrêt maladie"), Some(Dimension::Duration));
        assert_eq!(dim("MWh"), Some(Dimension::Energy));
        assert_eq!(dim("tCO2e"), Some(Dimension::Emissions));
        assert_eq!(dim("m³"), Some(Dimension::Volume));
        assert_eq!(dim("m²"), Some(Dimension::Area));
        assert_eq!(dim("oui/non"), Some(Dimension::YesNo));
        assert_eq!(dim("qualitatif (oui / non)"), Some(Dimension::YesNo));
        assert_eq!(dim("rang"), Some(Dimension::Rank));
        assert_eq!(dim("signalements"), Some(Dimension::Count));
        assert_eq!(dim("k€"), Some(Dimension::Money));
        assert_eq!(dim("blabla"), None);
    }

    #[test]
    fn measurability() {
        let share = classify("% du personnel").expect("share");
        let sessions = classify("nombre de formations").expect("count");
        let days = classify("jours").expect("duration");
        let mwh = classify("MWh").expect("energy");
        assert!(!can_measure(&share, &sessions));
        assert!(!can_measure(&share, &days));
        assert!(can_measure(&share, &mwh));
        assert!(can_measure(&sessions, &sessions));
    }
}
