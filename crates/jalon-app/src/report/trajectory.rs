//! What a target's trajectory chart draws, whatever the words around it: the path expected
//! from the baseline to the target, the measured values, and the years the chart and its data
//! table span. The pages and the steering report draw the same chart from it.

use std::ops::RangeInclusive;

use jalon_chart::MeasuredPoint;
use jalon_core::plan::{Indicator, MeasurementState};
use jalon_core::progress::TargetSpec;
use jalon_core::status::{Point, series};

/// The series of a target's trajectory chart.
#[derive(Debug, Clone)]
pub struct TrajectorySeries {
    spec: TargetSpec,
    /// Expected value of each year from the baseline year to the target year.
    pub expected: Vec<(i32, f64)>,
    /// The indicator's values, oldest first.
    pub points: Vec<Point>,
}

impl TrajectorySeries {
    /// The series of a target with `spec`, measured by `indicator` (none: no value yet).
    pub fn new(spec: TargetSpec, indicator: Option<&Indicator>) -> TrajectorySeries {
        TrajectorySeries {
            expected: (spec.baseline_year..=spec.target_year)
                .map(|y| (y, spec.expected_at(y)))
                .collect(),
            points: indicator.map(series).unwrap_or_default(),
            spec,
        }
    }

    /// The values as the chart draws them: provisional when not validated.
    pub fn measured(&self) -> Vec<MeasuredPoint> {
        self.points
            .iter()
            .map(|p| MeasuredPoint {
                year: p.year,
                value: p.value,
                low: p.low,
                high: p.high,
                provisional: p.state != MeasurementState::Validated,
            })
            .collect()
    }

    /// The years of the data table: baseline to target, widened to the values measured.
    pub fn years(&self) -> RangeInclusive<i32> {
        let first = self
            .spec
            .baseline_year
            .min(self.points.first().map_or(i32::MAX, |p| p.year));
        let last = self
            .spec
            .target_year
            .max(self.points.last().map_or(i32::MIN, |p| p.year));
        first..=last
    }

    /// The value expected in `year`, within the trajectory.
    pub fn expected_in(&self, year: i32) -> Option<f64> {
        self.expected
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, v)| *v)
    }

    /// The latest value measured in `year`.
    pub fn measured_in(&self, year: i32) -> Option<&Point> {
        self.points.iter().rev().find(|p| p.year == year)
    }
}
