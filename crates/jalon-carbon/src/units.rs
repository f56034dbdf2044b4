//! Units of activity data and of emission factors, with the conversions that are safe to make
//! automatically (MWh → kWh, t → kg, m³ → L, k€ → €) and an error for everything else: an
//! activity in kWh against a factor per litre is a mistake to report, never a number to print.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::normalize::fold_compact;

/// Errors about units.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum UnitError {
    /// The text is not a unit this crate knows.
    #[error("unknown unit \"{0}\"")]
    Unknown(String),
    /// The factor unit does not start with an amount of CO2e (kgCO2e, gCO2e, tCO2e).
    #[error("emission factor unit \"{0}\" is not of the form kgCO2e/<unit>")]
    NotAFactorUnit(String),
    /// The activity unit cannot be converted into the unit the factor is expressed per.
    #[error("activity unit {activity} is incompatible with a factor per {factor}{hint}")]
    Incompatible {
        /// Activity unit.
        activity: ActivityUnit,
        /// Unit the factor is expressed per.
        factor: ActivityUnit,
        /// Extra explanation, possibly empty.
        hint: String,
    },
}

/// Physical dimension of a unit; only units of one dimension convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Energy on a lower-heating-value (PCI) or final basis.
    Energy,
    /// Energy on a higher-heating-value (PCS) basis, as gas invoices state it.
    EnergyPcs,
    /// Volume.
    Volume,
    /// Mass.
    Mass,
    /// Distance travelled by one passenger.
    PassengerDistance,
    /// Distance travelled by one vehicle.
    VehicleDistance,
    /// Freight: mass × distance.
    MassDistance,
    /// Money (euros, excluding VAT).
    Money,
    /// Number of items.
    Count,
}

/// A unit of activity data, and what emission factors are expressed per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityUnit {
    /// Kilowatt-hour (final energy, or PCI for fuels).
    Kwh,
    /// Megawatt-hour.
    Mwh,
    /// Gigawatt-hour.
    Gwh,
    /// Kilowatt-hour on a higher-heating-value basis.
    KwhPcs,
    /// Megawatt-hour on a higher-heating-value basis.
    MwhPcs,
    /// Litre.
    Litre,
    /// Cubic metre.
    M3,
    /// Kilogram.
    Kg,
    /// Tonne.
    Tonne,
    /// Passenger-kilometre.
    PassengerKm,
    /// Vehicle-kilometre.
    VehicleKm,
    /// Tonne-kilometre.
    TonneKm,
    /// Euro excluding VAT.
    Euro,
    /// Thousand euros excluding VAT.
    KiloEuro,
    /// One item (a computer, a screen...).
    Item,
}

impl ActivityUnit {
    /// Dimension and factor to the dimension's base unit (kWh, L, kg, p.km, v.km, t.km, €, item).
    pub fn dimension(self) -> (Dimension, f64) {
        use ActivityUnit::*;
        match self {
            Kwh => (Dimension::Energy, 1.0),
            Mwh => (Dimension::Energy, 1e3),
            Gwh => (Dimension::Energy, 1e6),
            KwhPcs => (Dimension::EnergyPcs, 1.0),
            MwhPcs => (Dimension::EnergyPcs, 1e3),
            Litre => (Dimension::Volume, 1.0),
            M3 => (Dimension::Volume, 1e3),
            Kg => (Dimension::Mass, 1.0),
            Tonne => (Dimension::Mass, 1e3),
            PassengerKm => (Dimension::PassengerDistance, 1.0),
            VehicleKm => (Dimension::VehicleDistance, 1.0),
            TonneKm => (Dimension::MassDistance, 1.0),
            Euro => (Dimension::Money, 1.0),
            KiloEuro => (Dimension::Money, 1e3),
            Item => (Dimension::Count, 1.0),
        }
    }

