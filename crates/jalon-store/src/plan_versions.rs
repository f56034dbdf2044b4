//! The adopted versions of the plan: each keeps the strategy as adopted (JSON), so that any
//! two can be compared long after the plan in place has moved on.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::Result;
use crate::entity::plan_version;

pub use plan_version::Model as PlanVersionRow;

/// A version to record.
#[derive(Debug, Clone)]
pub struct NewPlanVersion<'a> {
    pub institution_id: i64,
    pub label: &'a str,
    pub adopted_on: NaiveDate,
    pub adopted_by: &'a str,
    pub note: Option<&'a str>,
    /// The strategy as adopted, JSON.
    pub document: String,
    pub recorded_by: Option<i64>,
}

/// Records a version.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewPlanVersion<'_>,
    now: DateTime<Utc>,
) -> Result<PlanVersionRow> {
    Ok(plan_version::ActiveModel {
        institution_id: Set(new.institution_id),
        label: Set(new.label.to_string()),
        adopted_on: Set(new.adopted_on),
        adopted_by: Set(new.adopted_by.to_string()),
        note: Set(new.note.map(str::to_string)),
        document: Set(new.document),
        recorded_by: Set(new.recorded_by),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The institution's versions, oldest adoption first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<PlanVersionRow>> {
    Ok(plan_version::Entity::find()
        .filter(plan_version::Column::InstitutionId.eq(institution_id))
        .order_by_asc(plan_version::Column::AdoptedOn)
        .order_by_asc(plan_version::Column::Id)
        .all(conn)
        .await?)
}

/// One version of the institution.
pub async fn get<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<Option<PlanVersionRow>> {
    Ok(plan_version::Entity::find_by_id(id)
        .filter(plan_version::Column::InstitutionId.eq(institution_id))
        .one(conn)
        .await?)
}
