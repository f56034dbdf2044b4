//! Progress status of a quantified target, after the Open SDG / UN ESCAP method.
//!
//! From the baseline `(y0, v0)`, the target `(yT, vT)` and the trajectory, the expected value
//! at year `y` is `v0 + (vT − v0)(y − y0)/(yT − y0)` (linear) or `v0·(1 + r)^(y − y0)` (constant
//! annual rate `r`). With the latest value `v` at `y`, the share of the expected change achieved
//! is `p = (v − v0)/(expected(y) − v0)`, and the status follows from `p` and configurable
//! thresholds. A value given as a range is assessed at both ends, so a status that depends on
//! where in the range the truth lies is reported as uncertain rather than silently decided.

use serde::{Deserialize, Serialize};

/// Which way the value must move.
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
pub enum Direction {
    /// Higher is better; met when `v ≥ vT`.
    #[default]
    Increase,
    /// Lower is better; met when `v ≤ vT`.
    Decrease,
    /// Keep the value at `vT` (within the maintain tolerance).
    Maintain,
}

impl Direction {
    /// Every direction.
    pub const ALL: [Direction; 3] = [
        Direction::Increase,
        Direction::Decrease,
        Direction::Maintain,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Maintain => "maintain",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Shape of the expected path from baseline to target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Trajectory {
    /// Straight line from baseline to target.
    #[default]
    Linear,
    /// Constant annual rate in percent (−5 means −5 % a year, compounding).
    AnnualRate { percent: f64 },
}

/// The status of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    AtRisk,
    OffTrack,
    Deteriorating,
    Missed,
    NoData,
}

impl Status {
    /// Every status, from best to worst, then no data.
    pub const ALL: [Status; 7] = [
        Status::Achieved,
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::Deteriorating,
        Status::Missed,
        Status::NoData,
    ];

    /// Stable identifier, used in the API and as translation key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Deteriorating => "deteriorating",
            Status::Missed => "missed",
            Status::NoData => "no_data",
        }
    }

    /// Rank for "better than" comparisons among assessed statuses (0 is best).
    fn rank(self) -> u8 {
        match self {
            Status::Achieved => 0,
            Status::OnTrack => 1,
            Status::AtRisk => 2,
            Status::OffTrack => 3,
            Status::Deteriorating => 4,
            Status::Missed => 5,
            Status::NoData => 6,
        }
    }

    /// True when `self` is at least as good as `other`.
    pub fn at_least_as_good_as(self, other: Status) -> bool {
        self.rank() <= other.rank()
    }
}

/// Thresholds on the share `p` of the expected change achieved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    /// `p ≥ on_track` is on track (default 0.95).
    pub on_track: f64,
    /// `at_risk ≤ p < on_track` is at risk (default 0.5); below is off track.
    pub at_risk: f64,
    /// Relative tolerance for `Maintain` targets (default 0.05).
    pub maintain_tolerance: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            on_track: 0.95,
            at_risk: 0.5,
            maintain_tolerance: 0.05,
        }
    }
}

/// A target reduced to what the method needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetSpec {
    pub baseline_year: i32,
    pub baseline_value: f64,
    pub target_year: i32,
    pub target_value: f64,
    pub trajectory: Trajectory,
    pub direction: Direction,
}

/// An observed value; `low`/`high` bound it when it was given as a range or with uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub year: i32,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Observation {
    /// An exact value.
    pub fn exact(year: i32, value: f64) -> Self {
        Observation {
            year,
            value,
            low: None,
            high: None,
        }
    }
}

/// The outcome of assessing a target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub status: Status,
    /// Share of the expected change achieved, when it could be computed.
    pub progress_share: Option<f64>,
    /// Value expected at the observation year.
    pub expected: Option<f64>,
    /// When the observation's range straddles a threshold: the statuses at its two ends.
    pub uncertain_between: Option<(Status, Status)>,
}

impl Assessment {
    fn plain(status: Status) -> Self {
        Assessment {
            status,
            progress_share: None,
            expected: None,
            uncertain_between: None,
        }
    }
}

