//! Persistence of Jalon with sea-orm: SQLite embedded by default, PostgreSQL for servers.
//!
//! One migration set ([`migration`]) builds the same schema on both. Repositories are free
//! functions over any [`ConnectionTrait`], so the caller (the use cases in `jalon-app`)
//! decides what runs in one transaction. The plan repository writes and reads the whole
//! strategy tree as a [`jalon_core::PlanDocument`], so an export followed by an import gives
//! back the same plan.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod campaigns;
pub mod carbon;
pub mod entity;
pub mod frameworks;
pub mod institutions;
pub mod inventories;
pub mod migration;
pub mod notifications;
pub mod plan;
mod plan_merge;
pub mod plan_versions;
pub mod updates;
pub mod versions;

#[cfg(feature = "testing")]
pub mod testing;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions,
};
use sea_orm_migration::MigratorTrait;
use thiserror::Error;

pub use sea_orm::{
    ActiveValue, ConnectionTrait, DatabaseTransaction, Set, Statement, TransactionTrait,
};

/// What can go wrong in storage.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("unsupported database URL \"{0}\" (expected sqlite://… or postgres://…)")]
    UnsupportedUrl(String),
    #[error("{entity} {key} not found")]
    NotFound { entity: &'static str, key: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error(
        "the database schema is not up to date ({0} migration(s) pending): run `jalon migrate`"
    )]
    MigrationsPending(usize),
}

impl StoreError {
    /// Shorthand for a not-found error.
    pub fn not_found(entity: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            entity,
            key: key.to_string(),
        }
    }

    /// True when the error is a uniqueness violation reported by the database.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Db(e) => {
                let text = e.to_string().to_lowercase();
                text.contains("unique") || text.contains("duplicate key")
            }
            _ => false,
        }
    }
}

/// Result of storage operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A row by id when `mine` says it is the caller's (of its institution): another
/// institution's row is "not found" like a missing one, so ids reveal nothing.
pub(crate) async fn owned<E, C>(
    conn: &C,
    id: i64,
    entity: &'static str,
    mine: impl Fn(&E::Model) -> bool,
) -> Result<E::Model>
where
    E: sea_orm::EntityTrait,
    i64: Into<<E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType>,
    C: ConnectionTrait,
{
    E::find_by_id(id)
        .one(conn)
        .await?
        .filter(|r| mine(r))
        .ok_or_else(|| StoreError::not_found(entity, id))
}

/// Which database engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A connection pool to Jalon's database.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
}

/// Pool and session options beyond the URL.
#[derive(Debug, Clone, Default)]
pub struct ConnectConfig {
    /// Pool size; defaults to 8 (SQLite) or 16 (PostgreSQL).
    pub max_connections: Option<u32>,
    /// PostgreSQL schema to use (search path); tests use one schema each.
    pub pg_schema: Option<String>,
}

impl Store {
    /// Connects to `url` (`sqlite://path`, `sqlite::memory:` or `postgres://…`).
    ///
    /// SQLite files are created when missing and opened in WAL mode with foreign keys on,
    /// so readers never wait for the writer.
    pub async fn connect(url: &str) -> Result<Store> {
        Self::connect_with(url, &ConnectConfig::default()).await
    }

    /// Connects with explicit pool options.
    pub async fn connect_with(url: &str, config: &ConnectConfig) -> Result<Store> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                let memory = url.contains(":memory:") || url.contains("mode=memory");
                // An in-memory database exists once per connection: keep a single one.
                let max = if memory {
                    1
                } else {
                    config.max_connections.unwrap_or(8)
                };
                opts.max_connections(max).min_connections(1);
                opts.map_sqlx_sqlite_opts(move |o| {
                    let o = o
                        .create_if_missing(true)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        .synchronous(SqliteSynchronous::Normal);
                    if memory {
                        o
                    } else {
                        o.journal_mode(SqliteJournalMode::Wal)
                    }
                });
            }
            Backend::Postgres => {
                opts.max_connections(config.max_connections.unwrap_or(16));
                if let Some(schema) = &config.pg_schema {
                    opts.set_schema_search_path(schema.clone());
                }
            }
        }
        let db = Database::connect(opts).await?;
        Ok(Store { db, backend })
    }

    /// The underlying connection pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so that concurrent writers wait their turn (up to the busy
    /// timeout) instead of failing with "database is locked" when a transaction that began
    /// by reading tries to write after another writer committed. PostgreSQL begins as usual.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: match self.backend {
                Backend::Sqlite => Some(SqliteTransactionMode::Immediate),
                Backend::Postgres => None,
            },
            ..TransactionOptions::default()
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// Which engine this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations; returns how many were applied.
    pub async fn migrate(&self) -> Result<usize> {
        let pending = migration::Migrator::get_pending_migrations(&self.db)
            .await?
            .len();
        migration::Migrator::up(&self.db, None).await?;
        Ok(pending)
    }

    /// Number of migrations not yet applied.
    pub async fn pending_migrations(&self) -> Result<usize> {
        Ok(migration::Migrator::get_pending_migrations(&self.db)
            .await?
            .len())
    }

    /// Fails with [`StoreError::MigrationsPending`] unless the schema is current.
    pub async fn ensure_migrated(&self) -> Result<()> {
        match self.pending_migrations().await? {
            0 => Ok(()),
            n => Err(StoreError::MigrationsPending(n)),
        }
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }
}

/// Hides the password of a database URL for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The SQL dialect of a connection, for the few statements that differ.
pub fn backend_of<C: ConnectionTrait>(conn: &C) -> Backend {
    match conn.get_database_backend() {
        DbBackend::Postgres => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Random bytes as lowercase hex (tokens, CSRF secrets).
pub fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Invalid(format!("random source: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://jalon:secret@db:5432/jalon"),
            "postgres://jalon:***@db:5432/jalon"
        );
        assert_eq!(redact_url("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
    }

    #[tokio::test]
    async fn unknown_scheme_is_refused() {
        let err = Store::connect("mysql://x").await.expect_err("refused");
        assert!(matches!(err, StoreError::UnsupportedUrl(_)));
    }
}
