//! Emission factors and versioned factor sets.
//!
//! Every computed figure keeps the id and the version of the factor it used, and an inventory
//! year freezes the version of the set it was computed with: a set is data
//! ([`FactorSet`] = version + factors) and a [`FactorCatalog`] holds several versions side by
//! side. The bundled set (`data/factors.csv`, reviewable, with its sources) covers a campus's
//! common posts.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::units::{FactorUnit, UnitError};

/// Errors about factors and factor sets.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FactorError {
    /// No factor with this id in the set.
    #[error("no emission factor \"{id}\" in factor set version {version}")]
    NotFound {
        /// Factor id.
        id: String,
        /// Set version searched.
        version: String,
    },
    /// No factor set with this version in the catalogue.
    #[error("no factor set with version {0}")]
    NoSuchVersion(String),
    /// Two factors share an id in one set.
    #[error("duplicate emission factor id \"{0}\"")]
    Duplicate(String),
    /// A line of a factor CSV is malformed.
    #[error("factor file line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A unit could not be read.
    #[error("factor \"{id}\": {source}")]
    Unit {
        /// Factor id.
        id: String,
        /// Unit problem.
        source: UnitError,
    },
}

/// How sure we are of a factor's identifier in its source database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdStatus {
    /// The id was checked against the source.
    Confirmed,
    /// The value is believed right but the source id (or the value) could not be checked.
    Unconfirmed,
    /// The source has no such id (a regulation, IPCC table).
    NotApplicable,
}

/// One part of a factor's breakdown (Base Empreinte *poste*: combustion, upstream...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorPart {
    /// Name of the part (e.g. `Combustion`, `Amont`).
    pub name: String,
    /// Value in kgCO2e per factor unit.
    pub value: f64,
}

/// An emission factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmissionFactor {
    /// Id within Jalon (stable key used by activity data).
    pub id: String,
    /// Source database or document.
    pub source: String,
    /// Identifier in the source (Base Empreinte id, Impact CO2 slug), if any.
    pub source_id: Option<String>,
    /// Whether `source_id` (and value) were confirmed.
    pub id_status: IdStatus,
    /// Version of the source (e.g. Base Empreinte `23.6`).
    pub version: String,
    /// Reference year of the factor.
    pub year: Option<i32>,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Unit (kgCO2e per ...).
    pub unit: FactorUnit,
    /// Value in kgCO2e per unit.
    pub value: f64,
    /// Relative uncertainty (fraction, 95 %); `None` when the source gives none.
    pub uncertainty: Option<f64>,
    /// Energy class (`electricity`, `fossil`, `renewable`, `heat`) for energy trajectories.
    pub energy: Option<String>,
    /// kWh (PCI) per unit of activity, for fuels given in litres.
    pub kwh_per_unit: Option<f64>,
    /// Free notes (method, caveats).
    pub notes: String,
    /// Breakdown by *poste*, when imported with it.
    pub parts: Vec<FactorPart>,
}

