//! Writing a plan file over the plan keeps what people recorded: an unchanged export reads
//! back as no change in every format, and an edited file keeps the ids, values, comments and
//! SDG decisions (rejected ones included) of the elements it keeps. SQLite and PostgreSQL.

mod common;

use std::collections::BTreeMap;

use common::{app, signed_in};
use jalon_app::{Actor, App};
use jalon_core::PlanDocument;
use jalon_core::plan_diff::{ChangeKind, ElementKind};
use jalon_core::tag::{TagState, TaggedKind};
use jalon_core::{Lang, plan::Action};
use jalon_io::Format;
use jalon_store::testing;

/// Every SDG tag of the plan's objectives and actions, by element code: (goal, target, state).
type Tags = BTreeMap<String, Vec<(u8, Option<String>, TagState)>>;

async fn tags_of(app: &App, actor: &Actor) -> Tags {
    let view = app.view_for(actor).await.expect("view");
    let mut out = Tags::new();
    let mut elements = Vec::new();
    for (_, o) in view.doc().objectives() {
        elements.push((
            TaggedKind::Objective,
            o.code.clone(),
            view.objective_id(&o.code),
        ));
    }
    for (_, a) in view.doc().actions() {
        elements.push((TaggedKind::Action, a.code.clone(), view.action_id(&a.code)));
    }
    for (kind, code, id) in elements {
        let id = id.expect("id");
        let mut tags: Vec<_> = (app.entity_tags(actor, kind, id).await.expect("tags"))
            .into_iter()
            .map(|t| (t.goal, t.target, t.state))
            .collect();
        tags.sort_by_key(|(g, t, _)| (*g, t.clone()));
        out.insert(code, tags);
    }
    out
}

/// Rejects the first suggestion on an action, as a person reviewing suggestions would.
async fn reject_a_suggestion(app: &App, actor: &Actor) {
    let view = app.view_for(actor).await.expect("view");
    for (_, a) in view.doc().actions() {
        let id = view.action_id(&a.code).expect("id");
        let tags = app
            .entity_tags(actor, TaggedKind::Action, id)
            .await
            .expect("tags");
        if let Some(t) = tags.iter().find(|t| t.state == TagState::Proposed) {
            app.decide_tag(actor, t.id, false).await.expect("reject");
            return;
        }
    }
    panic!("the demo has no suggestion on its actions");
}

fn rejected(tags: &Tags) -> usize {
    tags.values()
        .flatten()
        .filter(|(_, _, s)| *s == TagState::Rejected)
        .count()
}

#[tokio::test]
async fn an_unchanged_export_reads_back_as_no_change_in_every_format() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        reject_a_suggestion(&app, &editor).await;
        let before = tags_of(&app, &editor).await;
        assert!(rejected(&before) > 0);
        assert!(
            before
                .values()
                .flatten()
                .any(|(_, _, s)| *s == TagState::Proposed)
        );
        let (json_before, _) = app.export_plan(&editor, Format::Json).await.expect("json");
        for format in [Format::Json, Format::Yaml, Format::Csv, Format::Xlsx] {
            let (bytes, name) = app.export_plan(&editor, format).await.expect("export");
            let report = app
                .import_plan(&editor, &bytes, &name, Some(format), Lang::Fr, false)
                .await
                .expect("import");
            assert!(
                report.changes.is_empty(),
                "{format:?} on {}: {:?}",
                db.label,
                report.changes
            );
            assert!(!report.written);
            assert_eq!(tags_of(&app, &editor).await, before, "{format:?}");
        }
        let (json_after, _) = app.export_plan(&editor, Format::Json).await.expect("json");
        assert_eq!(json_before, json_after);
    }
}

/// An action of the demo with a rejected SDG, and another one without any.
fn two_actions(doc: &PlanDocument, tags: &Tags) -> (String, String) {
    let has_rejected = |a: &&Action| {
        tags.get(&a.code)
            .is_some_and(|t| t.iter().any(|(_, _, s)| *s == TagState::Rejected))
    };
    let kept = doc.actions().map(|(_, a)| a).find(has_rejected);
    let dropped = doc
        .actions()
        .map(|(_, a)| a)
        .find(|a| !has_rejected(a) && Some(a.code.as_str()) != kept.map(|k| k.code.as_str()));
    (
        kept.expect("an action with a rejected SDG").code.clone(),
        dropped.expect("another action").code.clone(),
    )
}

