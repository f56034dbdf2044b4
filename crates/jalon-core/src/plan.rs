//! The plan document: one institution's strategy tree with everything hanging from it.
//!
//! This is the portable form of a plan, identified by codes rather than database ids. It is
//! what the YAML and JSON formats serialise, what the spreadsheet formats are read into,
//! what the plan check inspects, and what an import writes to the database. The JSON export
//! of a stored plan is exactly this structure, so `{"axes":[{"code", "title", …,
//! "objectives":[{…, "targets":[…], "indicators":[…], "actions":[…]}]}]}` holds.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::action::ActionStatus;
use crate::progress::{Direction, Trajectory};

/// Version tag written in every exported document.
pub const FORMAT_VERSION: &str = "jalon-plan/1";

/// A whole plan: institution, people and units it refers to, and the strategy tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    /// Format tag, `jalon-plan/1`.
    #[serde(default = "default_format")]
    pub format: String,
    /// Free notes about the dataset (provenance, transcription choices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub institution: InstitutionInfo,
    pub strategy: StrategyInfo,
    /// Services, labs and components referred to by owners and contributors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org_units: Vec<OrgUnitDoc>,
    /// People referred to as pilots, contributors or indicator owners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonDoc>,
    /// The workstreams (*chantiers*), in order.
    #[serde(default)]
    pub axes: Vec<Axis>,
}

fn default_format() -> String {
    FORMAT_VERSION.to_string()
}

/// The institution that owns the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InstitutionInfo {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
}

/// The strategy's own attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StrategyInfo {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// First calendar year of the strategy period.
    pub start_year: i32,
    /// Last calendar year of the strategy period.
    pub end_year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the plan comes from (document, adoption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How many objectives the strategy's text says it has (checked against the tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_objective_count: Option<u32>,
    /// How many actions the strategy's text says it has (checked against the tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_action_count: Option<u32>,
    /// Year whose values are being collected now; defaults to last calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_year: Option<i32>,
}

/// What kind of organisational unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitKind {
    #[default]
    Service,
    Lab,
    Component,
    Department,
    Committee,
}