impl TargetSpec {
    /// Value expected at `year` on the trajectory (years after the target year stay at the
    /// target, years before the baseline stay at the baseline).
    pub fn expected_at(&self, year: i32) -> f64 {
        let y = year.clamp(self.baseline_year, self.target_year.max(self.baseline_year));
        let v0 = self.baseline_value;
        match self.trajectory {
            Trajectory::Linear => {
                let span = self.target_year - self.baseline_year;
                if span <= 0 {
                    return self.target_value;
                }
                v0 + (self.target_value - v0) * f64::from(y - self.baseline_year) / f64::from(span)
            }
            Trajectory::AnnualRate { percent } => {
                v0 * (1.0 + percent / 100.0).powi(y - self.baseline_year)
            }
        }
    }

    /// True when `value` meets the target.
    pub fn is_met(&self, value: f64, thresholds: &Thresholds) -> bool {
        match self.direction {
            Direction::Increase => value >= self.target_value,
            Direction::Decrease => value <= self.target_value,
            Direction::Maintain => within_tolerance(value, self.target_value, thresholds),
        }
    }
}

fn within_tolerance(value: f64, reference: f64, thresholds: &Thresholds) -> bool {
    let tol = if reference == 0.0 {
        thresholds.maintain_tolerance
    } else {
        reference.abs() * thresholds.maintain_tolerance
    };
    (value - reference).abs() <= tol + f64::EPSILON
}

/// Target value reached by a constant annual rate from the baseline to the target year.
pub fn value_after_annual_rate(baseline: f64, percent: f64, years: i32) -> f64 {
    baseline * (1.0 + percent / 100.0).powi(years)
}

/// Assesses a target from its latest observation, as of `current_year`.
///
/// `spec` is `None` when the target is not quantified (no baseline or no target value): the
/// status is then "no data", whatever was observed.
pub fn assess(
    spec: Option<&TargetSpec>,
    latest: Option<Observation>,
    current_year: i32,
    thresholds: &Thresholds,
) -> Assessment {
    let (Some(spec), Some(obs)) = (spec, latest) else {
        return Assessment::plain(Status::NoData);
    };
    if !obs.value.is_finite() {
        return Assessment::plain(Status::NoData);
    }
    let central = assess_value(spec, obs.year, obs.value, current_year, thresholds);
    let ends = [obs.low, obs.high]
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
        .map(|v| assess_value(spec, obs.year, v, current_year, thresholds).status)
        .collect::<Vec<_>>();
    let mut result = central;
    if let (Some(&a), Some(&b)) = (ends.first(), ends.last()) {
        let (best, worst) = if a.at_least_as_good_as(b) {
            (a, b)
        } else {
            (b, a)
        };
        if best != worst || best != central.status {
            let best = if central.status.at_least_as_good_as(best) {
                central.status
            } else {
                best
            };
            let worst = if worst.at_least_as_good_as(central.status) {
                central.status
            } else {
                worst
            };
            if best != worst {
                result.uncertain_between = Some((best, worst));
            }
        }
    }
    result
}

