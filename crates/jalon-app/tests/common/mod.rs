//! What the use-case tests share: an application on a test database with a fixed clock, and
//! the demo's accounts signed in.

use std::sync::Arc;

/// The SMTP server on loopback the adapters' tests use too.
#[allow(dead_code)]
#[path = "../../src/testing/smtp.rs"]
pub mod smtp;

use chrono::{TimeZone, Utc};
use jalon_app::{Actor, App, AppConfig, FixedClock, demo};

/// The application on `store`, at 2026-11-21 09:00 UTC.
pub fn app(store: jalon_store::Store) -> App {
    app_at(store, 0)
}

/// The application on `store`, `days` after 2026-11-21 09:00 UTC.
#[allow(dead_code)]
pub fn app_at(store: jalon_store::Store, days: i64) -> App {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("time")
        + chrono::Duration::days(days);
    App::with_clock(store, AppConfig::default(), Arc::new(FixedClock(now)))
}

/// A demo account, signed in.
pub async fn signed_in(app: &App, username: &str) -> Actor {
    let account = demo::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.username == username)
        .expect("demo account");
    app.login(username, account.password)
        .await
        .expect("login")
        .actor
}

/// The `n`-th action of a plan view, with its id.
#[allow(dead_code)]
pub fn nth_action(view: &jalon_app::PlanView, n: usize) -> (i64, jalon_core::plan::Action) {
    view.doc()
        .actions()
        .nth(n)
        .map(|(_, a)| (view.action_id(&a.code).expect("id"), a.clone()))
        .expect("an action")
}
