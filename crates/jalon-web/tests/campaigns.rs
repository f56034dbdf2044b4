//! The campaign's pages and routes: an editor opens a campaign (a refused form comes back
//! with its errors beside the fields), the owner's to-do shows the demo's returned value
//! first with its reason, a wrong value is refused on the item it was typed in, the editor
//! validates and returns from the progress page, and a closed campaign refuses entries. The
//! API says the same.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use jalon_core::campaign::ItemState;

/// Percent-encodes a form value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn an_editor_opens_a_campaign_and_the_owner_works_through_the_to_do_page() {
    let t = TestApp::demo().await;
    let editor = t.user("editeur").await;
    let owner = t.user("contributeur").await;

    // The demo's campaign: the contributor's returned value comes first, with its reason.
    let todo = owner.get("/todo").await;
    assert_eq!(todo.status, StatusCode::OK);
    todo.assert_shows(&[
        ("Campagne 2025", "the demo's campaign"),
        ("échéance dépassée de 3 jours", "its deadline, passed"),
        ("Renvoyé :", "the return"),
        ("espèces plantées en 2024", "its reason"),
    ]);
    let returned_at = todo.body.find("Renvoyé :").expect("returned");
    let pending_at = todo.body.find("À fournir").expect("something still owed");
    assert!(returned_at < pending_at, "returned items come first");
    assert!(
        !todo.body.contains("id=\"to-validate\""),
        "a contributor validates nothing"
    );

    // Opening a campaign: a refused form keeps what was typed.
    let refused = editor
        .post_invalid(
            "/campaigns",
            "year=2026&opens_on=2026-11-30&deadline=2026-11-01&scope=indicator_values",
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_shows(&[
        ("id=\"err-deadline\"", "the deadline's error beside it"),
        ("value=\"2026-11-30\"", "what was typed, kept"),
    ]);
    let opened = editor
        .post(
            "/campaigns",
            "year=2026&label=&opens_on=2026-11-01&deadline=2026-12-15&scope=indicator_values",
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let location = opened.location.clone().expect("redirect");
    let page = editor.get(&location).await;
    page.assert_shows(&[
        ("Campagne ouverte.", "the confirmation"),
        ("<h1>Campagne 2026</h1>", "its default name"),
        ("encore 24 jours", "the days left"),
        ("Par responsable", "the progress by owner"),
        ("Par chantier", "the progress by workstream"),
        ("Clore la campagne", "the close button, for an editor"),
    ]);
    let campaign_id: i64 = location
        .trim_start_matches("/campaigns/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("campaign id");

    // Offline: the workbook of what the owner owes, and a wrong one sent back, located.
    let sheet = owner
        .get(&format!("/campaigns/{campaign_id}/mine.xlsx"))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(
        sheet.content_type.contains("spreadsheetml"),
        "{}",
        sheet.content_type
    );
    let refused = t
        .upload(
            &format!("/campaigns/{campaign_id}/mine"),
            &owner.session,
            "valeurs.csv",
            b"N\xC2\xB0;Valeur\n999999;12\n",
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_shows(&[
        ("valeurs.csv, ligne 2, colonne A (N°)", "the row and column"),
        (
            "n° 999999 n&#39;est pas une de vos valeurs",
            "what is wrong",
        ),
        ("Rien n&#39;a été enregistré", "nothing written"),
    ]);

    // The owner's item of 2026: a wrong value is refused on that item only.
    let actor = t.actor("contributeur").await;
    let item = t
        .app
        .todo(&actor)
        .await
        .expect("todo")
        .campaigns
        .iter()
        .find(|c| c.campaign.id == campaign_id)
        .expect("the new campaign on the owner's to-do")
        .items[0]
        .clone();
    let wrong = owner
        .post_invalid(
            &format!("/campaigns/items/{}/value", item.id),
            "value=douze&source=Compteurs&version=0",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_shows(&[
        (
            &format!("id=\"err-value-{}\"", item.id),
            "the error beside that item's field",
        ),
        ("value=\"douze\"", "what was typed, kept"),
    ]);
    assert_eq!(wrong.body.matches("class=\"field-error\"").count(), 1);
    let sent = owner
        .post(
            &format!("/campaigns/items/{}/value", item.id),
            "value=12&source=Compteurs&version=0",
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        sent.location.as_deref(),
        Some(format!("/todo?done=item_submitted#item-{}", item.id).as_str())
    );

    // The editor returns it from the progress page, with a reason the owner then reads.
    let progress = editor.get(&format!("/campaigns/{campaign_id}")).await;
    progress.assert_shows(&[(
        &format!("/campaigns/items/{}/return", item.id),
        "the return form on the submitted item",
    )]);
    let no_reason = editor
        .post_invalid(
            &format!("/campaigns/items/{}/return", item.id),
            "reason=&back=campaign",
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "Le compteur du bâtiment B manque.";
    let back = editor
        .post(
            &format!("/campaigns/items/{}/return", item.id),
            &format!("reason={}&back=campaign", enc(reason)),
        )
        .await;
    assert_eq!(
        back.location.as_deref(),
        Some(format!("/campaigns/{campaign_id}?done=item_returned#to-validate").as_str())
    );
    owner.get("/todo").await.assert_shows(&[(
        "Le compteur du bâtiment B manque.",
        "the reason, on the owner's to-do",
    )]);

    // Fixed and validated through the API.
    let token = t.token("contributeur", "campagne").await;
    let fixed = t
        .api_post(
            &format!("/api/v1/campaign-items/{}/value", item.id),
            &token,
            r#"{"value":"14","source":"Compteurs"}"#,
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.json()["state"], ItemState::Submitted.as_str());
    let editor_token = t.token("editeur", "campagne").await;
    let refused = t
        .api_post(
            &format!("/api/v1/campaign-items/{}/decision", item.id),
            &token,
            r#"{"decision":"validate"}"#,
        )
        .await;
    refused.assert_api_error(StatusCode::FORBIDDEN, "forbidden");
    let validated = t
        .api_post(
            &format!("/api/v1/campaign-items/{}/decision", item.id),
            &editor_token,
            r#"{"decision":"validate"}"#,
        )
        .await;
    assert_eq!(validated.json()["state"], "validated", "{}", validated.body);
    let progress = t
        .api_get(&format!("/api/v1/campaigns/{campaign_id}"), &editor_token)
        .await;
    let items = progress.json()["items"].clone();
    let shown = (items.as_array().expect("items").iter())
        .find(|i| i["id"] == item.id)
        .expect("the item in the progress");
    assert_eq!(shown["state"], "validated");
    assert_eq!(shown["value"]["value"], "14");

    // Closed: entries for 2026 are refused, even to an editor, until it is reopened.
    let closed = editor
        .post(&format!("/campaigns/{campaign_id}/close"), "")
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    editor
        .get(closed.location.as_deref().expect("redirect"))
        .await
        .assert_shows(&[
            ("Campagne close", "the confirmation"),
            ("Rouvrir la campagne", "the reopen button"),
        ]);
    let locked = t
        .api_post(
            &format!("/api/v1/indicators/{}/measurements", item.entity_id),
            &editor_token,
            r#"{"period":"2026","value":"15"}"#,
        )
        .await;
    locked.assert_api_error(StatusCode::CONFLICT, "campaign_closed");
}
