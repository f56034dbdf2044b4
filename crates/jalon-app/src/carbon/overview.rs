//! The carbon overview of the institution: which year is shown (the one asked for when it has
//! an inventory, else the latest), its footprint, the trend over the years, the plan
//! indicators fed by a carbon metric and the places still to fix. The carbon page and the API
//! show the same choice, made here.

use jalon_core::access::Operation;

use super::inventory::{Footprint, TrendPoint};
use super::steering::CarbonMetric;
use crate::{Actor, App, AppResult};

/// A plan indicator fed by a carbon metric.
#[derive(Debug, Clone)]
pub struct LinkedIndicator {
    pub indicator_id: i64,
    pub code: String,
    pub name: String,
    pub metric: CarbonMetric,
}

/// Everything the carbon overview shows.
#[derive(Debug, Clone)]
pub struct CarbonOverview {
    /// Every year with an inventory, its total and the trajectory.
    pub trend: Vec<TrendPoint>,
    /// The year shown, `None` when there is no inventory yet.
    pub year: Option<i32>,
    pub footprint: Option<Footprint>,
    pub links: Vec<LinkedIndicator>,
    /// The plan's indicators (code, name), the ones a metric can feed.
    pub indicators: Vec<(String, String)>,
    /// The metrics that can feed an indicator, the fossil index relative to the first year.
    pub metrics: Vec<CarbonMetric>,
    /// Places of mission files Jalon could not find yet.
    pub unresolved_places: usize,
}

impl CarbonOverview {
    /// The years with an inventory, oldest first.
    pub fn years(&self) -> Vec<i32> {
        self.trend.iter().map(|p| p.year).collect()
    }
}

impl App {
    /// The carbon overview of `year`, or of the latest year with an inventory.
    pub async fn carbon_overview(
        &self,
        actor: &Actor,
        year: Option<i32>,
    ) -> AppResult<CarbonOverview> {
        actor.require(Operation::View)?;
        let trend = self.footprint_trend(actor).await?;
        let year = year
            .filter(|y| trend.iter().any(|p| p.year == *y))
            .or_else(|| trend.last().map(|p| p.year));
        let footprint = match year {
            Some(y) => Some(self.footprint(actor, y).await?),
            None => None,
        };
        let view = self.view_for(actor).await?;
        let links = self
            .indicator_links(actor.institution_id)
            .await?
            .into_iter()
            .filter_map(|l| {
                let id = view.indicator_id(&l.indicator_code)?;
                let (_, ind) = view.indicator(id)?;
                Some(LinkedIndicator {
                    indicator_id: id,
                    code: l.indicator_code,
                    name: ind.name.clone(),
                    metric: l.metric,
                })
            })
            .collect();
        let indicators = view
            .doc()
            .axes
            .iter()
            .flat_map(|a| &a.objectives)
            .flat_map(|o| &o.indicators)
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect();
        let first_year = trend.first().map_or(2022, |p| p.year);
        let unresolved_places = self.unresolved_places(actor).await?.len();
        Ok(CarbonOverview {
            trend,
            year,
            footprint,
            links,
            indicators,
            metrics: CarbonMetric::all(first_year).to_vec(),
            unresolved_places,
        })
    }
}
