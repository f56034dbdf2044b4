//! The CGE-CPU DD&RS référentiel's frame: its five axes and its five-level maturity scale.
//! The référentiel's items are not open text, so institutions enter or import their own;
//! this module only knows the frame they fit in and how a year's levels sum up per axis.

use crate::units::fold;
use serde::Serialize;

/// An axis of the référentiel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DdrsAxis {
    StrategyGovernance,
    Teaching,
    Research,
    EnvironmentalManagement,
    SocialPolicy,
}

impl DdrsAxis {
    /// The five axes in the référentiel's order.
    pub const ALL: [DdrsAxis; 5] = [
        DdrsAxis::StrategyGovernance,
        DdrsAxis::Teaching,
        DdrsAxis::Research,
        DdrsAxis::EnvironmentalManagement,
        DdrsAxis::SocialPolicy,
    ];

    /// Stable code (files, URLs).
    pub fn code(self) -> &'static str {
        match self {
            DdrsAxis::StrategyGovernance => "strategie",
            DdrsAxis::Teaching => "enseignement",
            DdrsAxis::Research => "recherche",
            DdrsAxis::EnvironmentalManagement => "environnement",
            DdrsAxis::SocialPolicy => "social",
        }
    }

    /// Reads a code, a number (1–5) or the French or English name, whatever the case and
    /// the accents ("stratégie" is `strategie`); "&" stands for "et"/"and".
    pub fn parse(s: &str) -> Option<DdrsAxis> {
        let key = |s: &str| {
            fold(s.trim())
                .replace(" & ", " et ")
                .replace(" and ", " et ")
        };
        let k = key(s);
        DdrsAxis::ALL.into_iter().enumerate().find_map(|(i, a)| {
            let matches = k == a.code()
                || k == (i + 1).to_string()
                || k == key(a.name_fr())
                || k == key(a.name_en());
            matches.then_some(a)
        })
    }

    /// French name.
    pub fn name_fr(self) -> &'static str {
        match self {
            DdrsAxis::StrategyGovernance => "Stratégie et gouvernance",
            DdrsAxis::Teaching => "Enseignement et formation",
            DdrsAxis::Research => "Recherche et innovation",
            DdrsAxis::EnvironmentalManagement => "Gestion environnementale",
            DdrsAxis::SocialPolicy => "Politique sociale et ancrage territorial",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            DdrsAxis::StrategyGovernance => "Strategy and governance",
            DdrsAxis::Teaching => "Teaching and training",
            DdrsAxis::Research => "Research and innovation",
            DdrsAxis::EnvironmentalManagement => "Environmental management",
            DdrsAxis::SocialPolicy => "Social policy and local roots",
        }
    }
}

/// The maturity levels, 1 to 5.
pub const LEVELS: std::ops::RangeInclusive<u8> = 1..=5;

/// A level as the référentiel states it ("Niveau 3" / "Level 3"); the meaning of each level
/// is the référentiel's and is not restated here.
pub fn level_label(level: u8, french: bool) -> String {
    if french {
        format!("Niveau {level}")
    } else {
        format!("Level {level}")
    }
}

/// The mean level of each axis (`None` when none of its items is assessed).
pub fn axis_means(levels: &[(DdrsAxis, u8)]) -> [Option<f64>; 5] {
    let mut out = [None; 5];
    for (slot, axis) in out.iter_mut().zip(DdrsAxis::ALL) {
        let of: Vec<f64> = levels
            .iter()
            .filter(|(a, l)| *a == axis && LEVELS.contains(l))
            .map(|(_, l)| f64::from(*l))
            .collect();
        if !of.is_empty() {
            *slot = Some(of.iter().sum::<f64>() / of.len() as f64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_read_from_codes_numbers_and_names() {
        assert_eq!(DdrsAxis::parse("2"), Some(DdrsAxis::Teaching));
        assert_eq!(
            DdrsAxis::parse(" Recherche et innovation "),
            Some(DdrsAxis::Research)
        );
        assert_eq!(DdrsAxis::parse("social"), Some(DdrsAxis::SocialPolicy));
        assert_eq!(
            DdrsAxis::parse("environmental management"),
            Some(DdrsAxis::EnvironmentalManagement)
        );
        assert_eq!(
            DdrsAxis::parse("Stratégie"),
            Some(DdrsAxis::StrategyGovernance)
        );
        assert_eq!(
            DdrsAxis::parse("Stratégie & gouvernance"),
            Some(DdrsAxis::StrategyGovernance)
        );
        assert_eq!(
            DdrsAxis::parse("teaching & training"),
            Some(DdrsAxis::Teaching)
        );
        assert_eq!(DdrsAxis::parse("6"), None);
        assert_eq!(DdrsAxis::parse(""), None);
    }

    #[test]
    fn axis_means_average_the_assessed_items_only() {
        let m = axis_means(&[
            (DdrsAxis::Teaching, 2),
            (DdrsAxis::Teaching, 4),
            (DdrsAxis::Research, 5),
            (DdrsAxis::Research, 9),
        ]);
        assert_eq!(m[0], None);
        assert_eq!(m[1], Some(3.0));
        assert_eq!(m[2], Some(5.0));
    }
}
