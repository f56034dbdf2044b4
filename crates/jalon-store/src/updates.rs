//! Targeted writes between imports: measurements, action sheets, comments.
//!
//! Each function returns the row before and after the change, so the caller can record both
//! in the audit log within the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use jalon_core::action::ActionStatus;
use jalon_core::number::MeasuredValue;
use jalon_core::period::Period;
use jalon_core::plan::{Measurement, MeasurementState};
use jalon_core::tag::{TagOrigin, TagState, TaggedKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entity::{
    action, action_contributor, action_indicator, action_milestone, comment, evidence,
    evidence_link, indicator, measurement, sdg_tag,
};
use crate::plan::{kinds, measurement_row};
use crate::{Result, StoreError};

pub use action::Model as ActionRow;
pub use indicator::Model as IndicatorRow;
pub use measurement::Model as MeasurementRow;

/// An indicator row by id.
pub async fn indicator<C: ConnectionTrait>(conn: &C, id: i64) -> Result<IndicatorRow> {
    indicator::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found("indicator", id))
}

/// A measurement row by id.
pub async fn measurement<C: ConnectionTrait>(conn: &C, id: i64) -> Result<MeasurementRow> {
    measurement::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found("measurement", id))
}

/// Creates or replaces the value of an indicator for a period.
pub async fn upsert_measurement<C: ConnectionTrait>(
    conn: &C,
    indicator_id: i64,
    period: &Period,
    input: &Measurement,
    value: &MeasuredValue,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(Option<MeasurementRow>, MeasurementRow)> {
    let existing = measurement::Entity::find()
        .filter(measurement::Column::IndicatorId.eq(indicator_id))
        .filter(measurement::Column::Period.eq(period.label()))
        .one(conn)
        .await?;
    let position = match &existing {
        Some(m) => m.position as usize,
        None => measurement::Entity::find()
            .filter(measurement::Column::IndicatorId.eq(indicator_id))
            .order_by_desc(measurement::Column::Position)
            .one(conn)
            .await?
            .map_or(0, |m| m.position as usize + 1),
    };
    let mut row = measurement_row(indicator_id, period, input, value, user_id, now, position);
    let after = match &existing {
        Some(old) => {
            row.id = Set(old.id);
            row.update(conn).await?
        }
        None => row.insert(conn).await?,
    };
    Ok((existing, after))
}

/// Moves a measurement to another review state (draft, submitted, validated).
pub async fn set_measurement_state<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    state: MeasurementState,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(MeasurementRow, MeasurementRow)> {
    let before = measurement(conn, id).await?;
    let validated = state == MeasurementState::Validated;
    let after = measurement::ActiveModel {
        id: Set(id),
        state: Set(state),
        validated_by: Set(if validated { user_id } else { None }),
        validated_at: Set(if validated { Some(now) } else { None }),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok((before, after))
}

/// Deletes a measurement; returns the deleted row.
pub async fn delete_measurement<C: ConnectionTrait>(conn: &C, id: i64) -> Result<MeasurementRow> {
    let before = measurement(conn, id).await?;
    measurement::Entity::delete_by_id(id).exec(conn).await?;
    Ok(before)
}

/// An action row by id.
pub async fn action<C: ConnectionTrait>(conn: &C, id: i64) -> Result<ActionRow> {
    action::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found("action", id))
}

/// The editable fields of an action sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFields {
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub pilot_person_id: Option<i64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub status: ActionStatus,
    pub progress: Option<i32>,
    pub budget_planned_cents: Option<i64>,
    pub budget_committed_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
}

