//! Notifications in the application and by mail.
//!
//! The campaign tells the people who owe items that it opened, that its deadline nears, that
//! it is overdue, and tells an owner that an editor returned an item with a reason. A person
//! sees them under the bell of every page and receives them by mail in one digest, at the
//! frequency and in the language they chose. Digests are written to a queue in the database
//! and delivered from there with retries ([`App::deliver_mail`]), so a mail server that is
//! down loses nothing. Without an SMTP server configured, notifications stay in the
//! application.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::campaign::{CampaignState, ItemState};
use jalon_core::message::Message;
use jalon_core::notification::{
    self, DigestFrequency, MailState, NotificationKind, campaign_notices,
};
use jalon_i18n::Tr;
use jalon_store::notifications::{self as store, Delivery, NewMail, NotificationRow};

/// A mail of the queue, as stored.
pub use jalon_store::notifications::MailRow;
use jalon_store::{DatabaseTransaction, accounts, campaigns, institutions};
use serde::{Deserialize, Serialize};

use crate::campaigns::{item_of, owes};
use crate::mail::Mailer;
use crate::{Actor, App, AppResult, PlanView};

/// How many notifications the bell page lists.
const SHOWN: u64 = 100;

/// How many notices a digest spells out; the rest are counted.
const DIGEST_LINES: usize = 40;

/// How many mails one delivery round tries.
const DELIVERY_BATCH: u64 = 100;

/// A notification as a person reads it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    pub kind: NotificationKind,
    /// What it says, in the catalogue's words.
    #[serde(skip)]
    pub message: Message,
    /// What it says, in the reader's language (filled by [`App::inbox`]).
    pub text: String,
    /// Where to act on it.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// A person's mail settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailSettings {
    pub language: Lang,
    pub frequency: DigestFrequency,
}

/// A person's notifications and mail settings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub notices: Vec<Notice>,
    pub unread: u64,
    pub settings: MailSettings,
    /// The address digests go to; `None`: the person has no address, mail cannot reach them.
    pub email: Option<String>,
    /// Whether this server sends mail at all.
    pub mail_configured: bool,
}

/// What one round of the notification job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NotifyRun {
    /// Notifications written.
    pub notified: usize,
    /// Digests queued.
    pub digests: usize,
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryRun {
    pub sent: usize,
    /// Refused for now, kept for a later try.
    pub retried: usize,
    /// Refused for good, or after the last try.
    pub failed: usize,
}

/// The catalogue key of a notification's text.
fn notice_key(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::CampaignOpened => "notice-campaign-opened",
        NotificationKind::DeadlineNear => "notice-deadline-near",
        NotificationKind::Overdue => "notice-overdue",
        NotificationKind::ItemReturned => "notice-item-returned",
    }
}

/// Where a notification leads: the item it speaks of on the to-do page, or the page itself.
fn link_of(row: &NotificationRow) -> String {
    match row.item_id {
        Some(item) => format!("/todo#item-{item}"),
        None => "/todo".to_string(),
    }
}

/// The settings of an account that chose none.
fn default_settings() -> MailSettings {
    MailSettings {
        language: Lang::Fr,
        frequency: DigestFrequency::Daily,
    }
}

/// Writes the notifications of an item returned to its owner, for every account that
/// answers for the owner; called in the transaction of the return.
pub(crate) async fn notify_returned(
    txn: &DatabaseTransaction,
    view: &PlanView,
    item: &campaigns::ItemRow,
    institution_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for account in accounts::list(txn, institution_id).await? {
        if account.active && view.person_answers_to(account.person_id, item.owner.as_deref()) {
            let new = store::NewNotification {
                institution_id,
                account_id: account.id,
                kind: NotificationKind::ItemReturned,
                campaign_id: Some(item.campaign_id),
                item_id: Some(item.id),
                once_key: format!("item_returned:{}:{}", item.id, now.timestamp_micros()),
            };
            store::add(txn, new, now).await?;
        }
    }
    Ok(())
}