#[tokio::test]
async fn an_edited_file_keeps_what_hangs_from_the_elements_it_keeps() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        reject_a_suggestion(&app, &editor).await;
        let tags = tags_of(&app, &editor).await;
        let (json, _) = app.export_plan(&editor, Format::Json).await.expect("json");
        let mut doc: PlanDocument = serde_json::from_slice(&json).expect("plan");
        let (kept, dropped) = two_actions(&doc, &tags);
        for axis in &mut doc.axes {
            for o in &mut axis.objectives {
                o.actions.retain(|a| a.code != dropped);
                for a in o.actions.iter_mut().filter(|a| a.code == kept) {
                    a.title = format!("{} (révisée)", a.title);
                }
            }
        }
        let edited = serde_json::to_vec(&doc).expect("json");
        let view = app.view_for(&editor).await.expect("view");
        let kept_id = view.action_id(&kept).expect("id");
        let (_, indicator) = view.doc().indicators().next().expect("an indicator");
        let indicator_id = view.indicator_id(&indicator.code).expect("id");
        let values_before = app
            .indicator_detail(&editor, indicator_id)
            .await
            .expect("indicator")
            .measurements;
        // Another indicator loses a value in the application; the file still has it.
        let (_, other) = (view.doc().indicators())
            .find(|(_, i)| i.code != indicator.code && i.measurements.len() >= 2)
            .expect("an indicator with two values");
        let other_code = other.code.clone();
        let other_id = view.indicator_id(&other_code).expect("id");
        let other_before = app
            .indicator_detail(&editor, other_id)
            .await
            .expect("other");
        let gone = other_before.measurements.last().expect("a value");
        drop(view);
        app.delete_measurement(&editor, gone.id)
            .await
            .expect("delete a value");
        // A comment written in the application after the export is not in the file.
        app.comment_action(&editor, kept_id, "Devis reçu après l'export")
            .await
            .expect("comment");

        let preview = app
            .import_plan(&editor, &edited, "plan.json", None, Lang::Fr, true)
            .await
            .expect("dry run");
        let changes: Vec<_> = (preview.changes.changes.iter())
            .map(|c| (c.kind, c.code.clone(), c.change))
            .collect();
        assert_eq!(
            changes,
            vec![
                (
                    ElementKind::Indicator,
                    other_code.clone(),
                    ChangeKind::Changed
                ),
                (ElementKind::Action, kept.clone(), ChangeKind::Changed),
                (ElementKind::Action, dropped.clone(), ChangeKind::Removed),
            ],
            "{}",
            db.label
        );
        assert!(!preview.written);
        assert!(
            app.view_for(&editor)
                .await
                .expect("view")
                .action_id(&dropped)
                .is_some()
        );

        let report = app
            .import_plan(&editor, &edited, "plan.json", None, Lang::Fr, false)
            .await
            .expect("import");
        assert!(report.written);
        let view = app.view_for(&editor).await.expect("view");
        assert_eq!(view.action_id(&kept), Some(kept_id), "ids are stable");
        assert_eq!(view.action_id(&dropped), None);
        let (_, action) = view.action(kept_id).expect("kept action");
        assert!(action.title.ends_with("(révisée)"));
        assert!(
            action
                .comments
                .iter()
                .any(|c| c.text == "Devis reçu après l'export"),
            "{:?}",
            action.comments
        );
        assert_eq!(
            app.indicator_detail(&editor, indicator_id)
                .await
                .expect("indicator")
                .measurements
                .iter()
                .map(|m| (m.id, m.version, m.entered_by.clone(), m.validated_at))
                .collect::<Vec<_>>(),
            values_before
                .iter()
                .map(|m| (m.id, m.version, m.entered_by.clone(), m.validated_at))
                .collect::<Vec<_>>(),
            "unchanged values keep their id, author and version"
        );
        let other_after = app
            .indicator_detail(&editor, other_id)
            .await
            .expect("other");
        let periods = |d: &jalon_app::tree::IndicatorDetail| {
            (d.measurements.iter())
                .map(|m| (m.period.clone(), m.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            periods(&other_after),
            periods(&other_before),
            "the file brings the deleted value back"
        );
        assert_eq!(
            other_after.measurements[0].id, other_before.measurements[0].id,
            "the values that stayed keep their id"
        );
        let mut expected = tags.clone();
        expected.remove(&dropped);
        assert_eq!(tags_of(&app, &editor).await, expected, "{}", db.label);
        let sheet = app.action_sheet(&editor, kept_id).await.expect("sheet");
        assert!(sheet.version > 1, "a changed sheet has a new version");

        // A rejected SDG is not suggested again after the revision.
        app.suggest_plan_sdgs(&editor).await.expect("suggest");
        let after = tags_of(&app, &editor).await;
        for (goal, target, state) in &expected[&kept] {
            if *state == TagState::Rejected {
                assert!(
                    after[&kept].contains(&(*goal, target.clone(), TagState::Rejected)),
                    "{goal} {target:?} on {kept}: {:?}",
                    after[&kept]
                );
            }
        }
    }
}
