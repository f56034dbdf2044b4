//! The journal page and route: an editor's change shows there in words with a link to the
//! element, the filters keep what they filter, the menu offers the page to editors only, and
//! the API says the same in the language asked for.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn an_editors_change_shows_in_the_journal_with_its_element() {
    let t = TestApp::demo().await;
    let view = t.view().await;
    let (_, action) = view.doc().actions().next().expect("an action");
    let id = view.action_id(&action.code).expect("id");
    let editor = t.user("editeur").await;
    let saved = editor
        .post(
            &format!("/actions/{id}/progress"),
            "status=in_progress&progress=55",
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let page = editor.get("/journal?kind=action&user=editeur").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_shows(&[
        ("Journal des modifications", "the title"),
        (
            &format!("{} : En cours, 55 %", action.code),
            "the change in French",
        ),
        (&format!("href=\"/actions/{id}\""), "a link to the action"),
        ("<option value=\"action\" selected>", "the kind filter kept"),
        ("value=\"editeur\"", "the account filter kept"),
        ("href=\"/journal\"", "the menu entry"),
    ]);
    // The action's page leads an editor to its whole history.
    let sheet = editor.get(&format!("/actions/{id}")).await;
    sheet.assert_shows(&[(
        &format!("href=\"/journal?kind=action&amp;id={id}\""),
        "the link to the action's journal",
    )]);
    let only = editor.get(&format!("/journal?kind=action&id={id}")).await;
    assert_eq!(
        only.body.matches("<tr><td>").count(),
        1,
        "the one change of the action"
    );

    // The same selection as a CSV file, the change in its words and its fields.
    let csv = editor.get("/journal/csv?kind=action&user=editeur").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let first_line = csv.body.lines().next().expect("header");
    assert!(first_line.contains("Date;Par;Compte"), "{first_line}");
    let row = csv.body.lines().nth(1).expect("a row");
    assert!(
        row.contains(&format!("{} : En cours, 55 %", action.code)),
        "{row}"
    );
    assert!(row.contains("progress : "), "{row}");
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
    // A day with no change, through the form's empty fields.
    let empty = editor
        .get("/journal?kind=action&user=&from=2030-01-01&to=")
        .await;
    assert_eq!(empty.status, StatusCode::OK);
    empty.assert_shows(&[("Aucune modification ne correspond.", "nothing that day")]);

    // Sign-ins are for administrators: the editor's filter offers no accounts.
    assert!(!page.body.contains("<option value=\"user\""));
    let admin = t.user("admin").await.get("/journal?kind=user").await;
    admin.assert_shows(&[(
        "admin s&#39;est connecté·e",
        "a sign-in, for administrators",
    )]);

    // A contributor has no menu entry and no page.
    let contributor = t.user("contributeur").await;
    assert!(
        !contributor
            .get("/")
            .await
            .body
            .contains("href=\"/journal\"")
    );
    assert_eq!(
        contributor.get("/journal").await.status,
        StatusCode::FORBIDDEN
    );

    // The API says the same, in English when asked.
    let token = t.token("editeur", "journal").await;
    let reply = t
        .api_get("/api/v1/journal?kind=action&user=editeur&lang=en", &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(
        json["entries"][0]["text"],
        format!("{}: In progress, 55%", action.code)
    );
    assert_eq!(json["entries"][0]["entity_id"], id);
}

#[tokio::test]
async fn older_changes_are_one_link_away_and_keep_the_filter() {
    let t = TestApp::demo().await;
    let editor = t.user("editeur").await;
    let page = editor.get("/journal?kind=report_block&limit=3").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<tr><td>").count(), 3);
    let link = page
        .body
        .split("href=\"/journal?before=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older changes");
    assert!(link.ends_with("kind=report_block"), "{link}");
    page.assert_shows(&[("Modifications plus anciennes", "the link's words")]);
}