impl App {
    /// The actor's notifications, newest first, with their mail settings.
    pub async fn inbox(&self, actor: &Actor, lang: Lang) -> AppResult<Inbox> {
        actor.require(Operation::View)?;
        let Some(account_id) = actor.user_id else {
            return Err(crate::AppError::Forbidden);
        };
        let conn = self.store.db();
        let rows = store::of_account(conn, account_id, SHOWN).await?;
        let view = self.view_for(actor).await?;
        let tr = Tr::new(lang);
        let mut notices = self.notices_of(&rows, &view).await?;
        for n in &mut notices {
            n.text = tr.msg(&n.message);
        }
        let settings = match store::setting(conn, account_id).await? {
            Some(s) => MailSettings {
                language: s.language,
                frequency: s.frequency,
            },
            None => default_settings(),
        };
        let email = match actor.person_id {
            Some(p) => store::person_emails(conn, actor.institution_id)
                .await?
                .remove(&p),
            None => None,
        };
        Ok(Inbox {
            unread: store::unread(conn, account_id).await?,
            notices,
            settings,
            email,
            mail_configured: self.config.mail_configured,
        })
    }

    /// How many notifications the actor has not read (the bell's number).
    pub async fn unread_notifications(&self, actor: &Actor) -> AppResult<u64> {
        match actor.user_id {
            Some(id) => Ok(store::unread(self.store.db(), id).await?),
            None => Ok(0),
        }
    }

    /// Marks the actor's notifications read: `ids`, or all of them.
    pub async fn mark_notifications_read(
        &self,
        actor: &Actor,
        ids: Option<&[i64]>,
    ) -> AppResult<u64> {
        actor.require(Operation::View)?;
        let Some(account_id) = actor.user_id else {
            return Err(crate::AppError::Forbidden);
        };
        let txn = self.store.begin_write().await?;
        let changed = store::mark_read(&txn, account_id, ids, self.now()).await?;
        txn.commit().await.map_err(jalon_store::StoreError::from)?;
        Ok(changed)
    }

    /// Opens one of the actor's notifications: marks it read and tells where it leads;
    /// `None` when it is not theirs.
    pub async fn open_notification(&self, actor: &Actor, id: i64) -> AppResult<Option<String>> {
        actor.require(Operation::View)?;
        let Some(account_id) = actor.user_id else {
            return Err(crate::AppError::Forbidden);
        };
        let txn = self.store.begin_write().await?;
        let row = store::of_account_by_id(&txn, account_id, id).await?;
        if row.is_some() {
            store::mark_read(&txn, account_id, Some(&[id]), self.now()).await?;
        }
        txn.commit().await.map_err(jalon_store::StoreError::from)?;
        Ok(row.as_ref().map(link_of))
    }

    /// Saves the actor's mail language and frequency.
    pub async fn set_mail_settings(
        &self,
        actor: &Actor,
        settings: &MailSettings,
    ) -> AppResult<MailSettings> {
        actor.require(Operation::View)?;
        let Some(account_id) = actor.user_id else {
            return Err(crate::AppError::Forbidden);
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        store::save_setting(&txn, account_id, settings.language, settings.frequency).await?;
        let message = Message::new("journal-mail-settings")
            .word("frequency", format!("frequency-{}", settings.frequency))
            .word(
                "language",
                format!("language-{}", settings.language.as_str()),
            );
        self.finish(
            txn,
            actor.change("account", Some(account_id), "mail_settings", message),
            now,
        )
        .await?;
        Ok(settings.clone())
    }

    /// The notices of `rows`, with the campaign and item each speaks of as they are now.
    async fn notices_of(
        &self,
        rows: &[NotificationRow],
        view: &PlanView,
    ) -> AppResult<Vec<Notice>> {
        let conn = self.store.db();
        let today = self.today();
        let mut campaigns_by_id = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut message = Message::new(notice_key(row.kind));
            if let Some(cid) = row.campaign_id {
                if let Entry::Vacant(slot) = campaigns_by_id.entry(cid) {
                    slot.insert(campaigns::get(conn, row.institution_id, cid).await?);
                }
                if let Some(c) = campaigns_by_id.get(&cid) {
                    message = message.with("year", c.year).with("date", c.deadline);
                    if let Some(iid) = row.item_id {
                        let item = campaigns::item(conn, iid).await?;
                        let shown = item_of(&item, c.year, view, c.deadline, today);
                        let (code, title) = shown.map(|s| (s.code, s.title)).unwrap_or_default();
                        message = message
                            .with("code", code)
                            .with("title", title)
                            .with("reason", item.reason.clone().unwrap_or_default());
                    }
                }
            }
            out.push(Notice {
                id: row.id,
                kind: row.kind,
                message,
                text: String::new(),
                link: link_of(row),
                created_at: row.created_at,
                read: row.read_at.is_some(),
            });
        }
        Ok(out)
    }

