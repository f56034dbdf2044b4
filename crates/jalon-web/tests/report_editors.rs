//! The editor pages behind the reports: the THE bank (answers, evidence linked and unlinked),
//! the evidence bank, the DD&RS self-assessment with its radar chart, and the chapter content
//! editor — each form's effect checked through the use cases or the report itself, bad input
//! refused with where and what, and snapshots of the pages as a reader sees them.

mod common;

use common::{Reply, TestApp, User, reader_page};

async fn editor(t: &TestApp) -> jalon_app::Actor {
    t.actor("editeur").await
}

fn redirected_with(r: &Reply, done: &str) {
    assert_eq!(
        r.status,
        303,
        "{}",
        r.body.chars().take(400).collect::<String>()
    );
    let to = r.location.as_deref().unwrap_or_default();
    assert!(to.contains(&format!("done={done}")), "{to}");
}

/// Posts `form` to `path`: saved, and sent back with `done={done}`.
async fn saved(u: &User<'_>, path: &str, form: &str, done: &str) -> Reply {
    let r = u.post(path, form).await;
    redirected_with(&r, done);
    r
}

#[tokio::test]
async fn the_bank_answers_and_evidence_from_the_page() {
    let t = TestApp::demo().await;
    let ed = editor(&t).await;
    let s = t.user("editeur").await;

    let page = s.get("/reports/the?year=2024&sdg=1").await;
    assert_eq!(page.status, 200);
    page.assert_shows(&[
        (r#"action="/reports/the/2024/answers/1.3.1""#, "a form"),
        ("Calculé par THE", "bibliometric rows say so"),
    ]);

    // A new evidence item, from the evidence page's form.
    let form = "title=Politique+d%27admission+boursiers&kind=policy&adopted_on=2023-09-01&adopted_by=Conseil+d%27administration&url=https%3A%2F%2Fexemple.org%2Fadmission&public=1&year=2024";
    saved(&s, "/reports/evidence", form, "evidence_saved").await;
    let bank = t.app.evidence_bank(&ed, 2024).await.expect("bank");
    let item = bank
        .iter()
        .find(|e| e.title == "Politique d'admission boursiers")
        .expect("created");
    assert_eq!(item.window.as_str(), "in_window");
    assert_eq!(item.adopted_by.as_deref(), Some("Conseil d'administration"));

    // "Yes" and the evidence linked: three points (exists, in the window, public).
    let answer = "/reports/the/2024/answers/1.3.1";
    let form = "exists=yes&note=Voir+la+politique&sdg=1";
    let r = saved(&s, answer, form, "the_answer_saved").await;
    let to = r.location.as_deref().unwrap_or_default();
    assert!(to.contains("sdg=1&") && to.ends_with("#i-1-3-1"), "{to}");
    let evidence = format!("{answer}/evidence");
    let form = format!("evidence_id={}&link=1&sdg=1", item.id);
    saved(&s, &evidence, &form, "evidence_linked").await;
    let points = async || {
        let bank = t.app.the_bank(&ed, 2024).await.expect("bank");
        bank.indicator("1.3.1").map(|i| i.points).unwrap_or(99)
    };
    assert_eq!(points().await, 3);
    let page = s.get("/reports/the?year=2024&sdg=1").await.body;
    assert!(
        page.contains("Politique d&#x27;admission boursiers")
            || page.contains("Politique d&#39;admission boursiers")
    );
    assert!(page.contains("<strong>3 / 3</strong>"));

    // The item made internal on the evidence page: the answer loses its third point.
    let form = "title=Politique+d%27admission+boursiers&kind=policy&adopted_on=2023-09-01&url=https%3A%2F%2Fexemple.org%2Fadmission&year=2024";
    let item_page = format!("/reports/evidence/{}", item.id);
    saved(&s, &item_page, form, "evidence_saved").await;
    assert_eq!(points().await, 2);

    // Unlinked: one point left (the policy exists, no evidence).
    let form = format!("evidence_id={}&link=0&sdg=1", item.id);
    saved(&s, &evidence, &form, "evidence_unlinked").await;
    assert_eq!(points().await, 1);

    // A figure on a portal indicator, typed with a decimal comma.
    let figure = "/reports/the/2024/answers/1.2.1";
    saved(&s, figure, "value=12%2C5&sdg=1", "the_answer_saved").await;
    let bank = t.app.the_bank(&ed, 2024).await.expect("bank");
    assert_eq!(bank.indicator("1.2.1").and_then(|i| i.value), Some(12.5));

    // Refused, with where and what: a number that is not one, yes/no on a figure.
    let r = s.post_invalid(figure, "value=douze").await;
    assert!(r.body.contains("douze"), "{}", r.body);
    let r = s.post_invalid(figure, "exists=yes").await;
    assert!(r.body.contains("attend un chiffre"), "{}", r.body);

    // A reader sees the bank without forms and cannot post.
    let reader = t.user("lecteur").await;
    let page = reader.get("/reports/the?year=2024&sdg=1").await.body;
    assert!(!page.contains(r#"action="/reports/the/2024/answers/"#));
    let r = reader.post(answer, "exists=no").await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn a_broken_edition_is_refused_whole_with_line_numbers() {
    let t = TestApp::demo().await;
    let ed = editor(&t).await;
    let s = t.login("editeur").await;
    let before = t.app.the_catalogue(&ed).await.expect("catalogue").0;
    let r = t
        .upload_with(
            "/reports/the/edition",
            &s,
            &[("name", "2026"), ("year", "2024")],
            "edition.md",
            "## SDG 1 No poverty\n- 1.1 Research on poverty\n  - 1.1.1 Papers (nonsense-kind)\n"
                .as_bytes(),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("edition.md"), "the file is named");
    assert!(r.body.contains("edition.md, ligne 3"), "{}", r.body);
    assert!(r.body.contains("no kind"), "the line's fault is said");
    assert_eq!(t.app.the_catalogue(&ed).await.expect("catalogue").0, before);
}

#[tokio::test]
async fn ddrs_page_draws_the_radar_and_records_levels() {
    let t = TestApp::demo().await;
    let ed = editor(&t).await;
    let html = reader_page(&t, "/reports/ddrs?year=2024", "fr").await;
    assert!(html.contains(r#"class="chart radar""#));
    assert!(html.contains("Maturité DD&amp;RS par axe, 2024"));
    insta::assert_snapshot!("ddrs_fr", html);

    let ddrs = async || {
        let view = t.app.ddrs(&ed, 2024, jalon_core::Lang::Fr).await;
        view.expect("ddrs")
    };
    let view = ddrs().await;
    let item = view.axes[0].items[0].clone();
    let mean_before = view.axes[0].mean;
    let s = t.user("editeur").await;
    let assess = format!("/reports/ddrs/2024/items/{}", item.id);
    let form = "level=5&justification=Strat%C3%A9gie+vot%C3%A9e+et+revue+chaque+ann%C3%A9e&actions=&indicators=";
    saved(&s, &assess, form, "ddrs_assessed").await;
    let view = ddrs().await;
    assert_eq!(view.axes[0].items[0].level, Some(5));
    assert_ne!(view.axes[0].mean, mean_before, "the axis mean moved");

    // Comply or explain: no justification, no level.
    s.post_invalid(&assess, "level=2&justification=").await;
    // An unknown action code is refused and named.
    let r = s
        .post_invalid(&assess, "level=2&justification=x&actions=ZZ9")
        .await;
    assert!(r.body.contains("ZZ9"));

    // A broken item file: refused whole, with the row, nothing written.
    let count = view.items;
    let r = t
        .upload_with(
            "/reports/ddrs/import",
            &s.session,
            &[("year", "2024")],
            "items.csv",
            "axe;code;intitulé\nstratégie;N1;Nouvel item\naxe inconnu;N2;Autre\n".as_bytes(),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("items.csv"));
    assert!(r.body.contains("axe inconnu"), "{}", r.body);
    assert_eq!(ddrs().await.items, count);
}

#[tokio::test]
async fn chapter_content_edited_on_the_page_changes_the_report() {
    let t = TestApp::demo().await;
    let ed = editor(&t).await;
    let html = reader_page(&t, "/reports/content?sdg=13", "fr").await;
    assert!(html.contains("Chiffres clés du chapitre"));
    insta::assert_snapshot!("content_13_fr", html);

    let s = t.user("editeur").await;
    let blocks = "/reports/content/blocks";
    let form = "kind=event&year=2024&title=Fresque+du+climat+g%C3%A9ante&title_en=Giant+climate+fresco&body=Mille+participants.&sdgs=13&metrics=13.3&chapter=13";
    saved(&s, blocks, form, "block_saved").await;
    let report_fr = "/reports/sdg/2024?lang=fr";
    let report = s.get(report_fr).await.body;
    assert!(report.contains("Fresque du climat géante"));
    let report_en = s.get("/reports/sdg/2024?lang=en").await.body;
    assert!(report_en.contains("Giant climate fresco"));
    let all = t.app.report_blocks(&ed).await.expect("blocks");
    let block = all.iter().find(|b| b.title == "Fresque du climat géante");
    let id = block.expect("block").id;

    // The chapter's key figures: rows without an indicator are dropped, the order kept.
    let highlights = "/reports/content/highlights/6";
    let form = "indicator_code=C3.O3.I1&compare_year=2022&comparison=relative&indicator_code=&compare_year=&comparison=auto";
    saved(&s, highlights, form, "highlights_saved").await;
    let figures: Vec<_> = t
        .app
        .report_highlights(&ed)
        .await
        .expect("highlights")
        .into_iter()
        .filter(|(g, _)| *g == 6)
        .collect();
    assert_eq!(figures.len(), 1);
    assert_eq!(figures[0].1.indicator_code, "C3.O3.I1");
    assert_eq!(figures[0].1.compare_year, Some(2022));
    // A bad year in a row is named.
    let form = "indicator_code=C3.O3.I1&compare_year=deux-mille&comparison=auto";
    let r = s.post_invalid(highlights, form).await;
    assert!(r.body.contains("deux-mille"));

    // The foreword: a block without SDG, its paragraphs at the head of the report.
    let form = "kind=foreword&year=2024&title=Mot+du+directeur&body=Premier+paragraphe+du+mot.%0D%0A%0D%0ASecond+paragraphe+du+mot.&sdgs=&chapter=0";
    let r = saved(&s, blocks, form, "block_saved").await;
    assert!(r.location.as_deref().unwrap_or_default().contains("sdg=0"));
    let page = s.get("/reports/content?sdg=0").await.body;
    assert!(page.contains("Mot du directeur"));
    let report = s.get(report_fr).await.body;
    let first = report.find("<p>Premier paragraphe du mot.</p>");
    let second = report.find("<p>Second paragraphe du mot.</p>");
    assert!(
        first.is_some() && second > first,
        "two paragraphs, in order"
    );
    assert!(
        first < report.find("Ce rapport présente"),
        "before the generated presentation"
    );
    // A foreword takes no THE metric.
    s.post_invalid(blocks, "kind=foreword&title=X&metrics=13.3&chapter=0")
        .await;

    // An unknown SDG is refused; deleting the block takes it out of the report.
    let block = format!("/reports/content/blocks/{id}");
    s.post_invalid(&block, "kind=event&title=X&sdgs=18&chapter=13")
        .await;
    let delete = format!("{block}/delete");
    saved(&s, &delete, "chapter=13", "block_deleted").await;
    let report = s.get(report_fr).await.body;
    assert!(!report.contains("Fresque du climat géante"));
}

#[tokio::test]
async fn reader_pages_in_both_languages() {
    let t = TestApp::demo().await;
    let html = reader_page(&t, "/reports/the?year=2024&sdg=13", "en").await;
    assert!(html.contains("Estimated overall score"));
    insta::assert_snapshot!("the_13_en", html);
    let html = reader_page(&t, "/reports/evidence?year=2024", "en").await;
    assert!(html.contains("in the window"));
    insta::assert_snapshot!("evidence_en", html);
    // An impossible year is refused with its field.
    let mut s = t.login("lecteur").await;
    s.cookie = format!("{}; jalon_lang=en", s.cookie);
    let r = t.get("/reports/the?year=1850", Some(&s)).await;
    assert_eq!(r.status, 422);
}
