//! The plan repository: write a whole [`PlanDocument`] and read it back.
//!
//! [`replace`] upserts the people and units the plan names and writes the new tree over the
//! institution's previous strategy: elements whose code is still there keep their ids and
//! what hangs from them (see the `plan_merge` module), the others go with everything attached
//! to them; the caller runs it in a transaction so an import is all or nothing. [`load`] reads the tree back in
//! the same order, with the database ids of every element, so that pages can link to them
//! and an export equals what was imported.

use jalon_core::tag::{TagState, TaggedKind};
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jalon_core::number::parse_measured;
use jalon_core::period::Period;
use jalon_core::plan::*;
use jalon_core::progress::Trajectory;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entity::*;
use crate::plan_merge::{Kept, Recorded, new_comments, write_tags};
use crate::{Result, StoreError};

/// A code ↔ id map for one kind of element.
#[derive(Debug, Clone, Default)]
pub struct CodeIds {
    by_code: HashMap<String, i64>,
    by_id: HashMap<i64, String>,
}

impl CodeIds {
    fn insert(&mut self, code: &str, id: i64) {
        self.by_code.insert(code.to_string(), id);
        self.by_id.insert(id, code.to_string());
    }

    /// Id of the element with `code`.
    pub fn id(&self, code: &str) -> Option<i64> {
        self.by_code.get(code).copied()
    }

    /// Code of the element with `id`.
    pub fn code(&self, id: i64) -> Option<&str> {
        self.by_id.get(&id).map(String::as_str)
    }
}

/// Database ids of every element of a stored plan.
#[derive(Debug, Clone, Default)]
pub struct PlanIds {
    pub axes: CodeIds,
    pub objectives: CodeIds,
    pub targets: CodeIds,
    pub indicators: CodeIds,
    pub actions: CodeIds,
    /// People by name.
    pub people: CodeIds,
    /// Units by code.
    pub units: CodeIds,
}

/// Who entered and validated a measurement, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementMeta {
    pub id: i64,
    pub entered_by: Option<i64>,
    pub entered_at: DateTime<Utc>,
    pub validated_by: Option<i64>,
    pub validated_at: Option<DateTime<Utc>>,
    /// Bumped by every save (see [`crate::versions`]).
    pub version: i64,
}

impl MeasurementMeta {
    /// The bookkeeping of a stored value.
    fn of(m: &measurement::Model) -> MeasurementMeta {
        MeasurementMeta {
            id: m.id,
            entered_by: m.entered_by,
            entered_at: m.entered_at,
            validated_by: m.validated_by,
            validated_at: m.validated_at,
            version: m.version,
        }
    }
}

/// A plan as stored: the document, its ids and the bookkeeping of its measurements.
#[derive(Debug, Clone)]
pub struct StoredPlan {
    pub institution_id: i64,
    pub strategy_id: i64,
    pub doc: PlanDocument,
    pub ids: PlanIds,
    /// Per indicator code, in the order of `Indicator::measurements`.
    pub measurement_meta: HashMap<String, Vec<MeasurementMeta>>,
    /// Persons' email and unit, by person id (for ownership checks).
    pub person_units: HashMap<i64, Option<i64>>,
}

impl StoredPlan {
    /// The measurement bookkeeping of one indicator's `index`-th value.
    pub fn meta(&self, indicator_code: &str, index: usize) -> Option<&MeasurementMeta> {
        self.measurement_meta
            .get(indicator_code)
            .and_then(|v| v.get(index))
    }
}

/// Entity kinds used by tags, evidence links and comments.
pub mod kinds {
    pub const AXIS: &str = "axis";
    pub const OBJECTIVE: &str = "objective";
    pub const TARGET: &str = "target";
    pub const INDICATOR: &str = "indicator";
    pub const ACTION: &str = "action";
}

fn opt_i32(v: Option<u32>) -> Option<i32> {
    v.and_then(|v| i32::try_from(v).ok())
}

/// Splits an SDG reference (`13` or `13.2`) into goal and target.
pub(crate) fn sdg_parts(s: &str) -> Result<(i32, Option<String>)> {
    let s = s.trim();
    let (goal, target) = match s.split_once('.') {
        Some((g, _)) => (g, Some(s.to_string())),
        None => (s, None),
    };
    let goal: i32 = goal
        .parse()
        .ok()
        .filter(|g| (1..=17).contains(g))
        .ok_or_else(|| StoreError::Invalid(format!("\"{s}\" is not an SDG goal or target")))?;
    Ok((goal, target))
}

