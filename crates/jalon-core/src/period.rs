//! Reporting periods of measurements: a calendar year (`2024`), an academic year
//! (`2023-2024`) or a date range (`2024-01-01..2024-06-30`).
//!
//! Every period maps to the year used on trajectories: the calendar year, the year an academic
//! year ends in, or the year of a range's last day.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A measurement period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Period {
    Year {
        year: i32,
    },
    /// Academic year starting in `start` (September) and ending in `start + 1`.
    AcademicYear {
        start: i32,
    },
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PeriodError {
    #[error("\"{0}\" is not a period (expected 2024, 2023-2024 or 2024-01-01..2024-06-30)")]
    Invalid(String),
    #[error("\"{0}\": an academic year spans two consecutive years (e.g. 2023-2024)")]
    NotConsecutive(String),
    #[error("\"{0}\": the range ends before it starts")]
    Reversed(String),
    #[error("\"{0}\": year out of range (1900–2200)")]
    OutOfRange(String),
}

fn year(s: &str, input: &str) -> Result<i32, PeriodError> {
    let y: i32 = s
        .trim()
        .parse()
        .map_err(|_| PeriodError::Invalid(input.to_string()))?;
    if !(1900..=2200).contains(&y) {
        return Err(PeriodError::OutOfRange(input.to_string()));
    }
    Ok(y)
}

impl Period {
    /// Parses `2024`, `2023-2024`, `2023/2024`, `2023-24` or `2024-01-01..2024-06-30`.
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let s = input.trim();
        let invalid = || PeriodError::Invalid(s.to_string());
        if let Some((a, b)) = s.split_once("..") {
            let from = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| invalid())?;
            let to = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| invalid())?;
            if to < from {
                return Err(PeriodError::Reversed(s.to_string()));
            }
            return Ok(Period::Range { from, to });
        }
        if s.len() == 4 {
            return Ok(Period::Year { year: year(s, s)? });
        }
        let sep = s.find(['-', '/', '–']).ok_or_else(invalid)?;
        let (a, b) = (
            &s[..sep],
            &s[sep + s[sep..].chars().next().map_or(1, char::len_utf8)..],
        );
        let start = year(a, s)?;
        let end = match b.trim().len() {
            2 => {
                let yy: i32 = b.trim().parse().map_err(|_| invalid())?;
                start - start % 100 + yy + if yy < start % 100 { 100 } else { 0 }
            }
            4 => year(b, s)?,
            _ => return Err(invalid()),
        };
        if end != start + 1 {
            return Err(PeriodError::NotConsecutive(s.to_string()));
        }
        Ok(Period::AcademicYear { start })
    }

    /// Year used to place the value on a trajectory.
    pub fn trajectory_year(&self) -> i32 {
        match self {
            Period::Year { year } => *year,
            Period::AcademicYear { start } => start + 1,
            Period::Range { to, .. } => to.year(),
        }
    }

    /// Canonical text form, which [`Period::parse`] reads back.
    pub fn label(&self) -> String {
        match self {
            Period::Year { year } => year.to_string(),
            Period::AcademicYear { start } => format!("{start}-{}", start + 1),
            Period::Range { from, to } => format!("{from}..{to}"),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forms() {
        assert_eq!(Period::parse("2024"), Ok(Period::Year { year: 2024 }));
        assert_eq!(
            Period::parse("2023-2024"),
            Ok(Period::AcademicYear { start: 2023 })
        );
        assert_eq!(
            Period::parse("2023/2024"),
            Ok(Period::AcademicYear { start: 2023 })
        );
        assert_eq!(
            Period::parse("2023-24"),
            Ok(Period::AcademicYear { start: 2023 })
        );
        assert_eq!(
            Period::parse("2099-00"),
            Ok(Period::AcademicYear { start: 2099 })
        );
        assert_eq!(
            Period::parse("2023-2024").map(|p| p.trajectory_year()),
            Ok(2024)
        );
        let r = Period::parse("2024-01-01..2024-06-30").expect("range");
        assert_eq!(r.trajectory_year(), 2024);
        assert!(matches!(
            Period::parse("2023-2025"),
            Err(PeriodError::NotConsecutive(_))
        ));
        assert!(matches!(
            Period::parse("douze"),
            Err(PeriodError::Invalid(_))
        ));
        assert!(matches!(
            Period::parse("2024-06-30..2024-01-01"),
            Err(PeriodError::Reversed(_))
        ));
        assert!(matches!(
            Period::parse("0024"),
            Err(PeriodError::OutOfRange(_))
        ));
    }

    proptest! {
        #[test]
        fn labels_parse_back(y in 1900i32..2199, academic: bool) {
            let p = if academic { Period::AcademicYear { start: y } } else { Period::Year { year: y } };
            prop_assert_eq!(Period::parse(&p.label()), Ok(p));
        }

        #[test]
        fn never_panics(s in "\\PC{0,16}") {
            let _ = Period::parse(&s);
        }
    }
}
