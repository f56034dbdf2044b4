//! The journal people read: every change says what happened in the reader's language (the
//! entry stores a message, not a sentence), entries older than messages keep their sentence,
//! the filters and pages hold together, and only editors read it (account entries only
//! administrators). SQLite and PostgreSQL.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{app, nth_action, signed_in};
use jalon_app::AppError;
use jalon_app::journal::JournalFilter;
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_i18n::Tr;
use jalon_store::ConnectionTrait;
use jalon_store::testing;

fn filter(
    kind: Option<&str>,
    user: Option<&str>,
    before: Option<i64>,
    limit: u64,
) -> JournalFilter {
    JournalFilter {
        kind: kind.map(str::to_string),
        user: user.map(str::to_string),
        before,
        limit: Some(limit),
        ..JournalFilter::default()
    }
}

#[tokio::test]
async fn a_change_reads_in_the_readers_language_and_an_old_entry_keeps_its_sentence() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let view = app.view_for(&editor).await.expect("view");
        let (id, action) = nth_action(&view, 0);
        app.update_action_progress(&editor, id, ActionStatus::InProgress, Some(40))
            .await
            .expect("progress");
        let only_mine = filter(Some("action"), Some("editeur"), None, 5);
        let fr = app
            .journal(&editor, &only_mine, Lang::Fr)
            .await
            .expect("fr");
        let en = app
            .journal(&editor, &only_mine, Lang::En)
            .await
            .expect("en");
        assert_eq!(fr.entries.len(), 1, "{}", db.label);
        assert_eq!(
            fr.entries[0].text,
            format!("{} : En cours, 40 %", action.code)
        );
        assert_eq!(
            en.entries[0].text,
            format!("{}: In progress, 40%", action.code)
        );
        assert_eq!(fr.entries[0].username.as_deref(), Some("editeur"));
        // Before → after, field by field, only what changed.
        let progress = (fr.entries[0].changes.iter())
            .find(|c| c.field == "progress")
            .expect("progress changed");
        assert_eq!(progress.after, "40");
        assert!(fr.entries[0].changes.iter().all(|c| c.before != c.after));
        assert_eq!(fr.entries[0].entity_id, Some(id));
        // The action's history is the same entry.
        let history = app
            .action_history(&editor, id, Lang::En)
            .await
            .expect("history");
        assert_eq!(history[0].text, en.entries[0].text);

        // An entry written before messages were stored is shown as it was written.
        db.store
            .db()
            .execute_unprepared(&format!(
                "INSERT INTO audit_log (institution_id, user_id, at, entity_kind, entity_id, operation, summary) \
                 VALUES ({}, NULL, CURRENT_TIMESTAMP, 'action', {id}, 'update', 'C1 updated (old)')",
                editor.institution_id
            ))
            .await
            .expect("old entry");
        let history = app
            .action_history(&editor, id, Lang::Fr)
            .await
            .expect("history");
        assert_eq!(history[0].text, "C1 updated (old)");
        assert_eq!(history[0].who, "jalon");
    }
}

#[tokio::test]
async fn every_entry_of_the_demo_is_worded_in_both_languages() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let admin = signed_in(&app, "admin").await;
    for lang in [Lang::Fr, Lang::En] {
        let page = app
            .journal(&admin, &filter(None, None, None, 500), lang)
            .await
            .expect("journal");
        assert!(page.entries.len() > 50, "{}", page.entries.len());
        assert!(page.kinds.len() >= 10, "{:?}", page.kinds);
        for e in &page.entries {
            assert!(
                !e.text.starts_with("journal-") && !e.text.contains('{') && !e.text.is_empty(),
                "{lang:?}: {} {:?}: {}",
                e.entity_kind,
                e.entity_id,
                e.text
            );
        }
        // Each kind of element has its word on the journal page.
        let tr = Tr::new(lang);
        for kind in &page.kinds {
            assert!(tr.has(&format!("journal-kind-{kind}")), "{lang:?}: {kind}");
        }
    }
}

