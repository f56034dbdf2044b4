//! The status of every target of a plan, and its roll-up per objective and axis.
//!
//! This is where a target as written (absolute value, % change, −5 %/year, yes/no) meets its
//! indicator's values: the target value is resolved from the baseline, the latest value that
//! is not a draft is taken, and [`crate::progress::assess`] decides. When no status can be
//! computed the reason is given, so a page can say what is missing instead of just "no data".

use std::collections::HashMap;

use serde::Serialize;

use crate::number::parse_measured;
use crate::period::Period;
use crate::plan::{Indicator, Measurement, MeasurementState, PlanDocument, Target, ValueKind};
use crate::progress::{
    Assessment, Direction, Observation, Status, StatusCounts, TargetSpec, Thresholds, Trajectory,
    assess, value_after_annual_rate,
};

/// Why a target has no computed status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoDataReason {
    /// No indicator measures the target.
    NoIndicator,
    /// The target has no value to reach.
    NotQuantified,
    /// Neither the target nor its indicator has a baseline.
    NoBaseline,
    /// The indicator has no value (that is not a draft).
    NoValue,
    /// The only values are at or before the baseline year.
    OnlyBaseline,
}

impl NoDataReason {
    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            NoDataReason::NoIndicator => "no_indicator",
            NoDataReason::NotQuantified => "not_quantified",
            NoDataReason::NoBaseline => "no_baseline",
            NoDataReason::NoValue => "no_value",
            NoDataReason::OnlyBaseline => "only_baseline",
        }
    }
}

/// A value of an indicator placed on the time axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub period: String,
    pub year: i32,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub state: MeasurementState,
    pub illustrative: bool,
}

/// The series of an indicator: every parsable value that is not a draft, by year.
pub fn series(indicator: &Indicator) -> Vec<Point> {
    let mut points: Vec<Point> = indicator
        .measurements
        .iter()
        .filter(|m| m.state != MeasurementState::Draft)
        .filter_map(point)
        .collect();
    points.sort_by_key(|p| p.year);
    points
}

/// Places one measurement on the time axis, if its period and value parse.
pub fn point(m: &Measurement) -> Option<Point> {
    let period = Period::parse(&m.period).ok()?;
    let v = parse_measured(&m.value).ok()?;
    Some(Point {
        period: period.label(),
        year: period.trajectory_year(),
        value: v.value,
        low: v.low,
        high: v.high,
        state: m.state,
        illustrative: m.illustrative,
    })
}

/// The computed status of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetStatus {
    pub target_code: String,
    /// The indicator whose values were used (the target's first).
    pub indicator_code: Option<String>,
    pub assessment: Assessment,
    /// Baseline, target and trajectory as resolved, when complete.
    #[serde(skip)]
    pub spec: Option<TargetSpec>,
    /// The value the status is based on.
    pub latest: Option<Point>,
    pub reason: Option<NoDataReason>,
}

impl TargetStatus {
    /// The status.
    pub fn status(&self) -> Status {
        self.assessment.status
    }
}

fn is_binary(kind: ValueKind) -> bool {
    matches!(kind, ValueKind::YesNo | ValueKind::Milestone)
}

/// Resolves baseline, target value and year of a target; `Err` says what is missing.
pub fn resolve_spec(
    target: &Target,
    indicator: Option<&Indicator>,
    strategy_end: i32,
) -> Result<TargetSpec, NoDataReason> {
    let target_year = target.target_year.unwrap_or(strategy_end);
    if is_binary(target.kind) {
        let baseline = target
            .baseline
            .or(indicator.and_then(|i| i.baseline))
            .map_or((target_year - 1, 0.0), |b| (b.year, b.value));
        return Ok(TargetSpec {
            baseline_year: baseline.0,
            baseline_value: baseline.1,
            target_year,
            target_value: target.target_value.unwrap_or(1.0),
            trajectory: Trajectory::Linear,
            direction: Direction::Increase,
        });
    }
    let quantified = target.target_value.is_some()
        || target.change_percent.is_some()
        || matches!(target.trajectory, Trajectory::AnnualRate { .. });
    if !quantified {
        return Err(NoDataReason::NotQuantified);
    }
    let baseline = target
        .baseline
        .or(indicator.and_then(|i| i.baseline))
        .ok_or(NoDataReason::NoBaseline)?;
    let target_value = match (
        target.target_value,
        target.change_percent,
        target.trajectory,
    ) {
        (Some(v), _, _) => v,
        (None, Some(pct), _) => baseline.value * (1.0 + pct / 100.0),
        (None, None, Trajectory::AnnualRate { percent }) => {
            value_after_annual_rate(baseline.value, percent, target_year - baseline.year)
        }
        (None, None, Trajectory::Linear) => return Err(NoDataReason::NotQuantified),
    };
    Ok(TargetSpec {
        baseline_year: baseline.year,
        baseline_value: baseline.value,
        target_year,
        target_value,
        trajectory: target.trajectory,
        direction: target.direction,
    })
}