fn assess_value(
    spec: &TargetSpec,
    year: i32,
    value: f64,
    current_year: i32,
    thresholds: &Thresholds,
) -> Assessment {
    if spec.is_met(value, thresholds) {
        return Assessment {
            status: Status::Achieved,
            progress_share: None,
            expected: Some(spec.expected_at(year)),
            uncertain_between: None,
        };
    }
    if current_year > spec.target_year || year > spec.target_year {
        return Assessment {
            status: Status::Missed,
            progress_share: None,
            expected: Some(spec.target_value),
            uncertain_between: None,
        };
    }
    if spec.direction == Direction::Maintain {
        // Not within tolerance of the level to keep: the value has drifted.
        return Assessment {
            status: Status::Deteriorating,
            progress_share: None,
            expected: Some(spec.target_value),
            uncertain_between: None,
        };
    }
    if year <= spec.baseline_year {
        // Only the baseline (or older values): progress cannot be judged yet.
        return Assessment::plain(Status::NoData);
    }
    let expected = spec.expected_at(year);
    let v0 = spec.baseline_value;
    let expected_change = expected - v0;
    let wanted_sign = match spec.direction {
        Direction::Increase => 1.0,
        Direction::Decrease => -1.0,
        Direction::Maintain => 0.0,
    };
    if expected_change == 0.0 || expected_change.signum() != wanted_sign {
        // The path expects no change (or a change the wrong way): judge by direction only.
        let moved = (value - v0) * wanted_sign;
        let status = if moved >= 0.0 {
            Status::OnTrack
        } else {
            Status::Deteriorating
        };
        return Assessment {
            status,
            progress_share: None,
            expected: Some(expected),
            uncertain_between: None,
        };
    }
    let p = (value - v0) / expected_change;
    let status = if p >= thresholds.on_track {
        Status::OnTrack
    } else if p >= thresholds.at_risk {
        Status::AtRisk
    } else if p > 0.0 {
        Status::OffTrack
    } else {
        Status::Deteriorating
    };
    Assessment {
        status,
        progress_share: Some(p),
        expected: Some(expected),
        uncertain_between: None,
    }
}

/// Number of targets in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub achieved: u32,
    pub on_track: u32,
    pub at_risk: u32,
    pub off_track: u32,
    pub deteriorating: u32,
    pub missed: u32,
    pub no_data: u32,
}

impl StatusCounts {
    /// Adds one target in `status`.
    pub fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    /// Adds all counts of `other`.
    pub fn merge(&mut self, other: &StatusCounts) {
        for s in Status::ALL {
            *self.slot(s) += other.get(s);
        }
    }

    /// Count for one status.
    pub fn get(&self, status: Status) -> u32 {
        match status {
            Status::Achieved => self.achieved,
            Status::OnTrack => self.on_track,
            Status::AtRisk => self.at_risk,
            Status::OffTrack => self.off_track,
            Status::Deteriorating => self.deteriorating,
            Status::Missed => self.missed,
            Status::NoData => self.no_data,
        }
    }