#[tokio::test]
async fn the_filters_and_pages_hold_together_and_only_editors_read_the_journal() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let admin = signed_in(&app, "admin").await;
        let contributor = signed_in(&app, "contributeur").await;

        // Pages of 7, newest first, no entry twice, until the last page.
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let page = app
                .journal(&editor, &filter(None, None, before, 7), Lang::Fr)
                .await
                .expect("page");
            assert!(page.entries.len() <= 7);
            seen.extend(page.entries.iter().map(|e| e.id));
            match page.older {
                Some(id) => before = Some(id),
                None => break,
            }
        }
        let all = app
            .journal(&editor, &filter(None, None, None, 500), Lang::Fr)
            .await
            .expect("all");
        let ids: Vec<i64> = all.entries.iter().map(|e| e.id).collect();
        assert_eq!(seen, ids, "{}", db.label);
        assert!(ids.windows(2).all(|w| w[0] > w[1]));

        // Sign-ins are for administrators only.
        assert!(all.entries.iter().all(|e| e.entity_kind != "user"));
        assert!(!all.kinds.contains(&"user".to_string()));
        let accounts = app
            .journal(
                &admin,
                &filter(Some("user"), Some("editeur"), None, 50),
                Lang::En,
            )
            .await
            .expect("admin");
        assert!(!accounts.entries.is_empty());
        assert!(accounts.entries.iter().all(|e| e.entity_kind == "user"
            && e.username.as_deref() == Some("editeur")
            && e.text == "editeur signed in"));

        // By element and by day: the clock is fixed on 2026-11-21.
        let view = app.view_for(&editor).await.expect("view");
        let (id, _) = nth_action(&view, 1);
        app.comment_action(&editor, id, "Point d'étape")
            .await
            .expect("comment");
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d);
        let of_action = JournalFilter {
            kind: Some("action".into()),
            id: Some(id),
            ..JournalFilter::default()
        };
        let page = app
            .journal(&editor, &of_action, Lang::Fr)
            .await
            .expect("element");
        assert_eq!(page.entries.len(), 1);
        assert!(
            page.entries[0].text.contains("commentaire de"),
            "{:?}",
            page.entries
        );
        let that_day = JournalFilter {
            from: day(21),
            to: day(21),
            ..of_action.clone()
        };
        assert_eq!(
            app.journal(&editor, &that_day, Lang::Fr)
                .await
                .expect("day")
                .entries
                .len(),
            1
        );
        let the_day_after = JournalFilter {
            from: day(22),
            to: None,
            ..of_action.clone()
        };
        assert!(
            app.journal(&editor, &the_day_after, Lang::Fr)
                .await
                .expect("after")
                .entries
                .is_empty()
        );
        let the_day_before = JournalFilter {
            from: None,
            to: day(20),
            ..of_action
        };
        assert!(
            app.journal(&editor, &the_day_before, Lang::Fr)
                .await
                .expect("before")
                .entries
                .is_empty()
        );

        // An unknown account has made no change.
        let nobody = app
            .journal(&editor, &filter(None, Some("personne"), None, 50), Lang::Fr)
            .await
            .expect("nobody");
        assert!(nobody.entries.is_empty() && nobody.older.is_none());

        let refused = app
            .journal(&contributor, &filter(None, None, None, 5), Lang::Fr)
            .await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    }
}

/// The `journal-…` string literals of the application's sources.
fn keys_used() -> BTreeSet<String> {
    fn walk(dir: &Path, keys: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, keys);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                keys.extend(jalon_i18n::quoted_keys(&text, "journal-"));
            }
        }
    }
    let mut keys = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut keys,
    );
    keys
}

#[test]
fn every_journal_message_the_application_writes_exists_in_both_languages() {
    let used = keys_used();
    assert!(used.len() > 60, "the scan finds the keys: {}", used.len());
    let missing = jalon_i18n::missing_keys(used.iter().map(String::as_str));
    assert!(missing.is_empty(), "no message for {missing:?}");
    // And the catalogue holds no journal message nothing writes (the page's words and the
    // kinds of element are the web layer's).
    let defined = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../jalon-i18n/locales/en/journal.ftl"),
    )
    .expect("journal.ftl");
    let page_words = [
        "journal-title",
        "journal-intro",
        "journal-filter-kind",
        "journal-filter-user",
        "journal-empty",
        "journal-col-when",
        "journal-col-who",
        "journal-col-element",
        "journal-col-what",
        "journal-older",
        "journal-filter-from",
        "journal-filter-to",
        "journal-export",
        "journal-full-history",
    ];
    let unused: Vec<&str> = defined
        .lines()
        .filter(|l| l.starts_with("journal-"))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .filter(|k| !k.starts_with("journal-kind-") && !page_words.contains(k))
        .filter(|k| !used.contains(*k))
        .collect();
    assert!(
        unused.is_empty(),
        "journal messages nothing writes: {unused:?}"
    );
}

#[tokio::test]
async fn the_csv_holds_every_entry_past_the_first_page() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let admin = signed_in(&app, "admin").await;
    // More entries than one page of the export reads (500).
    let rows: Vec<String> = (0..700)
        .map(|i| {
            format!(
                "({}, NULL, CURRENT_TIMESTAMP, 'action', 1, 'update', 'old entry {i}')",
                admin.institution_id
            )
        })
        .collect();
    db.store
        .db()
        .execute_unprepared(&format!(
            "INSERT INTO audit_log (institution_id, user_id, at, entity_kind, entity_id, operation, summary) VALUES {}",
            rows.join(", ")
        ))
        .await
        .expect("entries");
    let mut total = 0;
    let mut before = None;
    loop {
        let page = app
            .journal(&admin, &filter(None, None, before, 500), Lang::Fr)
            .await
            .expect("page");
        total += page.entries.len();
        match page.older {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    assert!(total > 1000, "{total}");
    let csv = app
        .journal_csv(&admin, &JournalFilter::default(), Lang::Fr)
        .await
        .expect("csv");
    let text = String::from_utf8(csv).expect("utf-8");
    assert_eq!(text.lines().count(), total + 1, "a header and every entry");
    for i in [0, 350, 699] {
        assert!(text.contains(&format!(";old entry {i};")), "entry {i}");
    }
}
