//! Notifications, each person's mail settings and the mail queue.
//!
//! A notification is written once per account and `once_key`: the reminders of a campaign
//! are computed again every few minutes and must not repeat. A mail is claimed before it is
//! sent (its next try is pushed past the time a delivery can take), so two processes that
//! deliver the queue at once do not send it twice.

use chrono::{DateTime, Duration, Utc};
use jalon_core::Lang;
use jalon_core::notification::{DigestFrequency, MailState, NotificationKind};
use sea_orm::ActiveValue::{self, NotSet};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::Result;
use crate::entity::{mail_outbox, notification, notification_setting, person};

pub use mail_outbox::Model as MailRow;
pub use notification::Model as NotificationRow;
pub use notification_setting::Model as SettingRow;

/// How long a claimed mail is left to its sender before another process may try it.
const CLAIM_MINUTES: i64 = 10;

/// A notification to write.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub institution_id: i64,
    pub account_id: i64,
    pub kind: NotificationKind,
    pub campaign_id: Option<i64>,
    pub item_id: Option<i64>,
    pub once_key: String,
}

/// Writes a notification unless its account already has one with the same key; true when
/// written.
pub async fn add<C: ConnectionTrait>(
    conn: &C,
    new: NewNotification,
    now: DateTime<Utc>,
) -> Result<bool> {
    let exists = notification::Entity::find()
        .filter(notification::Column::AccountId.eq(new.account_id))
        .filter(notification::Column::OnceKey.eq(new.once_key.as_str()))
        .count(conn)
        .await?
        > 0;
    if exists {
        return Ok(false);
    }
    notification::ActiveModel {
        institution_id: Set(new.institution_id),
        account_id: Set(new.account_id),
        kind: Set(new.kind),
        campaign_id: Set(new.campaign_id),
        item_id: Set(new.item_id),
        once_key: Set(new.once_key),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(true)
}

/// An account's latest notifications, newest first.
pub async fn of_account<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    limit: u64,
) -> Result<Vec<NotificationRow>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// One of the account's notifications, if it is theirs.
pub async fn of_account_by_id<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    id: i64,
) -> Result<Option<NotificationRow>> {
    Ok(notification::Entity::find_by_id(id)
        .filter(notification::Column::AccountId.eq(account_id))
        .one(conn)
        .await?)
}

/// How many notifications the account has not read.
pub async fn unread<C: ConnectionTrait>(conn: &C, account_id: i64) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await?)
}

/// Marks the account's notifications read: those of `ids`, or all. Returns how many changed.
pub async fn mark_read<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    ids: Option<&[i64]>,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::AccountId.eq(account_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        update = update.filter(notification::Column::Id.is_in(ids.iter().copied()));
    }
    Ok(update.exec(conn).await?.rows_affected)
}

/// The notifications no digest has carried yet, by account.
pub async fn unmailed<C: ConnectionTrait>(conn: &C) -> Result<Vec<NotificationRow>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::MailedAt.is_null())
        .order_by_asc(notification::Column::AccountId)
        .order_by_asc(notification::Column::Id)
        .all(conn)
        .await?)
}

/// Records that a digest carried these notifications (or that none will).
pub async fn set_mailed<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    for chunk in ids.chunks(500) {
        notification::Entity::update_many()
            .col_expr(notification::Column::MailedAt, Expr::value(now))
            .filter(notification::Column::Id.is_in(chunk.iter().copied()))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// An account's mail settings, if it chose any.
pub async fn setting<C: ConnectionTrait>(conn: &C, account_id: i64) -> Result<Option<SettingRow>> {
    Ok(notification_setting::Entity::find_by_id(account_id)
        .one(conn)
        .await?)
}

/// Every account's mail settings.
pub async fn settings<C: ConnectionTrait>(conn: &C) -> Result<Vec<SettingRow>> {
    Ok(notification_setting::Entity::find().all(conn).await?)
}

/// Saves an account's language and frequency, keeping when its last digest left.
pub async fn save_setting<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    language: Lang,
    frequency: DigestFrequency,
) -> Result<SettingRow> {
    upsert_setting(conn, account_id, language, frequency, NotSet).await
}

