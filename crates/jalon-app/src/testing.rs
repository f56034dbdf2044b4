//! The test-app builder, for the adapters' tests (web, command line): the use cases over a
//! fresh, migrated test database (SQLite, or PostgreSQL when `JALON_TEST_DATABASE_URL` is
//! set), with a fixed clock, with or without the demo institution. Adapters' tests need no
//! access to the store beyond this.

use std::sync::Arc;

pub mod smtp;

use chrono::{DateTime, TimeZone, Utc};

pub use jalon_store::testing::{PG_ENV, TestDb, postgres, sqlite};

use crate::{App, AppConfig, FixedClock};

/// The instant the test apps live at: 21 November 2026, 09:00 UTC.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The use cases over `db`, with the clock stopped at [`test_now`].
pub fn app_over(db: &TestDb) -> App {
    App::with_clock(
        db.store.clone(),
        AppConfig::default(),
        Arc::new(FixedClock(test_now())),
    )
}

/// The demo institution on a fresh SQLite database; keep the [`TestDb`] alive as long as
/// the app.
pub async fn demo_app() -> (App, TestDb) {
    let db = sqlite().await;
    let app = app_over(&db);
    app.load_demo().await.expect("the demo loads");
    (app, db)
}
