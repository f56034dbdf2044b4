//! From the research and teaching inventories to the strategy: an indicator linked to an
//! inventory figure (share of research projects with a confirmed SDG, SDG publications,
//! share of courses or programmes addressing sustainability) gets its values computed, with
//! the inventory as their source, rewritten whenever a tag or a course changes.

use jalon_core::provenance::Provenance;
use serde::{Deserialize, Serialize};

use crate::computed::{ComputedValue, Feed, IndicatorLinked};
use crate::{Actor, App, AppResult};
use jalon_store::ConnectionTrait;

/// Settings key of the links.
pub const SDG_INDICATOR_LINKS: &str = "sdg.indicator_links";

/// What a linked indicator receives from the inventories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SdgMetric {
    /// Research projects running in the year with at least one confirmed SDG, %.
    ProjectsWithSdgShare,
    /// Publications of the year with at least one confirmed SDG.
    SdgPublications,
    /// Courses focused on or including sustainability, % (current year).
    CoursesAddressingShare,
    /// Programmes addressing sustainability, % (current year).
    ProgrammesAddressingShare,
}

impl SdgMetric {
    /// Every metric.
    pub const ALL: [SdgMetric; 4] = [
        SdgMetric::ProjectsWithSdgShare,
        SdgMetric::SdgPublications,
        SdgMetric::CoursesAddressingShare,
        SdgMetric::ProgrammesAddressingShare,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SdgMetric::ProjectsWithSdgShare => "projects_with_sdg_share",
            SdgMetric::SdgPublications => "sdg_publications",
            SdgMetric::CoursesAddressingShare => "courses_addressing_share",
            SdgMetric::ProgrammesAddressingShare => "programmes_addressing_share",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<SdgMetric> {
        SdgMetric::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// An indicator fed by the inventories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgIndicatorLink {
    pub indicator_code: String,
    pub metric: SdgMetric,
}

impl IndicatorLinked for SdgIndicatorLink {
    fn indicator_code(&self) -> &str {
        &self.indicator_code
    }
}

impl App {
    /// The indicators linked to inventory figures.
    pub async fn sdg_indicator_links(
        &self,
        institution_id: i64,
    ) -> AppResult<Vec<SdgIndicatorLink>> {
        self.linked_indicators(institution_id, SDG_INDICATOR_LINKS)
            .await
    }

    /// Links one indicator to an inventory figure, or unlinks it (`None`), keeping the
    /// others.
    pub async fn link_sdg_indicator(
        &self,
        actor: &Actor,
        indicator_code: &str,
        metric: Option<SdgMetric>,
    ) -> AppResult<()> {
        let mut links = self.sdg_indicator_links(actor.institution_id).await?;
        links.retain(|l| l.indicator_code != indicator_code);
        if let Some(metric) = metric {
            links.push(SdgIndicatorLink {
                indicator_code: indicator_code.to_string(),
                metric,
            });
        }
        self.set_sdg_indicator_links(actor, &links).await
    }

    /// Links indicators to inventory figures (editors), then computes their values.
    pub async fn set_sdg_indicator_links(
        &self,
        actor: &Actor,
        links: &[SdgIndicatorLink],
    ) -> AppResult<()> {
        self.save_linked_indicators(actor, SDG_INDICATOR_LINKS, links, Feed::Sdg)
            .await
    }

    /// The values of the indicators linked to inventory figures, computed from the research
    /// and teaching inventories as `conn` sees them (the transaction of the use case that
    /// changed them).
    pub(crate) async fn sdg_indicator_values<C: ConnectionTrait>(
        &self,
        conn: &C,
        institution_id: i64,
    ) -> AppResult<Vec<ComputedValue>> {
        let links: Vec<SdgIndicatorLink> = self
            .linked_indicators_on(conn, institution_id, SDG_INDICATOR_LINKS)
            .await?;
        if links.is_empty() {
            return Ok(Vec::new());
        }
        let system = Actor::system(institution_id);
        let this_year = self.current_year();
        let campaign_year = self.plan_view(institution_id).await?.campaign_year();
        let needs_research = links.iter().any(|l| {
            matches!(
                l.metric,
                SdgMetric::ProjectsWithSdgShare | SdgMetric::SdgPublications
            )
        });
        let research = if needs_research {
            self.research_years_on(conn, &system).await?
        } else {
            Vec::new()
        };
        let teaching = if links.iter().any(|l| {
            matches!(
                l.metric,
                SdgMetric::CoursesAddressingShare | SdgMetric::ProgrammesAddressingShare
            )
        }) {
            Some(self.teaching_on(conn, &system).await?)
        } else {
            None
        };
        let illustrative = self.inventories_illustrative(conn, institution_id).await?;
        let mut values = Vec::new();
        for link in &links {
            let computed = |year: i32, value: Option<f64>, source: Provenance| {
                value.map(|value| ComputedValue {
                    indicator_code: link.indicator_code.clone(),
                    year,
                    value,
                    source,
                    illustrative,
                })
            };
            match link.metric {
                SdgMetric::ProjectsWithSdgShare => values.extend(
                    research
                        .iter()
                        .filter(|y| y.year <= this_year && y.projects > 0)
                        .filter_map(|y| computed(y.year, y.share, Provenance::ProjectsWithSdg)),
                ),
                SdgMetric::SdgPublications => values.extend(
                    research
                        .iter()
                        .filter(|y| y.year <= this_year && y.publications > 0)
                        .filter_map(|y| {
                            computed(
                                y.year,
                                Some(y.sdg_publications as f64),
                                Provenance::PublicationsWithSdg,
                            )
                        }),
                ),
                SdgMetric::CoursesAddressingShare => {
                    values.extend(teaching.as_ref().and_then(|t| {
                        computed(
                            campaign_year,
                            t.course_share,
                            Provenance::CoursesAddressingSustainability,
                        )
                    }))
                }
                SdgMetric::ProgrammesAddressingShare => {
                    values.extend(teaching.as_ref().and_then(|t| {
                        computed(
                            campaign_year,
                            t.programme_share,
                            Provenance::ProgrammesAddressingSustainability,
                        )
                    }))
                }
            }
        }
        Ok(values)
    }

    /// True when the inventories hold demo data (the values computed are marked so).
    async fn inventories_illustrative<C: ConnectionTrait>(
        &self,
        db: &C,
        institution_id: i64,
    ) -> AppResult<bool> {
        let mut any = false;
        for kind in ["projects", "publications", "courses"] {
            any |= jalon_store::inventories::imports(db, institution_id, kind)
                .await?
                .iter()
                .any(|i| i.illustrative);
        }
        Ok(any)
    }
}
