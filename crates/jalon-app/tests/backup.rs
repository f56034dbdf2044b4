//! A backup restores to the same state, on SQLite and PostgreSQL, and moves a database from
//! SQLite to PostgreSQL; an archive from a newer Jalon is refused before anything is written.

mod common;

use std::io::{Cursor, Read, Write};

use common::{app, nth_action, signed_in};
use jalon_app::actions::ActionInput;
use jalon_store::backup::{backup, contents, restore};
use jalon_store::testing;

/// A demo database with a few changes made by people, as a backup would find it.
async fn lived_in(db: &testing::TestDb) {
    let app = app(db.store.clone());
    let report = app.load_demo().await.expect("demo");
    let admin = signed_in(&app, "admin").await;
    let view = app.plan_view(report.institution_id).await.expect("view");
    let (id, action) = nth_action(&view, 0);
    let mut input = ActionInput::from_action(&action);
    input.description = Some("Revu en COPIL : « priorité 1 », accents et guillemets \"ok\"".into());
    app.update_action(&admin, id, &input).await.expect("saved");
}

/// Two databases' contents are the same, or the first difference is said.
fn assert_same(
    before: &std::collections::BTreeMap<String, Vec<String>>,
    after: &std::collections::BTreeMap<String, Vec<String>>,
) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in before {
        let other = &after[table];
        assert_eq!(rows.len(), other.len(), "rows of {table}");
        for (a, b) in rows.iter().zip(other) {
            assert_eq!(a, b, "a row of {table}");
        }
    }
}

async fn archive_of(db: &testing::TestDb) -> Vec<u8> {
    let mut bytes = Vec::new();
    backup(&db.store, Cursor::new(&mut bytes))
        .await
        .expect("backup");
    bytes
}

#[tokio::test]
async fn a_backup_restores_to_the_same_state_on_each_engine() {
    for (source, target) in [
        (Some(testing::sqlite().await), Some(testing::sqlite().await)),
        (testing::postgres().await, testing::postgres().await),
    ] {
        let (Some(source), Some(target)) = (source, target) else {
            continue;
        };
        lived_in(&source).await;
        let bytes = archive_of(&source).await;
        let manifest = restore(&target.store, Cursor::new(bytes))
            .await
            .expect("restore");
        assert!(
            manifest
                .tables
                .iter()
                .any(|t| t.name == "action" && t.rows > 50)
        );
        let (before, after) = (
            contents(&source.store).await.expect("source"),
            contents(&target.store).await.expect("target"),
        );
        assert_same(&before, &after);
        // The restored database works: a new record takes the next id.
        let app = app(target.store.clone());
        let admin = signed_in(&app, "admin").await;
        let token = app
            .create_token(
                &admin,
                &jalon_app::auth::TokenRequest::named("after restore"),
            )
            .await
            .expect("token");
        assert!(token.id > 0);
        // Restoring again into the same database is refused: it is not empty.
        let again = restore(&target.store, Cursor::new(archive_of(&source).await)).await;
        assert!(
            again
                .err()
                .is_some_and(|e| e.to_string().contains("not empty")),
            "{}",
            source.label
        );
    }
}

#[tokio::test]
async fn a_sqlite_database_moves_to_postgresql_through_a_backup() {
    let Some(target) = testing::postgres().await else {
        eprintln!("PostgreSQL not configured ({}): skipped", testing::PG_ENV);
        return;
    };
    let source = testing::sqlite().await;
    lived_in(&source).await;
    restore(&target.store, Cursor::new(archive_of(&source).await))
        .await
        .expect("restore into PostgreSQL");
    let (before, after) = (
        contents(&source.store).await.expect("sqlite"),
        contents(&target.store).await.expect("postgres"),
    );
    assert_same(&before, &after);
    // The application reads the moved plan as it read the original.
    let (from, to) = (app(source.store.clone()), app(target.store.clone()));
    let (a, b) = (
        signed_in(&from, "lecteur").await,
        signed_in(&to, "lecteur").await,
    );
    let (va, vb) = (
        from.view_for(&a).await.expect("view"),
        to.view_for(&b).await.expect("view"),
    );
    assert_eq!(va.doc(), vb.doc());
}

#[tokio::test]
async fn an_archive_from_a_newer_jalon_is_refused_before_anything_is_written() {
    let source = testing::sqlite().await;
    lived_in(&source).await;
    let bytes = archive_of(&source).await;
    // The same archive, as a later Jalon with one more migration would write it.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = Cursor::new(Vec::new());
    let mut newer = zip::ZipWriter::new(&mut out);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("read");
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_str(&text).expect("json");
            m["migrations"]
                .as_array_mut()
                .expect("migrations")
                .push("m20991231_000099_from_the_future".into());
            text = m.to_string();
        }
        newer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        newer.write_all(text.as_bytes()).expect("write");
    }
    newer.finish().expect("zip");
    let target = testing::sqlite().await;
    let refused = restore(&target.store, Cursor::new(out.into_inner())).await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("newer Jalon"), "{message}");
    assert!(message.contains("from_the_future"), "{message}");
    let rows = contents(&target.store).await.expect("target");
    assert!(rows.values().all(Vec::is_empty), "nothing was written");
}
