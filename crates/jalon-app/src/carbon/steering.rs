//! From inventories to the strategy: indicators linked to a carbon metric get one value per
//! inventory year, computed (never typed) with the inventory as their source, so the targets
//! they measure follow the footprint. Values are rewritten whenever an inventory changes.

use jalon_core::access::Operation;
use jalon_core::number::parse_measured;
use jalon_core::period::Period;
use jalon_core::plan::{Measurement, MeasurementState};
use jalon_store::audit::Change;
use jalon_store::carbon as repo;
use jalon_store::plan::kinds;
use jalon_store::{StoreError, TransactionTrait, updates};
use serde::{Deserialize, Serialize};

use super::INDICATOR_LINKS;
use crate::{Actor, App, AppError, AppResult};

/// What a linked indicator receives from the inventories.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "metric")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CarbonMetric {
    /// The consolidated footprint, tCO2e.
    TotalTonnes,
    /// Fossil energy, MWh.
    FossilMwh,
    /// Fossil energy as a percentage of a reference year's.
    FossilIndex { reference_year: i32 },
    /// The labs' footprints at the institution's shares, tCO2e.
    LabsTonnes,
    /// Business travel (post 3.5), tCO2e.
    BusinessTravelTonnes,
}

/// An indicator fed by the inventories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorLink {
    pub indicator_code: String,
    #[serde(flatten)]
    pub metric: CarbonMetric,
}

impl App {
    /// The indicators linked to carbon metrics.
    pub async fn indicator_links(&self, institution_id: i64) -> AppResult<Vec<IndicatorLink>> {
        match repo::setting(self.store.db(), institution_id, INDICATOR_LINKS).await? {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| AppError::Internal(e.to_string()))
            }
            None => Ok(Vec::new()),
        }
    }

    /// Links indicators to carbon metrics (editors), then computes their values.
    pub async fn set_indicator_links(
        &self,
        actor: &Actor,
        links: &[IndicatorLink],
    ) -> AppResult<()> {
        actor.require(Operation::EditPlan)?;
        let view = self.view_for(actor).await?;
        for l in links {
            if view.indicator_id(&l.indicator_code).is_none() {
                return Err(AppError::invalid(
                    "indicator",
                    "unknown_indicator",
                    l.indicator_code.clone(),
                ));
            }
        }
        let json = serde_json::to_string(links).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let txn = self.store.db().begin().await.map_err(StoreError::from)?;
        repo::set_setting(&txn, actor.institution_id, INDICATOR_LINKS, &json).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "setting",
                entity_id: None,
                operation: "update",
                summary: format!(
                    "{} indicator(s) linked to the carbon inventories",
                    links.len()
                ),
                before: None,
                after: serde_json::to_value(links).ok(),
            },
            now,
        )
        .await?;
        self.publish_carbon_indicators(actor.institution_id).await
    }

    /// Rewrites the values of the linked indicators from the inventories (as the system).
    pub async fn publish_carbon_indicators(&self, institution_id: i64) -> AppResult<()> {
        let links = self.indicator_links(institution_id).await?;
        if links.is_empty() {
            return Ok(());
        }
        let system = Actor::system(institution_id);
        let trend = self.footprint_trend(&system).await?;
        let mut footprints = Vec::with_capacity(trend.len());
        for point in &trend {
            footprints.push(self.footprint(&system, point.year).await?);
        }
        let view = self.plan_view(institution_id).await?;
        let now = self.now();
        let mut writes = Vec::new();
        for link in &links {
            let Some(indicator_id) = view.indicator_id(&link.indicator_code) else {
                continue;
            };
            let Some((_, indicator)) = view.indicator(indicator_id) else {
                continue;
            };
            for (point, footprint) in trend.iter().zip(&footprints) {
                let value = match link.metric {
                    CarbonMetric::TotalTonnes => Some(footprint.total.kg / 1000.0),
                    CarbonMetric::FossilMwh => Some(footprint.fossil_mwh),
                    CarbonMetric::FossilIndex { reference_year } => trend
                        .iter()
                        .find(|p| p.year == reference_year)
                        .filter(|p| p.fossil_mwh > 0.0)
                        .map(|p| footprint.fossil_mwh / p.fossil_mwh * 100.0),
                    CarbonMetric::LabsTonnes => {
                        let labs: Vec<_> = footprint
                            .parts
                            .iter()
                            .filter(|p| p.unit.is_some())
                            .collect();
                        (!labs.is_empty())
                            .then(|| labs.iter().map(|p| p.counted.kg).sum::<f64>() / 1000.0)
                    }
                    CarbonMetric::BusinessTravelTonnes => footprint
                        .posts
                        .iter()
                        .find(|p| p.code == "3.5")
                        .map(|p| p.emissions.kg / 1000.0),
                };
                let Some(value) = value.filter(|v| v.is_finite()) else {
                    continue;
                };
                let text = format!("{:.1}", value);
                let source = format!(
                    "Inventaire carbone {} (facteurs {})",
                    point.year, footprint.factor_version
                );
                let existing = indicator.measurements.iter().find(|m| {
                    Period::parse(&m.period).ok() == Some(Period::Year { year: point.year })
                });
                let unchanged = existing.is_some_and(|m| {
                    m.value == text
                        && m.source.as_deref() == Some(source.as_str())
                        && m.state == MeasurementState::Validated
                });
                if !unchanged {
                    writes.push((
                        indicator_id,
                        indicator.code.clone(),
                        point.year,
                        text,
                        source,
                        footprint.illustrative,
                    ));
                }
            }
        }
        if writes.is_empty() {
            return Ok(());
        }
        let txn = self.store.db().begin().await.map_err(StoreError::from)?;
        let count = writes.len();
        for (indicator_id, code, year, text, source, illustrative) in writes {
            let period = Period::Year { year };
            let m = Measurement {
                period: period.label(),
                value: text.clone(),
                state: MeasurementState::Validated,
                source: Some(source),
                comment: Some("Calculé par Jalon depuis les inventaires carbone".to_string()),
                evidence_url: None,
                illustrative,
            };
            let parsed = parse_measured(&text).map_err(|e| AppError::Internal(e.to_string()))?;
            updates::upsert_measurement(&txn, indicator_id, &period, &m, &parsed, None, now)
                .await?;
            jalon_store::audit::record(
                &txn,
                Change {
                    institution_id,
                    user_id: None,
                    entity_kind: kinds::INDICATOR,
                    entity_id: Some(indicator_id),
                    operation: "computed_value",
                    summary: format!("{code} {year}: {text} (carbon inventory)"),
                    before: None,
                    after: None,
                },
                now,
            )
            .await?;
        }
        self.finish(
            txn,
            Change {
                institution_id,
                user_id: None,
                entity_kind: "inventory",
                entity_id: None,
                operation: "publish",
                summary: format!("{count} indicator value(s) computed from the carbon inventories"),
                before: None,
                after: None,
            },
            now,
        )
        .await
    }
}
