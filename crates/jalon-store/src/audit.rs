//! The audit log (the journal people read): who changed what, when, with the values before
//! and after. What happened is stored as a message (a catalogue key and its arguments), never
//! as a sentence, so each reader gets it in their language.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use jalon_core::message::{Message, StoredMessage};

use crate::Result;
use crate::entity::audit_log;

pub use audit_log::Model as AuditEntry;

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub institution_id: i64,
    pub user_id: Option<i64>,
    pub entity_kind: &'a str,
    pub entity_id: Option<i64>,
    /// `create`, `update`, `delete`, `import`, `validate`...
    pub operation: &'a str,
    /// What happened, in the catalogue's words (keys `journal-…`).
    pub message: Message,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends a change to the log.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    change: Change<'_>,
    at: DateTime<Utc>,
) -> Result<()> {
    audit_log::ActiveModel {
        institution_id: Set(change.institution_id),
        user_id: Set(change.user_id),
        at: Set(at),
        entity_kind: Set(change.entity_kind.to_string()),
        entity_id: Set(change.entity_id),
        operation: Set(change.operation.to_string()),
        summary: Set(change.message.key.to_string()),
        message: Set(serde_json::to_string(&StoredMessage::from(&change.message)).ok()),
        before: Set(change.before.map(|v| v.to_string())),
        after: Set(change.after.map(|v| v.to_string())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The changes of one entity, newest first.
pub async fn for_entity<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    entity_kind: &str,
    entity_id: i64,
    limit: u64,
) -> Result<Vec<AuditEntry>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::InstitutionId.eq(institution_id))
        .filter(audit_log::Column::EntityKind.eq(entity_kind))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The latest changes of an institution, newest first.
pub async fn latest<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    limit: u64,
) -> Result<Vec<AuditEntry>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::InstitutionId.eq(institution_id))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

impl AuditEntry {
    /// What happened, as a message; `None` for an entry older than stored messages (its
    /// `summary` is the sentence it was written with).
    pub fn stored_message(&self) -> Option<StoredMessage> {
        serde_json::from_str(self.message.as_deref()?).ok()
    }
}

/// Which journal entries to read.
#[derive(Debug, Clone, Default)]
pub struct JournalQuery {
    /// Only this kind of entity (`action`, `indicator`, `inventory`…).
    pub entity_kind: Option<String>,
    /// Only the entries of these kinds of entity are left out (accounts, for non-admins).
    pub hidden_kinds: Vec<&'static str>,
    /// Only the changes of this element (with `entity_kind`).
    pub entity_id: Option<i64>,
    /// Only the changes made by this account.
    pub user_id: Option<i64>,
    /// Only the changes made at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only the changes made before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only entries older than this one (the next page).
    pub before_id: Option<i64>,
    /// At most this many entries.
    pub limit: u64,
}

/// A page of the institution's journal, newest first.
pub async fn journal<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    query: &JournalQuery,
) -> Result<Vec<AuditEntry>> {
    let mut select =
        audit_log::Entity::find().filter(audit_log::Column::InstitutionId.eq(institution_id));
    if let Some(kind) = &query.entity_kind {
        select = select.filter(audit_log::Column::EntityKind.eq(kind.as_str()));
    }
    if !query.hidden_kinds.is_empty() {
        select = select.filter(audit_log::Column::EntityKind.is_not_in(query.hidden_kinds.clone()));
    }
    if let Some(id) = query.entity_id {
        select = select.filter(audit_log::Column::EntityId.eq(id));
    }
    if let Some(from) = query.from {
        select = select.filter(audit_log::Column::At.gte(from));
    }
    if let Some(until) = query.until {
        select = select.filter(audit_log::Column::At.lt(until));
    }
    if let Some(user) = query.user_id {
        select = select.filter(audit_log::Column::UserId.eq(user));
    }
    if let Some(before) = query.before_id {
        select = select.filter(audit_log::Column::Id.lt(before));
    }
    Ok(select
        .order_by_desc(audit_log::Column::Id)
        .limit(query.limit)
        .all(conn)
        .await?)
}

/// The kinds of entity the journal of an institution holds, sorted.
pub async fn journal_kinds<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<String>> {
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::EntityKind)
        .distinct()
        .filter(audit_log::Column::InstitutionId.eq(institution_id))
        .order_by_asc(audit_log::Column::EntityKind)
        .into_tuple::<String>()
        .all(conn)
        .await?)
}
