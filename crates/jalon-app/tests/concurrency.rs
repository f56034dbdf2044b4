//! Many people save at once in the weeks of a campaign: on SQLite, whose one writer at a
//! time is the rule, their saves wait their turn instead of failing with "database is
//! locked"; on PostgreSQL they run side by side. Every save is kept.

mod common;

use common::{app, nth_action, signed_in};
use jalon_app::actions::ActionInput;
use jalon_store::testing;

/// Saves at once, as in the finding that 12 parallel saves on SQLite failed 5 times.
const SAVES: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_saves_all_succeed() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo");
        let admin = signed_in(&app, "admin").await;
        let view = app.plan_view(report.institution_id).await.expect("view");
        let actions: Vec<_> = view
            .doc()
            .actions()
            .map(|(_, a)| (view.action_id(&a.code).expect("id"), a.clone()))
            .collect();
        assert!(actions.len() >= 10, "the demo has actions");
        let mut saves = Vec::new();
        for i in 0..SAVES {
            let (id, action) = actions[i % actions.len()].clone();
            let (app, admin) = (app.clone(), admin.clone());
            saves.push(tokio::spawn(async move {
                let mut input = ActionInput::from_action(&action);
                input.description = Some(format!("Enregistrement parallèle n° {i}"));
                app.update_action(&admin, id, &input).await.map(|_| id)
            }));
        }
        let mut failed = Vec::new();
        for save in saves {
            if let Err(e) = save.await.expect("task") {
                failed.push(e.to_string());
            }
        }
        assert_eq!(failed, Vec::<String>::new(), "{}", db.label);
        // Each action holds one of the descriptions sent for it.
        let after = app.plan_view(report.institution_id).await.expect("view");
        for (id, _) in actions.iter().take(SAVES) {
            let (_, a) = after.action(*id).expect("action");
            let description = a.description.clone().unwrap_or_default();
            assert!(
                description.starts_with("Enregistrement parallèle"),
                "{}: {description}",
                db.label
            );
        }
    }
}

/// The stable code of a refusal.
fn code<T>(r: &Result<T, jalon_app::AppError>) -> Option<&'static str> {
    r.as_ref().err().map(|e| e.code().as_str())
}

#[tokio::test]
async fn the_second_of_two_saves_from_the_same_version_is_refused() {
    use jalon_app::measurements::MeasurementInput;
    use jalon_app::report::content::BlockInput;
    use jalon_app::versions::Versioned;

    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo");
        let (first, second) = (
            signed_in(&app, "editeur").await,
            signed_in(&app, "admin").await,
        );
        let view = app.plan_view(report.institution_id).await.expect("view");
        let (id, action) = nth_action(&view, 0);

        // An action sheet: both open version v; one saves a title, the other a description.
        let v = app
            .record_version(&first, Versioned::Action, id)
            .await
            .expect("version");
        let mut title = ActionInput::from_action(&action);
        title.title = "Titre changé par l'éditrice".into();
        title.version = Some(v);
        let mut description = ActionInput::from_action(&action);
        description.description = Some("Description changée par l'administrateur".into());
        description.version = Some(v);
        app.update_action(&first, id, &title)
            .await
            .expect("first save");
        let late = app.update_action(&second, id, &description).await;
        assert_eq!(code(&late), Some("edited_meanwhile"), "{}", db.label);
        assert!(
            matches!(late, Err(jalon_app::AppError::EditedMeanwhile(now)) if now == v + 1),
            "{}",
            db.label
        );
        let stored = app.plan_view(report.institution_id).await.expect("view");
        assert_eq!(
            stored.action(id).expect("action").1.title,
            title.title,
            "{}",
            db.label
        );
        // Saved again from the current version, with the title kept: both changes are in.
        description.title = title.title.clone();
        description.version = Some(v + 1);
        app.update_action(&second, id, &description)
            .await
            .expect("saved knowingly");
        let stored = app.plan_view(report.institution_id).await.expect("view");
        let (_, a) = stored.action(id).expect("action");
        assert_eq!(a.title, title.title);
        assert_eq!(a.description, description.description);

        // An indicator's value for a period nobody has entered yet (version 0).
        let indicator = view.indicator_id("C3.O3.I1").expect("indicator");
        let entry = |value: &str| MeasurementInput {
            period: "2031".into(),
            value: value.into(),
            version: Some(0),
            ..Default::default()
        };
        app.record_measurement(&first, indicator, &entry("12"))
            .await
            .expect("first value");
        let late = app
            .record_measurement(&second, indicator, &entry("15"))
            .await;
        assert_eq!(code(&late), Some("edited_meanwhile"), "{}", db.label);
        let stored = app.plan_view(report.institution_id).await.expect("view");
        let (_, i) = stored.indicator(indicator).expect("indicator");
        let kept = i.measurements.iter().find(|m| m.period == "2031");
        assert_eq!(kept.map(|m| m.value.as_str()), Some("12"), "{}", db.label);

        // A block of report content.
        let block = BlockInput {
            kind: "event".into(),
            title: "Forum".into(),
            body: "Rencontre annuelle.".into(),
            sdgs: "9".into(),
            ..Default::default()
        };
        let block_id = app
            .save_report_block(&first, None, &block)
            .await
            .expect("block");
        let v = app
            .record_version(&first, Versioned::ReportBlock, block_id)
            .await
            .expect("version");
        let edit = |title: &str| BlockInput {
            title: title.into(),
            version: Some(v),
            ..block.clone()
        };
        app.save_report_block(&first, Some(block_id), &edit("Forum 2026"))
            .await
            .expect("first edit");
        let late = app
            .save_report_block(&second, Some(block_id), &edit("Forum des start-up"))
            .await;
        assert_eq!(code(&late), Some("edited_meanwhile"), "{}", db.label);
        let blocks = app.report_blocks(&first).await.expect("blocks");
        let kept = blocks.iter().find(|b| b.id == block_id).expect("block");
        assert_eq!(kept.title, "Forum 2026", "{}", db.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_ten_saves_at_once_from_one_version_exactly_one_is_kept() {
    use jalon_app::versions::Versioned;

    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo");
        let admin = signed_in(&app, "admin").await;
        let view = app.plan_view(report.institution_id).await.expect("view");
        let (id, action) = nth_action(&view, 3);
        let v = app
            .record_version(&admin, Versioned::Action, id)
            .await
            .expect("version");
        let mut saves = Vec::new();
        for i in 0..10 {
            let (app, admin, action) = (app.clone(), admin.clone(), action.clone());
            saves.push(tokio::spawn(async move {
                let mut input = ActionInput::from_action(&action);
                input.title = format!("Titre n° {i}");
                input.version = Some(v);
                app.update_action(&admin, id, &input).await.map(|_| i)
            }));
        }
        let mut kept = Vec::new();
        let mut refused = 0;
        for save in saves {
            match save.await.expect("task") {
                Ok(i) => kept.push(i),
                Err(e) => {
                    assert_eq!(e.code(), "edited_meanwhile", "{}: {e}", db.label);
                    refused += 1;
                }
            }
        }
        assert_eq!((kept.len(), refused), (1, 9), "{}", db.label);
        let stored = app.plan_view(report.institution_id).await.expect("view");
        assert_eq!(
            stored.action(id).expect("action").1.title,
            format!("Titre n° {}", kept[0]),
            "{}",
            db.label
        );
    }
}