    /// One round of the notification job, for every institution: writes the campaign
    /// notices due today (each once per person and campaign), then queues the digests due
    /// (when mail is configured). Run every few minutes by `jalon serve`, or by `jalon mail
    /// run`.
    pub async fn run_notifications(&self) -> AppResult<NotifyRun> {
        let mut run = NotifyRun::default();
        for institution in institutions::all(self.store.db()).await? {
            run.notified += self.notify_campaigns(institution.id).await?;
        }
        if self.config.mail_configured {
            run.digests = self.queue_digests().await?;
        }
        Ok(run)
    }

    /// Writes the campaign notices due today to the people who still owe items.
    async fn notify_campaigns(&self, institution_id: i64) -> AppResult<usize> {
        let conn = self.store.db();
        let today = self.today();
        let open: Vec<_> = campaigns::list(conn, institution_id)
            .await?
            .into_iter()
            .filter(|c| c.state == CampaignState::Open && c.opens_on <= today)
            .collect();
        if open.is_empty() {
            return Ok(0);
        }
        let view = self.plan_view(institution_id).await?;
        let people: Vec<_> = accounts::list(conn, institution_id)
            .await?
            .into_iter()
            .filter(|a| a.active && (a.person_id.is_some() || a.domain.is_some()))
            .collect();
        let mut due = Vec::new();
        for row in &open {
            let items = self.items_of(row, &view, today).await?;
            let kinds = campaign_notices(row.opens_on, row.deadline, today);
            for account in &people {
                let owes = items.iter().any(|i| {
                    matches!(i.state, ItemState::Pending | ItemState::Returned)
                        && owes(&view, account.person_id, account.domain.as_deref(), i)
                });
                if owes {
                    due.extend(kinds.iter().map(|k| store::NewNotification {
                        institution_id,
                        account_id: account.id,
                        kind: *k,
                        campaign_id: Some(row.id),
                        item_id: None,
                        once_key: format!("{k}:{}", row.id),
                    }));
                }
            }
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let mut written = 0;
        for new in due {
            written += usize::from(store::add(&txn, new, now).await?);
        }
        txn.commit().await.map_err(jalon_store::StoreError::from)?;
        Ok(written)
    }

    /// Queues one digest per person whose frequency says one is due and who has notifications
    /// no digest carried; the notifications of people who want no mail, or have no address,
    /// are marked as carried so they do not wait for ever.
    async fn queue_digests(&self) -> AppResult<usize> {
        let conn = self.store.db();
        let now = self.now();
        let mut by_account: BTreeMap<i64, Vec<NotificationRow>> = BTreeMap::new();
        for row in store::unmailed(conn).await? {
            by_account.entry(row.account_id).or_default().push(row);
        }
        let settings: HashMap<i64, _> = store::settings(conn)
            .await?
            .into_iter()
            .map(|s| (s.account_id, s))
            .collect();
        let mut emails: HashMap<i64, HashMap<i64, String>> = HashMap::new();
        let mut queued = 0;
        for (account_id, rows) in by_account {
            let account = accounts::get(conn, account_id).await?;
            let institution_id = account.institution_id;
            if let Entry::Vacant(slot) = emails.entry(institution_id) {
                slot.insert(store::person_emails(conn, institution_id).await?);
            }
            let email =
                (account.person_id).and_then(|p| emails.get(&institution_id)?.get(&p).cloned());
            let setting = settings.get(&account_id);
            let (language, frequency, last) = match setting {
                Some(s) => (s.language, s.frequency, s.last_digest_at),
                None => (Lang::Fr, DigestFrequency::Daily, None),
            };
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let to = email.filter(|_| account.active && frequency != DigestFrequency::Never);
            if to.is_some() && !notification::digest_due(frequency, last, now) {
                continue;
            }
            let txn = self.store.begin_write().await?;
            if let Some(to) = to {
                let view = self.plan_view(institution_id).await?;
                let notices = self.notices_of(&rows, &view).await?;
                let tr = Tr::new(language);
                let (subject, body) = self.digest(&tr, &account.display_name, &notices, frequency);
                let mail = NewMail {
                    institution_id,
                    account_id: Some(account_id),
                    recipient: to,
                    subject,
                    body,
                };
                store::enqueue(&txn, mail, now).await?;
                store::set_last_digest(&txn, account_id, language, frequency, now).await?;
                queued += 1;
            }
            store::set_mailed(&txn, &ids, now).await?;
            txn.commit().await.map_err(jalon_store::StoreError::from)?;
        }
        Ok(queued)
    }

    /// The subject and plain-text body of a digest.
    fn digest(
        &self,
        tr: &Tr,
        name: &str,
        notices: &[Notice],
        frequency: DigestFrequency,
    ) -> (String, String) {
        let subject = tr.msg(&Message::new("digest-subject").with("count", notices.len()));
        let mut body = tr.args("digest-greeting", &[("name", name)]);
        body.push_str("\n\n");
        let base = self
            .config
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/'));
        for notice in notices.iter().take(DIGEST_LINES) {
            body.push_str("- ");
            body.push_str(&tr.msg(&notice.message));
            body.push('\n');
            if let Some(base) = base {
                body.push_str(&format!("  {base}{}\n", notice.link));
            }
        }
        if notices.len() > DIGEST_LINES {
            let more = notices.len() - DIGEST_LINES;
            body.push_str(&tr.msg(&Message::new("digest-more").with("count", more)));
            body.push('\n');
        }
        body.push('\n');
        let how_often = tr.t(&format!("frequency-{frequency}"));
        let settings = match base {
            Some(base) => format!("{base}/notifications"),
            None => "/notifications".to_string(),
        };
        body.push_str(&tr.args(
            "digest-footer",
            &[("frequency", &how_often), ("link", &settings)],
        ));
        body.push('\n');
        (subject, body)
    }

    /// Tries the queued mails that are due: sent, kept for a later try (the server could not
    /// be reached or refused for now), or failed (refused for good, or after the last try).
    pub async fn deliver_mail(&self, mailer: &Mailer) -> AppResult<DeliveryRun> {
        let now = self.now();
        let mut run = DeliveryRun::default();
        for mail in store::due(self.store.db(), now, DELIVERY_BATCH).await? {
            if !store::claim(self.store.db(), &mail, now).await? {
                continue;
            }
            let result = mailer
                .send(&mail.recipient, &mail.subject, &mail.body)
                .await;
            let error = result.as_ref().err().map(|e| e.to_string());
            let delivery = match &result {
                Ok(()) => {
                    run.sent += 1;
                    Delivery::Sent
                }
                Err(e) => {
                    let attempts = u32::try_from(mail.attempts + 1).unwrap_or(u32::MAX);
                    let retry_at = if e.is_temporary() {
                        notification::retry_at(attempts, now)
                    } else {
                        None
                    };
                    match retry_at {
                        Some(_) => run.retried += 1,
                        None => run.failed += 1,
                    }
                    Delivery::Refused {
                        error: error.as_deref().unwrap_or_default(),
                        retry_at,
                    }
                }
            };
            store::record_try(self.store.db(), &mail, delivery, now).await?;
        }
        Ok(run)
    }

    /// The latest mails of the queue and how many are in each state (administrators).
    pub async fn mail_queue(
        &self,
        actor: &Actor,
    ) -> AppResult<(Vec<MailRow>, Vec<(MailState, u64)>)> {
        actor.require(Operation::ManageUsers)?;
        let conn = self.store.db();
        let mails = store::outbox(conn, actor.institution_id, SHOWN).await?;
        let counts = store::outbox_counts(conn, actor.institution_id).await?;
        Ok((mails, counts))
    }
}