/// Rewrites the editable fields of an action.
pub async fn update_action<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    f: &ActionFields,
    now: DateTime<Utc>,
) -> Result<(ActionRow, ActionRow)> {
    let before = action(conn, id).await?;
    let after = action::ActiveModel {
        id: Set(id),
        title: Set(f.title.clone()),
        title_en: Set(f.title_en.clone()),
        description: Set(f.description.clone()),
        pilot_person_id: Set(f.pilot_person_id),
        start_date: Set(f.start),
        end_date: Set(f.end),
        status: Set(f.status),
        progress: Set(f.progress),
        budget_planned_cents: Set(f.budget_planned_cents),
        budget_committed_cents: Set(f.budget_committed_cents),
        budget_spent_cents: Set(f.budget_spent_cents),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok((before, after))
}

/// Quick update of an action's status and progress.
pub async fn set_action_progress<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    status: ActionStatus,
    progress: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(ActionRow, ActionRow)> {
    let before = action(conn, id).await?;
    let after = action::ActiveModel {
        id: Set(id),
        status: Set(status),
        progress: Set(progress),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok((before, after))
}

/// Replaces the contributors of an action.
pub async fn set_contributors<C: ConnectionTrait>(
    conn: &C,
    action_id: i64,
    people: &[i64],
    units: &[i64],
) -> Result<()> {
    action_contributor::Entity::delete_many()
        .filter(action_contributor::Column::ActionId.eq(action_id))
        .exec(conn)
        .await?;
    let rows: Vec<_> = people
        .iter()
        .map(|p| (Some(*p), None))
        .chain(units.iter().map(|u| (None, Some(*u))))
        .enumerate()
        .map(|(pos, (p, u))| action_contributor::ActiveModel {
            action_id: Set(action_id),
            person_id: Set(p),
            org_unit_id: Set(u),
            position: Set(pos as i32),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        action_contributor::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Replaces the milestones of an action: (title, due, done on).
pub async fn set_milestones<C: ConnectionTrait>(
    conn: &C,
    action_id: i64,
    milestones: &[(String, Option<NaiveDate>, Option<NaiveDate>)],
) -> Result<()> {
    action_milestone::Entity::delete_many()
        .filter(action_milestone::Column::ActionId.eq(action_id))
        .exec(conn)
        .await?;
    let rows: Vec<_> = milestones
        .iter()
        .enumerate()
        .map(|(pos, (title, due, done))| action_milestone::ActiveModel {
            action_id: Set(action_id),
            title: Set(title.clone()),
            due_date: Set(*due),
            done_on: Set(*done),
            position: Set(pos as i32),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        action_milestone::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Sets the confirmed SDG tags of an entity to `sdgs` (`13` or `13.2`): manual tags are
/// replaced; a confirmed suggestion that is no longer in the list becomes rejected (so it is
/// not suggested again), one still in it is kept with its score and evidence.
pub async fn set_manual_sdgs<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    entity_kind: TaggedKind,
    entity_id: i64,
    sdgs: &[(i32, Option<String>)],
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    sdg_tag::Entity::delete_many()
        .filter(sdg_tag::Column::EntityKind.eq(entity_kind))
        .filter(sdg_tag::Column::EntityId.eq(entity_id))
        .filter(sdg_tag::Column::Origin.eq(TagOrigin::Manual))
        .exec(conn)
        .await?;
    let confirmed_suggestions = sdg_tag::Entity::find()
        .filter(sdg_tag::Column::EntityKind.eq(entity_kind))
        .filter(sdg_tag::Column::EntityId.eq(entity_id))
        .filter(sdg_tag::Column::Origin.eq(TagOrigin::Suggested))
        .filter(sdg_tag::Column::State.eq(TagState::Confirmed))
        .all(conn)
        .await?;
    let mut kept = Vec::new();
    for t in confirmed_suggestions {
        let r = (t.goal, t.target.clone());
        if sdgs.contains(&r) {
            kept.push(r);
        } else {
            let mut m: sdg_tag::ActiveModel = t.into();
            m.state = Set(TagState::Rejected);
            m.created_by = Set(user_id);
            m.created_at = Set(now);
            m.update(conn).await?;
        }
    }
    let rows: Vec<_> = sdgs
        .iter()
        .enumerate()
        .filter(|(_, r)| !kept.contains(r))
        .map(|(pos, sdg)| {
            let tag = crate::plan_merge::Tag {
                institution_id,
                kind: entity_kind,
                entity_id,
            };
            tag.confirmed(sdg.clone(), pos, user_id, now)
        })
        .collect();
    if !rows.is_empty() {
        sdg_tag::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Adds a comment to an action.
pub async fn add_action_comment<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    action_id: i64,
    author_name: &str,
    author_user_id: Option<i64>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let position = comment::Entity::find()
        .filter(comment::Column::EntityKind.eq(kinds::ACTION))
        .filter(comment::Column::EntityId.eq(action_id))
        .order_by_desc(comment::Column::Position)
        .one(conn)
        .await?
        .map_or(0, |c| c.position + 1);
    comment::ActiveModel {
        institution_id: Set(institution_id),
        entity_kind: Set(kinds::ACTION.to_string()),
        entity_id: Set(action_id),
        author_name: Set(author_name.to_string()),
        author_user_id: Set(author_user_id),
        written_on: Set(now.date_naive()),
        created_at: Set(now),
        body: Set(body.to_string()),
        position: Set(position),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Replaces the indicators that follow an action.
pub async fn set_action_indicators<C: ConnectionTrait>(
    conn: &C,
    action_id: i64,
    indicator_ids: &[i64],
) -> Result<()> {
    action_indicator::Entity::delete_many()
        .filter(action_indicator::Column::ActionId.eq(action_id))
        .exec(conn)
        .await?;
    let rows: Vec<_> = indicator_ids
        .iter()
        .enumerate()
        .map(|(pos, id)| action_indicator::ActiveModel {
            action_id: Set(action_id),
            indicator_id: Set(*id),
            position: Set(pos as i32),
        })
        .collect();
    if !rows.is_empty() {
        action_indicator::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Replaces the evidence links of an action: (title, url).
pub async fn set_action_evidence<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    action_id: i64,
    links: &[(String, Option<String>)],
    now: DateTime<Utc>,
) -> Result<()> {
    let old: Vec<i64> = evidence_link::Entity::find()
        .filter(evidence_link::Column::EntityKind.eq(kinds::ACTION))
        .filter(evidence_link::Column::EntityId.eq(action_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.evidence_id)
        .collect();
    evidence_link::Entity::delete_many()
        .filter(evidence_link::Column::EntityKind.eq(kinds::ACTION))
        .filter(evidence_link::Column::EntityId.eq(action_id))
        .exec(conn)
        .await?;
    // Evidence items only this action used go with it; shared ones stay.
    for id in old {
        let still_used = evidence_link::Entity::find()
            .filter(evidence_link::Column::EvidenceId.eq(id))
            .one(conn)
            .await?
            .is_some();
        if !still_used {
            evidence::Entity::delete_by_id(id).exec(conn).await?;
        }
    }
    for (pos, (title, url)) in links.iter().enumerate() {
        crate::plan::add_action_evidence(
            conn,
            institution_id,
            action_id,
            pos,
            title,
            url.clone(),
            now,
        )
        .await?;
    }
    Ok(())
}
