//! The pages in a real browser: headless Chromium driven through ChromeDriver against the
//! server on a loopback port. A contributor signs in with the keyboard, updates an action it
//! pilots through the htmx form, enters a wrong then a right value, switches to English; on
//! every page visited, basic accessibility rules are checked (one `h1`, landmarks, a label for
//! every field, text alternatives, the skip link first in the tab order, unique ids).
//!
//! Needs `chromium` and `chromedriver` (Debian packages `chromium`, `chromium-driver`);
//! `.ci/run` installs them. On a developer's machine without them the test prints a notice
//! and passes without running; with `CI=true` a missing browser fails it.

mod common;

use std::net::TcpListener as StdListener;

use jalon_app::testing::smtp::SmtpServer;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use jalon_web::{AppState, WebConfig};
use serde_json::json;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn find_binary(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|c| std::path::Path::new(c).exists())
        .map(|c| (*c).to_string())
}

async fn browser() -> Option<(Client, Driver)> {
    let chromedriver = find_binary(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let chromium = find_binary(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let (Some(chromedriver), Some(chromium)) = (chromedriver, chromium) else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(
            !ci,
            "CI=true: chromium and chromedriver are required (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "NOTICE: browser test skipped: chromium and chromedriver not found (apt-get install chromium chromium-driver); CI=true makes this a failure"
        );
        return None;
    };
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let profile = tempfile::tempdir().expect("profile dir");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps.clone());
        if let Ok(c) = builder.connect(&url).await {
            // The profile directory lives as long as the test process.
            std::mem::forget(profile);
            return Some((c, driver));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("could not connect to chromedriver");
}

/// Accessibility rules checked on every page, in the browser.
const A11Y: &str = r#"
const problems = [];
if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
if (!document.documentElement.lang) problems.push('no lang');
if (!document.querySelector('main')) problems.push('no main');
if (!document.querySelector('header')) problems.push('no header');
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden') continue;
  const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest('label') || el.getAttribute('aria-label');
  if (!labelled) problems.push('unlabelled ' + el.outerHTML.slice(0, 80));
}
for (const img of document.querySelectorAll('img')) { if (!img.hasAttribute('alt')) problems.push('img without alt'); }
for (const el of document.querySelectorAll('[style]')) problems.push('inline style, blocked by the CSP, on ' + el.outerHTML.slice(0, 60));
for (const svg of document.querySelectorAll('svg[role=img]')) {
  if (!svg.querySelector('title') && !svg.getAttribute('aria-label')) problems.push('svg without name');
}
const first = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea');
if (!first || !first.classList.contains('skip')) problems.push('the skip link is not first in the tab order');
for (const b of document.querySelectorAll('button')) { if (!b.textContent.trim()) problems.push('empty button'); }
for (const t of document.querySelectorAll('th')) { if (!t.textContent.trim() && !t.querySelector('.sr-only')) problems.push('empty th'); }
const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
if (dup.length) problems.push('duplicate ids ' + dup.join(','));
return problems;
"#;

async fn check_page(c: &Client, what: &str) {
    let problems = c.execute(A11Y, vec![]).await.expect("script");
    assert_eq!(problems, json!([]), "accessibility problems on {what}");
}

/// Clicks the element found by `at`.
async fn click(c: &Client, at: Locator<'_>) {
    let element = c.find(at).await.expect("element to click");
    element.click().await.expect("click");
}

/// Types `keys` into the field found by `at`.
async fn type_into(c: &Client, at: Locator<'_>, keys: &str) {
    let field = c.find(at).await.expect("field");
    field.send_keys(keys).await.expect("type");
}

/// The text of the element found by `at`.
async fn text_of(c: &Client, at: Locator<'_>) -> String {
    let element = c.find(at).await.expect("element");
    element.text().await.expect("text")
}

/// The text of the element found by `at`, once it appears.
async fn waited_text(c: &Client, at: Locator<'_>) -> String {
    let element = c.wait().for_element(at).await.expect("element");
    element.text().await.expect("text")
}

/// Waits for the confirmation and checks what it says.
async fn assert_flash(c: &Client, says: &str) {
    let flash = waited_text(c, Locator::Css("p.flash")).await;
    assert!(flash.contains(says), "{flash}");
}

