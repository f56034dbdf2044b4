//! The journal: who changed what and when, as people read it. Every use case that writes
//! leaves one entry (see `App::finish`); this module reads them back for the journal page,
//! the API, the command line and the history of an action or an indicator, worded in the
//! reader's language from the message each entry stores.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use jalon_core::Lang;
use jalon_core::access::{Operation, Role};
use jalon_i18n::Tr;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_store::accounts;
use jalon_store::audit::{self, AuditEntry, JournalQuery};
use serde::{Deserialize, Serialize};

use jalon_store::plan::kinds;

use crate::{Actor, App, AppResult};

/// The kinds of entry only administrators read: sign-ins, sessions and tokens are about
/// people, not about the strategy.
const ACCOUNT_KINDS: [&str; 2] = ["user", "api_token"];

/// Entries per page when the caller does not say, and at most.
const PAGE: u64 = 50;
const MAX_PAGE: u64 = 500;

/// Which entries to read.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct JournalFilter {
    /// Only this kind of element (`action`, `indicator`, `inventory`, `evidence`…).
    pub kind: Option<String>,
    /// Only the changes of this element (with `kind`).
    pub id: Option<i64>,
    /// Only the changes made by this account (its user name).
    pub user: Option<String>,
    /// Only the changes made on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Only the changes made on or before this day (UTC).
    pub to: Option<NaiveDate>,
    /// Only entries older than this one: the `older` of the previous page.
    pub before: Option<i64>,
    /// At most this many entries (50 by default, 500 at most).
    pub limit: Option<u64>,
}

/// One entry of the journal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The account that made the change; `None` for the command line and computations.
    pub username: Option<String>,
    /// Its display name, or `jalon` when no account made the change.
    pub who: String,
    /// The kind of element changed (`action`, `indicator`, `inventory`…).
    pub entity_kind: String,
    pub entity_id: Option<i64>,
    /// `create`, `update`, `delete`, `import`, `validate_value`…
    pub operation: String,
    /// What happened, in the language asked for.
    pub text: String,
    /// The fields an edit changed, before → after (empty for a creation, a deletion or an
    /// import, whose text says what they did).
    pub changes: Vec<FieldChange>,
}

/// One field an edit changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field as stored (`title`, `status`, `progress`…).
    pub field: String,
    /// Its value before, written out (`—` for none).
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// The longest value a change shows; a longer one is cut with `…`.
const VALUE_CHARS: usize = 160;

