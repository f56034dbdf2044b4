//! Notifications as their people meet them: the owners of a campaign are told once that it
//! opened, that its deadline nears, that it is overdue, and an owner that an item came back
//! with its reason; each person gets one digest by mail, in their language, through a real
//! SMTP server on loopback, and a mail server that is down loses nothing. SQLite and
//! PostgreSQL.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::smtp::{SmtpServer, free_port};
use common::{app, app_at, signed_in};
use jalon_app::campaigns::CampaignInput;
use jalon_app::mail::{Mailer, SmtpSecurity, SmtpSettings};
use jalon_app::notifications::MailSettings;
use jalon_app::{App, AppConfig, FixedClock};
use jalon_core::Lang;
use jalon_core::campaign::{CampaignItemKind, CampaignScope};
use jalon_core::notification::{DigestFrequency, MailState, NotificationKind};
use jalon_store::testing;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time")
}

/// The application with mail configured, at `now`.
fn mailing_app(store: jalon_store::Store, now: DateTime<Utc>) -> App {
    let config = AppConfig {
        mail_configured: true,
        public_url: Some("https://jalon.univ.example/".into()),
        ..AppConfig::default()
    };
    App::with_clock(store, config, Arc::new(FixedClock(now)))
}

fn mailer(port: u16) -> Mailer {
    Mailer::new(&SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "Jalon <jalon@univ.example>".into(),
    })
    .expect("mailer")
}

/// The 2026 campaign, open from 1 November to 15 December 2026.
fn campaign_2026() -> CampaignInput {
    CampaignInput {
        year: 2026,
        label: None,
        opens_on: "2026-11-01".parse().expect("date"),
        deadline: "2026-12-15".parse().expect("date"),
        scope: vec![CampaignScope::IndicatorValues],
    }
}

fn kinds(inbox: &jalon_app::notifications::Inbox) -> Vec<NotificationKind> {
    inbox.notices.iter().map(|n| n.kind).collect()
}

#[tokio::test]
async fn owners_are_told_once_of_each_step_and_of_a_return_with_its_reason() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let owner = signed_in(&app, "contributeur").await;
        let viewer = signed_in(&app, "lecteur").await;
        // The demo's 2025 campaign is past its deadline, and the editor returned one of the
        // owner's values with a reason.
        let inbox = app.inbox(&owner, Lang::Fr).await.expect("inbox");
        assert_eq!(
            kinds(&inbox),
            [NotificationKind::Overdue, NotificationKind::ItemReturned],
            "{}",
            db.label
        );

        let campaign = app
            .open_campaign(&editor, &campaign_2026())
            .await
            .expect("open");
        let first = app.run_notifications().await.expect("notify");
        assert!(first.notified >= 1, "{first:?}");
        assert_eq!(first.digests, 0, "no mail without an SMTP server");
        let again = app.run_notifications().await.expect("notify");
        assert_eq!(again.notified, 0, "each step is told once");

        let inbox = app.inbox(&owner, Lang::Fr).await.expect("inbox");
        let k = kinds(&inbox);
        assert!(k.contains(&NotificationKind::CampaignOpened), "{k:?}");
        assert!(
            k.contains(&NotificationKind::Overdue),
            "the demo's 2025 campaign is past its deadline: {k:?}"
        );
        assert!(!k.contains(&NotificationKind::DeadlineNear), "{k:?}");
        assert_eq!(inbox.unread, k.len() as u64);
        let opened = inbox
            .notices
            .iter()
            .find(|n| n.kind == NotificationKind::CampaignOpened)
            .expect("opened");
        assert!(
            opened.text.contains("2026") && opened.text.contains("ouverte"),
            "{}",
            opened.text
        );
        assert_eq!(
            inbox.email.as_deref(),
            Some("referent-ressources@example.org")
        );
        assert!(!inbox.mail_configured);
        let viewer_inbox = app.inbox(&viewer, Lang::Fr).await.expect("inbox");
        assert!(viewer_inbox.notices.is_empty(), "the viewer owes nothing");

        // A week before the deadline, those who still owe are reminded.
        let later = app_at(db.store.clone(), 18);
        later.run_notifications().await.expect("notify");
        let inbox = later.inbox(&owner, Lang::En).await.expect("inbox");
        let near = inbox
            .notices
            .iter()
            .find(|n| n.kind == NotificationKind::DeadlineNear)
            .expect("deadline near");
        assert!(near.text.contains("deadline is near"), "{}", near.text);

        // A value submitted then returned: its owner reads why.
        let todo = app.todo(&owner).await.expect("todo");
        let item = todo
            .campaigns
            .iter()
            .find(|c| c.campaign.id == campaign.id)
            .and_then(|c| {
                c.items
                    .iter()
                    .find(|i| i.kind == CampaignItemKind::IndicatorValue)
            })
            .expect("a value owed")
            .clone();
        app.submit_item_value(&owner, item.id, "12", None, None, None)
            .await
            .expect("submit");
        app.return_item(&editor, item.id, "La source manque")
            .await
            .expect("return");
        let inbox = app.inbox(&owner, Lang::Fr).await.expect("inbox");
        let returned = &inbox.notices[0];
        assert_eq!(returned.kind, NotificationKind::ItemReturned);
        assert!(
            returned.text.contains("La source manque"),
            "{}",
            returned.text
        );
        assert!(returned.text.contains(&item.code), "{}", returned.text);
        assert_eq!(returned.link, format!("/todo#item-{}", item.id));

        // Read one, then all.
        let before = inbox.unread;
        assert_eq!(
            app.mark_notifications_read(&owner, Some(&[returned.id]))
                .await
                .expect("read"),
            1
        );
        assert_eq!(
            app.unread_notifications(&owner).await.expect("unread"),
            before - 1
        );
        app.mark_notifications_read(&owner, None)
            .await
            .expect("read all");
        assert_eq!(app.unread_notifications(&owner).await.expect("unread"), 0);
        // Someone else's notification cannot be marked by the viewer.
        assert_eq!(
            app.mark_notifications_read(&viewer, Some(&[returned.id]))
                .await
                .expect("read"),
            0
        );
    }
}