    fn slot(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Achieved => &mut self.achieved,
            Status::OnTrack => &mut self.on_track,
            Status::AtRisk => &mut self.at_risk,
            Status::OffTrack => &mut self.off_track,
            Status::Deteriorating => &mut self.deteriorating,
            Status::Missed => &mut self.missed,
            Status::NoData => &mut self.no_data,
        }
    }

    /// Total number of targets counted.
    pub fn total(&self) -> u32 {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn linear(v0: f64, vt: f64, dir: Direction) -> TargetSpec {
        TargetSpec {
            baseline_year: 2022,
            baseline_value: v0,
            target_year: 2027,
            target_value: vt,
            trajectory: Trajectory::Linear,
            direction: dir,
        }
    }

    fn status_of(spec: &TargetSpec, year: i32, v: f64) -> Status {
        assess(
            Some(spec),
            Some(Observation::exact(year, v)),
            2026,
            &Thresholds::default(),
        )
        .status
    }

    #[test]
    fn every_status_is_reachable() {
        let up = linear(0.0, 100.0, Direction::Increase);
        // In 2025, 60 % of the way is expected.
        assert_eq!(status_of(&up, 2025, 100.0), Status::Achieved);
        assert_eq!(status_of(&up, 2025, 58.0), Status::OnTrack);
        assert_eq!(status_of(&up, 2025, 40.0), Status::AtRisk);
        assert_eq!(status_of(&up, 2025, 10.0), Status::OffTrack);
        assert_eq!(status_of(&up, 2025, -5.0), Status::Deteriorating);
        assert_eq!(
            assess(Some(&up), None, 2026, &Thresholds::default()).status,
            Status::NoData
        );
        let early = TargetSpec {
            target_year: 2024,
            ..up
        };
        assert_eq!(status_of(&early, 2025, 80.0), Status::Missed);
    }

    #[test]
    fn annual_rate_compounds() {
        // −5 %/year over five years is −22.6 %, not −25 %.
        let v = value_after_annual_rate(100.0, -5.0, 5);
        assert!((v - 77.378).abs() < 0.001, "{v}");
        let spec = TargetSpec {
            baseline_year: 2022,
            baseline_value: 1000.0,
            target_year: 2027,
            target_value: value_after_annual_rate(1000.0, -5.0, 5),
            trajectory: Trajectory::AnnualRate { percent: -5.0 },
            direction: Direction::Decrease,
        };
        assert!((spec.expected_at(2024) - 902.5).abs() < 1e-9);
        // 2 years at −5 % expected −97.5; −97.5 achieved is exactly on track.
        assert_eq!(status_of(&spec, 2024, 902.5), Status::OnTrack);
        assert_eq!(status_of(&spec, 2024, 960.0), Status::OffTrack);
        assert_eq!(status_of(&spec, 2024, 1010.0), Status::Deteriorating);
    }

    #[test]
    fn decrease_to_zero() {
        let spec = linear(4.0, 0.0, Direction::Decrease);
        assert_eq!(status_of(&spec, 2025, 0.0), Status::Achieved);
        assert_eq!(status_of(&spec, 2025, 2.0), Status::AtRisk);
        assert_eq!(status_of(&spec, 2025, 5.0), Status::Deteriorating);
    }

    #[test]
    fn maintain_uses_tolerance() {
        let spec = linear(120.0, 120.0, Direction::Maintain);
        assert_eq!(status_of(&spec, 2025, 123.0), Status::Achieved);
        assert_eq!(status_of(&spec, 2025, 150.0), Status::Deteriorating);
    }

    #[test]
    fn range_straddling_a_threshold_is_flagged() {
        let up = linear(0.0, 100.0, Direction::Increase);
        let obs = Observation {
            year: 2025,
            value: 50.0,
            low: Some(20.0),
            high: Some(59.0),
        };
        let a = assess(Some(&up), Some(obs), 2026, &Thresholds::default());
        assert_eq!(a.status, Status::AtRisk);
        assert_eq!(
            a.uncertain_between,
            Some((Status::OnTrack, Status::OffTrack))
        );
        let tight = Observation {
            low: Some(49.0),
            high: Some(51.0),
            ..obs
        };
        let a = assess(Some(&up), Some(tight), 2026, &Thresholds::default());
        assert_eq!(a.uncertain_between, None);
    }

    #[test]
    fn baseline_only_is_no_data() {
        let up = linear(10.0, 100.0, Direction::Increase);
        assert_eq!(status_of(&up, 2022, 10.0), Status::NoData);
    }

    #[test]
    fn counts_roll_up() {
        let mut a = StatusCounts::default();
        a.add(Status::OnTrack);
        a.add(Status::Missed);
        let mut b = StatusCounts::default();
        b.add(Status::OnTrack);
        b.merge(&a);
        assert_eq!(b.on_track, 2);
        assert_eq!(b.missed, 1);
        assert_eq!(b.total(), 3);
    }

    fn arb_spec() -> impl Strategy<Value = TargetSpec> {
        (
            2015i32..2025,
            1i32..10,
            -1.0e4f64..1.0e4,
            -1.0e4f64..1.0e4,
            prop_oneof![
                Just(Trajectory::Linear),
                (-30.0f64..30.0).prop_map(|p| Trajectory::AnnualRate { percent: p })
            ],
        )
            .prop_map(|(y0, span, v0, vt, trajectory)| {
                let direction = if vt >= v0 {
                    Direction::Increase
                } else {
                    Direction::Decrease
                };
                TargetSpec {
                    baseline_year: y0,
                    baseline_value: v0,
                    target_year: y0 + span,
                    target_value: vt,
                    trajectory,
                    direction,
                }
            })
    }

    proptest! {
        #[test]
        fn linear_path_starts_at_baseline_and_ends_at_target(spec in arb_spec()) {
            let spec = TargetSpec { trajectory: Trajectory::Linear, ..spec };
            prop_assert!((spec.expected_at(spec.baseline_year) - spec.baseline_value).abs() < 1e-9);
            prop_assert!((spec.expected_at(spec.target_year) - spec.target_value).abs() < 1e-6);
        }

        #[test]
        fn better_values_never_get_worse_status(
            spec in arb_spec(),
            offset in 1i32..10,
            a in -2.0e4f64..2.0e4,
            b in -2.0e4f64..2.0e4,
        ) {
            let year = spec.baseline_year + offset;
            let current = spec.baseline_year.min(year);
            let (worse, better) = match spec.direction {
                Direction::Decrease => (a.max(b), a.min(b)),
                _ => (a.min(b), a.max(b)),
            };
            let t = Thresholds::default();
            let s_worse = assess(Some(&spec), Some(Observation::exact(year, worse)), current, &t).status;
            let s_better = assess(Some(&spec), Some(Observation::exact(year, better)), current, &t).status;
            // "No data" only arises from the year, which both share.
            prop_assert!(s_better.at_least_as_good_as(s_worse), "{s_better:?} vs {s_worse:?}");
        }

        #[test]
        fn scaling_all_values_keeps_the_status(
            spec in arb_spec(),
            offset in 1i32..10,
            v in -2.0e4f64..2.0e4,
            k in 0.01f64..100.0,
        ) {
            let year = spec.baseline_year + offset;
            let t = Thresholds::default();
            let scaled = TargetSpec {
                baseline_value: spec.baseline_value * k,
                target_value: spec.target_value * k,
                ..spec
            };
            let s1 = assess(Some(&spec), Some(Observation::exact(year, v)), year, &t);
            let s2 = assess(Some(&scaled), Some(Observation::exact(year, v * k)), year, &t);
            if let (Some(p1), Some(p2)) = (s1.progress_share, s2.progress_share) {
                prop_assert!((p1 - p2).abs() <= 1e-6 * (1.0 + p1.abs()), "{p1} vs {p2}");
                // Floating rounding may move p across a threshold it sits on.
                prop_assume!((p1 - t.on_track).abs() > 1e-6 && (p1 - t.at_risk).abs() > 1e-6 && p1.abs() > 1e-6);
            }
            // Likewise for a value sitting exactly on the target.
            prop_assume!(spec.is_met(v, &t) == scaled.is_met(v * k, &t));
            prop_assert_eq!(s1.status, s2.status);
        }

        #[test]
        fn decrease_mirrors_increase(
            spec in arb_spec(),
            offset in 1i32..10,
            v in -2.0e4f64..2.0e4,
        ) {
            let year = spec.baseline_year + offset;
            let t = Thresholds::default();
            let mirrored = TargetSpec {
                baseline_value: -spec.baseline_value,
                target_value: -spec.target_value,
                direction: match spec.direction {
                    Direction::Increase => Direction::Decrease,
                    Direction::Decrease => Direction::Increase,
                    Direction::Maintain => Direction::Maintain,
                },
                trajectory: Trajectory::Linear,
                ..spec
            };
            let spec = TargetSpec { trajectory: Trajectory::Linear, ..spec };
            let s1 = assess(Some(&spec), Some(Observation::exact(year, v)), year, &t).status;
            let s2 = assess(Some(&mirrored), Some(Observation::exact(year, -v)), year, &t).status;
            prop_assert_eq!(s1, s2);
        }

        #[test]
        fn after_the_deadline_only_achieved_or_missed(
            spec in arb_spec(),
            v in -2.0e4f64..2.0e4,
            late in 1i32..5,
        ) {
            let t = Thresholds::default();
            let year = spec.target_year;
            let s = assess(Some(&spec), Some(Observation::exact(year, v)), spec.target_year + late, &t).status;
            prop_assert!(matches!(s, Status::Achieved | Status::Missed), "{s:?}");
        }
    }
}
