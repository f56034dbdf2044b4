//! The journal of every change (who, when, what, before → after), filtered by kind of
//! element, element, account and dates, page by page or as a CSV file: the page for editors
//! and the API route for scripts.

pub(crate) mod api;
pub(crate) mod pages;

use chrono::NaiveDate;
use jalon_app::journal::JournalFilter;
use serde::Deserialize;

/// The journal's filters, as the page's form and the API's query send them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct JournalQuery {
    /// Only this kind of element (`action`, `indicator`, `inventory`, `evidence`…).
    pub kind: Option<String>,
    /// Only the changes of this element (with `kind`).
    pub id: Option<i64>,
    /// Only the changes made by this account (its user name).
    pub user: Option<String>,
    /// Only the changes made on or after this day (`YYYY-MM-DD`, UTC; blank: any).
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub from: Option<NaiveDate>,
    /// Only the changes made on or before this day (blank: any).
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub to: Option<NaiveDate>,
    /// Only entries older than this id: the `older` of the previous page.
    pub before: Option<i64>,
    /// At most this many entries (50 by default, 500 at most).
    pub limit: Option<u64>,
    /// `fr` or `en`; the caller's language by default.
    pub lang: Option<String>,
}

impl JournalQuery {
    /// The use case's filter.
    pub fn filter(&self) -> JournalFilter {
        let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        JournalFilter {
            kind: text(&self.kind),
            id: self.id,
            user: text(&self.user),
            from: self.from,
            to: self.to,
            before: self.before,
            limit: self.limit,
        }
    }

    /// The filters as a query string (without `before` and `limit`), to link to another page
    /// or to the CSV file of the same selection.
    pub fn filters_query(&self) -> String {
        let f = self.filter();
        let mut parts = Vec::new();
        if let Some(kind) = &f.kind {
            parts.push(format!("kind={}", crate::auth::percent_encode(kind)));
        }
        if let Some(id) = f.id {
            parts.push(format!("id={id}"));
        }
        if let Some(user) = &f.user {
            parts.push(format!("user={}", crate::auth::percent_encode(user)));
        }
        if let Some(from) = f.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = f.to {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    }
}
