//! `jalon mail …` and the rounds of `jalon serve`: notifications are written and digests
//! queued every few minutes, and the queue is delivered when an SMTP server is configured.
//! Without one, `jalon serve` says at start that notifications stay in the application.

use anyhow::Result;
use clap::Subcommand;
use jalon_app::App;
use jalon_app::mail::Mailer;

use crate::settings::Settings;
use crate::words::w;
use crate::{TextOrJson, explain, open};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// One round now: write the campaign notifications due, queue the digests due and
    /// deliver the queue (what `jalon serve` does every `notify_minutes`).
    Run,
    /// The mail queue: how many mails wait, were sent or failed, and the latest ones.
    Queue {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Send a test mail to an address through the configured SMTP server, at once.
    Test { address: String },
}

/// One round: notifications, digests, deliveries; what it did, in a line.
async fn round(app: &App, mailer: Option<&Mailer>) -> Result<String> {
    let notified = app.run_notifications().await.map_err(explain)?;
    let mut line = w!(
        "cli-mail-round",
        notified = notified.notified,
        digests = notified.digests
    );
    if let Some(mailer) = mailer {
        let d = app.deliver_mail(mailer).await.map_err(explain)?;
        line.push_str(&format!(
            "; {}",
            w!(
                "cli-mail-delivered",
                sent = d.sent,
                retried = d.retried,
                failed = d.failed
            )
        ));
    }
    Ok(line)
}

/// Starts the rounds of a serving process: one now, then one every `notify_minutes`.
pub fn start_rounds(app: App, settings: &Settings) -> Result<()> {
    let mailer = settings.mailer()?;
    match &mailer {
        Some(m) => out!("{}", w!("cli-mail-on", server = m.server)),
        None => out!("{}", w!("cli-mail-off")),
    }
    let every = std::time::Duration::from_secs(settings.notify_minutes.saturating_mul(60));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match round(&app, mailer.as_ref()).await {
                Ok(line) => tracing::debug!(round = %line, "notifications"),
                Err(e) => tracing::warn!(error = %e, "notification round failed"),
            }
        }
    });
    Ok(())
}

pub async fn run(settings: &Settings, command: MailCommand) -> Result<()> {
    let app = open(settings, false).await?;
    match command {
        MailCommand::Run => {
            let mailer = settings.mailer()?;
            if mailer.is_none() {
                out!("{}", w!("cli-mail-off"));
            }
            out!("{}", round(&app, mailer.as_ref()).await?);
        }
        MailCommand::Queue { format } => {
            let actor = app.system_actor().await.map_err(explain)?;
            let (mails, counts) = app.mail_queue(&actor).await.map_err(explain)?;
            match format {
                TextOrJson::Json => {
                    let counts: serde_json::Map<String, serde_json::Value> = counts
                        .iter()
                        .map(|(s, n)| (s.as_str().to_string(), (*n).into()))
                        .collect();
                    let mails: Vec<_> = mails
                        .iter()
                        .map(|m| {
                            serde_json::json!({
                                "id": m.id, "recipient": m.recipient, "subject": m.subject,
                                "state": m.state, "attempts": m.attempts,
                                "next_attempt_at": m.next_attempt_at,
                                "last_error": m.last_error, "created_at": m.created_at,
                                "sent_at": m.sent_at,
                            })
                        })
                        .collect();
                    let doc = serde_json::json!({ "counts": counts, "mails": mails });
                    out!("{}", serde_json::to_string_pretty(&doc)?);
                }
                TextOrJson::Text => {
                    let counts: Vec<String> = counts
                        .iter()
                        .map(|(s, n)| format!("{}: {n}", s.as_str()))
                        .collect();
                    out!("{}", counts.join(", "));
                    for m in &mails {
                        out!(
                            "{:>5}  {}  {:<7} {}×  {}  {}",
                            m.id,
                            m.created_at.format("%Y-%m-%d %H:%M"),
                            m.state.as_str(),
                            m.attempts,
                            m.recipient,
                            m.last_error.as_deref().unwrap_or(&m.subject)
                        );
                    }
                }
            }
        }
        MailCommand::Test { address } => {
            let mailer = settings
                .mailer()?
                .ok_or_else(|| anyhow::anyhow!(w!("cli-mail-off")))?;
            mailer
                .send(
                    &address,
                    &w!("cli-mail-test-subject"),
                    &w!("cli-mail-test-body"),
                )
                .await
                .map_err(|e| anyhow::anyhow!(w!("cli-mail-test-failed", error = e.to_string())))?;
            out!(
                "{}",
                w!(
                    "cli-mail-test-sent",
                    address = address,
                    server = mailer.server
                )
            );
        }
    }
    Ok(())
}
