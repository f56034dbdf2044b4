//! The business-travel forms: a file of missions, a saved column mapping of expense
//! exports, and the fix of a place that could not be found.

use jalon_app::carbon::travel::PlaceFixInput;
use jalon_app::{AppError, ErrorCode};
use jalon_carbon::{ColumnProfile, TravelMode};
use serde::Deserialize;

use crate::forms::{Check, FormErrors, number, text};

/// The fields beside a file of missions.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MissionsFile {
    /// `ges1point5`, or `profile:NAME` for an expense export read with a saved mapping.
    pub format: String,
    /// The unit (a lab) the missions are charged to, if not given per line.
    pub unit: String,
}

impl MissionsFile {
    /// The name of the saved mapping to read the file with, or `None` for GES 1point5.
    pub fn profile(&self) -> Option<&str> {
        match self.format.trim() {
            "" | "ges1point5" => None,
            p => Some(p.strip_prefix("profile:").unwrap_or(p)),
        }
    }
}

/// A column mapping of expense exports, saved under a name.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MappingForm {
    pub name: String,
    pub date: String,
    pub traveller: String,
    pub unit: String,
    pub origin: String,
    pub origin_country: String,
    pub destination: String,
    pub destination_country: String,
    pub mode: String,
    pub round_trip: String,
    pub amount_paid: String,
    pub mission_id: String,
    pub occupants: String,
    pub budget_line: String,
    /// One alias a line: `text = mode` (`Avion A/R = avion`).
    pub mode_aliases: String,
}

impl MappingForm {
    /// The mapping, or the error of an alias naming an unknown mode.
    pub fn profile(&self) -> Result<ColumnProfile, FormErrors> {
        let mut c = Check::default();
        let mut aliases = std::collections::BTreeMap::new();
        for line in self.mode_aliases.lines() {
            if let Some((alias, mode)) = line.split_once('=') {
                let mode = c.take(TravelMode::parse(mode.trim()).ok_or_else(|| {
                    AppError::invalid("mode_aliases", ErrorCode::InvalidMode, mode.trim())
                }));
                if let Some(mode) = mode {
                    aliases.insert(alias.trim().to_string(), mode);
                }
            }
        }
        c.finish(|| ColumnProfile {
            date: self.date.trim().to_string(),
            traveller: self.traveller.trim().to_string(),
            unit: self.unit.trim().to_string(),
            origin: self.origin.trim().to_string(),
            origin_country: text(&self.origin_country),
            destination: self.destination.trim().to_string(),
            destination_country: text(&self.destination_country),
            mode: self.mode.trim().to_string(),
            round_trip: text(&self.round_trip),
            amount_paid: text(&self.amount_paid),
            mission_id: text(&self.mission_id),
            occupants: text(&self.occupants),
            budget_line: text(&self.budget_line),
            mode_aliases: aliases,
        })
    }
}

/// The fix of a place: a suggested city, an airport code, or coordinates.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlaceFixForm {
    /// The place as written in the missions, and its country.
    pub text: String,
    pub country: String,
    pub geonameid: String,
    pub iata: String,
    pub name: String,
    pub place_country: String,
    pub lat: String,
    pub lon: String,
}

impl PlaceFixForm {
    /// The fix, or the errors of its coordinates.
    pub fn input(&self) -> Result<PlaceFixInput, FormErrors> {
        let mut c = Check::default();
        if let Some(id) = text(&self.geonameid) {
            let geonameid = c.take(
                id.parse()
                    .map_err(|_| AppError::invalid("fix", ErrorCode::InvalidFix, id)),
            );
            return c.finish(|| PlaceFixInput::Geoname {
                geonameid: geonameid.unwrap_or_default(),
            });
        }
        if let Some(code) = text(&self.iata) {
            return Ok(PlaceFixInput::Iata { code });
        }
        let required = |v: Result<Option<f64>, AppError>| {
            v.and_then(|v| {
                v.ok_or_else(|| AppError::invalid("coordinates", ErrorCode::Required, ""))
            })
        };
        let lat = c.take(required(number("coordinates", &self.lat)));
        let lon = c.take(required(number("coordinates", &self.lon)));
        c.finish(|| PlaceFixInput::Coordinates {
            name: text(&self.name).unwrap_or_else(|| self.text.trim().to_string()),
            country: self.place_country.trim().to_string(),
            lat: lat.unwrap_or_default(),
            lon: lon.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_is_a_city_an_airport_or_coordinates() {
        let fix = |f: PlaceFixForm| f.input().ok();
        assert!(matches!(
            fix(PlaceFixForm {
                geonameid: "2988507".into(),
                ..Default::default()
            }),
            Some(PlaceFixInput::Geoname { geonameid: 2988507 })
        ));
        assert!(matches!(
            fix(PlaceFixForm {
                iata: "LIL".into(),
                ..Default::default()
            }),
            Some(PlaceFixInput::Iata { .. })
        ));
        let coordinates = PlaceFixForm {
            text: "Campus nord".into(),
            lat: "43,8".into(),
            lon: "4,36".into(),
            ..Default::default()
        };
        assert!(matches!(
            coordinates.input(),
            Ok(PlaceFixInput::Coordinates { lat, .. }) if lat == 43.8
        ));
        assert!(PlaceFixForm::default().input().is_err());
    }

    #[test]
    fn an_alias_to_an_unknown_mode_is_refused() {
        let form = MappingForm {
            mode_aliases: "Avion A/R = avion\nFusée = fusée".into(),
            ..Default::default()
        };
        assert_eq!(form.profile().expect_err("unknown").errors().len(), 1);
        assert_eq!(
            MissionsFile {
                format: "profile:Sifac".into(),
                ..Default::default()
            }
            .profile(),
            Some("Sifac")
        );
    }
}
