//! Notifications: what Jalon tells a person about the campaign (it opened, its deadline is
//! near, it is overdue, an item came back with a reason), and the rules of the mail that
//! carries them: one digest per person at the frequency they chose, and a queue whose
//! deliveries are retried with a growing delay, so a mail server that is down loses nothing.
//! The clock and the mail server are the callers'; this module only decides.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a notification tells.
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
pub enum NotificationKind {
    /// A campaign in which the person owes items has opened.
    CampaignOpened,
    /// The deadline is near and the person still owes items.
    DeadlineNear,
    /// The deadline has passed and the person still owes items.
    Overdue,
    /// An editor returned one of the person's items with a reason.
    ItemReturned,
}

names!(NotificationKind {
    CampaignOpened = "campaign_opened",
    DeadlineNear = "deadline_near",
    Overdue = "overdue",
    ItemReturned = "item_returned",
});

/// How often a person receives the digest of their notifications by mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
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
pub enum DigestFrequency {
    /// At most one mail a day.
    #[default]
    Daily,
    /// At most one mail a week.
    Weekly,
    /// No mail: notifications stay in the application.
    Never,
}

names!(DigestFrequency {
    Daily = "daily",
    Weekly = "weekly",
    Never = "never",
});

/// Where a queued mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
pub enum MailState {
    /// Waiting for its first delivery or for its next try.
    Queued,
    /// Accepted by the mail server.
    Sent,
    /// Refused for good, or still refused after every try: an administrator looks at it.
    Failed,
}

names!(MailState {
    Queued = "queued",
    Sent = "sent",
    Failed = "failed",
});

/// How many days before the deadline the owners who still owe items are reminded.
pub const REMINDER_DAYS: i64 = 7;

/// The delays between the tries of a mail, in minutes; after the last one it has failed.
const RETRY_MINUTES: [i64; 8] = [1, 5, 15, 60, 180, 360, 720, 1440];

/// How many times a mail is tried before it is marked failed.
pub const MAX_ATTEMPTS: u32 = RETRY_MINUTES.len() as u32 + 1;

/// When a mail that has been tried `attempts` times (the last at `now`) is tried again; `None`
/// when it has been tried enough and is failed.
pub fn retry_at(attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_MINUTES
        .get(index)
        .map(|m| now + Duration::minutes(*m))
}

/// Whether a person who receives digests at `frequency`, and last received one at `last`, is
/// due another at `now`. A daily digest goes once per calendar day (UTC), a weekly one after
/// seven days.
pub fn digest_due(
    frequency: DigestFrequency,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match (frequency, last) {
        (DigestFrequency::Never, _) => false,
        (_, None) => true,
        (DigestFrequency::Daily, Some(last)) => last.date_naive() < now.date_naive(),
        (DigestFrequency::Weekly, Some(last)) => now - last >= Duration::days(7),
    }
}

/// The campaign notifications an owner who still owes items is due on `today`, for a campaign
/// open from `opens_on` to `deadline`: that it opened, from its opening day to its deadline;
/// that its deadline is near, in the last [`REMINDER_DAYS`] days (not for a campaign shorter
/// than that, whose opening notice gives the deadline); that it is overdue, after the
/// deadline. Each is sent once per campaign, which the caller ensures.
pub fn campaign_notices(
    opens_on: NaiveDate,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Vec<NotificationKind> {
    let reminder = Duration::days(REMINDER_DAYS);
    if today < opens_on {
        Vec::new()
    } else if today > deadline {
        vec![NotificationKind::Overdue]
    } else if deadline - today <= reminder && deadline - opens_on > reminder {
        vec![
            NotificationKind::CampaignOpened,
            NotificationKind::DeadlineNear,
        ]
    } else {
        vec![NotificationKind::CampaignOpened]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("a date-time")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_mail_is_retried_later_and_later_then_failed() {
        let now = at("2026-03-01T10:00:00Z");
        assert_eq!(retry_at(1, now), Some(at("2026-03-01T10:01:00Z")));
        assert_eq!(retry_at(2, now), Some(at("2026-03-01T10:05:00Z")));
        assert_eq!(retry_at(8, now), Some(at("2026-03-02T10:00:00Z")));
        assert_eq!(retry_at(MAX_ATTEMPTS, now), None);
        assert_eq!(retry_at(0, now), None, "a mail not tried has no retry");
    }

    #[test]
    fn digests_follow_the_chosen_frequency() {
        let now = at("2026-03-02T08:00:00Z");
        assert!(digest_due(DigestFrequency::Daily, None, now));
        assert!(digest_due(
            DigestFrequency::Daily,
            Some(at("2026-03-01T23:00:00Z")),
            now
        ));
        assert!(!digest_due(
            DigestFrequency::Daily,
            Some(at("2026-03-02T07:00:00Z")),
            now
        ));
        assert!(!digest_due(
            DigestFrequency::Weekly,
            Some(at("2026-02-27T08:00:00Z")),
            now
        ));
        assert!(digest_due(
            DigestFrequency::Weekly,
            Some(at("2026-02-23T08:00:00Z")),
            now
        ));
        assert!(!digest_due(DigestFrequency::Never, None, now));
    }

    #[test]
    fn an_owner_is_told_of_the_opening_then_the_deadline_then_the_delay() {
        let (opens, deadline) = (day("2026-03-01"), day("2026-03-31"));
        let notices = |d| campaign_notices(opens, deadline, day(d));
        assert!(notices("2026-02-28").is_empty());
        assert_eq!(notices("2026-03-01"), [NotificationKind::CampaignOpened]);
        assert_eq!(
            notices("2026-03-24"),
            [
                NotificationKind::CampaignOpened,
                NotificationKind::DeadlineNear
            ]
        );
        assert_eq!(
            notices("2026-03-31"),
            [
                NotificationKind::CampaignOpened,
                NotificationKind::DeadlineNear
            ]
        );
        assert_eq!(notices("2026-04-01"), [NotificationKind::Overdue]);
        let short = campaign_notices(day("2026-03-25"), deadline, day("2026-03-26"));
        assert_eq!(short, [NotificationKind::CampaignOpened]);
    }

    #[test]
    fn names_round_trip() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(*k));
        }
        for f in DigestFrequency::ALL {
            assert_eq!(DigestFrequency::parse(f.as_str()), Some(*f));
        }
    }

    proptest! {
        /// Each try waits longer than the one before, and tries end.
        #[test]
        fn retries_grow_and_end(attempts in 1u32..20, minutes in 0i64..1_000_000) {
            let now = at("2026-01-01T00:00:00Z") + Duration::minutes(minutes);
            match (retry_at(attempts, now), retry_at(attempts + 1, now)) {
                (Some(a), Some(b)) => prop_assert!(a < b && a > now),
                (None, next) => prop_assert!(next.is_none() && attempts >= MAX_ATTEMPTS),
                (Some(_), None) => prop_assert!(attempts + 1 >= MAX_ATTEMPTS),
            }
        }

        /// An owner is never told both that the deadline is near and that it has passed.
        #[test]
        fn near_and_overdue_exclude_each_other(offset in -60i64..60, length in 0i64..90) {
            let opens = day("2026-03-01");
            let deadline = opens + Duration::days(length);
            let today = deadline + Duration::days(offset);
            let n = campaign_notices(opens, deadline, today);
            prop_assert!(!(n.contains(&NotificationKind::DeadlineNear)
                && n.contains(&NotificationKind::Overdue)));
            prop_assert_eq!(n.contains(&NotificationKind::Overdue), today > deadline);
        }
    }
}
