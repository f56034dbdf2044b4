//! `GET /journal`: the journal page, with its filters, a link to older entries and one to
//! the CSV file of the same selection; `GET /journal/csv`: that file.

use super::JournalQuery;
use crate::auth::Cx;
use crate::extract::Query;
use crate::page::{Page, PageResult, page, render};
use crate::widgets::attachment;
use askama::Template;
use jalon_app::journal::{FieldChange, JournalPage};
use jalon_core::Lang;
use jalon_i18n::Tr;

/// One row of the journal as the page shows it.
struct JournalRow {
    at: String,
    who: String,
    /// The kind of element, in words.
    element: String,
    /// The element's page, when it has one.
    href: Option<String>,
    text: String,
    changes: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalView {
    page: Page,
    rows: Vec<JournalRow>,
    /// The kinds to filter by: (code, words).
    kinds: Vec<(String, String)>,
    q: JournalQuery,
    /// The link to the next, older page.
    older: Option<String>,
    /// The link to the CSV file of the same selection.
    csv: String,
}

/// The kind of element in words; a kind the catalogue does not know is shown as stored.
fn kind_words(tr: &Tr, kind: &str) -> String {
    let key = format!("journal-kind-{kind}");
    if tr.has(&key) {
        tr.t(&key)
    } else {
        kind.to_string()
    }
}

/// The page of an element the journal names, for the kinds that have one.
fn element_href(kind: &str, id: Option<i64>) -> Option<String> {
    let base = match kind {
        "action" => "/actions",
        "indicator" => "/indicators",
        "objective" => "/objectives",
        "inventory" => "/carbon/inventories",
        _ => return None,
    };
    id.map(|id| format!("{base}/{id}"))
}

/// `path` with the filters of `q` (and `extra` first, when given).
fn with_filters(path: &str, extra: Option<String>, q: &JournalQuery) -> String {
    let query: Vec<String> = extra.into_iter().chain([q.filters_query()]).collect();
    let query = query
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

fn rows(tr: &Tr, journal: &JournalPage) -> Vec<JournalRow> {
    (journal.entries.iter())
        .map(|e| JournalRow {
            at: tr.datetime(&e.at),
            who: e.who.clone(),
            element: kind_words(tr, &e.entity_kind),
            href: element_href(&e.entity_kind, e.entity_id),
            text: e.text.clone(),
            changes: e.changes.clone(),
        })
        .collect()
}

/// `GET /journal`.
pub async fn journal(Cx { state, user }: Cx, Query(q): Query<JournalQuery>) -> PageResult {
    let journal = state
        .app
        .journal(user.actor(), &q.filter(), user.lang)
        .await?;
    let tr = user.tr();
    let kinds = (journal.kinds.iter())
        .map(|k| (k.clone(), kind_words(&tr, k)))
        .collect();
    let older =
        (journal.older).map(|id| with_filters("/journal", Some(format!("before={id}")), &q));
    render(&JournalView {
        page: page(&user, "/journal", "journal", None).titled("journal-title"),
        rows: rows(&tr, &journal),
        kinds,
        older,
        csv: with_filters("/journal/csv", None, &q),
        q,
    })
}

/// `GET /journal/csv`: every entry of the selection, as a CSV file in the reader's language.
pub async fn journal_csv(Cx { state, user }: Cx, Query(q): Query<JournalQuery>) -> PageResult {
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or(user.lang);
    let bytes = state
        .app
        .journal_csv(user.actor(), &q.filter(), lang)
        .await?;
    Ok(attachment(bytes, "journal.csv", "text/csv; charset=utf-8"))
}
