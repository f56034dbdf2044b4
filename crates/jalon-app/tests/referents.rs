//! A référent leads one workstream: they update its actions and enter its indicators' values
//! whoever the plan names as pilot or owner, find its campaign items on their to-do page,
//! and do nothing elsewhere that is not theirs; they validate nothing. Only an administrator
//! names a référent, with a workstream of the plan; the journal keeps it. SQLite and
//! PostgreSQL.

mod common;

use common::{app, signed_in};
use jalon_app::journal::JournalFilter;
use jalon_app::measurements::MeasurementInput;
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_store::testing;

#[tokio::test]
async fn a_referent_updates_their_workstream_and_nothing_else() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let referent = signed_in(&app, "referent-c3").await;
        assert_eq!(referent.domain.as_deref(), Some("C3"), "{}", db.label);
        let view = app.view_for(&referent).await.expect("view");
        let in_axis = |axis: &str, o: &jalon_core::plan::Objective| {
            view.axis_of(&o.code).is_some_and(|a| a.code == axis)
        };
        // An action and an indicator of C3 they neither pilot nor own, and the same of C1.
        let pick_action = |axis: &str| {
            view.doc()
                .actions()
                .find(|(o, a)| in_axis(axis, o) && !view.pilots(&referent, a))
                .map(|(_, a)| view.action_id(&a.code).expect("id"))
                .expect("an action")
        };
        let pick_indicator = |axis: &str| {
            view.doc()
                .indicators()
                .find(|(o, i)| in_axis(axis, o) && !view.owns(&referent, i))
                .map(|(_, i)| view.indicator_id(&i.code).expect("id"))
                .expect("an indicator")
        };
        let (mine_action, other_action) = (pick_action("C3"), pick_action("C1"));
        let (mine_indicator, other_indicator) = (pick_indicator("C3"), pick_indicator("C1"));

        let updated = app
            .update_action_progress(&referent, mine_action, ActionStatus::InProgress, Some(35))
            .await
            .expect("their workstream's action");
        assert_eq!(updated.progress, Some(35));
        let refused = app
            .update_action_progress(&referent, other_action, ActionStatus::Done, Some(100))
            .await
            .expect_err("another workstream's action");
        assert_eq!(refused.code().as_str(), "forbidden");

        let entry = MeasurementInput {
            period: "2031".into(),
            value: "12".into(),
            submit: true,
            ..MeasurementInput::default()
        };
        let value = app
            .record_measurement(&referent, mine_indicator, &entry)
            .await
            .expect("their workstream's indicator");
        let refused = app
            .record_measurement(&referent, other_indicator, &entry)
            .await
            .expect_err("another workstream's indicator");
        assert_eq!(refused.code().as_str(), "forbidden");
        // Entering is not validating.
        let refused = app
            .set_measurement_state(
                &referent,
                value.id,
                jalon_core::plan::MeasurementState::Validated,
            )
            .await
            .expect_err("a référent validates nothing");
        assert_eq!(refused.code().as_str(), "forbidden");

        // Their to-do holds the items of their workstream that name someone else.
        let todo = app.todo(&referent).await.expect("todo");
        let items: Vec<_> = todo.campaigns.iter().flat_map(|c| &c.items).collect();
        assert!(
            items.iter().any(|i| i.axis.as_deref() == Some("C3")
                && i.owner.as_deref() != Some("Responsable achats")),
            "{items:#?}"
        );
        assert!(
            items.iter().all(|i| i.axis.as_deref() == Some("C3")
                || i.owner.as_deref() == Some("Responsable achats")),
            "nothing of another workstream that is not theirs"
        );

        // Naming référents: administrators only, with a workstream of the plan.
        let editor = signed_in(&app, "editeur").await;
        assert_eq!(
            app.set_domain(&editor, "contributeur", Some("C2"))
                .await
                .expect_err("editors name no référent")
                .code()
                .as_str(),
            "forbidden"
        );
        let admin = jalon_app::Actor::system(referent.institution_id);
        assert_eq!(
            app.set_domain(&admin, "referent-c3", Some("C9"))
                .await
                .expect_err("no such workstream")
                .code()
                .as_str(),
            "unknown_axis"
        );
        let info = app
            .set_domain(&admin, "referent-c3", None)
            .await
            .expect("no longer référent");
        assert_eq!(info.domain, None);
        let former = signed_in(&app, "referent-c3").await;
        let refused = app
            .update_action_progress(&former, mine_action, ActionStatus::Done, Some(100))
            .await
            .expect_err("no longer theirs");
        assert_eq!(refused.code().as_str(), "forbidden");
        let filter = JournalFilter {
            kind: Some("user".into()),
            ..JournalFilter::default()
        };
        let journal = app
            .journal(&admin, &filter, Lang::En)
            .await
            .expect("journal");
        let texts: Vec<_> = journal.entries.iter().map(|e| e.text.clone()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("referent-c3: référent of no workstream")),
            "{texts:#?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("referent-c3: référent of workstream C3")),
            "{texts:#?}"
        );
    }
}