#[tokio::test]
async fn a_contributor_works_in_the_browser() {
    let Some((c, _driver)) = browser().await else {
        return;
    };
    let t = common::TestApp::demo().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = jalon_web::router(AppState::new(t.app.clone(), WebConfig::default()));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    // Nothing but the login page without a session; the first Tab reaches the skip link.
    c.goto(&format!("{base}/strategy")).await.expect("goto");
    let url = c.current_url().await.expect("url");
    assert!(url.as_str().contains("/login?next=/strategy"), "{url}");
    assert_eq!(
        c.execute("return document.documentElement.lang", vec![])
            .await
            .expect("lang"),
        json!("fr")
    );
    check_page(&c, "login").await;

    // Sign in with the keyboard (Enter submits), landing on the page asked for.
    type_into(&c, Locator::Id("username"), "contributeur").await;
    type_into(&c, Locator::Id("password"), "jalon-contributeur\u{E007}").await;
    c.wait()
        .for_element(Locator::Css("h1"))
        .await
        .expect("page");
    let url = c.current_url().await.expect("url");
    assert!(url.path().ends_with("/strategy"), "{url}");
    check_page(&c, "strategy").await;

    c.goto(&format!("{base}/")).await.expect("goto");
    let h1 = text_of(&c, Locator::Css("h1")).await;
    assert!(h1.contains("Stratégie"), "{h1}");
    let body = text_of(&c, Locator::Css("main")).await;
    for label in [
        "Atteinte",
        "En bonne voie",
        "À risque",
        "En décrochage",
        "En dégradation",
        "Manquée",
        "Pas de données",
    ] {
        assert!(body.contains(label), "dashboard lacks {label}");
    }
    check_page(&c, "dashboard").await;

    // Quick update of an action the contributor pilots, through htmx (no page load).
    let view = t.view().await;
    let actor = t.actor("contributeur").await;
    let (action_id, action_code) = view
        .doc()
        .actions()
        .find(|(_, a)| view.pilots(&actor, a))
        .map(|(_, a)| (view.action_id(&a.code).expect("id"), a.code.clone()))
        .expect("an action the contributor pilots");
    c.goto(&format!("{base}/actions/{action_id}"))
        .await
        .expect("goto");
    check_page(&c, "action").await;
    c.execute("window.__marker = 'same page';", vec![])
        .await
        .expect("marker");
    let progress = c
        .find(Locator::Id("q-progress"))
        .await
        .expect("progress field");
    progress.clear().await.expect("clear");
    progress.send_keys("77").await.expect("type");
    click(&c, Locator::Css("#quick button[type=submit]")).await;
    c.wait()
        .for_element(Locator::XPath(
            "//section[@id='quick']//p[contains(., '77 %')]",
        ))
        .await
        .expect("the progress block shows 77 %");
    assert_eq!(
        c.execute("return window.__marker", vec![])
            .await
            .expect("marker"),
        json!("same page"),
        "htmx swapped the block without reloading"
    );
    let after = t.view().await;
    let (_, a) = after.action(action_id).expect("action");
    assert_eq!(a.progress, Some(77), "{action_code} saved");

    // A wrong value is refused where it was typed; a right one is saved.
    let indicator = after.indicator_id("C3.O3.I1").expect("indicator");
    c.goto(&format!("{base}/indicators/{indicator}"))
        .await
        .expect("goto");
    check_page(&c, "indicator").await;
    let value = c.find(Locator::Id("value")).await.expect("value field");
    value.send_keys("douze").await.expect("type");
    click(&c, Locator::Css("#h-entry ~ form button[value='1']")).await;
    let error = c
        .wait()
        .for_element(Locator::Id("form-error"))
        .await
        .expect("error");
    assert!(error.text().await.expect("text").contains("douze"));
    let invalid = c
        .find(Locator::Id("value"))
        .await
        .expect("value")
        .attr("aria-invalid")
        .await
        .expect("attr");
    assert_eq!(invalid.as_deref(), Some("true"));
    let value = c.find(Locator::Id("value")).await.expect("value field");
    value.clear().await.expect("clear");
    value.send_keys("16 400").await.expect("type");
    let period = c.find(Locator::Id("period")).await.expect("period");
    period.clear().await.expect("clear");
    period.send_keys("2026").await.expect("type");
    click(&c, Locator::Css("#h-entry ~ form button[value='1']")).await;
    assert_flash(&c, "Valeur enregistrée").await;

    // Carbon: the contributor fixes a misspelt place from its suggestions; the trips that
    // waited for it are computed.
    c.goto(&format!("{base}/carbon/places"))
        .await
        .expect("goto");
    check_page(&c, "places to fix").await;
    click(&c, Locator::Css("ul.choices button")).await;
    assert_flash(&c, "Lieu enregistré").await;
    // The calculator, filled in and sent like a person would.
    c.goto(&format!("{base}/carbon/calculator"))
        .await
        .expect("goto");
    for (id, value) in [("c-from", "Saint-Étienne"), ("c-to", "Londres")] {
        type_into(&c, Locator::Id(id), value).await;
    }
    click(&c, Locator::Css("form.card button[type=submit]")).await;
    let result = waited_text(&c, Locator::Id("h-result")).await;
    assert!(result.contains("London (GB)"), "{result}");

    // The SDG classifier, with the deciding words highlighted in the text.
    c.goto(&format!("{base}/sdg/classify")).await.expect("goto");
    type_into(
        &c,
        Locator::Id("text"),
        "Accès à l'eau potable et assainissement dans les communes rurales.",
    )
    .await;
    click(&c, Locator::Css("main form button[type=submit]")).await;
    let mark = waited_text(&c, Locator::Css("mark.sdg-mark.sdg-6")).await;
    assert!(!mark.is_empty());
    check_page(&c, "classifier result").await;

    // English.
    click(&c, Locator::Css("a[hreflang=en]")).await;
    c.wait()
        .for_element(Locator::Css("html[lang=en]"))
        .await
        .expect("english page");
    let nav = text_of(&c, Locator::Css("nav.main")).await;
    assert!(nav.contains("Dashboard"), "{nav}");
    check_page(&c, "indicator in English").await;
    for path in [
        "/",
        "/actions",
        "/indicators",
        "/check",
        "/import",
        "/account",
        "/about",
        "/carbon",
        "/carbon/inventories",
        "/carbon/inventories/1",
        "/carbon/missions?year=2025",
        "/carbon/places",
        "/carbon/fund",
        "/carbon/simulation",
        "/carbon/calculator?from=Paris&to=Lyon&mode=train",
        "/carbon/factors",
        "/sdg",
        "/sdg/goals/6",
        "/sdg/suggestions",
        "/research",
        "/research/publications",
        "/teaching",
        "/reports",
        "/reports/the?year=2024&sdg=13",
        "/reports/evidence?year=2024",
        "/reports/ddrs?year=2024",
        "/reports/content?sdg=13",
    ] {
        c.goto(&format!("{base}{path}")).await.expect("goto");
        check_page(&c, path).await;
    }

    // An editor reads the journal, where the contributor's changes above are.
    sign_in_at(&c, &base, "/journal", "editeur").await;
    let journal = text_of(&c, Locator::Css("main")).await;
    assert!(
        journal.contains("Référent·e Ressources") && journal.contains("progress: 100 → 77"),
        "{journal}"
    );
    check_page(&c, "journal").await;
    // The plan's versions: the demo's revision compared with the plan of 2023.
    c.goto(&format!("{base}/plan/versions"))
        .await
        .expect("goto");
    let versions = text_of(&c, Locator::Css("main")).await;
    assert!(versions.contains("Révision à mi-parcours"), "{versions}");
    check_page(&c, "plan versions").await;
    c.close().await.expect("close");
}