/// Upserts units and people named by the plan; returns their ids.
async fn upsert_people<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    doc: &PlanDocument,
) -> Result<(CodeIds, CodeIds)> {
    let mut units = CodeIds::default();
    for u in org_unit::Entity::find()
        .filter(org_unit::Column::InstitutionId.eq(institution_id))
        .all(conn)
        .await?
    {
        units.insert(&u.code, u.id);
    }
    for (pos, u) in doc.org_units.iter().enumerate() {
        match units.id(&u.code) {
            Some(id) => {
                org_unit::ActiveModel {
                    id: Set(id),
                    name: Set(u.name.clone()),
                    kind: Set(u.kind),
                    position: Set(pos as i32),
                    ownership_share: Set(u.share),
                    ..Default::default()
                }
                .update(conn)
                .await?;
            }
            None => {
                let m = org_unit::ActiveModel {
                    institution_id: Set(institution_id),
                    code: Set(u.code.clone()),
                    name: Set(u.name.clone()),
                    kind: Set(u.kind),
                    parent_id: Set(None),
                    position: Set(pos as i32),
                    ownership_share: Set(u.share),
                    ..Default::default()
                }
                .insert(conn)
                .await?;
                units.insert(&u.code, m.id);
            }
        }
    }
    for u in &doc.org_units {
        let parent = match &u.parent {
            Some(p) => Some(units.id(p).ok_or_else(|| {
                StoreError::Invalid(format!("unit {}: unknown parent unit {p}", u.code))
            })?),
            None => None,
        };
        let id = units
            .id(&u.code)
            .ok_or_else(|| StoreError::not_found("unit", &u.code))?;
        org_unit::ActiveModel {
            id: Set(id),
            parent_id: Set(parent),
            ..Default::default()
        }
        .update(conn)
        .await?;
    }
    let mut people = CodeIds::default();
    for p in person::Entity::find()
        .filter(person::Column::InstitutionId.eq(institution_id))
        .all(conn)
        .await?
    {
        people.insert(&p.name, p.id);
    }
    for (pos, p) in doc.people.iter().enumerate() {
        let unit = match &p.unit {
            Some(code) => Some(units.id(code).ok_or_else(|| {
                StoreError::Invalid(format!("person {}: unknown unit {code}", p.name))
            })?),
            None => None,
        };
        match people.id(&p.name) {
            Some(id) => {
                person::ActiveModel {
                    id: Set(id),
                    email: Set(p.email.clone()),
                    org_unit_id: Set(unit),
                    title: Set(p.title.clone()),
                    position: Set(pos as i32),
                    ..Default::default()
                }
                .update(conn)
                .await?;
            }
            None => {
                let m = person::ActiveModel {
                    institution_id: Set(institution_id),
                    name: Set(p.name.clone()),
                    email: Set(p.email.clone()),
                    org_unit_id: Set(unit),
                    title: Set(p.title.clone()),
                    position: Set(pos as i32),
                    ..Default::default()
                }
                .insert(conn)
                .await?;
                people.insert(&p.name, m.id);
            }
        }
    }
    Ok((people, units))
}

