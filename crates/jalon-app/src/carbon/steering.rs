//! From inventories to the strategy: indicators linked to a carbon metric get one value per
//! inventory year, computed (never typed) with the inventory as their source, so the targets
//! they measure follow the footprint. Values are rewritten whenever an inventory changes.

use jalon_core::provenance::Provenance;
use serde::{Deserialize, Serialize};

use super::INDICATOR_LINKS;
use crate::computed::{ComputedValue, Feed, IndicatorLinked};
use crate::{Actor, App, AppError, AppResult, ErrorCode};
use jalon_store::ConnectionTrait;

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

impl CarbonMetric {
    /// Every kind of metric (the fossil index with `reference_year`).
    pub fn all(reference_year: i32) -> [CarbonMetric; 5] {
        [
            CarbonMetric::TotalTonnes,
            CarbonMetric::FossilMwh,
            CarbonMetric::FossilIndex { reference_year },
            CarbonMetric::LabsTonnes,
            CarbonMetric::BusinessTravelTonnes,
        ]
    }

    /// The stable name of the kind of metric.
    pub fn key(&self) -> &'static str {
        match self {
            CarbonMetric::TotalTonnes => "total_tonnes",
            CarbonMetric::FossilMwh => "fossil_mwh",
            CarbonMetric::FossilIndex { .. } => "fossil_index",
            CarbonMetric::LabsTonnes => "labs_tonnes",
            CarbonMetric::BusinessTravelTonnes => "business_travel_tonnes",
        }
    }

    /// The metric of stable name `key`; the fossil index needs its `reference_year`.
    pub fn from_key(key: &str, reference_year: Option<i32>) -> AppResult<CarbonMetric> {
        if key == "fossil_index" {
            let reference_year = reference_year
                .ok_or_else(|| AppError::invalid("reference_year", ErrorCode::Required, ""))?;
            crate::check_year("reference_year", reference_year)?;
            return Ok(CarbonMetric::FossilIndex { reference_year });
        }
        CarbonMetric::all(0)
            .into_iter()
            .find(|m| m.key() == key)
            .ok_or_else(|| AppError::invalid("metric", ErrorCode::InvalidMetric, key))
    }
}

/// An indicator fed by the inventories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorLink {
    pub indicator_code: String,
    #[serde(flatten)]
    pub metric: CarbonMetric,
}

impl IndicatorLinked for IndicatorLink {
    fn indicator_code(&self) -> &str {
        &self.indicator_code
    }
}

impl App {
    /// The indicators linked to carbon metrics.
    pub async fn indicator_links(&self, institution_id: i64) -> AppResult<Vec<IndicatorLink>> {
        self.linked_indicators(institution_id, INDICATOR_LINKS)
            .await
    }

    /// Links indicators to carbon metrics (editors), then computes their values.
    pub async fn set_indicator_links(
        &self,
        actor: &Actor,
        links: &[IndicatorLink],
    ) -> AppResult<()> {
        self.save_linked_indicators(actor, INDICATOR_LINKS, links, Feed::Carbon)
            .await
    }

    /// Links one indicator to a carbon metric, or unlinks it (`None`), keeping the others.
    pub async fn link_carbon_indicator(
        &self,
        actor: &Actor,
        indicator_code: &str,
        metric: Option<CarbonMetric>,
    ) -> AppResult<()> {
        let mut links = self.indicator_links(actor.institution_id).await?;
        links.retain(|l| l.indicator_code != indicator_code);
        if let Some(metric) = metric {
            links.push(IndicatorLink {
                indicator_code: indicator_code.to_string(),
                metric,
            });
        }
        self.set_indicator_links(actor, &links).await
    }

    /// The values of the indicators linked to carbon metrics, computed from the inventories
    /// as `conn` sees them (the transaction of the use case that changed them).
    pub(crate) async fn carbon_indicator_values<C: ConnectionTrait>(
        &self,
        conn: &C,
        institution_id: i64,
    ) -> AppResult<Vec<ComputedValue>> {
        let links: Vec<IndicatorLink> = self
            .linked_indicators_on(conn, institution_id, INDICATOR_LINKS)
            .await?;
        if links.is_empty() {
            return Ok(Vec::new());
        }
        let system = Actor::system(institution_id);
        let trend = self.footprint_trend_on(conn, &system).await?;
        let mut footprints = Vec::with_capacity(trend.len());
        for point in &trend {
            footprints.push(self.footprint_on(conn, &system, point.year).await?);
        }
        let view = self.plan_view(institution_id).await?;
        let mut writes = Vec::new();
        for link in &links {
            if view.indicator_id(&link.indicator_code).is_none() {
                continue;
            }
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
                writes.push(ComputedValue {
                    indicator_code: link.indicator_code.clone(),
                    year: point.year,
                    value,
                    source: Provenance::CarbonInventory {
                        year: point.year,
                        factors: footprint.factor_version.clone(),
                    },
                    illustrative: footprint.illustrative,
                });
            }
        }
        Ok(writes)
    }
}
