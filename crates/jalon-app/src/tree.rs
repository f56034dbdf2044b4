//! The plan as the JSON API reads it: every axis, objective, target, indicator, value and
//! action with its database id, the code of its parent, and the statuses computed for it.
//!
//! Built once here from a [`PlanView`], so that the API's tree, its lists and its single
//! elements say the same thing, and a handler only asks for one of them.

use chrono::{DateTime, NaiveDate, Utc};
use jalon_core::access::Operation;
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::plan::{
    Action, FormulaKind, Indicator, Measurement, MeasurementState, Objective, StrategyInfo, Target,
};
use jalon_core::progress::{Status, StatusCounts};
use jalon_core::status::NoDataReason;
use serde::{Deserialize, Serialize};

use crate::versions::Versioned;
use crate::{Actor, App, AppError, AppResult, PlanView};

/// A target with its computed status.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetWithStatus {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub text: Option<String>,
    pub text_en: Option<String>,
    pub plan_table_text: Option<String>,
    pub unit: Option<String>,
    pub status: Status,
    /// Why there is no status, when there is none.
    pub reason: Option<NoDataReason>,
    /// Share of the expected change achieved.
    pub progress_share: Option<f64>,
    /// Value expected at the latest value's year.
    pub expected: Option<f64>,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub target_year: Option<i32>,
    pub target_value: Option<f64>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    /// When a range straddles a threshold: statuses at its two ends.
    pub uncertain_between: Option<(Status, Status)>,
    /// Indicators measuring the target, by code.
    pub indicators: Vec<String>,
}

/// An indicator in lists.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSummary {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub name: String,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
}

/// An action in lists.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionSummary {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub title: String,
    pub title_en: Option<String>,
    pub pilot: Option<String>,
    pub status: ActionStatus,
    pub progress: Option<u8>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Why it is late, when it is.
    pub lateness: Option<Lateness>,
}

/// An objective with its targets, indicators and actions.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectiveTree {
    pub id: i64,
    pub code: String,
    pub axis: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub sdgs: Vec<String>,
    pub counts: StatusCounts,
    pub targets: Vec<TargetWithStatus>,
    pub indicators: Vec<IndicatorSummary>,
    pub actions: Vec<ActionSummary>,
}

/// An axis (workstream) of the tree.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AxisTree {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub counts: StatusCounts,
    pub objectives: Vec<ObjectiveTree>,
}

/// The strategy tree with statuses and ids.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrategyTree {
    pub institution: String,
    pub strategy: StrategyInfo,
    pub counts: StatusCounts,
    pub axes: Vec<AxisTree>,
}

/// A value of an indicator, with who entered and validated it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasurementRecord {
    pub id: i64,
    pub period: String,
    /// As entered.
    pub value: String,
    /// The number used for statuses.
    pub numeric: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub state: MeasurementState,
    pub source: Option<String>,
    pub comment: Option<String>,
    pub evidence_url: Option<String>,
    pub illustrative: bool,
    pub entered_at: DateTime<Utc>,
    pub entered_by: Option<String>,
    pub validated_at: Option<DateTime<Utc>>,
    pub validated_by: Option<String>,
    /// The value's version: send it back with a new value for the period (`version`) so
    /// that an entry based on an older value is refused (409 `edited_meanwhile`).
    pub version: i64,
}

/// An indicator with all its values.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorDetail {
    #[serde(flatten)]
    pub summary: IndicatorSummary,
    pub definition: Option<String>,
    pub formula: FormulaKind,
    pub formula_detail: Option<String>,
    pub source_system: Option<String>,
    pub measurements: Vec<MeasurementRecord>,
    /// Targets it measures, with their status.
    pub targets: Vec<TargetWithStatus>,
}

/// A whole action sheet.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionSheet {
    pub id: i64,
    pub objective: String,
    pub lateness: Option<Lateness>,
    /// The sheet's version: send it back with a change (`version` of the PUT body) so that
    /// a change based on an older sheet is refused (409 `edited_meanwhile`).
    pub version: i64,
    #[serde(flatten)]
    pub sheet: Action,
}

/// Filters of the action list; each one left out lets every action through.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ActionFilter {
    /// Only late actions.
    pub late: Option<bool>,
    /// Only this status.
    pub status: Option<ActionStatus>,
    /// Only this pilot.
    pub pilot: Option<String>,
}

impl ActionFilter {
    fn keeps(&self, view: &PlanView, a: &Action) -> bool {
        self.status.is_none_or(|s| a.status == s)
            && self
                .pilot
                .as_deref()
                .is_none_or(|p| a.pilot.as_deref() == Some(p))
            && (!self.late.unwrap_or(false) || view.lateness(a).is_some())
    }
}

