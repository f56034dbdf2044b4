//! The yearly data-collection campaign: once a year every owner supplies the values of their
//! indicators and the status of the actions they pilot, by a deadline; editors validate each
//! item or return it with a reason. This module holds the campaign's states and the rules
//! that do not need the database: where a campaign stands on a given day, which items are
//! overdue, and the tallies of the progress page.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::MeasurementState;

/// What a campaign collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignScope {
    /// The values of the plan's indicators for the campaign year.
    IndicatorValues,
    /// The status and progress of the plan's actions under way.
    ActionStatuses,
}

names!(CampaignScope {
    IndicatorValues = "indicator_values",
    ActionStatuses = "action_statuses",
});

impl CampaignScope {
    /// The kind of item this scope gives each owner.
    pub fn item_kind(self) -> CampaignItemKind {
        match self {
            CampaignScope::IndicatorValues => CampaignItemKind::IndicatorValue,
            CampaignScope::ActionStatuses => CampaignItemKind::ActionStatus,
        }
    }
}

/// Whether a campaign still accepts entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
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
pub enum CampaignState {
    /// Owners enter and submit; editors validate or return.
    #[default]
    Open,
    /// The year's values are locked; a change needs the campaign reopened.
    Closed,
}

names!(CampaignState {
    Open = "open",
    Closed = "closed",
});

/// Where a campaign stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignPhase {
    /// Opened by an editor, but its opening date has not come.
    Scheduled,
    /// Between its opening date and its deadline.
    Collecting,
    /// Still open after its deadline: what is not supplied is overdue.
    PastDeadline,
    /// Closed: its values are locked.
    Closed,
}

names!(CampaignPhase {
    Scheduled = "scheduled",
    Collecting = "collecting",
    PastDeadline = "past_deadline",
    Closed = "closed",
});

/// The phase of a campaign in `state`, opening on `opens_on` with `deadline`, on `today`.
pub fn phase(
    state: CampaignState,
    opens_on: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
) -> CampaignPhase {
    match state {
        CampaignState::Closed => CampaignPhase::Closed,
        CampaignState::Open if today < opens_on => CampaignPhase::Scheduled,
        CampaignState::Open if today > deadline => CampaignPhase::PastDeadline,
        CampaignState::Open => CampaignPhase::Collecting,
    }
}

/// What an owner owes in a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
pub enum CampaignItemKind {
    /// The value of an indicator for the campaign year.
    IndicatorValue,
    /// The status and progress of an action.
    ActionStatus,
}

names!(CampaignItemKind {
    IndicatorValue = "indicator_value",
    ActionStatus = "action_status",
});

/// Where an item of a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
pub enum ItemState {
    /// Nothing submitted yet (a draft may exist).
    Pending,
    /// Returned by an editor with a reason: the owner owes it again.
    Returned,
    /// Submitted, waiting for an editor.
    Submitted,
    /// Accepted by an editor.
    Validated,
}

names!(ItemState {
    Pending = "pending",
    Returned = "returned",
    Submitted = "submitted",
    Validated = "validated",
});

impl ItemState {
    /// True when the owner still has to supply the item.
    pub fn owed(self) -> bool {
        matches!(self, ItemState::Pending | ItemState::Returned)
    }

    /// The state of an indicator-value item, read from the value the owner entered for the
    /// year (`None`: no value) and whether an editor returned it since it was last
    /// submitted. The value's own review state is the truth: a value imported with the plan
    /// or entered on the indicator page counts as much as one entered from the to-do page.
    pub fn of_value(value: Option<MeasurementState>, returned: bool) -> ItemState {
        match value {
            None => ItemState::Pending,
            Some(MeasurementState::Draft) if returned => ItemState::Returned,
            Some(MeasurementState::Draft) => ItemState::Pending,
            Some(MeasurementState::Submitted) => ItemState::Submitted,
            Some(MeasurementState::Validated) => ItemState::Validated,
        }
    }
}

/// True when an item in `state` is overdue on `today` for a campaign due on `deadline`.
pub fn overdue(state: ItemState, deadline: NaiveDate, today: NaiveDate) -> bool {
    state.owed() && today > deadline
}

/// How many items stand where, for one owner, one workstream or the whole campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub total: u32,
    pub pending: u32,
    pub returned: u32,
    pub submitted: u32,
    pub validated: u32,
    /// Owed items past the deadline (counted in `pending` or `returned` too).
    pub overdue: u32,
}

