//! Configuration: defaults, then a TOML file, then `JALON_*` environment variables, then
//! command-line flags, each overriding the one before.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::words::w;
use jalon_app::mail::{Mailer, SmtpSecurity, SmtpSettings};
use serde::Deserialize;

/// The shortest metrics token accepted: long enough not to be guessed.
const MIN_METRICS_TOKEN: usize = 24;

/// Everything that can be configured.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://…` or `postgres://…`; defaults to a SQLite file in the data directory.
    pub database_url: Option<String>,
    /// Address to listen on.
    pub bind: String,
    /// Mark cookies `Secure` (set when serving behind HTTPS).
    pub secure_cookies: bool,
    /// A reverse proxy stands in front and appends the client's address to
    /// `X-Forwarded-For`; failed logins are counted per that address.
    pub behind_proxy: bool,
    /// Idle lifetime of a browser session, in hours.
    pub session_hours: i64,
    /// Share of the expected change above which a target is on track.
    pub on_track_threshold: f64,
    /// Share of the expected change above which a target is at risk (below: off track).
    pub at_risk_threshold: f64,
    /// Largest upload, in megabytes.
    pub max_upload_mb: usize,
    /// Log filter, e.g. `info` or `jalon_web=debug`.
    pub log: String,
    /// How log lines are written on standard error.
    pub log_format: LogFormat,
    /// The bearer token of the Prometheus scraper (`GET /metrics`); none: no metrics.
    pub metrics_token: Option<String>,
    /// The SMTP server notifications go through; none: they stay in the application.
    pub smtp_host: Option<String>,
    /// Its port (587 with STARTTLS, 465 with TLS, 25 for a local relay).
    pub smtp_port: u16,
    /// How the connection is protected.
    pub smtp_security: SmtpSecurity,
    /// The account on the SMTP server, if it asks for one (its password comes from
    /// `JALON_SMTP_PASSWORD`, never from the file).
    pub smtp_username: Option<String>,
    /// The sender of the mails, e.g. `Jalon <jalon@univ.example>`.
    pub smtp_from: Option<String>,
    /// The address people reach Jalon at, for the links of mails.
    pub public_url: Option<String>,
    /// Minutes between two rounds of notifications and mail deliveries while serving.
    pub notify_minutes: u64,
}

/// How log lines are written: for a person reading a terminal, or one JSON object a line for
/// a log collector (journald, Loki, Elasticsearch…).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = ();

    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(()),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: None,
            bind: "127.0.0.1:8080".to_string(),
            secure_cookies: false,
            behind_proxy: false,
            session_hours: 12,
            on_track_threshold: 0.95,
            at_risk_threshold: 0.5,
            max_upload_mb: 64,
            log: "info".to_string(),
            log_format: LogFormat::Text,
            metrics_token: None,
            smtp_host: None,
            smtp_port: 587,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_from: None,
            public_url: None,
            notify_minutes: 5,
        }
    }
}

/// The platform data directory (`~/.local/share/jalon` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "jalon", "jalon").map(|d| d.data_dir().to_path_buf())
}

/// The default configuration file (`~/.config/jalon/jalon.toml` on Linux).
pub fn default_config_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "jalon", "jalon")
        .map(|d| d.config_dir().join("jalon.toml"))
}

/// Settings as written in a file or the environment: each one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    database_url: Option<String>,
    bind: Option<String>,
    secure_cookies: Option<bool>,
    behind_proxy: Option<bool>,
    session_hours: Option<i64>,
    on_track_threshold: Option<f64>,
    at_risk_threshold: Option<f64>,
    max_upload_mb: Option<usize>,
    log: Option<String>,
    log_format: Option<LogFormat>,
    metrics_token: Option<String>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_security: Option<SmtpSecurity>,
    smtp_username: Option<String>,
    smtp_from: Option<String>,
    public_url: Option<String>,
    notify_minutes: Option<u64>,
}

fn env_var<T: std::str::FromStr>(key: &str) -> Result<Option<T>> {
    let name = format!("JALON_{}", key.to_uppercase());
    match std::env::var(&name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!(w!("cli-bad-setting", name = name, value = v))),
        _ => Ok(None),
    }
}

