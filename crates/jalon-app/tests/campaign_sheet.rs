//! The campaign offline: the owner's workbook holds exactly the values they still owe; a
//! filled workbook with a wrong value or another's item is refused whole with each problem
//! located, and nothing changes; a right one submits the filled values in one go, and sending
//! it again changes nothing. SQLite and PostgreSQL.

mod common;

use chrono::NaiveDate;
use common::{app, signed_in};
use jalon_app::AppError;
use jalon_app::campaigns::CampaignInput;
use jalon_core::Lang;
use jalon_core::campaign::{CampaignItemKind, CampaignScope, ItemState};
use jalon_store::testing;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("day")
}

#[tokio::test]
async fn an_owner_fills_the_workbook_offline_and_sends_it_back() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let owner = signed_in(&app, "contributeur").await;
        let viewer = signed_in(&app, "lecteur").await;
        let campaign = app
            .open_campaign(
                &editor,
                &CampaignInput {
                    year: 2026,
                    label: None,
                    opens_on: day(11, 1),
                    deadline: day(12, 15),
                    scope: CampaignScope::ALL.to_vec(),
                },
            )
            .await
            .expect("open");

        let send = async |who: &jalon_app::Actor, text: &str| {
            app.submit_items_workbook(
                who,
                campaign.id,
                text.as_bytes(),
                "mes-valeurs.csv",
                Lang::Fr,
            )
            .await
        };

        // The workbook: the owner's open values, nothing else.
        let bytes = app
            .my_items_workbook(&owner, campaign.id, Lang::Fr)
            .await
            .expect("workbook");
        let table =
            jalon_io::table::read_table(&bytes, "mes-valeurs.xlsx", Lang::Fr).expect("reads");
        assert_eq!(table.header[0], "N°");
        let listed: Vec<i64> = (table.rows.iter())
            .map(|(_, cells)| {
                cells[0]
                    .trim_end_matches(".0")
                    .parse()
                    .expect("item number")
            })
            .collect();
        let todo = app.todo(&owner).await.expect("todo");
        let owed: Vec<i64> = (todo.campaigns.iter())
            .find(|c| c.campaign.id == campaign.id)
            .expect("the campaign")
            .items
            .iter()
            .filter(|i| {
                i.kind == CampaignItemKind::IndicatorValue && i.state != ItemState::Validated
            })
            .map(|i| i.id)
            .collect();
        assert!(listed.len() >= 2, "{listed:?}");
        let (mut a, mut b) = (listed.clone(), owed.clone());
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{}", db.label);

        // Someone else's item and a value that does not read: refused, located, nothing written.
        let progress = app
            .campaign_progress(&editor, campaign.id)
            .await
            .expect("progress");
        let others = (progress.items.iter())
            .find(|i| i.kind == CampaignItemKind::IndicatorValue && !owed.contains(&i.id))
            .expect("another's value")
            .id;
        let wrong = format!(
            "N°;Valeur;Source\n{};12;Compteurs\n{};douze;\n{};7;\n",
            listed[0], listed[1], others
        );
        let err = send(&owner, &wrong).await.unwrap_err();
        let AppError::ImportRefused(problems) = err else {
            panic!("refused with problems")
        };
        let located: Vec<(Option<usize>, Option<String>)> =
            problems.iter().map(|p| (p.row, p.column.clone())).collect();
        assert_eq!(
            located,
            [
                (Some(3), Some("B (Valeur)".to_string())),
                (Some(4), Some("A (N°)".to_string())),
            ]
        );
        assert!(
            problems[0].message.contains("douze"),
            "{}",
            problems[0].message
        );
        let unchanged = app.item(&owner, listed[0]).await.expect("item");
        assert_eq!(unchanged.state, ItemState::Pending, "nothing was written");

        // Right: two values filled, the rest blank.
        let right = format!(
            "N°;Valeur;Source;Commentaire\n{};12;Compteurs;Relevé de décembre\n{};4 250;;\n",
            listed[0], listed[1]
        );
        let outcome = send(&owner, &right).await.expect("accepted");
        assert_eq!(outcome.submitted, 2);
        let first = app.item(&owner, listed[0]).await.expect("item");
        assert_eq!(first.state, ItemState::Submitted);
        let value = first.value.expect("value");
        assert_eq!(
            (value.value.as_str(), value.source.as_deref()),
            ("12", Some("Compteurs"))
        );
        // The same file again changes nothing.
        let again = send(&owner, &right).await.expect("accepted");
        assert_eq!(again.submitted, 0);
        assert_eq!(again.unchanged, 2);
        // A viewer sends nothing.
        let refused = send(&viewer, &right).await.unwrap_err();
        assert_eq!(refused.code().as_str(), "forbidden");
        // The journal: the file, and each value on its indicator.
        let journal = app
            .journal(
                &editor,
                &jalon_app::journal::JournalFilter {
                    kind: Some("campaign".into()),
                    id: Some(campaign.id),
                    ..Default::default()
                },
                Lang::Fr,
            )
            .await
            .expect("journal");
        assert!(
            journal.entries[0]
                .text
                .contains("2 valeur(s) soumise(s) depuis « mes-valeurs.csv »"),
            "{}",
            journal.entries[0].text
        );
    }
}
