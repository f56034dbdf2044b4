//! Configuration: defaults, then a TOML file, then `JALON_*` environment variables, then
//! command-line flags, each overriding the one before.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// Everything that can be configured.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://…` or `postgres://…`; defaults to a SQLite file in the data directory.
    pub database_url: Option<String>,
    /// Address to listen on.
    pub bind: String,
    /// Mark cookies `Secure` (set when serving behind HTTPS).
    pub secure_cookies: bool,
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: None,
            bind: "127.0.0.1:8080".to_string(),
            secure_cookies: false,
            session_hours: 12,
            on_track_threshold: 0.95,
            at_risk_threshold: 0.5,
            max_upload_mb: 20,
            log: "info".to_string(),
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

impl Settings {
    /// Loads defaults, the file (explicit, or the default one if it exists) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings> {
        let mut builder = config::Config::builder();
        match file {
            Some(f) => {
                builder = builder.add_source(
                    config::File::from(f)
                        .format(config::FileFormat::Toml)
                        .required(true),
                );
            }
            None => {
                if let Some(f) = default_config_file().filter(|f| f.exists()) {
                    builder =
                        builder.add_source(config::File::from(f).format(config::FileFormat::Toml));
                }
            }
        }
        builder = builder.add_source(config::Environment::with_prefix("JALON").try_parsing(true));
        let cfg = builder.build().context("reading the configuration")?;
        let settings: Settings = cfg.try_deserialize().context("invalid configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.at_risk_threshold)
            || !(0.0..=2.0).contains(&self.on_track_threshold)
            || self.at_risk_threshold > self.on_track_threshold
        {
            anyhow::bail!(
                "thresholds: expected 0 ≤ at_risk_threshold ({}) ≤ on_track_threshold ({})",
                self.at_risk_threshold,
                self.on_track_threshold
            );
        }
        if self.session_hours <= 0 {
            anyhow::bail!("session_hours must be positive");
        }
        Ok(())
    }

    /// The database URL: configured, or the default SQLite file (its directory is created).
    pub fn database_url(&self) -> Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        let dir =
            data_dir().context("no data directory on this platform: set JALON_DATABASE_URL")?;
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
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
            ..Default::default()
        }
    }

    /// Web settings.
    pub fn web_config(&self) -> jalon_web::WebConfig {
        jalon_web::WebConfig {
            secure_cookies: self.secure_cookies,
            max_upload_bytes: self.max_upload_mb * 1024 * 1024,
        }
    }
}

/// `sqlite://` URL of a file path.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}
