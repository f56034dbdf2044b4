//! Test databases: every repository test runs on a fresh SQLite file, and also on PostgreSQL
//! when `JALON_TEST_DATABASE_URL` is set (each test then gets its own schema, so tests run
//! in parallel without seeing each other's rows).

use crate::{ConnectConfig, Store};

/// A migrated, empty test database. Keeps its temporary directory alive.
pub struct TestDb {
    pub store: Store,
    /// `sqlite` or `postgres`, for assertion messages.
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// Environment variable naming the PostgreSQL server for tests.
pub const PG_ENV: &str = "JALON_TEST_DATABASE_URL";

/// A fresh migrated SQLite database in a temporary file.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory for the test database");
    let url = format!("sqlite://{}", dir.path().join("jalon.db").display());
    let store = Store::connect(&url).await.expect("connect to SQLite");
    store.migrate().await.expect("migrate SQLite");
    TestDb {
        store,
        label: "sqlite",
        _dir: Some(dir),
    }
}

/// A fresh migrated schema on the PostgreSQL server of `JALON_TEST_DATABASE_URL`, if set.
pub async fn postgres() -> Option<TestDb> {
    let url = std::env::var(PG_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())?;
    let schema = format!("t_{}", crate::random_hex(8).expect("random schema name"));
    let admin = Store::connect_with(
        &url,
        &ConnectConfig {
            max_connections: Some(1),
            pg_schema: None,
        },
    )
    .await
    .expect("connect to the PostgreSQL test server");
    use sea_orm::ConnectionTrait;
    admin
        .db()
        .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
        .await
        .expect("create test schema");
    let _ = admin.close().await;
    let store = Store::connect_with(
        &url,
        &ConnectConfig {
            max_connections: Some(4),
            pg_schema: Some(schema),
        },
    )
    .await
    .expect("connect to the test schema");
    store.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb {
        store,
        label: "postgres",
        _dir: None,
    })
}

/// SQLite, plus PostgreSQL when configured: run the same test body on each.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}

/// Undoes the last `steps` migrations of a test database, to test a migration on the data
/// written before it.
pub async fn roll_back(store: &Store, steps: u32) {
    use sea_orm_migration::MigratorTrait;
    crate::migration::Migrator::down(store.db(), Some(steps))
        .await
        .expect("roll the migrations back");
}
