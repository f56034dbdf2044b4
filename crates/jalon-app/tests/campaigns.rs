//! The yearly campaign, walked as its people would: an editor opens it, the owner finds what
//! they owe, submits, gets a value returned with a reason, fixes it, and the editor validates;
//! the progress adds up, what is late is overdue, and a closed campaign locks its year until
//! it is reopened. SQLite and PostgreSQL.

mod common;

use chrono::NaiveDate;
use common::{app, app_at, signed_in};
use jalon_app::AppError;
use jalon_app::campaigns::{ActionReportInput, CampaignInput};
use jalon_app::journal::JournalFilter;
use jalon_app::measurements::MeasurementInput;
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_core::campaign::{CampaignItemKind, CampaignPhase, CampaignScope, ItemState};
use jalon_core::plan::MeasurementState;
use jalon_store::testing;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The 2026 campaign, open from 1 November to 15 December 2026 (the tests live on
/// 21 November 2026).
fn campaign_2026() -> CampaignInput {
    CampaignInput {
        year: 2026,
        label: None,
        opens_on: day(2026, 11, 1),
        deadline: day(2026, 12, 15),
        scope: vec![
            CampaignScope::IndicatorValues,
            CampaignScope::ActionStatuses,
        ],
    }
}

/// The journal of one element, newest first, in `lang`.
async fn journal(
    app: &jalon_app::App,
    editor: &jalon_app::Actor,
    kind: &str,
    id: i64,
    lang: Lang,
) -> Vec<String> {
    let filter = JournalFilter {
        kind: Some(kind.into()),
        id: Some(id),
        ..JournalFilter::default()
    };
    let page = app.journal(editor, &filter, lang).await.expect("journal");
    page.entries.into_iter().map(|e| e.text).collect()
}

/// The demo, with its editor and the 2026 campaign they opened.
async fn opened_2026(app: &jalon_app::App) -> (jalon_app::Actor, jalon_app::campaigns::Campaign) {
    app.load_demo().await.expect("demo");
    let editor = signed_in(app, "editeur").await;
    let campaign = app
        .open_campaign(&editor, &campaign_2026())
        .await
        .expect("open");
    (editor, campaign)
}

fn code_of(err: &AppError) -> &'static str {
    err.code().as_str()
}

#[tokio::test]
async fn an_owner_submits_gets_a_return_with_a_reason_fixes_it_and_the_editor_validates() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let owner = signed_in(&app, "contributeur").await;
        let viewer = signed_in(&app, "lecteur").await;
        assert_eq!(
            code_of(
                &app.open_campaign(&owner, &campaign_2026())
                    .await
                    .unwrap_err()
            ),
            "forbidden"
        );
        let campaign = app
            .open_campaign(&editor, &campaign_2026())
            .await
            .expect("open");
        assert_eq!(campaign.phase, CampaignPhase::Collecting, "{}", db.label);
        assert_eq!(campaign.days_left, 24);
        assert!(campaign.tally.total > 0);

        // The owner's to-do holds their items only, every one owed.
        let todo = app.todo(&owner).await.expect("todo");
        let mine = &todo
            .campaigns
            .iter()
            .find(|c| c.campaign.id == campaign.id)
            .expect("the campaign is on the owner's to-do")
            .items;
        let view = app.view_for(&owner).await.expect("view");
        let my_indicators: Vec<_> = view
            .doc()
            .indicators()
            .filter(|(_, i)| view.owns(&owner, i))
            .map(|(_, i)| i.code.clone())
            .collect();
        assert!(!my_indicators.is_empty());
        for item in mine {
            if item.kind == CampaignItemKind::IndicatorValue {
                assert!(my_indicators.contains(&item.code), "{}", item.code);
            }
        }
        assert!(
            todo.to_validate.is_empty(),
            "a contributor validates nothing"
        );
        let item = mine
            .iter()
            .find(|i| i.kind == CampaignItemKind::IndicatorValue && i.state == ItemState::Pending)
            .expect("a value owed")
            .clone();

        // Submitted from the to-do page: the editor sees it waiting.
        let submitted = app
            .submit_item_value(&owner, item.id, "42", Some("Service"), None, Some(0))
            .await
            .expect("submit");
        assert_eq!(submitted.state, ItemState::Submitted);
        let editor_todo = app.todo(&editor).await.expect("editor todo");
        assert!(editor_todo.to_validate.iter().any(|i| i.id == item.id));

        // Only an editor returns, and only with a reason.
        assert_eq!(
            code_of(&app.return_item(&owner, item.id, "no").await.unwrap_err()),
            "forbidden"
        );
        assert_eq!(
            code_of(&app.return_item(&editor, item.id, "  ").await.unwrap_err()),
            "required"
        );
        let returned = app
            .return_item(
                &editor,
                item.id,
                "La valeur de 2025 était 4 200 : vérifier l'unité.",
            )
            .await
            .expect("return");
        assert_eq!(returned.state, ItemState::Returned);
        assert_eq!(
            returned.value.as_ref().map(|v| v.state),
            Some(MeasurementState::Draft)
        );

        // The owner sees the reason, returned items first.
        let todo = app.todo(&owner).await.expect("todo");
        let first = &todo.campaigns[0].items[0];
        assert_eq!(first.id, item.id);
        assert_eq!(
            first.reason.as_deref(),
            Some("La valeur de 2025 était 4 200 : vérifier l'unité.")
        );
        // A returned item cannot be validated as it stands.
        assert_eq!(
            code_of(&app.validate_item(&editor, item.id).await.unwrap_err()),
            "not_submitted"
        );

        // Fixed on the indicator page (not the to-do page): the return is answered all the
        // same.
        let version = returned.value.as_ref().map(|v| v.version);
        app.record_measurement(
            &owner,
            item.entity_id,
            &MeasurementInput {
                period: "2026".into(),
                value: "4 250".into(),
                submit: true,
                version,
                ..MeasurementInput::default()
            },
        )
        .await
        .expect("fixed");
        let fixed = app.item(&viewer, item.id).await.expect("item");
        assert_eq!(fixed.state, ItemState::Submitted);
        assert_eq!(fixed.reason, None);
        let validated = app.validate_item(&editor, item.id).await.expect("validate");
        assert_eq!(validated.state, ItemState::Validated);
        assert_eq!(
            validated.value.map(|v| (v.value, v.state)),
            Some(("4 250".to_string(), MeasurementState::Validated))
        );

        // The journal tells the story in order.
        let texts = journal(&app, &editor, "campaign_item", item.id, Lang::Fr).await;
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].contains("validé"), "{texts:?}");
        assert!(texts[1].contains("vérifier l'unité"), "{texts:?}");
    }
}