/// Signs out (when signed in) and signs in as `username` on the way to `path`.
async fn sign_in_at(c: &Client, base: &str, path: &str, username: &str) {
    if c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .is_ok()
    {
        click(c, Locator::Css("form[action='/logout'] button")).await;
        c.wait()
            .for_element(Locator::Id("username"))
            .await
            .expect("signed out");
    }
    c.goto(&format!("{base}{path}")).await.expect("goto");
    type_into(c, Locator::Id("username"), username).await;
    let password = format!("{}\u{E007}", common::demo_password(username));
    type_into(c, Locator::Id("password"), &password).await;
    // The sign-in page has a heading too: wait for what only a signed-in page has.
    c.wait()
        .for_element(Locator::Css("form[action='/logout']"))
        .await
        .expect("signed in");
    let url = c.current_url().await.expect("url");
    assert!(
        url.path() == path.split('?').next().unwrap_or(path),
        "{url}"
    );
}

#[tokio::test]
async fn an_owner_and_an_editor_go_through_a_campaign_in_the_browser() {
    let Some((c, _driver)) = browser().await else {
        return;
    };
    let t = common::TestApp::demo().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = jalon_web::router(AppState::new(t.app.clone(), WebConfig::default()));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });

    // The editor opens the 2026 campaign from its page.
    sign_in_at(&c, &base, "/campaigns", "editeur").await;
    check_page(&c, "campaigns").await;
    let year = c.find(Locator::Id("year")).await.expect("year");
    year.clear().await.expect("clear");
    year.send_keys("2026").await.expect("type");
    for (id, day) in [("opens_on", "2026-11-01"), ("deadline", "2026-12-15")] {
        // Date fields take the date through script: their typing order depends on the locale.
        c.execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(day)],
        )
        .await
        .expect("date");
    }
    click(
        &c,
        Locator::Css("form[action='/campaigns'] button[type=submit]"),
    )
    .await;
    assert_flash(&c, "Campagne ouverte").await;
    check_page(&c, "a campaign's progress").await;
    let campaign_url = c.current_url().await.expect("url").path().to_string();

    // The owner finds the item on their to-do page and submits a value.
    let actor = t.actor("contributeur").await;
    let todo = t.app.todo(&actor).await.expect("todo");
    let item = todo
        .campaigns
        .iter()
        .find(|s| s.campaign.year == 2026)
        .and_then(|s| {
            s.items
                .iter()
                .find(|i| i.kind == jalon_core::campaign::CampaignItemKind::IndicatorValue)
        })
        .expect("a value the contributor owes in 2026")
        .clone();
    sign_in_at(&c, &base, "/todo", "contributeur").await;
    check_page(&c, "to-do").await;
    let value = format!("value-{}", item.id);
    let submit = format!("#item-{} form button[type=submit]", item.id);
    type_into(&c, Locator::Id(&value), "12").await;
    click(&c, Locator::Css(&submit)).await;
    assert_flash(&c, "Soumis pour validation").await;

    // The editor returns it with a reason.
    sign_in_at(&c, &base, &campaign_url, "editeur").await;
    type_into(
        &c,
        Locator::Id(&format!("reason-{}", item.id)),
        "Il manque le bâtiment B.",
    )
    .await;
    click(
        &c,
        Locator::Css(&format!(
            "#check-{} form[action$='/return'] button",
            item.id
        )),
    )
    .await;
    assert_flash(&c, "renvoyé avec son motif").await;

    // The owner finds the return under the bell and opens it: it leads to the item.
    sign_in_at(&c, &base, "/", "contributeur").await;
    click(&c, Locator::Css("a.bell")).await;
    check_page(&c, "notifications").await;
    let notices = text_of(&c, Locator::Css("ol.notices")).await;
    assert!(notices.contains("Il manque le bâtiment B."), "{notices}");
    click(&c, Locator::Css("ol.notices li.unread form button")).await;
    let landed = c.current_url().await.expect("url");
    assert_eq!(landed.path(), "/todo", "{landed}");
    assert_eq!(
        landed.fragment(),
        Some(format!("item-{}", item.id).as_str())
    );

    // The owner reads the reason, fixes the value and submits it again.
    let shown = text_of(&c, Locator::Id(&format!("item-{}", item.id))).await;
    assert!(shown.contains("Il manque le bâtiment B."), "{shown}");
    assert!(shown.contains("Renvoyé"), "{shown}");
    check_page(&c, "to-do with a returned item").await;
    let field = c.find(Locator::Id(&value)).await.expect("value");
    field.clear().await.expect("clear");
    field.send_keys("14").await.expect("type");
    click(&c, Locator::Css(&submit)).await;
    assert_flash(&c, "Soumis pour validation").await;

    // The editor validates it from their own to-do page.
    sign_in_at(&c, &base, "/todo", "editeur").await;
    check_page(&c, "an editor's to-do").await;
    click(
        &c,
        Locator::Css(&format!(
            "#check-{} form[action$='/validate'] button",
            item.id
        )),
    )
    .await;
    assert_flash(&c, "Élément validé").await;
    let editor = t.actor("editeur").await;
    let done = t.app.item(&editor, item.id).await.expect("item");
    assert_eq!(done.state, jalon_core::campaign::ItemState::Validated);
    assert_eq!(done.value.map(|v| v.value), Some("14".to_string()));
    c.close().await.expect("close");

    // The digests of the walk reach a real SMTP server on loopback, one per person.
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let config = jalon_app::AppConfig {
        mail_configured: true,
        ..jalon_app::AppConfig::default()
    };
    let mailing = jalon_app::App::with_clock(
        t.app.store().clone(),
        config,
        std::sync::Arc::new(jalon_app::FixedClock(jalon_app::testing::test_now())),
    );
    let run = mailing.run_notifications().await.expect("notifications");
    let mailer = jalon_app::mail::Mailer::new(&jalon_app::mail::SmtpSettings {
        host: "127.0.0.1".into(),
        port: smtp.port,
        security: jalon_app::mail::SmtpSecurity::None,
        username: None,
        password: None,
        from: "Jalon <jalon@univ.example>".into(),
    })
    .expect("mailer");
    let sent = mailing.deliver_mail(&mailer).await.expect("deliver");
    assert_eq!(sent.sent, run.digests);
    let digest = smtp
        .messages()
        .into_iter()
        .map(|m| jalon_app::testing::smtp::decoded(&m))
        .find(|m| m.contains("X-RcptTo: referent-ressources@example.org"))
        .expect("the owner's digest");
    assert!(digest.contains("Il manque le bâtiment B."), "{digest}");
}