/// Computes the status of one target of `doc`, as of `current_year`.
pub fn target_status(
    doc: &PlanDocument,
    target: &Target,
    current_year: i32,
    thresholds: &Thresholds,
) -> TargetStatus {
    let indicator = target.indicators.first().and_then(|c| doc.indicator(c));
    let mut out = TargetStatus {
        target_code: target.code.clone(),
        indicator_code: indicator.map(|i| i.code.clone()),
        assessment: Assessment {
            status: Status::NoData,
            progress_share: None,
            expected: None,
            uncertain_between: None,
        },
        spec: None,
        latest: None,
        reason: None,
    };
    let Some(indicator) = indicator else {
        out.reason = Some(NoDataReason::NoIndicator);
        return out;
    };
    let spec = match resolve_spec(target, Some(indicator), doc.strategy.end_year) {
        Ok(s) => s,
        Err(reason) => {
            out.reason = Some(reason);
            return out;
        }
    };
    out.spec = Some(spec);
    let latest = series(indicator).pop();
    let Some(p) = latest.clone() else {
        out.reason = Some(NoDataReason::NoValue);
        return out;
    };
    out.latest = latest;
    let obs = Observation {
        year: p.year,
        value: p.value,
        low: p.low,
        high: p.high,
    };
    if is_binary(target.kind) {
        let met = spec.is_met(p.value, thresholds);
        let status = if met {
            Status::Achieved
        } else if current_year > spec.target_year {
            Status::Missed
        } else {
            // A yes/no target not yet met before its deadline cannot be partly on track.
            Status::AtRisk
        };
        out.assessment.status = status;
        return out;
    }
    out.assessment = assess(Some(&spec), Some(obs), current_year, thresholds);
    if out.assessment.status == Status::NoData {
        out.reason = Some(NoDataReason::OnlyBaseline);
    }
    out
}

/// Statuses of every target, and their counts per objective and per axis.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanStatus {
    /// By target code.
    pub targets: HashMap<String, TargetStatus>,
    /// By objective code.
    pub objectives: HashMap<String, StatusCounts>,
    /// By axis code.
    pub axes: HashMap<String, StatusCounts>,
    pub total: StatusCounts,
}