    /// Canonical short label (`kWh`, `passenger.km`, `€`...).
    pub fn label(self) -> &'static str {
        use ActivityUnit::*;
        match self {
            Kwh => "kWh",
            Mwh => "MWh",
            Gwh => "GWh",
            KwhPcs => "kWh PCS",
            MwhPcs => "MWh PCS",
            Litre => "litre",
            M3 => "m3",
            Kg => "kg",
            Tonne => "t",
            PassengerKm => "passenger.km",
            VehicleKm => "vehicle.km",
            TonneKm => "t.km",
            Euro => "€",
            KiloEuro => "k€",
            Item => "unit",
        }
    }

    /// Short label used in formulas (`p.km`, `v.km`).
    pub fn short_label(self) -> &'static str {
        match self {
            ActivityUnit::PassengerKm => "p.km",
            ActivityUnit::VehicleKm => "v.km",
            other => other.label(),
        }
    }

    /// Parses a unit as written in data files, in French or English (`kWh PCI`, `litre`, `L`,
    /// `passager.km`, `véhicule.km`, `k€ HT`, `unité`, `tonne`...).
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        use ActivityUnit::*;
        let k = fold_compact(text);
        let k = k.strip_suffix("ht").unwrap_or(&k);
        let unit = match k {
            "kwh" | "kwhpci" | "kwhfinal" | "kwhef" => Kwh,
            "mwh" | "mwhpci" => Mwh,
            "gwh" | "gwhpci" => Gwh,
            "kwhpcs" => KwhPcs,
            "mwhpcs" => MwhPcs,
            "l" | "litre" | "litres" | "liter" | "liters" => Litre,
            "m3" | "m" | "metrecube" | "metrescubes" => M3,
            "kg" | "kilogramme" | "kilogrammes" | "kilogram" | "kgfluide" => Kg,
            "t" | "tonne" | "tonnes" | "ton" | "tons" => Tonne,
            "passagerkm" | "passengerkm" | "pkm" | "voyageurkm" | "personnekm" | "paxkm" => {
                PassengerKm
            }
            "vehiculekm" | "vehiclekm" | "vkm" | "km" => VehicleKm,
            "tkm" | "tonnekm" => TonneKm,
            "" | "eur" | "euro" | "euros" => Euro,
            "k" | "keur" | "keuro" | "keuros" | "kiloeuro" => KiloEuro,
            "unite" | "unit" | "units" | "unites" | "u" | "piece" | "pieces" | "item" | "items"
            | "appareil" => Item,
            _ => {
                // "€" folds to nothing; "k€" to "k".
                return Err(UnitError::Unknown(text.to_string()));
            }
        };
        if k.is_empty() && !text.contains('€') && !text.to_lowercase().contains("ht") {
            return Err(UnitError::Unknown(text.to_string()));
        }
        Ok(unit)
    }

    /// Converts `quantity` of `self` into `target`, or explains why it cannot.
    pub fn convert(self, quantity: f64, target: ActivityUnit) -> Result<f64, UnitError> {
        let (d1, s1) = self.dimension();
        let (d2, s2) = target.dimension();
        if d1 != d2 {
            let hint = match (d1, d2) {
                (Dimension::EnergyPcs, Dimension::Energy)
                | (Dimension::Energy, Dimension::EnergyPcs) => {
                    " (convert PCS to PCI first: for natural gas kWh PCI = kWh PCS / 1.11)"
                        .to_string()
                }
                (Dimension::PassengerDistance, Dimension::VehicleDistance)
                | (Dimension::VehicleDistance, Dimension::PassengerDistance) => {
                    " (vehicle.km and passenger.km differ by the number of occupants)".to_string()
                }
                _ => String::new(),
            };
            return Err(UnitError::Incompatible {
                activity: self,
                factor: target,
                hint,
            });
        }
        Ok(quantity * s1 / s2)
    }
}

impl fmt::Display for ActivityUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Unit of an emission factor: an amount of CO2e per [`ActivityUnit`]. Values are always stored
/// in kgCO2e per unit; `parse` rescales gCO2e and tCO2e.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FactorUnit {
    /// What the factor is expressed per.
    pub per: ActivityUnit,
}

impl FactorUnit {
    /// Parses `kgCO2e/kWh`, `kg CO2e/litre`, `tCO2e/t`, `gCO2e/passager.km`...; returns the unit
    /// and the multiplier that brings a value into kgCO2e.
    pub fn parse(text: &str) -> Result<(Self, f64), UnitError> {
        let Some((num, den)) = text.split_once('/') else {
            return Err(UnitError::NotAFactorUnit(text.to_string()));
        };
        let n = fold_compact(num);
        let scale = match n.as_str() {
            "kgco2e" | "kgco2eq" | "kgeqco2" | "kgco2" | "kgco2equivalent" => 1.0,
            "gco2e" | "gco2eq" | "geqco2" | "gco2" => 1e-3,
            "tco2e" | "tco2eq" | "teqco2" | "tco2" => 1e3,
            _ => return Err(UnitError::NotAFactorUnit(text.to_string())),
        };
        let per = ActivityUnit::parse(den)?;
        Ok((FactorUnit { per }, scale))
    }
}

impl fmt::Display for FactorUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kgCO2e/{}", self.per.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_units() {
        assert_eq!(ActivityUnit::parse("kWh PCI").ok(), Some(ActivityUnit::Kwh));
        assert_eq!(
            ActivityUnit::parse("kWh PCS").ok(),
            Some(ActivityUnit::KwhPcs)
        );
        assert_eq!(
            ActivityUnit::parse("passager.km").ok(),
            Some(ActivityUnit::PassengerKm)
        );
        assert_eq!(
            ActivityUnit::parse("k€ HT").ok(),
            Some(ActivityUnit::KiloEuro)
        );
        assert_eq!(ActivityUnit::parse("€").ok(), Some(ActivityUnit::Euro));
        assert_eq!(ActivityUnit::parse("m³").ok(), Some(ActivityUnit::M3));
        assert!(ActivityUnit::parse("furlong").is_err());
        let (u, s) = FactorUnit::parse("gCO2e/véhicule.km").unwrap_or((
            FactorUnit {
                per: ActivityUnit::Item,
            },
            0.0,
        ));
        assert_eq!(u.per, ActivityUnit::VehicleKm);
        assert!((s - 1e-3).abs() < 1e-12);
    }

    #[test]
    fn kwh_against_litre_is_an_error() {
        assert!(
            ActivityUnit::Kwh
                .convert(10.0, ActivityUnit::Litre)
                .is_err()
        );
        assert_eq!(
            ActivityUnit::Mwh.convert(2.0, ActivityUnit::Kwh).ok(),
            Some(2000.0)
        );
        assert_eq!(
            ActivityUnit::M3.convert(1.0, ActivityUnit::Litre).ok(),
            Some(1000.0)
        );
    }
}