fn value_text(v: Option<&serde_json::Value>) -> String {
    let text = match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > VALUE_CHARS {
        let cut: String = text.chars().take(VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// The fields whose value differs between the stored `before` and `after` (JSON objects).
pub fn field_changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let parse = |s: Option<&str>| -> Option<serde_json::Map<String, serde_json::Value>> {
        match serde_json::from_str(s?).ok()? {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        }
    };
    let (Some(before), Some(after)) = (parse(before), parse(after)) else {
        return Vec::new();
    };
    let fields: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    fields
        .into_iter()
        .filter(|f| before.get(*f) != after.get(*f))
        .map(|f| FieldChange {
            field: f.clone(),
            before: value_text(before.get(f)),
            after: value_text(after.get(f)),
        })
        .collect()
}

/// A page of the journal, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    /// Pass as `before` to read the next (older) page; `None` on the last page.
    pub older: Option<i64>,
    /// The kinds of element the journal holds, to filter by.
    pub kinds: Vec<String>,
}

/// What an entry says, in `tr`'s language: its stored message, or for an entry written
/// before messages were stored, the sentence it was written with.
pub fn entry_text(tr: &Tr, entry: &AuditEntry) -> String {
    match entry.stored_message() {
        Some(m) => tr.stored(&m),
        None => entry.summary.clone(),
    }
}

/// The most entries a CSV export of the journal holds.
pub const MAX_EXPORT: usize = 100_000;

/// The journal as a sheet: one row an entry, the fields an edit changed in the last column.
fn journal_sheet(entries: &[JournalEntry], lang: Lang) -> Sheet {
    let tr = Tr::new(lang);
    let header = [
        "journal-col-when",
        "journal-col-who",
        "journal-col-account",
        "journal-col-element",
        "journal-col-id",
        "journal-col-operation",
        "journal-col-what",
        "journal-col-changes",
    ];
    let rows = (entries.iter())
        .map(|e| {
            let changes: Vec<String> = (e.changes.iter())
                .map(|c| format!("{}{} {} → {}", c.field, tr.colon(), c.before, c.after))
                .collect();
            vec![
                SheetCell::Text(e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                SheetCell::Text(e.who.clone()),
                SheetCell::Text(e.username.clone().unwrap_or_default()),
                SheetCell::Text(e.entity_kind.clone()),
                e.entity_id
                    .map_or(SheetCell::Empty, |id| SheetCell::Number(id as f64)),
                SheetCell::Text(e.operation.clone()),
                SheetCell::Text(e.text.clone()),
                SheetCell::Text(changes.join(jalon_i18n::semicolon(lang))),
            ]
        })
        .collect();
    Sheet {
        name: tr.t("journal-title"),
        header: header.iter().map(|k| tr.t(k)).collect(),
        rows,
        widths: Vec::new(),
    }
}

/// The accounts of an institution: id → (user name, display name).
pub(crate) type Names = HashMap<i64, (String, String)>;

/// The store's query for what `filter` selects, as `actor` may read it, `limit` rows at most:
/// an unknown account selects nothing, and account entries are left out for non-admins.
fn journal_query(actor: &Actor, filter: &JournalFilter, names: &Names, limit: u64) -> JournalQuery {
    let user_id = match filter.user.as_deref().map(str::trim) {
        Some(u) if !u.is_empty() => {
            let found = names.iter().find(|(_, (name, _))| name == u);
            // An unknown account has made no change: an empty page, not an error.
            Some(found.map_or(-1, |(id, _)| *id))
        }
        _ => None,
    };
    let hidden_kinds = if actor.role == Role::Admin {
        Vec::new()
    } else {
        ACCOUNT_KINDS.to_vec()
    };
    let day = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    JournalQuery {
        entity_kind: filter.kind.clone().filter(|k| !k.is_empty()),
        entity_id: filter.id,
        hidden_kinds,
        user_id,
        from: filter.from.map(day),
        until: filter.to.and_then(|d| d.succ_opt()).map(day),
        before_id: filter.before,
        limit,
    }
}

fn entries(names: &Names, rows: &[AuditEntry], lang: Lang) -> Vec<JournalEntry> {
    let tr = Tr::new(lang);
    rows.iter()
        .map(|e| {
            let account = e.user_id.and_then(|u| names.get(&u));
            JournalEntry {
                id: e.id,
                at: e.at,
                username: account.map(|(u, _)| u.clone()),
                who: account.map_or_else(|| "jalon".to_string(), |(_, d)| d.clone()),
                entity_kind: e.entity_kind.clone(),
                entity_id: e.entity_id,
                operation: e.operation.clone(),
                text: entry_text(&tr, e),
                changes: field_changes(e.before.as_deref(), e.after.as_deref()),
            }
        })
        .collect()
}

impl App {
    /// The accounts of an institution, by id.
    pub(crate) async fn account_names(&self, institution_id: i64) -> AppResult<Names> {
        Ok(accounts::list(self.store.db(), institution_id)
            .await?
            .into_iter()
            .map(|u| (u.id, (u.username, u.display_name)))
            .collect())
    }

    /// A page of the institution's journal, newest first (editors; the account entries to
    /// administrators only).
    pub async fn journal(
        &self,
        actor: &Actor,
        filter: &JournalFilter,
        lang: Lang,
    ) -> AppResult<JournalPage> {
        actor.require(Operation::ReadJournal)?;
        let names = self.account_names(actor.institution_id).await?;
        let limit = filter.limit.unwrap_or(PAGE).clamp(1, MAX_PAGE);
        // One more than shown tells whether there is an older page.
        let query = journal_query(actor, filter, &names, limit + 1);
        let conn = self.store.db();
        let mut rows = audit::journal(conn, actor.institution_id, &query).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let older = if more {
            rows.last().map(|e| e.id)
        } else {
            None
        };
        let kinds = audit::journal_kinds(conn, actor.institution_id)
            .await?
            .into_iter()
            .filter(|k| !query.hidden_kinds.contains(&k.as_str()))
            .collect();
        Ok(JournalPage {
            entries: entries(&names, &rows, lang),
            older,
            kinds,
        })
    }

    /// Every entry `filter` selects (its `before` and `limit` aside), newest first, as a CSV
    /// file (semicolons, UTF-8 with a byte-order mark, cells a spreadsheet will not run as
    /// formulas); at most [`MAX_EXPORT`] entries, read 500 at a time.
    pub async fn journal_csv(
        &self,
        actor: &Actor,
        filter: &JournalFilter,
        lang: Lang,
    ) -> AppResult<Vec<u8>> {
        actor.require(Operation::ReadJournal)?;
        let names = self.account_names(actor.institution_id).await?;
        let mut query = journal_query(actor, filter, &names, MAX_PAGE);
        query.before_id = None;
        let mut rows = Vec::new();
        loop {
            let page = audit::journal(self.store.db(), actor.institution_id, &query).await?;
            let last_page = (page.len() as u64) < MAX_PAGE;
            query.before_id = page.last().map(|e| e.id);
            rows.extend(page);
            if last_page || rows.len() >= MAX_EXPORT {
                break;
            }
        }
        rows.truncate(MAX_EXPORT);
        let sheet = journal_sheet(&entries(&names, &rows, lang), lang);
        Ok(jalon_io::workbook::write_sheet_csv(&sheet))
    }

    /// The change history of one element (an action, an indicator's values), newest first:
    /// anyone who reads the element reads its history.
    pub(crate) async fn element_history(
        &self,
        actor: &Actor,
        kind: &str,
        id: i64,
        lang: Lang,
    ) -> AppResult<Vec<JournalEntry>> {
        actor.require(Operation::View)?;
        let names = self.account_names(actor.institution_id).await?;
        let rows = audit::for_entity(self.store.db(), actor.institution_id, kind, id, 100).await?;
        Ok(entries(&names, &rows, lang))
    }

    /// The change history of an action sheet, newest first.
    pub async fn action_history(
        &self,
        actor: &Actor,
        action_id: i64,
        lang: Lang,
    ) -> AppResult<Vec<JournalEntry>> {
        self.element_history(actor, kinds::ACTION, action_id, lang)
            .await
    }

    /// The change history of an indicator's values, newest first.
    pub async fn indicator_history(
        &self,
        actor: &Actor,
        indicator_id: i64,
        lang: Lang,
    ) -> AppResult<Vec<JournalEntry>> {
        self.element_history(actor, kinds::INDICATOR, indicator_id, lang)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_shows_the_fields_it_changed_and_only_those() {
        let before = r#"{"title":"Vélos","progress":40,"pilot":null,"sdgs":["11"]}"#;
        let after = r#"{"title":"Vélos","progress":55,"pilot":"DRI","sdgs":["11","13"]}"#;
        let changes = field_changes(Some(before), Some(after));
        let shown: Vec<(&str, &str, &str)> = (changes.iter())
            .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("pilot", "—", "DRI"),
                ("progress", "40", "55"),
                ("sdgs", r#"["11"]"#, r#"["11","13"]"#),
            ]
        );
    }

    #[test]
    fn a_creation_a_deletion_or_an_odd_record_shows_no_field() {
        assert!(field_changes(None, Some(r#"{"a":1}"#)).is_empty());
        assert!(field_changes(Some(r#"{"a":1}"#), None).is_empty());
        assert!(field_changes(Some("[1]"), Some("[2]")).is_empty());
        assert!(field_changes(Some("not json"), Some(r#"{"a":1}"#)).is_empty());
    }

    #[test]
    fn a_long_value_is_cut() {
        let long = "x".repeat(400);
        let changes = field_changes(Some(r#"{"d":"a"}"#), Some(&format!(r#"{{"d":"{long}"}}"#)));
        assert_eq!(changes[0].after.chars().count(), VALUE_CHARS + 1);
        assert!(changes[0].after.ends_with('…'));
    }
}