/// Deletes the institution's strategies, and what is attached to their elements except to
/// those `kept` (which are written again with the same ids).
async fn delete_strategies<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kept: &Kept,
) -> Result<()> {
    let strategies: Vec<i64> = strategy::Entity::find()
        .filter(strategy::Column::InstitutionId.eq(institution_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if strategies.is_empty() {
        return Ok(());
    }
    let owned: [(&str, &str); 5] = [
        (kinds::AXIS, "axis"),
        (kinds::OBJECTIVE, "objective"),
        (kinds::TARGET, "target"),
        (kinds::INDICATOR, "indicator"),
        (kinds::ACTION, "action"),
    ];
    for (kind, table) in owned {
        let kept_ids = kept.ids_of(kind);
        let ids_of_strategy = || {
            Query::select()
                .column(sea_orm::sea_query::Alias::new("id"))
                .from(sea_orm::sea_query::Alias::new(table))
                .and_where(
                    Expr::col(sea_orm::sea_query::Alias::new("strategy_id"))
                        .is_in(strategies.clone()),
                )
                .to_owned()
        };
        sdg_tag::Entity::delete_many()
            .filter(sdg_tag::Column::EntityKind.eq(kind))
            .filter(sdg_tag::Column::EntityId.in_subquery(ids_of_strategy()))
            .filter(sdg_tag::Column::EntityId.is_not_in(kept_ids.clone()))
            .exec(conn)
            .await?;
        comment::Entity::delete_many()
            .filter(comment::Column::EntityKind.eq(kind))
            .filter(comment::Column::EntityId.in_subquery(ids_of_strategy()))
            .filter(comment::Column::EntityId.is_not_in(kept_ids.clone()))
            .exec(conn)
            .await?;
        evidence_link::Entity::delete_many()
            .filter(evidence_link::Column::EntityKind.eq(kind))
            .filter(evidence_link::Column::EntityId.in_subquery(ids_of_strategy()))
            .filter(evidence_link::Column::EntityId.is_not_in(kept_ids.clone()))
            .exec(conn)
            .await?;
    }
    // Evidence items the plan file brought (`link`) and no longer linked to anything; the
    // evidence bank's own items stay.
    evidence::Entity::delete_many()
        .filter(evidence::Column::InstitutionId.eq(institution_id))
        .filter(evidence::Column::Kind.eq("link"))
        .filter(
            evidence::Column::Id.not_in_subquery(
                Query::select()
                    .column(evidence_link::Column::EvidenceId)
                    .from(evidence_link::Entity)
                    .to_owned(),
            ),
        )
        .exec(conn)
        .await?;
    strategy::Entity::delete_many()
        .filter(strategy::Column::Id.is_in(strategies))
        .exec(conn)
        .await?;
    Ok(())
}

/// Replaces the institution's plan by `doc`. Run it inside a transaction.
///
/// `entered_by` is recorded as the author of the imported measurements.
pub async fn replace<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    doc: &PlanDocument,
    entered_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (people, units) = upsert_people(conn, institution_id, doc).await?;
    let kept = Kept::load(conn, institution_id, doc).await?;
    let recorded = Recorded::load(conn, &kept).await?;
    delete_strategies(conn, institution_id, &kept).await?;
    let s = &doc.strategy;
    let mut strategy = strategy::ActiveModel {
        institution_id: Set(institution_id),
        title: Set(s.title.clone()),
        title_en: Set(s.title_en.clone()),
        start_year: Set(s.start_year),
        end_year: Set(s.end_year),
        description: Set(s.description.clone()),
        source: Set(s.source.clone()),
        stated_objective_count: Set(opt_i32(s.stated_objective_count)),
        stated_action_count: Set(opt_i32(s.stated_action_count)),
        campaign_year: Set(s.campaign_year),
        notes: Set(doc.notes.clone()),
        created_at: Set(now),
        ..Default::default()
    };
    if let Some(id) = kept.strategy_id {
        strategy.id = Set(id);
    }
    let sid = strategy.insert(conn).await?.id;
    let person_id = |name: &str, what: &str| {
        people
            .id(name)
            .ok_or_else(|| StoreError::Invalid(format!("{what}: unknown person \"{name}\"")))
    };
    let mut indicator_ids: HashMap<&str, i64> = HashMap::new();
    let mut tags = Vec::new();
    let mut links: Vec<(i64, i64, &Target)> = Vec::new();
    let mut action_links: Vec<(i64, &Action)> = Vec::new();
    for (apos, ax) in doc.axes.iter().enumerate() {
        let axis = axis::ActiveModel {
            id: kept.row_id(kinds::AXIS, &ax.code),
            strategy_id: Set(sid),
            code: Set(ax.code.clone()),
            title: Set(ax.title.clone()),
            title_en: Set(ax.title_en.clone()),
            description: Set(ax.description.clone()),
            position: Set(apos as i32),
        }
        .insert(conn)
        .await?;
        for (opos, o) in ax.objectives.iter().enumerate() {
            let obj = objective::ActiveModel {
                id: kept.row_id(kinds::OBJECTIVE, &o.code),
                strategy_id: Set(sid),
                axis_id: Set(axis.id),
                code: Set(o.code.clone()),
                title: Set(o.title.clone()),
                title_en: Set(o.title_en.clone()),
                description: Set(o.description.clone()),
                position: Set(opos as i32),
            }
            .insert(conn)
            .await?;
            for (pos, sdg) in o.sdgs.iter().enumerate() {
                tags.push((TaggedKind::Objective, obj.id, pos, sdg.as_str()));
            }
            for (ipos, ind) in o.indicators.iter().enumerate() {
                let (owner_person, owner_unit) = match ind.owner.as_deref() {
                    None => (None, None),
                    Some(o) => match (people.id(o), units.id(o)) {
                        (Some(p), _) => (Some(p), None),
                        (None, Some(u)) => (None, Some(u)),
                        (None, None) => {
                            return Err(StoreError::Invalid(format!(
                                "indicator {}: owner \"{o}\" is neither a person nor a unit",
                                ind.code
                            )));
                        }
                    },
                };
                let m = indicator::ActiveModel {
                    id: kept.row_id(kinds::INDICATOR, &ind.code),
                    strategy_id: Set(sid),
                    objective_id: Set(obj.id),
                    code: Set(ind.code.clone()),
                    name: Set(ind.name.clone()),
                    name_en: Set(ind.name_en.clone()),
                    unit: Set(ind.unit.clone()),
                    kind: Set(ind.kind),
                    definition: Set(ind.definition.clone()),
                    formula: Set(ind.formula),
                    formula_detail: Set(ind.formula_detail.clone()),
                    frequency: Set(ind.frequency.clone()),
                    owner_person_id: Set(owner_person),
                    owner_unit_id: Set(owner_unit),
                    source_system: Set(ind.source_system.clone()),
                    baseline_year: Set(ind.baseline.map(|b| b.year)),
                    baseline_value: Set(ind.baseline.map(|b| b.value)),
                    position: Set(ipos as i32),
                }
                .insert(conn)
                .await?;
                indicator_ids.insert(ind.code.as_str(), m.id);
                let mut rows = Vec::with_capacity(ind.measurements.len());
                for (mpos, ms) in ind.measurements.iter().enumerate() {
                    let period = Period::parse(&ms.period)
                        .map_err(|e| StoreError::Invalid(format!("indicator {}: {e}", ind.code)))?;
                    let value = parse_measured(&ms.value).map_err(|e| {
                        StoreError::Invalid(format!(
                            "indicator {}, period {}: {e}",
                            ind.code, ms.period
                        ))
                    })?;
                    rows.push(measurement_row(
                        m.id, &period, ms, &value, entered_by, now, mpos,
                    ));
                }
                // Rows that keep their id and version, then new ones: one batch has one
                // set of columns.
                let (carried, new): (Vec<_>, Vec<_>) = (kept.carry_measurements(m.id, rows))
                    .into_iter()
                    .partition(|r| r.id.is_set());
                for batch in [carried, new] {
                    if !batch.is_empty() {
                        measurement::Entity::insert_many(batch).exec(conn).await?;
                    }
                }
            }
            for (tpos, t) in o.targets.iter().enumerate() {
                let (trajectory, rate) = match t.trajectory {
                    Trajectory::Linear => ("linear", None),
                    Trajectory::AnnualRate { percent } => ("annual_rate", Some(percent)),
                };
                let m = target::ActiveModel {
                    id: kept.row_id(kinds::TARGET, &t.code),
                    strategy_id: Set(sid),
                    objective_id: Set(obj.id),
                    code: Set(t.code.clone()),
                    text: Set(t.text.clone()),
                    text_en: Set(t.text_en.clone()),
                    plan_table_text: Set(t.plan_table_text.clone()),
                    kind: Set(t.kind),
                    direction: Set(t.direction),
                    unit: Set(t.unit.clone()),
                    baseline_year: Set(t.baseline.map(|b| b.year)),
                    baseline_value: Set(t.baseline.map(|b| b.value)),
                    target_year: Set(t.target_year),
                    target_value: Set(t.target_value),
                    change_percent: Set(t.change_percent),
                    trajectory: Set(trajectory.to_string()),
                    annual_rate_percent: Set(rate),
                    illustrative: Set(t.illustrative),
                    note: Set(t.note.clone()),
                    position: Set(tpos as i32),
                }
                .insert(conn)
                .await?;
                links.push((m.id, obj.id, t));
            }
            for (acpos, a) in o.actions.iter().enumerate() {
                let pilot = match &a.pilot {
                    Some(p) => Some(person_id(p, &format!("action {}", a.code))?),
                    None => None,
                };
                let mut row = action::ActiveModel {
                    id: kept.row_id(kinds::ACTION, &a.code),
                    strategy_id: Set(sid),
                    objective_id: Set(obj.id),
                    code: Set(a.code.clone()),
                    title: Set(a.title.clone()),
                    title_en: Set(a.title_en.clone()),
                    description: Set(a.description.clone()),
                    pilot_person_id: Set(pilot),
                    start_date: Set(a.start),
                    end_date: Set(a.end),
                    status: Set(a.status),
                    progress: Set(a.progress.map(i32::from)),
                    budget_planned_cents: Set(a.budget.planned_cents),
                    budget_committed_cents: Set(a.budget.committed_cents),
                    budget_spent_cents: Set(a.budget.spent_cents),
                    illustrative: Set(a.illustrative),
                    note: Set(a.note.clone()),
                    position: Set(acpos as i32),
                    updated_at: Set(now),
                    ..Default::default()
                };
                kept.carry_action(&mut row, now);
                let m = row.insert(conn).await?;
                let mut contributors = Vec::new();
                for (pos, name) in a.contributors.iter().enumerate() {
                    contributors.push(action_contributor::ActiveModel {
                        action_id: Set(m.id),
                        person_id: Set(Some(person_id(name, &format!("action {}", a.code))?)),
                        org_unit_id: Set(None),
                        position: Set(pos as i32),
                        ..Default::default()
                    });
                }
                for (pos, code) in a.contributor_units.iter().enumerate() {
                    let unit = units.id(code).ok_or_else(|| {
                        StoreError::Invalid(format!("action {}: unknown unit \"{code}\"", a.code))
                    })?;
                    contributors.push(action_contributor::ActiveModel {
                        action_id: Set(m.id),
                        person_id: Set(None),
                        org_unit_id: Set(Some(unit)),
                        position: Set((a.contributors.len() + pos) as i32),
                        ..Default::default()
                    });
                }
                if !contributors.is_empty() {
                    action_contributor::Entity::insert_many(contributors)
                        .exec(conn)
                        .await?;
                }
                let milestones: Vec<_> = a
                    .milestones
                    .iter()
                    .enumerate()
                    .map(|(pos, ms)| action_milestone::ActiveModel {
                        action_id: Set(m.id),
                        title: Set(ms.title.clone()),
                        due_date: Set(ms.due),
                        done_on: Set(ms.done_on),
                        position: Set(pos as i32),
                        ..Default::default()
                    })
                    .collect();
                if !milestones.is_empty() {
                    action_milestone::Entity::insert_many(milestones)
                        .exec(conn)
                        .await?;
                }
                for (pos, sdg) in a.sdgs.iter().enumerate() {
                    tags.push((TaggedKind::Action, m.id, pos, sdg.as_str()));
                }
                let linked = recorded.evidence(m.id);
                let listed = (a.evidence.iter())
                    .filter(|ev| !linked.iter().any(|(t, u)| *t == ev.title && *u == ev.url));
                for (n, ev) in listed.enumerate() {
                    add_action_evidence(
                        conn,
                        institution_id,
                        m.id,
                        linked.len() + n,
                        &ev.title,
                        ev.url.clone(),
                        now,
                    )
                    .await?;
                }
                let comments = new_comments(&recorded, institution_id, m.id, a, now);
                if !comments.is_empty() {
                    comment::Entity::insert_many(comments).exec(conn).await?;
                }
                action_links.push((m.id, a));
            }
        }
    }
    // Links need every indicator of the plan (a target may cite another objective's).
    let indicator_id = |code: &str, from: &str| {
        indicator_ids
            .get(code)
            .copied()
            .ok_or_else(|| StoreError::Invalid(format!("{from}: unknown indicator {code}")))
    };
    let mut rows = Vec::new();
    for (tid, _, t) in &links {
        for (pos, code) in t.indicators.iter().enumerate() {
            rows.push(target_indicator::ActiveModel {
                target_id: Set(*tid),
                indicator_id: Set(indicator_id(code, &format!("target {}", t.code))?),
                position: Set(pos as i32),
            });
        }
    }
    if !rows.is_empty() {
        target_indicator::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    let mut rows = Vec::new();
    for (aid, a) in &action_links {
        for (pos, code) in a.indicators.iter().enumerate() {
            rows.push(action_indicator::ActiveModel {
                action_id: Set(*aid),
                indicator_id: Set(indicator_id(code, &format!("action {}", a.code))?),
                position: Set(pos as i32),
            });
        }
    }
    if !rows.is_empty() {
        action_indicator::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    write_tags(conn, institution_id, &kept, tags, entered_by, now).await?;
    Ok(sid)
}

/// Creates an evidence item and links it to an action at `position`.
pub(crate) async fn add_action_evidence<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    action_id: i64,
    position: usize,
    title: &str,
    url: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let e = evidence::ActiveModel {
        institution_id: Set(institution_id),
        title: Set(title.to_string()),
        kind: Set("link".to_string()),
        url: Set(url),
        public: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    evidence_link::ActiveModel {
        evidence_id: Set(e.id),
        entity_kind: Set(kinds::ACTION.to_string()),
        entity_id: Set(action_id),
        position: Set(position as i32),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Builds the row of one measurement.
pub(crate) fn measurement_row(
    indicator_id: i64,
    period: &Period,
    ms: &Measurement,
    value: &jalon_core::number::MeasuredValue,
    entered_by: Option<i64>,
    now: DateTime<Utc>,
    position: usize,
) -> measurement::ActiveModel {
    let validated = ms.state == MeasurementState::Validated;
    measurement::ActiveModel {
        indicator_id: Set(indicator_id),
        period: Set(period.label()),
        period_year: Set(period.trajectory_year()),
        value_text: Set(ms.value.clone()),
        value: Set(Some(value.value)),
        value_low: Set(value.low),
        value_high: Set(value.high),
        qualifier: Set(value.qualifier.map(|q| {
            match q {
                jalon_core::number::Qualifier::GreaterThan => "greater_than",
                jalon_core::number::Qualifier::LessThan => "less_than",
                jalon_core::number::Qualifier::About => "about",
            }
            .to_string()
        })),
        state: Set(ms.state),
        source: Set(ms.source.clone()),
        comment: Set(ms.comment.clone()),
        evidence_url: Set(ms.evidence_url.clone()),
        illustrative: Set(ms.illustrative),
        entered_by: Set(entered_by),
        entered_at: Set(now),
        validated_by: Set(if validated { entered_by } else { None }),
        validated_at: Set(if validated { Some(now) } else { None }),
        position: Set(position as i32),
        ..Default::default()
    }
}

/// The id of the institution's current strategy, if it has one.
pub async fn current_strategy_id<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Option<i64>> {
    Ok(strategy::Entity::find()
        .filter(strategy::Column::InstitutionId.eq(institution_id))
        .order_by_desc(strategy::Column::Id)
        .one(conn)
        .await?
        .map(|s| s.id))
}

/// Reads the institution's current plan, or `None` when it has none.
pub async fn load<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Option<StoredPlan>> {
    let Some(inst) = institution::Entity::find_by_id(institution_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(st) = strategy::Entity::find()
        .filter(strategy::Column::InstitutionId.eq(institution_id))
        .order_by_desc(strategy::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let sid = st.id;
    let mut ids = PlanIds::default();

    let unit_rows = org_unit::Entity::find()
        .filter(org_unit::Column::InstitutionId.eq(institution_id))
        .order_by_asc(org_unit::Column::Position)
        .order_by_asc(org_unit::Column::Id)
        .all(conn)
        .await?;
    for u in &unit_rows {
        ids.units.insert(&u.code, u.id);
    }
    let unit_code = |id: i64| ids.units.code(id).map(str::to_string);
    let org_units = unit_rows
        .iter()
        .map(|u| {
            Ok(OrgUnitDoc {
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind,
                parent: u.parent_id.and_then(unit_code),
                share: u.ownership_share,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let person_rows = person::Entity::find()
        .filter(person::Column::InstitutionId.eq(institution_id))
        .order_by_asc(person::Column::Position)
        .order_by_asc(person::Column::Id)
        .all(conn)
        .await?;
    let mut person_units = HashMap::new();
    for p in &person_rows {
        ids.people.insert(&p.name, p.id);
        person_units.insert(p.id, p.org_unit_id);
    }
    let people = person_rows
        .iter()
        .map(|p| PersonDoc {
            name: p.name.clone(),
            email: p.email.clone(),
            unit: p.org_unit_id.and_then(unit_code),
            title: p.title.clone(),
        })
        .collect();

    let axes = axis::Entity::find()
        .filter(axis::Column::StrategyId.eq(sid))
        .order_by_asc(axis::Column::Position)
        .all(conn)
        .await?;
    let objectives = objective::Entity::find()
        .filter(objective::Column::StrategyId.eq(sid))
        .order_by_asc(objective::Column::Position)
        .all(conn)
        .await?;
    let targets = target::Entity::find()
        .filter(target::Column::StrategyId.eq(sid))
        .order_by_asc(target::Column::Position)
        .all(conn)
        .await?;
    let indicators = indicator::Entity::find()
        .filter(indicator::Column::StrategyId.eq(sid))
        .order_by_asc(indicator::Column::Position)
        .all(conn)
        .await?;
    let actions = action::Entity::find()
        .filter(action::Column::StrategyId.eq(sid))
        .order_by_asc(action::Column::Position)
        .all(conn)
        .await?;
    for a in &axes {
        ids.axes.insert(&a.code, a.id);
    }
    for o in &objectives {
        ids.objectives.insert(&o.code, o.id);
    }
    for t in &targets {
        ids.targets.insert(&t.code, t.id);
    }
    for i in &indicators {
        ids.indicators.insert(&i.code, i.id);
    }
    for a in &actions {
        ids.actions.insert(&a.code, a.id);
    }
    let in_strategy = |table: &str| {
        Query::select()
            .column(sea_orm::sea_query::Alias::new("id"))
            .from(sea_orm::sea_query::Alias::new(table))
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("strategy_id")).eq(sid))
            .to_owned()
    };
    let measurements = measurement::Entity::find()
        .filter(measurement::Column::IndicatorId.in_subquery(in_strategy("indicator")))
        .order_by_asc(measurement::Column::IndicatorId)
        .order_by_asc(measurement::Column::Position)
        .order_by_asc(measurement::Column::Id)
        .all(conn)
        .await?;
    let target_links = target_indicator::Entity::find()
        .filter(target_indicator::Column::TargetId.in_subquery(in_strategy("target")))
        .order_by_asc(target_indicator::Column::TargetId)
        .order_by_asc(target_indicator::Column::Position)
        .all(conn)
        .await?;
    let action_links = action_indicator::Entity::find()
        .filter(action_indicator::Column::ActionId.in_subquery(in_strategy("action")))
        .order_by_asc(action_indicator::Column::ActionId)
        .order_by_asc(action_indicator::Column::Position)
        .all(conn)
        .await?;
    let contributors = action_contributor::Entity::find()
        .filter(action_contributor::Column::ActionId.in_subquery(in_strategy("action")))
        .order_by_asc(action_contributor::Column::ActionId)
        .order_by_asc(action_contributor::Column::Position)
        .all(conn)
        .await?;
    let milestones = action_milestone::Entity::find()
        .filter(action_milestone::Column::ActionId.in_subquery(in_strategy("action")))
        .order_by_asc(action_milestone::Column::ActionId)
        .order_by_asc(action_milestone::Column::Position)
        .all(conn)
        .await?;
    let tags = sdg_tag::Entity::find()
        .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
        .filter(sdg_tag::Column::State.eq(TagState::Confirmed))
        .filter(sdg_tag::Column::EntityKind.is_in([kinds::OBJECTIVE, kinds::ACTION]))
        .order_by_asc(sdg_tag::Column::EntityId)
        .order_by_asc(sdg_tag::Column::Position)
        .order_by_asc(sdg_tag::Column::Id)
        .all(conn)
        .await?;
    let comments = comment::Entity::find()
        .filter(comment::Column::EntityKind.eq(kinds::ACTION))
        .filter(comment::Column::EntityId.in_subquery(in_strategy("action")))
        .order_by_asc(comment::Column::EntityId)
        .order_by_asc(comment::Column::Position)
        .order_by_asc(comment::Column::Id)
        .all(conn)
        .await?;
    let evidence_links = evidence_link::Entity::find()
        .filter(evidence_link::Column::EntityKind.eq(kinds::ACTION))
        .filter(evidence_link::Column::EntityId.in_subquery(in_strategy("action")))
        .order_by_asc(evidence_link::Column::EntityId)
        .order_by_asc(evidence_link::Column::Position)
        .all(conn)
        .await?;
    let evidence_items: HashMap<i64, evidence::Model> = evidence::Entity::find()
        .filter(evidence::Column::InstitutionId.eq(institution_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();

    // Group children by parent id, keeping order.
    let mut measurements_by: HashMap<i64, Vec<&measurement::Model>> = HashMap::new();
    for m in &measurements {
        measurements_by.entry(m.indicator_id).or_default().push(m);
    }
    let mut target_inds: HashMap<i64, Vec<String>> = HashMap::new();
    for l in &target_links {
        if let Some(code) = ids.indicators.code(l.indicator_id) {
            target_inds
                .entry(l.target_id)
                .or_default()
                .push(code.to_string());
        }
    }
    let mut action_inds: HashMap<i64, Vec<String>> = HashMap::new();
    for l in &action_links {
        if let Some(code) = ids.indicators.code(l.indicator_id) {
            action_inds
                .entry(l.action_id)
                .or_default()
                .push(code.to_string());
        }
    }
    let mut contribs: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    for c in &contributors {
        let entry = contribs.entry(c.action_id).or_default();
        if let Some(name) = c.person_id.and_then(|p| ids.people.code(p)) {
            entry.0.push(name.to_string());
        }
        if let Some(code) = c.org_unit_id.and_then(|u| ids.units.code(u)) {
            entry.1.push(code.to_string());
        }
    }
    let mut ms_by: HashMap<i64, Vec<Milestone>> = HashMap::new();
    for m in &milestones {
        ms_by.entry(m.action_id).or_default().push(Milestone {
            title: m.title.clone(),
            due: m.due_date,
            done_on: m.done_on,
        });
    }
    let mut tags_by: HashMap<(&str, i64), Vec<String>> = HashMap::new();
    for t in &tags {
        tags_by
            .entry((t.entity_kind.as_str(), t.entity_id))
            .or_default()
            .push(t.target.clone().unwrap_or_else(|| t.goal.to_string()));
    }
    let mut comments_by: HashMap<i64, Vec<Comment>> = HashMap::new();
    for c in &comments {
        comments_by.entry(c.entity_id).or_default().push(Comment {
            author: c.author_name.clone(),
            date: c.written_on,
            text: c.body.clone(),
        });
    }
    let mut evidence_by: HashMap<i64, Vec<EvidenceLink>> = HashMap::new();
    for l in &evidence_links {
        if let Some(e) = evidence_items.get(&l.evidence_id) {
            evidence_by
                .entry(l.entity_id)
                .or_default()
                .push(EvidenceLink {
                    title: e.title.clone(),
                    url: e.url.clone(),
                });
        }
    }

    let mut measurement_meta = HashMap::new();
    let mut indicators_by: HashMap<i64, Vec<Indicator>> = HashMap::new();
    for i in &indicators {
        let owner = match (i.owner_person_id, i.owner_unit_id) {
            (Some(p), _) => ids.people.code(p).map(str::to_string),
            (None, Some(u)) => ids.units.code(u).map(str::to_string),
            _ => None,
        };
        let rows = measurements_by.remove(&i.id).unwrap_or_default();
        let mut metas = Vec::with_capacity(rows.len());
        let mut list = Vec::with_capacity(rows.len());
        for m in rows {
            metas.push(MeasurementMeta::of(m));
            list.push(Measurement {
                period: m.period.clone(),
                value: m.value_text.clone(),
                state: m.state,
                source: m.source.clone(),
                comment: m.comment.clone(),
                evidence_url: m.evidence_url.clone(),
                illustrative: m.illustrative,
            });
        }
        measurement_meta.insert(i.code.clone(), metas);
        indicators_by
            .entry(i.objective_id)
            .or_default()
            .push(Indicator {
                code: i.code.clone(),
                name: i.name.clone(),
                name_en: i.name_en.clone(),
                unit: i.unit.clone(),
                kind: i.kind,
                definition: i.definition.clone(),
                formula: i.formula,
                formula_detail: i.formula_detail.clone(),
                frequency: i.frequency.clone(),
                owner,
                source_system: i.source_system.clone(),
                baseline: i
                    .baseline_year
                    .zip(i.baseline_value)
                    .map(|(year, value)| YearValue { year, value }),
                measurements: list,
            });
    }
    let mut targets_by: HashMap<i64, Vec<Target>> = HashMap::new();
    for t in &targets {
        let trajectory = match (t.trajectory.as_str(), t.annual_rate_percent) {
            ("annual_rate", Some(percent)) => Trajectory::AnnualRate { percent },
            ("linear", _) => Trajectory::Linear,
            (other, _) => {
                return Err(StoreError::Invalid(format!(
                    "stored trajectory \"{other}\" is unknown"
                )));
            }
        };
        targets_by.entry(t.objective_id).or_default().push(Target {
            code: t.code.clone(),
            text: t.text.clone(),
            text_en: t.text_en.clone(),
            plan_table_text: t.plan_table_text.clone(),
            kind: t.kind,
            direction: t.direction,
            unit: t.unit.clone(),
            baseline: t
                .baseline_year
                .zip(t.baseline_value)
                .map(|(year, value)| YearValue { year, value }),
            target_year: t.target_year,
            target_value: t.target_value,
            change_percent: t.change_percent,
            trajectory,
            indicators: target_inds.remove(&t.id).unwrap_or_default(),
            illustrative: t.illustrative,
            note: t.note.clone(),
        });
    }
    let mut actions_by: HashMap<i64, Vec<Action>> = HashMap::new();
    for a in &actions {
        let (contributors, contributor_units) = contribs.remove(&a.id).unwrap_or_default();
        actions_by.entry(a.objective_id).or_default().push(Action {
            code: a.code.clone(),
            title: a.title.clone(),
            title_en: a.title_en.clone(),
            description: a.description.clone(),
            pilot: a
                .pilot_person_id
                .and_then(|p| ids.people.code(p))
                .map(str::to_string),
            contributors,
            contributor_units,
            start: a.start_date,
            end: a.end_date,
            milestones: ms_by.remove(&a.id).unwrap_or_default(),
            budget: Budget {
                planned_cents: a.budget_planned_cents,
                committed_cents: a.budget_committed_cents,
                spent_cents: a.budget_spent_cents,
            },
            status: a.status,
            progress: a.progress.and_then(|p| u8::try_from(p).ok()),
            indicators: action_inds.remove(&a.id).unwrap_or_default(),
            sdgs: tags_by.remove(&(kinds::ACTION, a.id)).unwrap_or_default(),
            evidence: evidence_by.remove(&a.id).unwrap_or_default(),
            comments: comments_by.remove(&a.id).unwrap_or_default(),
            illustrative: a.illustrative,
            note: a.note.clone(),
        });
    }
    let mut objectives_by: HashMap<i64, Vec<Objective>> = HashMap::new();
    for o in &objectives {
        objectives_by.entry(o.axis_id).or_default().push(Objective {
            code: o.code.clone(),
            title: o.title.clone(),
            title_en: o.title_en.clone(),
            description: o.description.clone(),
            sdgs: tags_by
                .remove(&(kinds::OBJECTIVE, o.id))
                .unwrap_or_default(),
            targets: targets_by.remove(&o.id).unwrap_or_default(),
            indicators: indicators_by.remove(&o.id).unwrap_or_default(),
            actions: actions_by.remove(&o.id).unwrap_or_default(),
        });
    }
    let doc = PlanDocument {
        format: FORMAT_VERSION.to_string(),
        notes: st.notes.clone(),
        institution: InstitutionInfo {
            name: inst.name.clone(),
            short_name: inst.short_name.clone(),
        },
        strategy: StrategyInfo {
            title: st.title.clone(),
            title_en: st.title_en.clone(),
            start_year: st.start_year,
            end_year: st.end_year,
            description: st.description.clone(),
            source: st.source.clone(),
            stated_objective_count: st
                .stated_objective_count
                .and_then(|v| u32::try_from(v).ok()),
            stated_action_count: st.stated_action_count.and_then(|v| u32::try_from(v).ok()),
            campaign_year: st.campaign_year,
        },
        org_units,
        people,
        axes: axes
            .iter()
            .map(|a| Axis {
                code: a.code.clone(),
                title: a.title.clone(),
                title_en: a.title_en.clone(),
                description: a.description.clone(),
                objectives: objectives_by.remove(&a.id).unwrap_or_default(),
            })
            .collect(),
    };
    Ok(Some(StoredPlan {
        institution_id,
        strategy_id: sid,
        doc,
        ids,
        measurement_meta,
        person_units,
    }))
}
