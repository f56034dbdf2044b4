//! The audit log: who changed what, when, with the values before and after.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

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
    pub summary: String,
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
        summary: Set(change.summary),
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
