//! Record versions, against lost updates: two people open the same action sheet, one saves
//! a new title, the other a new description; without a check the second save silently undoes
//! the first. Each editable record carries a version, bumped by every save; a save names
//! the version it was based on, and is refused when another save came first.
//!
//! The check and the bump are one conditional `UPDATE … WHERE version = ?`, so two
//! transactions cannot both pass it (PostgreSQL re-reads the row after the first commits;
//! SQLite writes one transaction at a time).

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

use crate::Result;

/// The records that carry a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioned {
    /// An action sheet.
    Action,
    /// An indicator's value for a period.
    Measurement,
    /// A block of report content.
    ReportBlock,
}

impl Versioned {
    fn table(self) -> Alias {
        Alias::new(match self {
            Versioned::Action => "action",
            Versioned::Measurement => "measurement",
            Versioned::ReportBlock => "report_block",
        })
    }
}

/// The version of record `id`, if it exists.
pub async fn version_of<C: ConnectionTrait>(
    conn: &C,
    record: Versioned,
    id: i64,
) -> Result<Option<i64>> {
    let query = Query::select()
        .column(Alias::new("version"))
        .from(record.table())
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let row = conn.query_one(&query).await?;
    Ok(match row {
        Some(r) => Some(r.try_get::<i64>("", "version")?),
        None => None,
    })
}

/// Bumps the version of record `id` if it is still `expected` (whatever it is when
/// `expected` is `None`). Returns the new version, or `None` when another save came first
/// (or the record is gone).
pub async fn bump_version<C: ConnectionTrait>(
    conn: &C,
    record: Versioned,
    id: i64,
    expected: Option<i64>,
) -> Result<Option<i64>> {
    let version = Alias::new("version");
    let mut update = Query::update();
    update
        .table(record.table())
        .value(version.clone(), Expr::col(version.clone()).add(1))
        .and_where(Expr::col(Alias::new("id")).eq(id));
    if let Some(v) = expected {
        update.and_where(Expr::col(version).eq(v));
    }
    let done = conn.execute(&update).await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    version_of(conn, record, id).await
}