#[tokio::test]
async fn one_digest_per_person_in_their_language_and_a_server_down_loses_nothing() {
    for db in testing::all().await {
        let port = free_port();
        // The demo is loaded before mail is configured: its notices wait for a digest.
        app(db.store.clone()).load_demo().await.expect("demo");
        let app = mailing_app(db.store.clone(), start());
        let editor = signed_in(&app, "editeur").await;
        let owner = signed_in(&app, "contributeur").await;
        app.set_mail_settings(
            &owner,
            &MailSettings {
                language: Lang::En,
                frequency: DigestFrequency::Daily,
            },
        )
        .await
        .expect("settings");
        app.open_campaign(&editor, &campaign_2026())
            .await
            .expect("open");
        let run = app.run_notifications().await.expect("notify");
        assert!(run.digests >= 1, "{run:?}");
        let queued = run.digests;

        // The server is down: every digest stays queued, tried once, with the error.
        let down = app.deliver_mail(&mailer(port)).await.expect("deliver");
        assert_eq!(
            (down.sent, down.retried, down.failed),
            (0, queued, 0),
            "{}",
            db.label
        );
        let admin = jalon_app::Actor::system(owner.institution_id);
        let (mails, _) = app.mail_queue(&admin).await.expect("queue");
        assert_eq!(mails.len(), queued);
        for m in &mails {
            assert_eq!(m.state, MailState::Queued);
            assert_eq!(m.attempts, 1);
            assert!(m.last_error.is_some());
        }
        // Not due again at once.
        let soon = app.deliver_mail(&mailer(port)).await.expect("deliver");
        assert_eq!((soon.sent, soon.retried), (0, 0));

        // The server is back; two minutes later every digest goes, one per person.
        let Some(server) = SmtpServer::start_on(port) else {
            return;
        };
        let app = mailing_app(db.store.clone(), start() + Duration::minutes(2));
        let up = app.deliver_mail(&mailer(port)).await.expect("deliver");
        assert_eq!((up.sent, up.retried, up.failed), (queued, 0, 0));
        let received = server.messages();
        assert_eq!(received.len(), queued, "{received:#?}");
        let to_owner: Vec<_> = received
            .iter()
            .filter(|m| m.contains("X-RcptTo: referent-ressources@example.org"))
            .collect();
        assert_eq!(to_owner.len(), 1, "one digest for the owner: {received:#?}");
        let digest = common::smtp::decoded(to_owner[0]);
        assert!(digest.contains("Hello Référent·e Ressources"), "{digest}");
        assert!(
            digest.contains("Subject: Jalon: 3 notifications"),
            "{digest}"
        );
        assert!(digest.contains("campaign is open"), "{digest}");
        assert!(digest.contains("was returned to you"), "{digest}");
        assert!(
            digest.contains("https://jalon.univ.example/todo"),
            "links to the to-do: {digest}"
        );
        let (mails, counts) = app.mail_queue(&admin).await.expect("queue");
        assert!(mails.iter().all(|m| m.state == MailState::Sent));
        assert!(counts.contains(&(MailState::Sent, queued as u64)));

        // Nothing new: no second digest the same day, even with a new notification; the
        // next day it goes.
        let todo = app.todo(&owner).await.expect("todo");
        let item = todo.campaigns[0]
            .items
            .iter()
            .find(|i| i.kind == CampaignItemKind::IndicatorValue)
            .expect("item")
            .clone();
        app.submit_item_value(&owner, item.id, "7", None, None, None)
            .await
            .expect("submit");
        app.return_item(&editor, item.id, "Unité à revoir")
            .await
            .expect("return");
        assert_eq!(app.run_notifications().await.expect("notify").digests, 0);
        let tomorrow = mailing_app(db.store.clone(), start() + Duration::days(1));
        assert_eq!(
            tomorrow.run_notifications().await.expect("notify").digests,
            1
        );
        tomorrow.deliver_mail(&mailer(port)).await.expect("deliver");
        let received = server.messages();
        assert_eq!(received.len(), queued + 1);
        assert!(
            received
                .iter()
                .any(|m| common::smtp::decoded(m).contains("Unité à revoir")),
            "{received:#?}"
        );
        drop(server);
    }
}
