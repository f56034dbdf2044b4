//! Action sheet rules: the status of an action and whether it is late.
//!
//! "Late" is never typed by a user: it follows from the sheet's dates, milestones and status
//! compared with today's date, which the caller passes in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::Action;

/// Where an action stands.
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
pub enum ActionStatus {
    /// Not started yet.
    #[default]
    Planned,
    InProgress,
    Done,
    /// A permanent activity carried on every year (never overdue).
    Recurring,
    Suspended,
    Abandoned,
}

impl ActionStatus {
    /// Every status, in workflow order.
    pub const ALL: [ActionStatus; 6] = [
        ActionStatus::Planned,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Recurring,
        ActionStatus::Suspended,
        ActionStatus::Abandoned,
    ];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Planned => "planned",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Recurring => "recurring",
            ActionStatus::Suspended => "suspended",
            ActionStatus::Abandoned => "abandoned",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// True when nothing more is expected of the action.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Abandoned)
    }
}

/// Why an action is late, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// The end date has passed and the action is not done.
    Overdue,
    /// A milestone's due date has passed and it is not done.
    MilestoneOverdue,
    /// The start date has passed and the action has not started.
    StartOverdue,
}

impl Lateness {
    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Lateness::Overdue => "overdue",
            Lateness::MilestoneOverdue => "milestone_overdue",
            Lateness::StartOverdue => "start_overdue",
        }
    }
}

/// The dates and status that lateness depends on.
#[derive(Debug, Clone, Copy)]
pub struct Schedule<'a> {
    pub status: ActionStatus,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Due date and completion date of each milestone.
    pub milestones: &'a [(Option<NaiveDate>, Option<NaiveDate>)],
}

/// Whether and why an action is late on `today`.
pub fn lateness(schedule: &Schedule<'_>, today: NaiveDate) -> Option<Lateness> {
    use ActionStatus::*;
    match schedule.status {
        Done | Abandoned | Recurring | Suspended => return None,
        Planned | InProgress => {}
    }
    if schedule.end.is_some_and(|end| end < today) {
        return Some(Lateness::Overdue);
    }
    if schedule
        .milestones
        .iter()
        .any(|(due, done)| done.is_none() && due.is_some_and(|d| d < today))
    {
        return Some(Lateness::MilestoneOverdue);
    }
    if schedule.status == Planned && schedule.start.is_some_and(|s| s < today) {
        return Some(Lateness::StartOverdue);
    }
    None
}

impl Action {
    /// Whether and why this action is late on `today`.
    pub fn lateness(&self, today: NaiveDate) -> Option<Lateness> {
        let milestones: Vec<_> = self.milestones.iter().map(|m| (m.due, m.done_on)).collect();
        lateness(
            &Schedule {
                status: self.status,
                start: self.start,
                end: self.end,
                milestones: &milestones,
            },
            today,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn sched(
        status: ActionStatus,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Schedule<'static> {
        Schedule {
            status,
            start,
            end,
            milestones: &[],
        }
    }

    #[test]
    fn overdue_when_end_passed_and_not_done() {
        let today = d(2026, 11, 21);
        let s = sched(
            ActionStatus::InProgress,
            Some(d(2023, 1, 1)),
            Some(d(2025, 12, 31)),
        );
        assert_eq!(lateness(&s, today), Some(Lateness::Overdue));
        let done = sched(
            ActionStatus::Done,
            Some(d(2023, 1, 1)),
            Some(d(2025, 12, 31)),
        );
        assert_eq!(lateness(&done, today), None);
        let recurring = sched(ActionStatus::Recurring, None, Some(d(2025, 12, 31)));
        assert_eq!(lateness(&recurring, today), None);
    }

    #[test]
    fn end_day_itself_is_not_late() {
        let s = sched(ActionStatus::InProgress, None, Some(d(2026, 11, 21)));
        assert_eq!(lateness(&s, d(2026, 11, 21)), None);
        assert_eq!(lateness(&s, d(2026, 11, 22)), Some(Lateness::Overdue));
    }

    #[test]
    fn start_overdue_only_when_still_planned() {
        let today = d(2026, 3, 1);
        let s = sched(
            ActionStatus::Planned,
            Some(d(2026, 1, 1)),
            Some(d(2027, 1, 1)),
        );
        assert_eq!(lateness(&s, today), Some(Lateness::StartOverdue));
        let s = sched(
            ActionStatus::InProgress,
            Some(d(2026, 1, 1)),
            Some(d(2027, 1, 1)),
        );
        assert_eq!(lateness(&s, today), None);
    }

    #[test]
    fn milestone_overdue() {
        let ms = [
            (Some(d(2026, 1, 31)), None),
            (Some(d(2025, 6, 1)), Some(d(2025, 5, 20))),
        ];
        let s = Schedule {
            status: ActionStatus::InProgress,
            start: None,
            end: Some(d(2027, 12, 31)),
            milestones: &ms,
        };
        assert_eq!(
            lateness(&s, d(2026, 2, 1)),
            Some(Lateness::MilestoneOverdue)
        );
        assert_eq!(lateness(&s, d(2026, 1, 15)), None);
    }

    #[test]
    fn status_identifiers_round_trip() {
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::parse(s.as_str()), Some(s));
        }
    }
}