impl PlanView {
    /// A target of `objective` with its status.
    pub fn target_with_status(&self, objective: &str, t: &Target) -> TargetWithStatus {
        let s = self.status.targets.get(&t.code);
        let spec = s.and_then(|s| s.spec);
        TargetWithStatus {
            id: self.target_id(&t.code).unwrap_or_default(),
            code: t.code.clone(),
            objective: objective.to_string(),
            text: t.text.clone(),
            text_en: t.text_en.clone(),
            plan_table_text: t.plan_table_text.clone(),
            unit: t.unit.clone(),
            status: s.map_or(Status::NoData, |s| s.status()),
            reason: s.and_then(|s| s.reason),
            progress_share: s.and_then(|s| s.assessment.progress_share),
            expected: s.and_then(|s| s.assessment.expected),
            baseline_year: spec.map(|s| s.baseline_year),
            baseline_value: spec.map(|s| s.baseline_value),
            target_year: spec.map(|s| s.target_year).or(t.target_year),
            target_value: spec.map(|s| s.target_value).or(t.target_value),
            latest_period: s.and_then(|s| s.latest.as_ref().map(|p| p.period.clone())),
            latest_value: s.and_then(|s| s.latest.as_ref().map(|p| p.value)),
            uncertain_between: s.and_then(|s| s.assessment.uncertain_between),
            indicators: t.indicators.clone(),
        }
    }

    /// An indicator of `objective` with its latest value.
    pub fn indicator_summary(&self, objective: &str, i: &Indicator) -> IndicatorSummary {
        let latest = jalon_core::status::series(i).pop();
        IndicatorSummary {
            id: self.indicator_id(&i.code).unwrap_or_default(),
            code: i.code.clone(),
            objective: objective.to_string(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            unit: i.unit.clone(),
            owner: i.owner.clone(),
            latest_period: latest.as_ref().map(|p| p.period.clone()),
            latest_value: latest.map(|p| p.value),
        }
    }

    /// An action of `objective` with its lateness.
    pub fn action_summary(&self, objective: &str, a: &Action) -> ActionSummary {
        ActionSummary {
            id: self.action_id(&a.code).unwrap_or_default(),
            code: a.code.clone(),
            objective: objective.to_string(),
            title: a.title.clone(),
            title_en: a.title_en.clone(),
            pilot: a.pilot.clone(),
            status: a.status,
            progress: a.progress,
            start: a.start,
            end: a.end,
            lateness: self.lateness(a),
        }
    }

    fn objective_tree(&self, axis: &str, o: &Objective) -> ObjectiveTree {
        ObjectiveTree {
            id: self.objective_id(&o.code).unwrap_or_default(),
            code: o.code.clone(),
            axis: axis.to_string(),
            title: o.title.clone(),
            title_en: o.title_en.clone(),
            description: o.description.clone(),
            sdgs: o.sdgs.clone(),
            counts: self
                .status
                .objectives
                .get(&o.code)
                .copied()
                .unwrap_or_default(),
            targets: o
                .targets
                .iter()
                .map(|t| self.target_with_status(&o.code, t))
                .collect(),
            indicators: o
                .indicators
                .iter()
                .map(|i| self.indicator_summary(&o.code, i))
                .collect(),
            actions: o
                .actions
                .iter()
                .map(|a| self.action_summary(&o.code, a))
                .collect(),
        }
    }

    /// The whole tree: axes, objectives, targets with status, indicators, actions.
    pub fn strategy_tree(&self) -> StrategyTree {
        let doc = self.doc();
        StrategyTree {
            institution: doc.institution.name.clone(),
            strategy: doc.strategy.clone(),
            counts: self.status.total,
            axes: doc
                .axes
                .iter()
                .map(|a| AxisTree {
                    id: self.axis_id(&a.code).unwrap_or_default(),
                    code: a.code.clone(),
                    title: a.title.clone(),
                    title_en: a.title_en.clone(),
                    description: a.description.clone(),
                    counts: self.status.axes.get(&a.code).copied().unwrap_or_default(),
                    objectives: a
                        .objectives
                        .iter()
                        .map(|o| self.objective_tree(&a.code, o))
                        .collect(),
                })
                .collect(),
        }
    }

    fn measurement_record(&self, code: &str, index: usize, m: &Measurement) -> MeasurementRecord {
        let meta = self.measurement_meta(code, index);
        let parsed = jalon_core::number::parse_measured(&m.value).ok();
        let name = |u: Option<i64>| u.and_then(|u| self.user_names.get(&u).cloned());
        MeasurementRecord {
            id: meta.map_or(0, |m| m.id),
            period: m.period.clone(),
            value: m.value.clone(),
            numeric: parsed.map(|p| p.value),
            low: parsed.and_then(|p| p.low),
            high: parsed.and_then(|p| p.high),
            state: m.state,
            source: m.source.clone(),
            comment: m.comment.clone(),
            evidence_url: m.evidence_url.clone(),
            illustrative: m.illustrative,
            entered_at: meta.map_or_else(Utc::now, |m| m.entered_at),
            entered_by: meta.and_then(|m| name(m.entered_by)),
            validated_at: meta.and_then(|m| m.validated_at),
            validated_by: meta.and_then(|m| name(m.validated_by)),
            version: meta.map_or(1, |m| m.version),
        }
    }

    fn indicator_detail(&self, id: i64) -> AppResult<IndicatorDetail> {
        let (o, i) = self.indicator(id).ok_or(AppError::NotFound("indicator"))?;
        Ok(IndicatorDetail {
            summary: self.indicator_summary(&o.code, i),
            definition: i.definition.clone(),
            formula: i.formula,
            formula_detail: i.formula_detail.clone(),
            source_system: i.source_system.clone(),
            measurements: i
                .measurements
                .iter()
                .enumerate()
                .map(|(n, m)| self.measurement_record(&i.code, n, m))
                .collect(),
            targets: self
                .targets_of_indicator(&i.code)
                .into_iter()
                .map(|t| {
                    let objective = self.target(&t.code).map(|(o, _)| o.code.as_str());
                    self.target_with_status(objective.unwrap_or_default(), t)
                })
                .collect(),
        })
    }
}

impl App {
    /// The strategy tree with statuses and ids.
    pub async fn strategy_tree(&self, actor: &Actor) -> AppResult<StrategyTree> {
        actor.require(Operation::View)?;
        Ok(self.view_for(actor).await?.strategy_tree())
    }

