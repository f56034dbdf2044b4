//! Sending mail through the institution's SMTP server.
//!
//! Only the mail queue calls this: a digest is written to the queue in the same transaction
//! that marks its notifications carried, then delivered here; a refusal the server calls
//! temporary (or a server that cannot be reached) leaves the mail queued for a later try.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587), refused if the server cannot.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or a test server on loopback.
    None,
}

impl std::str::FromStr for SmtpSecurity {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(SmtpSecurity::Starttls),
            "tls" => Ok(SmtpSecurity::Tls),
            "none" => Ok(SmtpSecurity::None),
            _ => Err(()),
        }
    }
}

/// Where and as whom mail is sent.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// Read from the environment (`JALON_SMTP_PASSWORD`), never from the file.
    pub password: Option<String>,
    /// The sender's address, e.g. `Jalon <jalon@univ.example>`.
    pub from: String,
}

/// Why a mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The sender or the recipient is not a mail address.
    #[error("not a mail address: {0}")]
    Address(String),
    /// The transport could not be set up from the settings.
    #[error("SMTP settings: {0}")]
    Settings(String),
    /// The server could not be reached, or refused the mail.
    #[error("{message}")]
    Refused {
        message: String,
        /// The server refused for good (a retry would be refused again).
        permanent: bool,
    },
}

impl MailError {
    /// True when trying again later could succeed.
    pub fn is_temporary(&self) -> bool {
        matches!(
            self,
            MailError::Refused {
                permanent: false,
                ..
            }
        )
    }
}

/// The connection settings of the SMTP server, ready to send.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `host:port`, for messages.
    pub server: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .finish()
    }
}

/// How long one conversation with the server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// Checks the settings and prepares the transport (no connection is made).
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, MailError> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|_| MailError::Address(settings.from.clone()))?;
        let builder = match settings.security {
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host),
            SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                settings.host.clone(),
            )),
        }
        .map_err(|e| MailError::Settings(e.to_string()))?;
        let mut builder = builder.port(settings.port).timeout(Some(TIMEOUT));
        if let Some(user) = &settings.username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                settings.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            server: format!("{}:{}", settings.host, settings.port),
        })
    }

    /// Sends one plain-text mail.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|_| MailError::Address(to.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| MailError::Settings(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Refused {
                permanent: e.is_permanent(),
                message: e.to_string(),
            })
    }
}
