//! Plan versions: a revision adopted is recorded with its day and body; two versions, or a
//! version and the plan in place, compare element by element on what the revision changed,
//! not on the year's values and follow-up. Editors record, everyone reads. SQLite and
//! PostgreSQL.

mod common;

use chrono::NaiveDate;
use common::{app, signed_in};
use jalon_app::plan_versions::{PlanVersionInput, VersionRef};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_core::plan_diff::{ChangeKind, ElementKind};
use jalon_io::Format;
use jalon_store::testing;

fn adopted(label: &str, day: u32) -> PlanVersionInput {
    PlanVersionInput {
        label: label.to_string(),
        adopted_on: NaiveDate::from_ymd_opt(2025, 6, day).expect("day"),
        adopted_by: "Conseil d'administration".to_string(),
        note: None,
    }
}

#[tokio::test]
async fn a_revision_compares_with_the_version_before_it_on_what_it_changed() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let viewer = signed_in(&app, "lecteur").await;
        let first = app
            .record_plan_version(&editor, &adopted("Plan 2023–2027", 10))
            .await
            .expect("first");
        assert_eq!(first.recorded_by.as_deref(), Some("Chargée de mission RES"));
        assert!(first.counts.actions > 10, "{:?}", first.counts);

        // The year goes on: a value and an action's progress are no revision.
        let view = app.view_for(&editor).await.expect("view");
        let (_, action) = view.doc().actions().next().expect("an action");
        let action_id = view.action_id(&action.code).expect("id");
        app.update_action_progress(&editor, action_id, ActionStatus::InProgress, Some(15))
            .await
            .expect("progress");
        let same = app
            .plan_version_diff(&viewer, VersionRef::Version(first.id), VersionRef::Current)
            .await
            .expect("diff");
        assert!(same.is_empty(), "{}: {:?}", db.label, same.changes);

        // A revision retitles that action.
        let (yaml, name) = app
            .export_plan(&editor, Format::Yaml)
            .await
            .expect("export");
        let text = String::from_utf8(yaml).expect("utf-8");
        // The title line that follows the action's code.
        let at = text
            .find(&format!("code: {}\n", action.code))
            .expect("the action in the file");
        let title = at + text[at..].find("title: ").expect("its title");
        let edited = format!("{}title: (revu) {}", &text[..title], &text[title + 7..]);
        assert_ne!(edited, text, "the action's title is in the file");
        app.import_plan(
            &editor,
            edited.as_bytes(),
            &name,
            Some(Format::Yaml),
            Lang::Fr,
            false,
        )
        .await
        .expect("import");
        let revised = app
            .plan_version_diff(&viewer, VersionRef::Version(first.id), VersionRef::Current)
            .await
            .expect("diff");
        let changes: Vec<_> = (revised.changes.iter())
            .map(|c| (c.kind, c.code.as_str(), c.change))
            .collect();
        assert_eq!(
            changes,
            [(
                ElementKind::Action,
                action.code.as_str(),
                ChangeKind::Changed
            )],
            "{}",
            db.label
        );

        let second = app
            .record_plan_version(&editor, &adopted("Révision 2025", 30))
            .await
            .expect("second");
        let between = app
            .plan_version_diff(
                &viewer,
                VersionRef::Version(first.id),
                VersionRef::Version(second.id),
            )
            .await
            .expect("between");
        assert_eq!(between, revised);
        let since = app
            .plan_version_diff(&viewer, VersionRef::Version(second.id), VersionRef::Current)
            .await
            .expect("since");
        assert!(since.is_empty());
        let listed = app.plan_versions(&viewer).await.expect("list");
        let labels: Vec<&str> = listed.iter().map(|v| v.label.as_str()).collect();
        // With the demo's two, in the order of adoption.
        assert_eq!(
            labels,
            [
                "Plan RES 2023–2027",
                "Plan 2023–2027",
                "Révision 2025",
                "Révision à mi-parcours"
            ]
        );

        // The journal says it in each reader's words.
        let journal = app
            .journal(
                &editor,
                &jalon_app::journal::JournalFilter {
                    kind: Some("plan_version".into()),
                    ..Default::default()
                },
                Lang::Fr,
            )
            .await
            .expect("journal");
        assert_eq!(
            journal.entries[0].text,
            "version « Révision 2025 » adoptée le 30/06/2025 par Conseil d'administration"
        );
    }
}

#[tokio::test]
async fn the_demo_shows_a_revision_that_added_an_action_and_reworded_another() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let viewer = signed_in(&app, "lecteur").await;
    let versions = app.plan_versions(&viewer).await.expect("list");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].counts.actions, versions[0].counts.actions + 1);
    let changes = app
        .plan_version_diff(
            &viewer,
            VersionRef::Version(versions[0].id),
            VersionRef::Version(versions[1].id),
        )
        .await
        .expect("diff");
    let kinds: Vec<_> = changes.changes.iter().map(|c| (c.kind, c.change)).collect();
    assert_eq!(
        kinds,
        [
            (ElementKind::Action, ChangeKind::Changed),
            (ElementKind::Action, ChangeKind::Added)
        ]
    );
    // The plan in place is the revision.
    let since = app
        .plan_version_diff(
            &viewer,
            VersionRef::Version(versions[1].id),
            VersionRef::Current,
        )
        .await
        .expect("since");
    assert!(since.is_empty(), "{:?}", since.changes);
}

#[tokio::test]
async fn only_editors_record_a_version_and_every_field_is_checked() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let contributor = signed_in(&app, "contributeur").await;
        let refused = app
            .record_plan_version(&contributor, &adopted("Plan", 1))
            .await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        let blank = PlanVersionInput {
            label: "  ".into(),
            ..adopted("", 1)
        };
        let err = app
            .record_plan_version(&editor, &blank)
            .await
            .expect_err("blank");
        assert!(
            matches!(
                err,
                AppError::Invalid {
                    field: "label",
                    code: ErrorCode::Required,
                    ..
                }
            ),
            "{err:?}"
        );
        let long = PlanVersionInput {
            adopted_by: "x".repeat(201),
            ..adopted("Plan", 1)
        };
        let err = app
            .record_plan_version(&editor, &long)
            .await
            .expect_err("long");
        assert!(
            matches!(
                err,
                AppError::Invalid {
                    field: "adopted_by",
                    code: ErrorCode::TooLong,
                    ..
                }
            ),
            "{err:?}"
        );
        let unknown = app
            .plan_version_diff(&editor, VersionRef::Version(999_999), VersionRef::Current)
            .await;
        assert!(
            matches!(unknown, Err(AppError::NotFound("plan_version"))),
            "{unknown:?}"
        );
        // The demo's two only.
        assert_eq!(
            app.plan_versions(&editor).await.expect("list").len(),
            2,
            "{}",
            db.label
        );
    }
}
