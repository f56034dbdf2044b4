//! The use cases of Jalon, written once and called by the web UI, the JSON API and the
//! command line: import and export a plan, check it, compute the dashboard, record and
//! validate measurements, update action sheets, manage accounts and sessions.
//!
//! Every use case checks permissions with [`jalon_core::access::allowed`], runs its writes in
//! one transaction (with the audit entry and the revision bump), and reports failures as an
//! [`AppError`] with a stable code that the adapters translate.

pub mod actions;
pub mod auth;
pub mod campaign_sheet;
pub mod campaigns;
pub mod carbon;
pub mod computed;
pub mod demo;
mod error;
pub mod frameworks;
pub mod journal;
pub mod login_throttle;
pub mod mail;
pub mod measurements;
pub mod notifications;
mod parsing;
pub mod plan;
pub mod plan_versions;
pub mod report;
pub mod sdg;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tree;
pub mod versions;
pub mod view;

use jalon_core::message::Message;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use jalon_core::access::{Operation, Role, allowed};
use jalon_core::progress::Thresholds;
use jalon_store::Store;

pub(crate) use error::not_found;
pub use error::{AppError, AppResult, ErrorCode};
pub use view::PlanView;

/// Years the application accepts, everywhere: inventories, fund, reports, framework answers
/// and report content (a greenhouse-gas inventory may go back to 1990, the Kyoto reference).
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Refuses a year outside [`YEARS`], naming `field`.
pub fn check_year(field: &'static str, year: i32) -> AppResult<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            ErrorCode::InvalidYear,
            year.to_string(),
        ))
    }
}

/// Who is acting: a signed-in user, an API token's owner, or the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `None` for the command line (which has direct access to the database).
    pub user_id: Option<i64>,
    pub institution_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The person the account stands for (pilot, indicator owner).
    pub person_id: Option<i64>,
    /// The code of the workstream the account leads as its référent: it may update the
    /// actions and enter the values of the indicators of that workstream.
    pub domain: Option<String>,
    /// Revision of the institution's data read when the actor was authenticated: a cached
    /// view at least that recent can be used without asking the database again.
    pub revision_hint: Option<i64>,
}

impl Actor {
    /// The audit-log entry of a change this actor makes (no before/after values; set them
    /// with struct update syntax where the log should show them).
    pub(crate) fn change<'a>(
        &self,
        entity_kind: &'a str,
        entity_id: Option<i64>,
        operation: &'a str,
        message: Message,
    ) -> jalon_store::audit::Change<'a> {
        jalon_store::audit::Change {
            institution_id: self.institution_id,
            user_id: self.user_id,
            entity_kind,
            entity_id,
            operation,
            message,
            before: None,
            after: None,
        }
    }

    /// The command line, acting as an administrator of `institution_id`.
    pub fn system(institution_id: i64) -> Actor {
        Actor {
            user_id: None,
            institution_id,
            username: "jalon".to_string(),
            display_name: "jalon (CLI)".to_string(),
            role: Role::Admin,
            person_id: None,
            domain: None,
            revision_hint: None,
        }
    }

    /// Fails with [`AppError::Forbidden`] unless the role allows `op`.
    pub fn require(&self, op: Operation) -> AppResult<()> {
        if allowed(self.role, op) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The source of "now"; tests fix it.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at a given instant.
#[derive(Debug)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Settings of the use cases.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub thresholds: Thresholds,
    /// Idle lifetime of a browser session.
    pub session_hours: i64,
    /// How failed logins slow further tries.
    pub login_throttle: login_throttle::ThrottleRules,
    /// An SMTP server is configured: notifications also go by mail.
    pub mail_configured: bool,
    /// The address people reach Jalon at (`https://jalon.univ.example`), for the links of
    /// mails; none: mails give paths only.
    pub public_url: Option<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            thresholds: Thresholds::default(),
            session_hours: 12,
            login_throttle: login_throttle::ThrottleRules {
                free_per_account: 5,
                free_per_address: 20,
                ceiling: std::time::Duration::from_secs(60),
            },
            mail_configured: false,
            public_url: None,
        }
    }
}

/// The use cases over one store.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    config: AppConfig,
    cache: Arc<RwLock<HashMap<i64, Arc<PlanView>>>>,
    logins: Arc<login_throttle::LoginThrottle>,
    pending_imports: Arc<plan::PendingImports>,
    factor_cache: Arc<carbon::FactorCache>,
    parsers: Arc<parsing::Parsers>,
}

impl App {
    /// Use cases over `store`, with the system clock.
    pub fn new(store: Store, config: AppConfig) -> App {
        Self::with_clock(store, config, Arc::new(SystemClock))
    }

    /// Use cases with an explicit clock.
    pub fn with_clock(store: Store, config: AppConfig, clock: Arc<dyn Clock>) -> App {
        App {
            store,
            clock,
            config,
            cache: Arc::default(),
            logins: Arc::default(),
            pending_imports: Arc::default(),
            factor_cache: Arc::default(),
            parsers: Arc::default(),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The settings.
    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }

    /// The current calendar year.
    pub fn current_year(&self) -> i32 {
        self.today().year()
    }

    /// The institution single-institution deployments serve, if created.
    pub async fn default_institution(&self) -> AppResult<Option<i64>> {
        Ok(jalon_store::institutions::first(self.store.db())
            .await?
            .map(|i| i.id))
    }
}

/// Trims a text and turns an empty one into `None`.
pub fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Fails when a text is longer than `max` characters.
pub fn check_len(field: &'static str, value: &str, max: usize) -> AppResult<()> {
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            ErrorCode::TooLong,
            format!("{max}"),
        ));
    }
    Ok(())
}

/// Accepts only http(s) URLs.
pub fn check_url(field: &'static str, url: &str) -> AppResult<()> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(AppError::invalid(field, ErrorCode::InvalidUrl, url));
    }
    check_len(field, url, 2000)
}
