//! Where a value computed by Jalon comes from. A computed value's source is stored as a code
//! with its arguments (`jalon:carbon-inventory?year=2025&factors=23.0`), never as a sentence,
//! and each page, report or export says it in its reader's language through the catalogue.

use crate::message::Message;

/// The prefix of a provenance code in a value's source.
const PREFIX: &str = "jalon:";

/// The origin of a value Jalon computed and wrote itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// The carbon inventory of `year`, computed with the factors of `factors`.
    CarbonInventory { year: i32, factors: String },
    /// The research inventory: share of projects with a confirmed SDG.
    ProjectsWithSdg,
    /// The research inventory: publications with a confirmed SDG.
    PublicationsWithSdg,
    /// The teaching inventory: share of courses focused on or including sustainability.
    CoursesAddressingSustainability,
    /// The teaching inventory: share of programmes with a compulsory sustainability course.
    ProgrammesAddressingSustainability,
}

impl Provenance {
    /// The code stored as the value's source.
    pub fn code(&self) -> String {
        match self {
            Provenance::CarbonInventory { year, factors } => {
                format!("{PREFIX}carbon-inventory?year={year}&factors={factors}")
            }
            Provenance::ProjectsWithSdg => format!("{PREFIX}projects-with-sdg"),
            Provenance::PublicationsWithSdg => format!("{PREFIX}publications-with-sdg"),
            Provenance::CoursesAddressingSustainability => {
                format!("{PREFIX}courses-addressing-sustainability")
            }
            Provenance::ProgrammesAddressingSustainability => {
                format!("{PREFIX}programmes-addressing-sustainability")
            }
        }
    }

    /// The provenance a stored source names, if it is a provenance code.
    pub fn parse(source: &str) -> Option<Provenance> {
        let rest = source.strip_prefix(PREFIX)?;
        let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
        let arg = |key: &str| {
            query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v)
        };
        Some(match name {
            "carbon-inventory" => Provenance::CarbonInventory {
                year: arg("year")?.parse().ok()?,
                factors: arg("factors")?.to_string(),
            },
            "projects-with-sdg" => Provenance::ProjectsWithSdg,
            "publications-with-sdg" => Provenance::PublicationsWithSdg,
            "courses-addressing-sustainability" => Provenance::CoursesAddressingSustainability,
            "programmes-addressing-sustainability" => {
                Provenance::ProgrammesAddressingSustainability
            }
            _ => return None,
        })
    }

    /// What the provenance says, as a catalogue message.
    pub fn message(&self) -> Message {
        match self {
            Provenance::CarbonInventory { year, factors } => {
                Message::new("provenance-carbon-inventory")
                    .with("year", year.to_string())
                    .with("factors", factors.as_str())
            }
            Provenance::ProjectsWithSdg => Message::new("provenance-projects-with-sdg"),
            Provenance::PublicationsWithSdg => Message::new("provenance-publications-with-sdg"),
            Provenance::CoursesAddressingSustainability => {
                Message::new("provenance-courses-addressing-sustainability")
            }
            Provenance::ProgrammesAddressingSustainability => {
                Message::new("provenance-programmes-addressing-sustainability")
            }
        }
    }

    /// Every kind of provenance once (a carbon inventory with example arguments), for the
    /// tests that check each reads back and is said in both languages.
    pub fn examples() -> Vec<Provenance> {
        vec![
            Provenance::CarbonInventory {
                year: 2025,
                factors: "23.0".into(),
            },
            Provenance::ProjectsWithSdg,
            Provenance::PublicationsWithSdg,
            Provenance::CoursesAddressingSustainability,
            Provenance::ProgrammesAddressingSustainability,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for p in Provenance::examples() {
            assert_eq!(Provenance::parse(&p.code()), Some(p));
        }
        assert_eq!(Provenance::parse("Rapport social 2024"), None);
        assert_eq!(Provenance::parse("jalon:unknown"), None);
        assert_eq!(
            Provenance::parse("jalon:carbon-inventory?year=x&factors=23"),
            None
        );
    }
}