impl Overrides {
    /// The `JALON_*` variables of the settings (other `JALON_*` variables are not settings).
    fn from_env() -> Result<Overrides> {
        Ok(Overrides {
            database_url: env_var("database_url")?,
            bind: env_var("bind")?,
            secure_cookies: env_var("secure_cookies")?,
            behind_proxy: env_var("behind_proxy")?,
            session_hours: env_var("session_hours")?,
            on_track_threshold: env_var("on_track_threshold")?,
            at_risk_threshold: env_var("at_risk_threshold")?,
            max_upload_mb: env_var("max_upload_mb")?,
            log: env_var("log")?,
            log_format: env_var("log_format")?,
            metrics_token: env_var("metrics_token")?,
            smtp_host: env_var("smtp_host")?,
            smtp_port: env_var("smtp_port")?,
            smtp_security: env_var("smtp_security")?,
            smtp_username: env_var("smtp_username")?,
            smtp_from: env_var("smtp_from")?,
            public_url: env_var("public_url")?,
            notify_minutes: env_var("notify_minutes")?,
        })
    }

    fn apply(mut self, s: &mut Settings) {
        self.apply_mail(s);
        if let Some(v) = self.database_url {
            s.database_url = Some(v);
        }
        if let Some(v) = self.bind {
            s.bind = v;
        }
        if let Some(v) = self.secure_cookies {
            s.secure_cookies = v;
        }
        if let Some(v) = self.behind_proxy {
            s.behind_proxy = v;
        }
        if let Some(v) = self.session_hours {
            s.session_hours = v;
        }
        if let Some(v) = self.on_track_threshold {
            s.on_track_threshold = v;
        }
        if let Some(v) = self.at_risk_threshold {
            s.at_risk_threshold = v;
        }
        if let Some(v) = self.max_upload_mb {
            s.max_upload_mb = v;
        }
        if let Some(v) = self.log {
            s.log = v;
        }
        if let Some(v) = self.log_format {
            s.log_format = v;
        }
        if let Some(v) = self.metrics_token {
            s.metrics_token = Some(v);
        }
    }

    fn apply_mail(&mut self, s: &mut Settings) {
        if let Some(v) = self.smtp_host.take() {
            s.smtp_host = Some(v);
        }
        if let Some(v) = self.smtp_port.take() {
            s.smtp_port = v;
        }
        if let Some(v) = self.smtp_security.take() {
            s.smtp_security = v;
        }
        if let Some(v) = self.smtp_username.take() {
            s.smtp_username = Some(v);
        }
        if let Some(v) = self.smtp_from.take() {
            s.smtp_from = Some(v);
        }
        if let Some(v) = self.public_url.take() {
            s.public_url = Some(v);
        }
        if let Some(v) = self.notify_minutes.take() {
            s.notify_minutes = v;
        }
    }
}

