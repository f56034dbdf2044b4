//! Carbon use cases: emission factor sets, inventories (institution and labs, consolidated
//! with ownership shares), business-travel footprints (import, place fixes, calculator), the
//! compensation fund, and the link from inventory results to the strategy's indicators.
//!
//! The computations themselves are in `jalon-carbon`; this module loads what they need from
//! the store, checks who may do what, and writes results back in one transaction each.

pub mod fund;
pub mod inventory;
pub mod overview;
pub mod steering;
pub mod travel;
pub mod trips_file;

use crate::ErrorCode;
use jalon_core::message::Message;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jalon_carbon::{
    BUNDLED_VERSION, EmissionFactor, FactorSet, ImportOptions, PolicyRules, bundled_factor_set,
    parse_base_empreinte,
};
use jalon_core::access::Operation;
use jalon_store::StoreError;
use jalon_store::audit::Change;
use jalon_store::carbon as repo;
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult};

/// The filters of the trip list and the mission imports, as the store reads them.
pub use jalon_store::carbon::{TripBatchRow, TripFilter};

/// Factor sets loaded from the store, by (institution, version).
pub type FactorCache = RwLock<HashMap<(i64, String), Arc<FactorSet>>>;

/// Settings keys.
pub const TRAVEL_SETTINGS: &str = "carbon.travel";
pub const INDICATOR_LINKS: &str = "carbon.indicator_links";

/// How missions are computed and flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TravelSettings {
    /// Count the warming effect of contrails for planes (radiative forcing).
    pub contrails: bool,
    /// Flag a flight when the train would take less than this many hours.
    pub train_max_hours: Option<f64>,
    /// Flag a flight shorter than this (great-circle km).
    pub min_flight_km: Option<f64>,
    /// Flag domestic flights.
    pub flag_domestic: bool,
}

impl Default for TravelSettings {
    fn default() -> Self {
        let p = PolicyRules::default();
        TravelSettings {
            contrails: true,
            train_max_hours: p.train_max_hours,
            min_flight_km: p.min_flight_km,
            flag_domestic: p.flag_domestic,
        }
    }
}

impl TravelSettings {
    /// The policy rules of these settings.
    pub fn policy(&self) -> PolicyRules {
        PolicyRules {
            train_max_hours: self.train_max_hours,
            min_flight_km: self.min_flight_km,
            flag_domestic: self.flag_domestic,
            ..PolicyRules::default()
        }
    }
}

/// An imported factor set as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorSetInfo {
    pub version: String,
    pub source: String,
    pub factor_count: usize,
    pub bundled: bool,
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// An emission factor as listed and searched.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorView {
    pub id: String,
    pub name_fr: String,
    pub name_en: String,
    /// kgCO2e per this unit.
    pub unit: String,
    pub value: f64,
    /// Relative 95 % uncertainty (fraction).
    pub uncertainty: Option<f64>,
    pub source: String,
    pub source_id: Option<String>,
    /// `confirmed`, `unconfirmed` or `not_applicable`.
    pub id_status: String,
    pub version: String,
    pub year: Option<i32>,
    pub notes: String,
}

impl From<&EmissionFactor> for FactorView {
    fn from(f: &EmissionFactor) -> FactorView {
        FactorView {
            id: f.id.clone(),
            name_fr: f.name_fr.clone(),
            name_en: f.name_en.clone(),
            unit: f.unit.per.label().to_string(),
            value: f.value,
            uncertainty: f.uncertainty,
            source: f.source.clone(),
            source_id: f.source_id.clone(),
            id_status: serde_json::to_value(f.id_status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            version: f.version.clone(),
            year: f.year,
            notes: f.notes.clone(),
        }
    }
}

/// A page of factors found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorSearch {
    pub version: String,
    /// How many factors match (all of them when the query is empty).
    pub total: usize,
    pub factors: Vec<FactorView>,
}

fn to_internal<E: std::fmt::Display>(e: E) -> AppError {
    AppError::Internal(e.to_string())
}

