//! The bell and the notifications page: the demo's owner sees two unread notifications (the
//! campaign overdue, a value returned with its reason), opening one marks it read and leads
//! to the item, the mail settings form refuses a frequency it does not know beside the
//! field and saves a good one; the API says the same, and a person reads only their own.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;

#[tokio::test]
async fn the_owner_reads_their_notifications_opens_one_and_sets_their_digest() {
    let t = TestApp::demo().await;
    let owner = t.user("contributeur").await;
    let viewer = t.user("lecteur").await;

    let home = owner.get("/").await;
    home.assert_shows(&[
        ("href=\"/notifications\"", "the bell on every page"),
        (
            "<span class=\"count\">2<span class=\"sr-only\"> (2 non lues)",
            "its count, spoken",
        ),
    ]);
    let quiet = viewer.get("/").await;
    assert!(
        !quiet.body.contains("class=\"count\""),
        "the viewer owes nothing"
    );

    let page = owner.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_shows(&[
        ("2 notifications non lues.", "the unread count"),
        ("échéance de la campagne 2025", "the campaign is overdue"),
        ("vous est renvoyé : ", "a value returned"),
        ("espèces plantées en 2024", "with its reason"),
        ("referent-ressources@example.org", "where digests go"),
        (
            "Ce serveur n&#39;envoie pas de courriel",
            "no SMTP in the tests",
        ),
    ]);

    // Opening the returned value marks it read and leads to the item on the to-do page.
    let inbox = t
        .json(
            Method::GET,
            "/api/v1/notifications",
            Some(&owner.session),
            "",
        )
        .await
        .json();
    assert_eq!(inbox["unread"], 2);
    let returned = inbox["notices"]
        .as_array()
        .expect("notices")
        .iter()
        .find(|n| n["kind"] == "item_returned")
        .expect("the returned value")
        .clone();
    let id = returned["id"].as_i64().expect("id");
    let opened = owner.post(&format!("/notifications/{id}/open"), "").await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let to = opened.location.expect("a redirect");
    assert!(to.starts_with("/todo#item-"), "{to}");
    let home = owner.get("/").await;
    home.assert_shows(&[("<span class=\"count\">1<", "one left unread")]);

    // Someone else's notification is not theirs to mark.
    let other = t
        .json(
            Method::POST,
            "/api/v1/notifications/read",
            Some(&viewer.session),
            &format!(r#"{{"ids":[{id}]}}"#),
        )
        .await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.json()["marked"], 0);

    // The digest's settings: an unknown frequency is refused beside its field.
    let refused = owner
        .post_invalid("/notifications/settings", "language=en&frequency=hourly")
        .await;
    refused.assert_shows(&[("id=\"err-frequency\"", "the frequency's error beside it")]);
    let saved = owner
        .post("/notifications/settings", "language=en&frequency=weekly")
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = owner.get("/notifications?done=mail_settings_saved").await;
    page.assert_shows(&[
        ("Préférences de courriel enregistrées.", "the confirmation"),
        ("<option value=\"weekly\" selected>", "the frequency kept"),
        ("<option value=\"en\" selected>", "the language kept"),
    ]);
    let api = t
        .json(
            Method::PUT,
            "/api/v1/notifications/settings",
            Some(&owner.session),
            r#"{"language":"fr","frequency":"sometimes"}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);

    // The administrator's view of the mail queue: nothing queued without an SMTP server.
    let admin = t.user("admin").await;
    let queue = admin.get("/mail").await;
    assert_eq!(queue.status, StatusCode::OK);
    queue.assert_shows(&[
        ("File des courriels", "its title"),
        (
            "Aucun courriel n&#39;a encore été mis en file.",
            "an empty queue",
        ),
    ]);
    assert_eq!(owner.get("/mail").await.status, StatusCode::FORBIDDEN);

    // All read.
    let all = owner.post("/notifications/read", "").await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    let home = owner.get("/").await;
    assert!(!home.body.contains("class=\"count\""), "nothing unread");
}