    /// One objective with its targets, indicators and actions.
    pub async fn objective_tree(&self, actor: &Actor, id: i64) -> AppResult<ObjectiveTree> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let (axis, o) = view.objective(id).ok_or(AppError::NotFound("objective"))?;
        Ok(view.objective_tree(&axis.code, o))
    }

    /// Every target with its status.
    pub async fn targets_with_status(&self, actor: &Actor) -> AppResult<Vec<TargetWithStatus>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        Ok(view
            .doc()
            .targets()
            .map(|(o, t)| view.target_with_status(&o.code, t))
            .collect())
    }

    /// Every indicator with its latest value.
    pub async fn indicator_summaries(&self, actor: &Actor) -> AppResult<Vec<IndicatorSummary>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        Ok(view
            .doc()
            .indicators()
            .map(|(o, i)| view.indicator_summary(&o.code, i))
            .collect())
    }

    /// One indicator with its values and the targets it measures.
    pub async fn indicator_detail(&self, actor: &Actor, id: i64) -> AppResult<IndicatorDetail> {
        actor.require(Operation::View)?;
        self.view_for(actor).await?.indicator_detail(id)
    }

    /// One value of an indicator, as stored now.
    pub async fn measurement_record(
        &self,
        actor: &Actor,
        indicator_id: i64,
        measurement_id: i64,
    ) -> AppResult<MeasurementRecord> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let (_, i) = view
            .indicator(indicator_id)
            .ok_or(AppError::NotFound("indicator"))?;
        let (index, m) = (i.measurements.iter().enumerate())
            .find(|(n, _)| {
                view.measurement_meta(&i.code, *n)
                    .is_some_and(|m| m.id == measurement_id)
            })
            .ok_or(AppError::NotFound("measurement"))?;
        Ok(view.measurement_record(&i.code, index, m))
    }

    /// The actions that `filter` keeps.
    pub async fn action_summaries(
        &self,
        actor: &Actor,
        filter: &ActionFilter,
    ) -> AppResult<Vec<ActionSummary>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        Ok(view
            .doc()
            .actions()
            .filter(|(_, a)| filter.keeps(&view, a))
            .map(|(o, a)| view.action_summary(&o.code, a))
            .collect())
    }

    /// One action sheet with its version.
    pub async fn action_sheet(&self, actor: &Actor, id: i64) -> AppResult<ActionSheet> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let (o, a) = view.action(id).ok_or(AppError::NotFound("action"))?;
        let version = self.record_version(actor, Versioned::Action, id).await?;
        Ok(ActionSheet {
            id,
            objective: o.code.clone(),
            lateness: view.lateness(a),
            version,
            sheet: a.clone(),
        })
    }
}