impl App {
    /// A factor set by version: the bundled one, or one imported by the institution.
    pub async fn factor_set(
        &self,
        institution_id: i64,
        version: &str,
    ) -> AppResult<Arc<FactorSet>> {
        if version == BUNDLED_VERSION {
            return bundled_factor_set()
                .map(|s| Arc::new(s.clone()))
                .map_err(to_internal);
        }
        let key = (institution_id, version.to_string());
        if let Some(set) = self
            .factor_cache
            .read()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return Ok(set);
        }
        let rows = repo::factor_set_data(self.store.db(), institution_id, version)
            .await?
            .ok_or(AppError::NotFound("factor_set"))?;
        let factors = rows
            .iter()
            .map(|r| serde_json::from_str::<EmissionFactor>(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(to_internal)?;
        let set = Arc::new(FactorSet::new(version, factors).map_err(to_internal)?);
        if let Ok(mut c) = self.factor_cache.write() {
            c.insert(key, Arc::clone(&set));
        }
        Ok(set)
    }

    /// The bundled set and the institution's imported sets.
    pub async fn factor_sets(&self, actor: &Actor) -> AppResult<Vec<FactorSetInfo>> {
        actor.require(Operation::View)?;
        let bundled = bundled_factor_set().map_err(to_internal)?;
        let mut out = vec![FactorSetInfo {
            version: BUNDLED_VERSION.to_string(),
            source: "Jalon (ADEME Impact CO2, Base Empreinte, arrêté du 26/04/2017, GIEC AR5)"
                .to_string(),
            factor_count: bundled.factors().len(),
            bundled: true,
            imported_at: None,
        }];
        for s in repo::factor_sets(self.store.db(), actor.institution_id).await? {
            out.push(FactorSetInfo {
                version: s.version,
                source: s.source,
                factor_count: usize::try_from(s.factor_count).unwrap_or(0),
                bundled: false,
                imported_at: Some(s.imported_at),
            });
        }
        Ok(out)
    }

    /// Factors of a set whose id or name contains every word of `query` (accents and case
    /// ignored), at most `limit`.
    pub async fn search_factors(
        &self,
        actor: &Actor,
        version: &str,
        query: &str,
        limit: usize,
    ) -> AppResult<FactorSearch> {
        actor.require(Operation::View)?;
        let set = self.factor_set(actor.institution_id, version).await?;
        let words: Vec<String> = jalon_carbon::normalize::fold(query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let matching: Vec<&EmissionFactor> = set
            .factors()
            .iter()
            .filter(|f| {
                let hay = jalon_carbon::normalize::fold(&format!(
                    "{} {} {} {}",
                    f.id,
                    f.name_fr,
                    f.name_en,
                    f.source_id.as_deref().unwrap_or("")
                ));
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        Ok(FactorSearch {
            version: version.to_string(),
            total: matching.len(),
            factors: matching
                .into_iter()
                .take(limit)
                .map(FactorView::from)
                .collect(),
        })
    }

    /// Imports an ADEME Base Empreinte CSV export as a new factor set.
    pub async fn import_factors(
        &self,
        actor: &Actor,
        bytes: &[u8],
        file_name: &str,
        version: &str,
    ) -> AppResult<FactorSetInfo> {
        actor.require(Operation::ManageFund)?;
        let version = version.trim();
        if version.is_empty() || version == BUNDLED_VERSION || version.len() > 100 {
            return Err(AppError::invalid(
                "version",
                ErrorCode::InvalidVersion,
                version,
            ));
        }
        let options = ImportOptions {
            version: version.to_string(),
            include_archived: false,
            with_breakdown: true,
            id_prefix: "be:".to_string(),
        };
        let imported = parse_base_empreinte(bytes, &options).map_err(|e| {
            AppError::ImportRefused(vec![jalon_io::Problem::file(
                file_name,
                jalon_core::Lang::Fr,
                e.to_string(),
            )])
        })?;
        let factors: Vec<(String, String)> = imported
            .set
            .factors()
            .iter()
            .map(|f| serde_json::to_string(f).map(|j| (f.id.clone(), j)))
            .collect::<Result<_, _>>()
            .map_err(to_internal)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::insert_factor_set(
            &txn,
            repo::NewFactorSet {
                institution_id: actor.institution_id,
                version,
                source: "ADEME Base Empreinte",
                file_name: Some(file_name),
                imported_by: actor.user_id,
            },
            &factors,
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(ErrorCode::VersionTaken),
            e => e.into(),
        })?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "factor_set",
                entity_id: Some(row.id),
                operation: "import",
                message: Message::new("journal-factors-imported")
                    .with("count", factors.len())
                    .with("file", file_name)
                    .with("version", version),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        Ok(FactorSetInfo {
            version: row.version,
            source: row.source,
            factor_count: factors.len(),
            bundled: false,
            imported_at: Some(row.imported_at),
        })
    }

    /// The institution's travel settings.
    pub async fn travel_settings(&self, institution_id: i64) -> AppResult<TravelSettings> {
        match repo::setting(self.store.db(), institution_id, TRAVEL_SETTINGS).await? {
            Some(json) => serde_json::from_str(&json).map_err(to_internal),
            None => Ok(TravelSettings::default()),
        }
    }

    /// Changes the travel settings (contrails, policy rules).
    pub async fn set_travel_settings(
        &self,
        actor: &Actor,
        settings: &TravelSettings,
    ) -> AppResult<()> {
        actor.require(Operation::ManageFund)?;
        for (field, v) in [
            ("train_max_hours", settings.train_max_hours),
            ("min_flight_km", settings.min_flight_km),
        ] {
            if v.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
                return Err(AppError::invalid(
                    field,
                    ErrorCode::InvalidNumber,
                    v.map(|v| v.to_string()).unwrap_or_default(),
                ));
            }
        }
        let before = self.travel_settings(actor.institution_id).await?;
        let json = serde_json::to_string(settings).map_err(to_internal)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::set_setting(&txn, actor.institution_id, TRAVEL_SETTINGS, &json).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "setting",
                entity_id: None,
                operation: "update",
                message: Message::new("journal-travel-settings"),
                before: serde_json::to_value(before).ok(),
                after: serde_json::to_value(settings).ok(),
            },
            now,
        )
        .await
    }

    /// True when the actor belongs to the unit with this code (a lab's correspondent).
    pub(crate) async fn member_of(
        &self,
        actor: &Actor,
        unit_code: Option<&str>,
    ) -> AppResult<bool> {
        let Some(code) = unit_code else {
            return Ok(false);
        };
        let view = self.view_for(actor).await?;
        Ok(view.person_unit(actor.person_id) == Some(code))
    }
}