impl Settings {
    /// Loads defaults, the file (explicit, or the default one if it exists) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings> {
        let mut settings = Settings::default();
        let file = match file {
            Some(f) => Some(f.to_path_buf()),
            None => default_config_file().filter(|f| f.exists()),
        };
        if let Some(f) = file {
            let cfg = config::Config::builder()
                .add_source(
                    config::File::from(f.as_path())
                        .format(config::FileFormat::Toml)
                        .required(true),
                )
                .build()
                .with_context(|| w!("cli-reading", path = f.display()))?;
            let o: Overrides = cfg
                .try_deserialize()
                .with_context(|| w!("cli-bad-configuration", path = f.display()))?;
            o.apply(&mut settings);
        }
        Overrides::from_env()?.apply(&mut settings);
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.at_risk_threshold)
            || !(0.0..=2.0).contains(&self.on_track_threshold)
            || self.at_risk_threshold > self.on_track_threshold
        {
            anyhow::bail!(w!(
                "cli-bad-thresholds",
                at_risk = self.at_risk_threshold,
                on_track = self.on_track_threshold
            ));
        }
        if self.session_hours <= 0 {
            anyhow::bail!(w!("cli-bad-session-hours"));
        }
        if self.notify_minutes == 0 {
            anyhow::bail!(w!("cli-bad-notify-minutes"));
        }
        if self.smtp_host.is_some() {
            self.mailer()?;
        }
        if let Some(token) = &self.metrics_token
            && token.trim().chars().count() < MIN_METRICS_TOKEN
        {
            anyhow::bail!(w!("cli-bad-metrics-token", min = MIN_METRICS_TOKEN));
        }
        Ok(())
    }

    /// The database URL: configured, or the default SQLite file (its directory is created).
    pub fn database_url(&self) -> Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        let dir = data_dir().with_context(|| w!("cli-no-data-dir"))?;
        std::fs::create_dir_all(&dir).with_context(|| w!("cli-creating", path = dir.display()))?;
        Ok(sqlite_url(&dir.join("jalon.db")))
    }

    /// Use-case settings.
    pub fn app_config(&self) -> jalon_app::AppConfig {
        jalon_app::AppConfig {
            thresholds: jalon_core::progress::Thresholds {
                on_track: self.on_track_threshold,
                at_risk: self.at_risk_threshold,
                ..Default::default()
            },
            session_hours: self.session_hours,
            mail_configured: self.smtp_host.is_some(),
            public_url: self.public_url.clone(),
            ..Default::default()
        }
    }

    /// The mail transport, when an SMTP server is configured (its password is read from
    /// `JALON_SMTP_PASSWORD`).
    pub fn mailer(&self) -> Result<Option<Mailer>> {
        let Some(host) = &self.smtp_host else {
            return Ok(None);
        };
        let from = self
            .smtp_from
            .clone()
            .with_context(|| w!("cli-smtp-from-missing"))?;
        let password = std::env::var("JALON_SMTP_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty());
        let mailer = Mailer::new(&SmtpSettings {
            host: host.clone(),
            port: self.smtp_port,
            security: self.smtp_security,
            username: self.smtp_username.clone(),
            password,
            from,
        })
        .map_err(|e| anyhow::anyhow!(w!("cli-smtp-settings", error = e.to_string())))?;
        Ok(Some(mailer))
    }

    /// Web settings.
    pub fn web_config(&self) -> jalon_web::WebConfig {
        jalon_web::WebConfig {
            secure_cookies: self.secure_cookies,
            behind_proxy: self.behind_proxy,
            max_upload_bytes: self.max_upload_mb * 1024 * 1024,
            metrics_token: self.metrics_token.clone(),
        }
    }
}

/// `sqlite://` URL of a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deployment_example_is_a_valid_configuration() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/jalon.toml");
        let s = Settings::load(Some(&example)).expect("deploy/jalon.toml loads");
        assert_eq!(s.log_format, LogFormat::Json);
        assert!(s.secure_cookies && s.behind_proxy);
        assert_eq!("JSON ".parse::<LogFormat>(), Ok(LogFormat::Json));
        assert_eq!("text".parse::<LogFormat>(), Ok(LogFormat::Text));
        assert!("yaml".parse::<LogFormat>().is_err());
    }

    #[test]
    fn a_short_metrics_token_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("m.toml");
        std::fs::write(&file, "metrics_token = \"secret\"\n").expect("write");
        assert!(Settings::load(Some(&file)).is_err());
        let token = "a".repeat(MIN_METRICS_TOKEN);
        std::fs::write(&file, format!("metrics_token = \"{token}\"\n")).expect("write");
        let s = Settings::load(Some(&file)).expect("a long token");
        assert_eq!(s.web_config().metrics_token, Some(token));
    }

    #[test]
    fn a_file_with_a_typo_is_refused_and_a_good_one_applies() {
        let dir = tempfile::tempdir().expect("dir");
        let good = dir.path().join("good.toml");
        std::fs::write(&good, "bind = \"0.0.0.0:9000\"\nsession_hours = 4\n").expect("write");
        let s = Settings::load(Some(&good)).expect("loads");
        assert_eq!((s.bind.as_str(), s.session_hours), ("0.0.0.0:9000", 4));
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "sesion_hours = 4\n").expect("write");
        let err = format!("{:#}", Settings::load(Some(&bad)).expect_err("typo"));
        assert!(err.contains("sesion_hours"), "{err}");
        let bad = dir.path().join("thresholds.toml");
        std::fs::write(&bad, "at_risk_threshold = 0.99\n").expect("write");
        assert!(
            Settings::load(Some(&bad)).is_err(),
            "at risk above on track"
        );
    }
}