/// Records when the account's last digest left (with the settings it was written with).
pub async fn set_last_digest<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    language: Lang,
    frequency: DigestFrequency,
    now: DateTime<Utc>,
) -> Result<()> {
    upsert_setting(conn, account_id, language, frequency, Set(Some(now))).await?;
    Ok(())
}

/// Writes an account's settings in one statement: an update when it has some, else an
/// insert (a new account's last digest is none unless `last_digest_at` says otherwise).
async fn upsert_setting<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    language: Lang,
    frequency: DigestFrequency,
    last_digest_at: ActiveValue<Option<DateTime<Utc>>>,
) -> Result<SettingRow> {
    let mut model = notification_setting::ActiveModel {
        account_id: Set(account_id),
        language: Set(language),
        frequency: Set(frequency),
        last_digest_at,
    };
    Ok(match setting(conn, account_id).await? {
        Some(_) => model.update(conn).await?,
        None => {
            if !model.last_digest_at.is_set() {
                model.last_digest_at = Set(None);
            }
            model.insert(conn).await?
        }
    })
}

/// The mail addresses of the institution's people, by person id.
pub async fn person_emails<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<std::collections::HashMap<i64, String>> {
    Ok(person::Entity::find()
        .filter(person::Column::InstitutionId.eq(institution_id))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.id, p.email.filter(|e| !e.trim().is_empty())?)))
        .collect())
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub institution_id: i64,
    pub account_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Queues a mail, due at once.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    mail: NewMail,
    now: DateTime<Utc>,
) -> Result<MailRow> {
    Ok(mail_outbox::ActiveModel {
        institution_id: Set(mail.institution_id),
        account_id: Set(mail.account_id),
        recipient: Set(mail.recipient),
        subject: Set(mail.subject),
        body: Set(mail.body),
        state: Set(MailState::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The queued mails due at `now`, oldest first.
pub async fn due<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<MailRow>> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::State.eq(MailState::Queued))
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Claims a due mail for this process; false when another process claimed it first.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    mail: &MailRow,
    now: DateTime<Utc>,
) -> Result<bool> {
    let result = mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::NextAttemptAt,
            Expr::value(now + Duration::minutes(CLAIM_MINUTES)),
        )
        .filter(mail_outbox::Column::Id.eq(mail.id))
        .filter(mail_outbox::Column::State.eq(MailState::Queued))
        .filter(mail_outbox::Column::NextAttemptAt.eq(mail.next_attempt_at))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// What became of a try.
#[derive(Debug, Clone)]
pub enum Delivery<'a> {
    /// The server accepted the mail.
    Sent,
    /// The server could not be reached or refused for now: try again at `retry_at`, or never
    /// (`None`: the mail has failed).
    Refused {
        error: &'a str,
        retry_at: Option<DateTime<Utc>>,
    },
}

/// Records a try of a mail.
pub async fn record_try<C: ConnectionTrait>(
    conn: &C,
    mail: &MailRow,
    delivery: Delivery<'_>,
    now: DateTime<Utc>,
) -> Result<MailRow> {
    let mut model = mail_outbox::ActiveModel {
        id: Set(mail.id),
        attempts: Set(mail.attempts + 1),
        ..Default::default()
    };
    match delivery {
        Delivery::Sent => {
            model.state = Set(MailState::Sent);
            model.sent_at = Set(Some(now));
            model.last_error = Set(None);
        }
        Delivery::Refused { error, retry_at } => {
            model.last_error = Set(Some(error.to_string()));
            match retry_at {
                Some(at) => model.next_attempt_at = Set(at),
                None => model.state = Set(MailState::Failed),
            }
        }
    }
    Ok(model.update(conn).await?)
}

/// The institution's latest mails of the queue, newest first.
pub async fn outbox<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    limit: u64,
) -> Result<Vec<MailRow>> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::InstitutionId.eq(institution_id))
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// How many of the institution's mails are in each state.
pub async fn outbox_counts<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<(MailState, u64)>> {
    let mut out = Vec::new();
    for state in MailState::ALL {
        let n = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::InstitutionId.eq(institution_id))
            .filter(mail_outbox::Column::State.eq(*state))
            .count(conn)
            .await?;
        out.push((*state, n));
    }
    Ok(out)
}