impl Tally {
    /// Counts one item.
    pub fn add(&mut self, state: ItemState, is_overdue: bool) {
        self.total += 1;
        match state {
            ItemState::Pending => self.pending += 1,
            ItemState::Returned => self.returned += 1,
            ItemState::Submitted => self.submitted += 1,
            ItemState::Validated => self.validated += 1,
        }
        if is_overdue {
            self.overdue += 1;
        }
    }

    /// Items supplied: submitted or validated.
    pub fn supplied(&self) -> u32 {
        self.submitted + self.validated
    }
}

/// Tallies items by a grouping key (an owner, a workstream): each item is `(key, state)`.
pub fn tally_by<K: Ord>(
    items: impl IntoIterator<Item = (K, ItemState)>,
    deadline: NaiveDate,
    today: NaiveDate,
) -> BTreeMap<K, Tally> {
    let mut out: BTreeMap<K, Tally> = BTreeMap::new();
    for (key, state) in items {
        out.entry(key)
            .or_default()
            .add(state, overdue(state, deadline, today));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn phases_follow_the_calendar_until_closed() {
        let (open, due) = (d(2026, 1, 15), d(2026, 3, 31));
        let at = |today| phase(CampaignState::Open, open, due, today);
        assert_eq!(at(d(2026, 1, 14)), CampaignPhase::Scheduled);
        assert_eq!(at(d(2026, 1, 15)), CampaignPhase::Collecting);
        assert_eq!(at(d(2026, 3, 31)), CampaignPhase::Collecting);
        assert_eq!(at(d(2026, 4, 1)), CampaignPhase::PastDeadline);
        assert_eq!(
            phase(CampaignState::Closed, open, due, d(2026, 2, 1)),
            CampaignPhase::Closed
        );
    }

    #[test]
    fn a_value_item_follows_its_value() {
        use MeasurementState::*;
        assert_eq!(ItemState::of_value(None, true), ItemState::Pending);
        assert_eq!(ItemState::of_value(Some(Draft), false), ItemState::Pending);
        assert_eq!(ItemState::of_value(Some(Draft), true), ItemState::Returned);
        assert_eq!(
            ItemState::of_value(Some(Submitted), true),
            ItemState::Submitted
        );
        assert_eq!(
            ItemState::of_value(Some(Validated), false),
            ItemState::Validated
        );
    }

    #[test]
    fn only_owed_items_are_overdue_and_only_after_the_deadline() {
        let due = d(2026, 3, 31);
        assert!(!overdue(ItemState::Pending, due, due));
        assert!(overdue(ItemState::Pending, due, d(2026, 4, 1)));
        assert!(overdue(ItemState::Returned, due, d(2026, 4, 1)));
        assert!(!overdue(ItemState::Submitted, due, d(2026, 4, 1)));
        assert!(!overdue(ItemState::Validated, due, d(2027, 1, 1)));
    }

    #[test]
    fn scopes_round_trip() {
        for &s in CampaignScope::ALL {
            assert_eq!(CampaignScope::parse(s.as_str()), Some(s));
        }
        for &s in ItemState::ALL {
            assert_eq!(ItemState::parse(s.as_str()), Some(s));
        }
        assert_eq!(CampaignScope::parse("everything"), None);
    }

    fn state() -> impl Strategy<Value = ItemState> {
        prop::sample::select(ItemState::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn tallies_add_up(items in prop::collection::vec((0u8..5, state()), 0..60),
                          late in any::<bool>()) {
            let due = d(2026, 3, 31);
            let today = if late { d(2026, 4, 2) } else { d(2026, 3, 1) };
            let by_owner = tally_by(items.iter().copied(), due, today);
            let total: u32 = by_owner.values().map(|t| t.total).sum();
            prop_assert_eq!(total as usize, items.len());
            for t in by_owner.values() {
                prop_assert_eq!(t.total, t.pending + t.returned + t.submitted + t.validated);
                prop_assert!(t.overdue <= t.pending + t.returned);
                if late {
                    prop_assert_eq!(t.overdue, t.pending + t.returned);
                } else {
                    prop_assert_eq!(t.overdue, 0);
                }
                prop_assert!(t.supplied() <= t.total);
            }
        }
    }
}