/// Computes every target's status and rolls them up.
pub fn plan_status(doc: &PlanDocument, current_year: i32, thresholds: &Thresholds) -> PlanStatus {
    let mut out = PlanStatus::default();
    for axis in &doc.axes {
        let mut axis_counts = StatusCounts::default();
        for o in &axis.objectives {
            let mut counts = StatusCounts::default();
            for t in &o.targets {
                let s = target_status(doc, t, current_year, thresholds);
                counts.add(s.status());
                out.targets.insert(t.code.clone(), s);
            }
            axis_counts.merge(&counts);
            out.objectives.insert(o.code.clone(), counts);
        }
        out.total.merge(&axis_counts);
        out.axes.insert(axis.code.clone(), axis_counts);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::*;

    fn doc_with(target: Target, measurements: Vec<Measurement>) -> PlanDocument {
        PlanDocument {
            strategy: StrategyInfo {
                start_year: 2023,
                end_year: 2027,
                ..Default::default()
            },
            axes: vec![Axis {
                code: "C1".into(),
                objectives: vec![Objective {
                    code: "C1.O1".into(),
                    targets: vec![target],
                    indicators: vec![Indicator {
                        code: "C1.O1.I1".into(),
                        measurements,
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn m(period: &str, value: &str, state: MeasurementState) -> Measurement {
        Measurement {
            period: period.into(),
            value: value.into(),
            state,
            ..Default::default()
        }
    }

    fn status(doc: &PlanDocument) -> TargetStatus {
        let t = &doc.axes[0].objectives[0].targets[0];
        target_status(doc, t, 2026, &Thresholds::default())
    }

    #[test]
    fn relative_change_resolves_against_the_baseline() {
        let t = Target {
            code: "C1.O1.T1".into(),
            direction: Direction::Decrease,
            baseline: Some(YearValue {
                year: 2022,
                value: 100.0,
            }),
            change_percent: Some(-20.0),
            target_year: Some(2027),
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let doc = doc_with(t, vec![m("2025", "88", MeasurementState::Validated)]);
        let s = status(&doc);
        assert_eq!(s.spec.map(|s| s.target_value), Some(80.0));
        assert_eq!(s.status(), Status::OnTrack);
    }

    #[test]
    fn drafts_do_not_count() {
        let t = Target {
            code: "C1.O1.T1".into(),
            baseline: Some(YearValue {
                year: 2022,
                value: 0.0,
            }),
            target_value: Some(100.0),
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let doc = doc_with(
            t,
            vec![
                m("2024", "10", MeasurementState::Validated),
                m("2025", "99", MeasurementState::Draft),
            ],
        );
        let s = status(&doc);
        assert_eq!(s.latest.as_ref().map(|p| p.year), Some(2024));
        assert_eq!(s.status(), Status::OffTrack);
    }

    #[test]
    fn yes_no_targets() {
        let t = Target {
            code: "C1.O1.T1".into(),
            kind: ValueKind::YesNo,
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let doc = doc_with(
            t.clone(),
            vec![m("2025", "non", MeasurementState::Validated)],
        );
        assert_eq!(status(&doc).status(), Status::AtRisk);
        let doc = doc_with(
            t.clone(),
            vec![m("2025", "oui", MeasurementState::Validated)],
        );
        assert_eq!(status(&doc).status(), Status::Achieved);
        let early = Target {
            target_year: Some(2025),
            ..t
        };
        let doc = doc_with(early, vec![m("2025", "non", MeasurementState::Validated)]);
        assert_eq!(status(&doc).status(), Status::Missed);
    }

    #[test]
    fn reasons_for_no_data() {
        let t = Target {
            code: "C1.O1.T1".into(),
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let doc = doc_with(t.clone(), vec![]);
        assert_eq!(status(&doc).reason, Some(NoDataReason::NotQuantified));
        let t = Target {
            target_value: Some(5.0),
            ..t
        };
        let doc = doc_with(t.clone(), vec![]);
        assert_eq!(status(&doc).reason, Some(NoDataReason::NoBaseline));
        let t = Target {
            baseline: Some(YearValue {
                year: 2022,
                value: 1.0,
            }),
            ..t
        };
        let doc = doc_with(t.clone(), vec![]);
        assert_eq!(status(&doc).reason, Some(NoDataReason::NoValue));
        let doc = doc_with(t.clone(), vec![m("2022", "1", MeasurementState::Validated)]);
        assert_eq!(status(&doc).reason, Some(NoDataReason::OnlyBaseline));
        let t = Target {
            indicators: vec![],
            ..t
        };
        let doc = doc_with(t, vec![]);
        assert_eq!(status(&doc).reason, Some(NoDataReason::NoIndicator));
    }

    #[test]
    fn annual_rate_target_value() {
        let t = Target {
            code: "C1.O1.T1".into(),
            direction: Direction::Decrease,
            trajectory: Trajectory::AnnualRate { percent: -5.0 },
            baseline: Some(YearValue {
                year: 2022,
                value: 1000.0,
            }),
            target_year: Some(2027),
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let doc = doc_with(t, vec![m("2024", "902,5", MeasurementState::Validated)]);
        let s = status(&doc);
        let tv = s.spec.map(|s| s.target_value).unwrap_or_default();
        assert!((tv - 773.78).abs() < 0.01, "{tv}");
        assert_eq!(s.status(), Status::OnTrack);
    }

    #[test]
    fn roll_up_counts_every_target_once() {
        let t = Target {
            code: "C1.O1.T1".into(),
            indicators: vec!["C1.O1.I1".into()],
            ..Default::default()
        };
        let mut doc = doc_with(t.clone(), vec![]);
        doc.axes[0].objectives[0].targets.push(Target {
            code: "C1.O1.T2".into(),
            ..t
        });
        let ps = plan_status(&doc, 2026, &Thresholds::default());
        assert_eq!(ps.total.total(), 2);
        assert_eq!(ps.axes["C1"].no_data, 2);
        assert_eq!(ps.objectives["C1.O1"].total(), 2);
    }
}