impl OrgUnitKind {
    /// Every kind, in display order.
    pub const ALL: [OrgUnitKind; 5] = [
        OrgUnitKind::Service,
        OrgUnitKind::Lab,
        OrgUnitKind::Component,
        OrgUnitKind::Department,
        OrgUnitKind::Committee,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgUnitKind::Service => "service",
            OrgUnitKind::Lab => "lab",
            OrgUnitKind::Component => "component",
            OrgUnitKind::Department => "department",
            OrgUnitKind::Committee => "committee",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A service, lab, component or committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrgUnitDoc {
    /// Short code such as `DRH` or `LGEI`, unique in the institution.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub kind: OrgUnitKind,
    /// Code of the parent unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Share of the unit the institution owns, between 0 and 1 (a lab co-owned 50/50 with a
    /// national research body counts for 0.5 in the institution's footprint); none means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// A person (or a named function such as "Chargée de mission RES").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonDoc {
    /// Name as shown; unique in the institution; pilots and owners refer to it.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Code of the person's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Function or job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A workstream (*chantier*, *axe*), code `C1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

/// An objective of a workstream, code `C1.O2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// SDG goals (`"13"`) or SDG targets (`"13.2"`) the objective contributes to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// What a target or indicator value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A quantity with a unit (MWh, m³, %).
    #[default]
    Numeric,
    /// A count of things.
    Count,
    /// Yes or no.
    YesNo,
    /// A dated milestone reached or not.
    Milestone,
    /// A position in a ranking (lower is better).
    Rank,
    /// A described state without a number.
    Qualitative,
}

impl ValueKind {
    /// Every kind, in display order.
    pub const ALL: [ValueKind; 6] = [
        ValueKind::Numeric,
        ValueKind::Count,
        ValueKind::YesNo,
        ValueKind::Milestone,
        ValueKind::Rank,
        ValueKind::Qualitative,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Numeric => "numeric",
            ValueKind::Count => "count",
            ValueKind::YesNo => "yes_no",
            ValueKind::Milestone => "milestone",
            ValueKind::Rank => "rank",
            ValueKind::Qualitative => "qualitative",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A year and the value observed or fixed for it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}

/// A quantified target (*objectif chiffré*, *cible 2027*), code `C1.O2.T1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub code: String,
    /// The target as written in the strategy's body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    /// The target as written in the action-plan table ("Cible 2027" column), when the plan
    /// has one; the check compares it with `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_table_text: Option<String>,
    #[serde(default)]
    pub kind: ValueKind,
    #[serde(default)]
    pub direction: Direction,
    /// Unit of the target value, e.g. `% du personnel`, `MWh`, `signalements`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Reference point of the trajectory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<YearValue>,
    /// Year by which the target is to be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// Absolute value to reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_value: Option<f64>,
    /// Change to reach, in percent of the baseline (−20 means a 20 % reduction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_percent: Option<f64>,
    #[serde(default)]
    pub trajectory: Trajectory,
    /// Codes of the indicators that measure this target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// True when baseline or structured fields were added for illustration.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How an indicator's value is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum FormulaKind {
    /// The value is entered as is.
    #[default]
    Direct,
    /// Ratio of two series (e.g. trained staff / total staff).
    Ratio,
    /// Change versus a reference year.
    ChangeVsReference,
}

impl FormulaKind {
    /// Every kind.
    pub const ALL: [FormulaKind; 3] = [
        FormulaKind::Direct,
        FormulaKind::Ratio,
        FormulaKind::ChangeVsReference,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            FormulaKind::Direct => "direct",
            FormulaKind::Ratio => "ratio",
            FormulaKind::ChangeVsReference => "change_vs_reference",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An indicator (*indicateur*), code `C1.O2.I1`, with its measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    /// Name as written in the strategy.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default)]
    pub kind: ValueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(default)]
    pub formula: FormulaKind,
    /// Numerator/denominator or reference year, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula_detail: Option<String>,
    /// How often it is measured, e.g. `annual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Person name or unit code responsible for the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// System the values come from (HR software, energy invoices...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_system: Option<String>,
    /// Reference value of the series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<YearValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
}

/// Where a measurement stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum MeasurementState {
    #[default]
    Draft,
    Submitted,
    Validated,
}

impl MeasurementState {
    /// Every state, in workflow order.
    pub const ALL: [MeasurementState; 3] = [
        MeasurementState::Draft,
        MeasurementState::Submitted,
        MeasurementState::Validated,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            MeasurementState::Draft => "draft",
            MeasurementState::Submitted => "submitted",
            MeasurementState::Validated => "validated",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One value of an indicator for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// `2024`, `2023-2024` (academic year) or `2024-01-01..2024-06-30`.
    pub period: String,
    /// The value as entered: `12,5`, `> 80`, `10-12`, `oui`.
    pub value: String,
    #[serde(default)]
    pub state: MeasurementState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
    /// True for values made up to illustrate the demo.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
}

/// An action sheet (*fiche action*), code `C1.O2.A3`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// Nature of the action: what will be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name of the pilot (a person of `people`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pilot: Option<String>,
    /// Names of contributing people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<String>,
    /// Codes of contributing units (services, labs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributor_units: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    #[serde(default, skip_serializing_if = "Budget::is_empty")]
    pub budget: Budget,
    #[serde(default)]
    pub status: ActionStatus,
    /// Progress in percent, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<u8>,
    /// Codes of the indicators that follow this action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// SDG goals (`"13"`) or targets (`"13.2"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// True when sheet fields (pilot, dates, budget, status) were added for illustration.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
    /// Transcription note (e.g. which plan-table cell the action was split from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated step of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
}

/// Budget of an action in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_cents: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_cents: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spent_cents: Option<i64>,
}

impl Budget {
    /// True when no amount is set.
    pub fn is_empty(&self) -> bool {
        self.planned_cents.is_none() && self.committed_cents.is_none() && self.spent_cents.is_none()
    }
}

/// A link to a document or page that shows what was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceLink {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A dated remark on an action sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub author: String,
    pub date: NaiveDate,
    pub text: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl PlanDocument {
    /// Every objective with its axis, in order.
    pub fn objectives(&self) -> impl Iterator<Item = (&Axis, &Objective)> {
        self.axes
            .iter()
            .flat_map(|a| a.objectives.iter().map(move |o| (a, o)))
    }

    /// Every target with its objective, in order.
    pub fn targets(&self) -> impl Iterator<Item = (&Objective, &Target)> {
        self.objectives()
            .flat_map(|(_, o)| o.targets.iter().map(move |t| (o, t)))
    }

    /// Every indicator with its objective, in order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Objective, &Indicator)> {
        self.objectives()
            .flat_map(|(_, o)| o.indicators.iter().map(move |i| (o, i)))
    }

    /// Every action with its objective, in order.
    pub fn actions(&self) -> impl Iterator<Item = (&Objective, &Action)> {
        self.objectives()
            .flat_map(|(_, o)| o.actions.iter().map(move |a| (o, a)))
    }

    /// Finds an indicator by code anywhere in the tree.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators().map(|(_, i)| i).find(|i| i.code == code)
    }

    /// Counts of (axes, objectives, targets, indicators, actions, measurements).
    pub fn counts(&self) -> PlanCounts {
        PlanCounts {
            axes: self.axes.len(),
            objectives: self.objectives().count(),
            targets: self.targets().count(),
            indicators: self.indicators().count(),
            actions: self.actions().count(),
            measurements: self.indicators().map(|(_, i)| i.measurements.len()).sum(),
        }
    }
}

/// How many of each element a plan holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanCounts {
    pub axes: usize,
    pub objectives: usize,
    pub targets: usize,
    pub indicators: usize,
    pub actions: usize,
    pub measurements: usize,
}