#[tokio::test]
async fn a_pilot_reports_on_an_action_and_others_cannot() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    let (editor, campaign) = opened_2026(&app).await;
    let owner = signed_in(&app, "contributeur").await;
    let progress = app
        .campaign_progress(&editor, campaign.id)
        .await
        .expect("progress");
    let view = app.view_for(&owner).await.expect("view");
    let action_item = |mine: bool| {
        progress
            .items
            .iter()
            .find(|i| {
                i.kind == CampaignItemKind::ActionStatus
                    && view
                        .action(i.entity_id)
                        .is_some_and(|(_, a)| view.pilots(&owner, a) == mine)
            })
            .cloned()
    };
    let report = ActionReportInput {
        status: ActionStatus::InProgress,
        progress: Some(60),
        note: Some("Deux bâtiments équipés sur trois.".into()),
    };
    let others = action_item(false).expect("an action the contributor does not pilot");
    assert_eq!(
        code_of(
            &app.submit_action_report(&owner, others.id, &report)
                .await
                .unwrap_err()
        ),
        "forbidden"
    );
    let item = action_item(true).unwrap_or(others);
    let actor = if view
        .action(item.entity_id)
        .is_some_and(|(_, a)| view.pilots(&owner, a))
    {
        &owner
    } else {
        &editor
    };
    let done = app
        .submit_action_report(actor, item.id, &report)
        .await
        .expect("report");
    assert_eq!(done.state, ItemState::Submitted);
    assert_eq!(done.action_status, Some(ActionStatus::InProgress));
    assert_eq!(done.progress, Some(60));
    assert_eq!(
        done.note.as_deref(),
        Some("Deux bâtiments équipés sur trois.")
    );
    let too_far = ActionReportInput {
        progress: Some(140),
        ..report
    };
    assert_eq!(
        code_of(
            &app.submit_action_report(&editor, item.id, &too_far)
                .await
                .unwrap_err()
        ),
        "invalid_progress"
    );
    let validated = app.validate_item(&editor, item.id).await.expect("validate");
    assert_eq!(validated.state, ItemState::Validated);
}

