//! Institutions and their revision counter.
//!
//! Every write to an institution's data bumps its `revision` in the same transaction; readers
//! keep a cached copy of the plan and reload it only when the revision has moved, which keeps
//! dashboards fast without ever showing stale data, even with several server processes.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entity::institution;
use crate::{Result, StoreError};

pub use institution::Model as Institution;

/// The first institution (single-institution deployments), if any.
pub async fn first<C: ConnectionTrait>(conn: &C) -> Result<Option<Institution>> {
    Ok(institution::Entity::find()
        .order_by_asc(institution::Column::Id)
        .one(conn)
        .await?)
}

/// Every institution, in the order they were created.
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Institution>> {
    Ok(institution::Entity::find()
        .order_by_asc(institution::Column::Id)
        .all(conn)
        .await?)
}

/// Finds an institution by id.
pub async fn get<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Institution> {
    institution::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found("institution", id))
}

/// Creates an institution.
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    short_name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Institution> {
    Ok(institution::ActiveModel {
        name: Set(name.to_string()),
        short_name: Set(short_name.map(str::to_string)),
        revision: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Renames an institution.
pub async fn rename<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    name: &str,
    short_name: Option<&str>,
) -> Result<()> {
    institution::ActiveModel {
        id: Set(id),
        name: Set(name.to_string()),
        short_name: Set(short_name.map(str::to_string)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Marks the institution's data as changed.
pub async fn bump_revision<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    institution::Entity::update_many()
        .col_expr(
            institution::Column::Revision,
            Expr::col(institution::Column::Revision).add(1),
        )
        .filter(institution::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Current revision of the institution's data.
pub async fn revision<C: ConnectionTrait>(conn: &C, id: i64) -> Result<i64> {
    Ok(get(conn, id).await?.revision)
}