/// A versioned set of factors with lookup by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactorSet {
    /// Version label of the whole set (e.g. `jalon-2026.1`, `base-empreinte-23.6`).
    pub version: String,
    factors: Vec<EmissionFactor>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl FactorSet {
    /// Builds a set; ids must be unique.
    pub fn new(
        version: impl Into<String>,
        factors: Vec<EmissionFactor>,
    ) -> Result<Self, FactorError> {
        let mut index = HashMap::with_capacity(factors.len());
        for (i, f) in factors.iter().enumerate() {
            if index.insert(f.id.clone(), i).is_some() {
                return Err(FactorError::Duplicate(f.id.clone()));
            }
        }
        Ok(FactorSet {
            version: version.into(),
            factors,
            index,
        })
    }

    /// All factors, in file order.
    pub fn factors(&self) -> &[EmissionFactor] {
        &self.factors
    }

    /// Factor by id.
    pub fn get(&self, id: &str) -> Option<&EmissionFactor> {
        if self.index.is_empty() && !self.factors.is_empty() {
            return self.factors.iter().find(|f| f.id == id);
        }
        self.index.get(id).map(|&i| &self.factors[i])
    }

    /// Factor by id, or a [`FactorError::NotFound`].
    pub fn require(&self, id: &str) -> Result<&EmissionFactor, FactorError> {
        self.get(id).ok_or_else(|| FactorError::NotFound {
            id: id.to_string(),
            version: self.version.clone(),
        })
    }

    /// Number of factors.
    pub fn len(&self) -> usize {
        self.factors.len()
    }

    /// True when the set holds no factor.
    pub fn is_empty(&self) -> bool {
        self.factors.is_empty()
    }

    /// Returns a copy of this set under another version label with `overrides` replacing or
    /// adding factors by id (e.g. a newer electricity factor for the next inventory year).
    pub fn derive(
        &self,
        version: impl Into<String>,
        overrides: Vec<EmissionFactor>,
    ) -> Result<Self, FactorError> {
        let mut factors = self.factors.clone();
        for o in overrides {
            match factors.iter_mut().find(|f| f.id == o.id) {
                Some(slot) => *slot = o,
                None => factors.push(o),
            }
        }
        FactorSet::new(version, factors)
    }

    /// Parses a factor CSV in the format of `data/factors.csv` (comma-separated, UTF-8, header
    /// `id,source,source_id,id_status,version,year,name_fr,name_en,unit,value,uncertainty,energy,kwh_per_unit,notes`).
    pub fn from_csv(version: impl Into<String>, text: &str) -> Result<Self, FactorError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            source: String,
            source_id: String,
            id_status: String,
            version: String,
            year: String,
            name_fr: String,
            name_en: String,
            unit: String,
            value: f64,
            uncertainty: String,
            energy: String,
            kwh_per_unit: String,
            notes: String,
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let mut factors = Vec::new();
        for (i, rec) in rdr.deserialize::<Row>().enumerate() {
            let line = i + 2;
            let r = rec.map_err(|e| FactorError::Malformed {
                line,
                message: e.to_string(),
            })?;
            let (unit, scale) = FactorUnit::parse(&r.unit).map_err(|e| FactorError::Unit {
                id: r.id.clone(),
                source: e,
            })?;
            let id_status = match r.id_status.as_str() {
                "confirmed" => IdStatus::Confirmed,
                "unconfirmed" => IdStatus::Unconfirmed,
                "not_applicable" => IdStatus::NotApplicable,
                other => {
                    return Err(FactorError::Malformed {
                        line,
                        message: format!("unknown id_status \"{other}\""),
                    });
                }
            };
            let opt_f64 = |s: &str, what: &str| -> Result<Option<f64>, FactorError> {
                if s.trim().is_empty() {
                    Ok(None)
                } else {
                    s.trim()
                        .parse::<f64>()
                        .map(Some)
                        .map_err(|_| FactorError::Malformed {
                            line,
                            message: format!("{what} \"{s}\" is not a number"),
                        })
                }
            };
            factors.push(EmissionFactor {
                source_id: (!r.source_id.is_empty()).then_some(r.source_id),
                id_status,
                year: r.year.trim().parse().ok(),
                unit,
                value: r.value * scale,
                uncertainty: opt_f64(&r.uncertainty, "uncertainty")?,
                energy: (!r.energy.is_empty()).then_some(r.energy),
                kwh_per_unit: opt_f64(&r.kwh_per_unit, "kwh_per_unit")?,
                id: r.id,
                source: r.source,
                version: r.version,
                name_fr: r.name_fr,
                name_en: r.name_en,
                notes: r.notes,
                parts: Vec::new(),
            });
        }
        FactorSet::new(version, factors)
    }
}

/// Version label of the bundled factor set.
pub const BUNDLED_VERSION: &str = "jalon-2026.1";

static BUNDLED_CSV: &str = include_str!("../data/factors.csv");
static BUNDLED: OnceLock<Result<FactorSet, FactorError>> = OnceLock::new();

/// The factor set shipped with the crate (`data/factors.csv`), parsed once.
pub fn bundled_factor_set() -> Result<&'static FactorSet, FactorError> {
    BUNDLED
        .get_or_init(|| FactorSet::from_csv(BUNDLED_VERSION, BUNDLED_CSV))
        .as_ref()
        .map_err(Clone::clone)
}

/// Several factor-set versions; an inventory names the one it froze.
#[derive(Debug, Clone, Default)]
pub struct FactorCatalog {
    sets: BTreeMap<String, FactorSet>,
}

impl FactorCatalog {
    /// Empty catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a set under its version.
    pub fn insert(&mut self, set: FactorSet) {
        self.sets.insert(set.version.clone(), set);
    }

    /// The set with this version.
    pub fn set(&self, version: &str) -> Result<&FactorSet, FactorError> {
        self.sets
            .get(version)
            .ok_or_else(|| FactorError::NoSuchVersion(version.to_string()))
    }

    /// Factor by id in a given version.
    pub fn get(&self, id: &str, version: &str) -> Result<&EmissionFactor, FactorError> {
        self.set(version)?.require(id)
    }

    /// Versions held, in lexical order.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_set_parses() {
        let set = bundled_factor_set();
        assert!(set.is_ok(), "{set:?}");
        if let Ok(set) = set {
            assert!(set.len() > 50);
            assert!(set.get("tgv").is_some());
        }
    }
}