#[tokio::test]
async fn a_closed_campaign_locks_its_year_until_reopened() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        let (editor, campaign) = opened_2026(&app).await;
        let progress = app
            .campaign_progress(&editor, campaign.id)
            .await
            .expect("progress");
        let item = progress
            .items
            .iter()
            .find(|i| i.kind == CampaignItemKind::IndicatorValue)
            .expect("a value item")
            .clone();
        let closed = app
            .close_campaign(&editor, campaign.id)
            .await
            .expect("close");
        assert_eq!(closed.phase, CampaignPhase::Closed, "{}", db.label);
        let entry = MeasurementInput {
            period: "2026".into(),
            value: "12".into(),
            ..MeasurementInput::default()
        };
        let refused = app
            .record_measurement(&editor, item.entity_id, &entry)
            .await
            .unwrap_err();
        assert_eq!(code_of(&refused), "campaign_closed");
        assert_eq!(
            code_of(
                &app.submit_item_value(&editor, item.id, "12", None, None, None)
                    .await
                    .unwrap_err()
            ),
            "campaign_closed"
        );
        // Other years are not locked.
        app.record_measurement(
            &editor,
            item.entity_id,
            &MeasurementInput {
                period: "2027".into(),
                ..entry.clone()
            },
        )
        .await
        .expect("another year");
        // Closed campaigns leave the to-do pages.
        assert!(
            app.todo(&editor)
                .await
                .expect("todo")
                .campaigns
                .iter()
                .all(|c| c.campaign.id != campaign.id)
        );
        app.reopen_campaign(&editor, campaign.id)
            .await
            .expect("reopen");
        app.record_measurement(&editor, item.entity_id, &entry)
            .await
            .expect("after reopening");
        let texts = journal(&app, &editor, "campaign", campaign.id, Lang::En).await;
        assert_eq!(
            texts,
            [
                "2026 campaign reopened",
                "2026 campaign closed",
                &format!(
                    "2026 campaign opened: {} items, due 2026-12-15",
                    campaign.tally.total
                ),
            ]
        );
    }
}

#[tokio::test]
async fn opening_refuses_a_second_campaign_for_a_year_and_inconsistent_dates() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let editor = signed_in(&app, "editeur").await;
    let backwards = CampaignInput {
        deadline: day(2026, 10, 1),
        ..campaign_2026()
    };
    let err = app.open_campaign(&editor, &backwards).await.unwrap_err();
    assert_eq!(code_of(&err), "end_before_start");
    let nothing = CampaignInput {
        scope: vec![],
        ..campaign_2026()
    };
    assert_eq!(
        code_of(&app.open_campaign(&editor, &nothing).await.unwrap_err()),
        "required"
    );
    let far = CampaignInput {
        year: 3000,
        ..campaign_2026()
    };
    assert_eq!(
        code_of(&app.open_campaign(&editor, &far).await.unwrap_err()),
        "invalid_year"
    );
    app.open_campaign(&editor, &campaign_2026())
        .await
        .expect("open");
    assert_eq!(
        code_of(
            &app.open_campaign(&editor, &campaign_2026())
                .await
                .unwrap_err()
        ),
        "campaign_exists"
    );
    let years: Vec<i32> = (app.campaigns(&editor).await.expect("list").iter())
        .map(|c| c.year)
        .collect();
    assert_eq!(
        years,
        [2026, 2025],
        "the new one and the demo's, latest first"
    );
}

#[tokio::test]
async fn after_the_deadline_what_is_owed_is_overdue_and_the_tallies_add_up() {
    let db = testing::sqlite().await;
    let setup = app(db.store.clone());
    let (editor, campaign) = opened_2026(&setup).await;
    let item = setup
        .campaign_progress(&editor, campaign.id)
        .await
        .expect("progress")
        .items
        .into_iter()
        .find(|i| i.kind == CampaignItemKind::IndicatorValue && i.state == ItemState::Pending)
        .expect("an owed value");
    setup
        .submit_item_value(&editor, item.id, "7", None, None, None)
        .await
        .expect("submit");

    // Thirty days later the deadline (15 December) has passed.
    let later = app_at(db.store.clone(), 30);
    let progress = later
        .campaign_progress(&editor, campaign.id)
        .await
        .expect("progress");
    let t = progress.campaign.tally;
    assert_eq!(progress.campaign.phase, CampaignPhase::PastDeadline);
    assert_eq!(t.total as usize, progress.items.len());
    assert_eq!(t.overdue, t.pending + t.returned);
    assert_eq!(progress.overdue().count() as u32, t.overdue);
    assert!(
        progress.overdue().all(|i| i.id != item.id),
        "submitted in time"
    );
    assert_eq!(progress.to_validate().count() as u32, t.submitted);
    let by_owner: u32 = progress.by_owner.iter().map(|o| o.tally.total).sum();
    let by_axis: u32 = progress.by_axis.iter().map(|a| a.tally.total).sum();
    assert_eq!(by_owner, t.total);
    assert_eq!(by_axis, t.total);
    // Those who owe most come first.
    let owed: Vec<u32> = progress
        .by_owner
        .iter()
        .map(|o| o.tally.pending + o.tally.returned)
        .collect();
    assert!(owed.windows(2).all(|w| w[0] >= w[1]), "{owed:?}");
}
