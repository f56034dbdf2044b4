//! What a new plan file keeps of the current plan when it is written over it.
//!
//! [`crate::plan::replace`] writes the whole tree again, but an element whose code is still in
//! the file keeps its database id, so everything hanging from it by id stays attached: its
//! SDG tags in every state (a rejected suggestion stays rejected), the comments and evidence
//! links recorded in the application, its journal history, and the values of periods the
//! file leaves out. A value or an action sheet the file does not change keeps its author,
//! dates and version; one it changes gets a new version, so a form opened before the import
//! cannot silently undo it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use jalon_core::plan::{Action, PlanDocument};
use jalon_core::tag::{TagOrigin, TagState, TaggedKind};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, TryIntoModel,
};

use crate::Result;
use crate::entity::*;
use crate::plan::kinds;

/// An SDG as stored: goal, and UN target when the tag is that precise.
pub(crate) type SdgRef = (i32, Option<String>);

/// The element an SDG tag is on.
pub(crate) struct Tag {
    pub institution_id: i64,
    pub kind: TaggedKind,
    pub entity_id: i64,
}

impl Tag {
    /// The row of an SDG a person (or a plan file) gives the element: confirmed by hand.
    pub fn confirmed(
        &self,
        (goal, target): SdgRef,
        position: usize,
        created_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> sdg_tag::ActiveModel {
        sdg_tag::ActiveModel {
            institution_id: Set(self.institution_id),
            entity_kind: Set(self.kind),
            entity_id: Set(self.entity_id),
            goal: Set(goal),
            target: Set(target),
            origin: Set(TagOrigin::Manual),
            state: Set(TagState::Confirmed),
            score: Set(None),
            evidence: Set(None),
            created_by: Set(created_by),
            created_at: Set(now),
            position: Set(position as i32),
            ..Default::default()
        }
    }
}

/// The codes of every element of `doc`, by kind.
fn codes_of(doc: &PlanDocument) -> HashSet<(&'static str, &str)> {
    let axes = doc.axes.iter().map(|a| (kinds::AXIS, a.code.as_str()));
    let objectives = doc
        .objectives()
        .map(|(_, o)| (kinds::OBJECTIVE, o.code.as_str()));
    let targets = doc.targets().map(|(_, t)| (kinds::TARGET, t.code.as_str()));
    let indicators = doc
        .indicators()
        .map(|(_, i)| (kinds::INDICATOR, i.code.as_str()));
    let actions = doc.actions().map(|(_, a)| (kinds::ACTION, a.code.as_str()));
    (axes.chain(objectives).chain(targets))
        .chain(indicators)
        .chain(actions)
        .collect()
}

/// The current plan's elements whose codes the new file still has.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    pub strategy_id: Option<i64>,
    /// Ids by code, by kind (`kinds::…`).
    ids: HashMap<&'static str, HashMap<String, i64>>,
    actions: HashMap<i64, action::Model>,
    measurements: HashMap<i64, Vec<measurement::Model>>,
}

impl Kept {
    /// Reads the institution's current plan against `doc`.
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        institution_id: i64,
        doc: &PlanDocument,
    ) -> Result<Kept> {
        let Some(sid) = crate::plan::current_strategy_id(conn, institution_id).await? else {
            return Ok(Kept::default());
        };
        let wanted = codes_of(doc);
        let mut kept = Kept {
            strategy_id: Some(sid),
            ..Kept::default()
        };
        let mut sort = |kind: &'static str, rows: Vec<(i64, String)>| {
            let of_kind = kept.ids.entry(kind).or_default();
            for (id, code) in rows {
                if wanted.contains(&(kind, code.as_str())) {
                    of_kind.insert(code, id);
                }
            }
        };
        macro_rules! codes {
            ($entity:ident) => {
                $entity::Entity::find()
                    .filter($entity::Column::StrategyId.eq(sid))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|m| (m.id, m.code))
                    .collect()
            };
        }
        sort(kinds::AXIS, codes!(axis));
        sort(kinds::OBJECTIVE, codes!(objective));
        sort(kinds::TARGET, codes!(target));
        sort(kinds::INDICATOR, codes!(indicator));
        let actions = action::Entity::find()
            .filter(action::Column::StrategyId.eq(sid))
            .all(conn)
            .await?;
        sort(
            kinds::ACTION,
            actions.iter().map(|a| (a.id, a.code.clone())).collect(),
        );
        kept.actions = actions
            .into_iter()
            .filter(|a| kept.id(kinds::ACTION, &a.code).is_some())
            .map(|a| (a.id, a))
            .collect();
        for chunk in kept.ids_of(kinds::INDICATOR).chunks(500) {
            for m in measurement::Entity::find()
                .filter(measurement::Column::IndicatorId.is_in(chunk.to_vec()))
                .order_by_asc(measurement::Column::Position)
                .all(conn)
                .await?
            {
                kept.measurements.entry(m.indicator_id).or_default().push(m);
            }
        }
        Ok(kept)
    }

    /// The id an element of `kind` with `code` keeps, if it was in the plan.
    pub fn id(&self, kind: &'static str, code: &str) -> Option<i64> {
        self.ids.get(kind)?.get(code).copied()
    }

    /// The id column of the row written for an element: its kept id, or none for a new
    /// element (the database gives one).
    pub fn row_id(&self, kind: &'static str, code: &str) -> ActiveValue<i64> {
        match self.id(kind, code) {
            Some(id) => Set(id),
            None => ActiveValue::NotSet,
        }
    }

    /// The kept ids of `kind`.
    pub fn ids_of(&self, kind: &'static str) -> Vec<i64> {
        self.ids
            .get(kind)
            .map(|of_kind| of_kind.values().copied().collect())
            .unwrap_or_default()
    }

    /// Gives a kept action sheet its id, and its version and date when the file leaves it as
    /// it was (a new version otherwise).
    pub fn carry_action(&self, row: &mut action::ActiveModel, now: DateTime<Utc>) {
        let ActiveValue::Set(code) = &row.code else {
            return;
        };
        let Some(old) = self
            .id(kinds::ACTION, code)
            .and_then(|id| self.actions.get(&id))
        else {
            return;
        };
        row.id = Set(old.id);
        row.version = Set(old.version);
        row.updated_at = Set(old.updated_at);
        let unchanged = row.clone().try_into_model().is_ok_and(|new| {
            action::Model {
                position: old.position,
                objective_id: old.objective_id,
                strategy_id: old.strategy_id,
                ..new
            } == *old
        });
        if !unchanged {
            row.version = Set(old.version + 1);
            row.updated_at = Set(now);
        }
    }

    /// The rows of a kept indicator's values: each value of the file keeps the id, author,
    /// dates and version of the value of its period when it is the same, and gets a new
    /// version when it differs; values of periods the file leaves out stay as they were.
    pub fn carry_measurements(
        &self,
        indicator_id: i64,
        rows: Vec<measurement::ActiveModel>,
    ) -> Vec<measurement::ActiveModel> {
        let old = self
            .measurements
            .get(&indicator_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut periods = HashSet::new();
        let mut out = Vec::with_capacity(rows.len().max(old.len()));
        for mut row in rows {
            let ActiveValue::Set(period) = &row.period else {
                continue;
            };
            periods.insert(period.clone());
            if let Some(before) = old.iter().find(|m| &m.period == period) {
                let mut same = row.clone();
                same.id = Set(before.id);
                same.entered_by = Set(before.entered_by);
                same.entered_at = Set(before.entered_at);
                same.validated_by = Set(before.validated_by);
                same.validated_at = Set(before.validated_at);
                same.version = Set(before.version);
                let position = same.position.clone();
                let unchanged = same.clone().try_into_model().is_ok_and(|m| {
                    measurement::Model {
                        position: before.position,
                        ..m
                    } == *before
                });
                if unchanged {
                    same.position = position;
                    row = same;
                } else {
                    row.id = Set(before.id);
                    row.version = Set(before.version + 1);
                }
            }
            out.push(row);
        }
        let next = out.len();
        for (n, m) in old
            .iter()
            .filter(|m| !periods.contains(&m.period))
            .enumerate()
        {
            let mut row = measurement::ActiveModel::from(m.clone()).reset_all();
            row.position = Set((next + n) as i32);
            out.push(row);
        }
        out
    }
}

/// Comments and evidence of a kept action that are already recorded, so that a file listing
/// them again adds nothing.
pub(crate) struct Recorded {
    comments: HashMap<i64, Vec<comment::Model>>,
    evidence: HashMap<i64, Vec<(String, Option<String>)>>,
}

impl Recorded {
    /// Reads what the kept actions have.
    pub async fn load<C: ConnectionTrait>(conn: &C, kept: &Kept) -> Result<Recorded> {
        let ids = kept.ids_of(kinds::ACTION);
        let mut recorded = Recorded {
            comments: HashMap::new(),
            evidence: HashMap::new(),
        };
        for chunk in ids.chunks(500) {
            for c in comment::Entity::find()
                .filter(comment::Column::EntityKind.eq(kinds::ACTION))
                .filter(comment::Column::EntityId.is_in(chunk.to_vec()))
                .all(conn)
                .await?
            {
                recorded.comments.entry(c.entity_id).or_default().push(c);
            }
            let links = evidence_link::Entity::find()
                .filter(evidence_link::Column::EntityKind.eq(kinds::ACTION))
                .filter(evidence_link::Column::EntityId.is_in(chunk.to_vec()))
                .all(conn)
                .await?;
            let items: HashMap<i64, evidence::Model> = evidence::Entity::find()
                .filter(evidence::Column::Id.is_in(links.iter().map(|l| l.evidence_id)))
                .all(conn)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
            for link in links {
                if let Some(e) = items.get(&link.evidence_id) {
                    (recorded.evidence.entry(link.entity_id).or_default())
                        .push((e.title.clone(), e.url.clone()));
                }
            }
        }
        Ok(recorded)
    }

    /// The comments the action has.
    pub fn comments(&self, action_id: i64) -> &[comment::Model] {
        self.comments
            .get(&action_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The evidence (title, address) linked to the action.
    pub fn evidence(&self, action_id: i64) -> &[(String, Option<String>)] {
        self.evidence
            .get(&action_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// The comments of the file that the action does not have yet, at positions after its own.
pub(crate) fn new_comments(
    recorded: &Recorded,
    institution_id: i64,
    action_id: i64,
    a: &Action,
    now: DateTime<Utc>,
) -> Vec<comment::ActiveModel> {
    let have = recorded.comments(action_id);
    (a.comments.iter())
        .filter(|c| {
            !have
                .iter()
                .any(|h| h.author_name == c.author && h.written_on == c.date && h.body == c.text)
        })
        .enumerate()
        .map(|(n, c)| comment::ActiveModel {
            institution_id: Set(institution_id),
            entity_kind: Set(kinds::ACTION.to_string()),
            entity_id: Set(action_id),
            author_name: Set(c.author.clone()),
            author_user_id: Set(None),
            written_on: Set(c.date),
            created_at: Set(now),
            body: Set(c.text.clone()),
            position: Set((have.len() + n) as i32),
            ..Default::default()
        })
        .collect()
}

/// Writes the SDGs the file lists, as `(kind, element id, position, reference)`: new elements
/// get them confirmed; kept elements go through [`merge_tags`], and those the file now lists
/// no SDG for lose their confirmed ones (suggestions and rejections stay).
pub(crate) async fn write_tags<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kept: &Kept,
    tags: Vec<(TaggedKind, i64, usize, &str)>,
    entered_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut listed: Vec<((TaggedKind, i64), Vec<SdgRef>)> = Vec::new();
    for (kind, entity_id, _, sdg) in tags {
        let part = crate::plan::sdg_parts(sdg)?;
        match listed.last_mut() {
            Some((key, list)) if *key == (kind, entity_id) => list.push(part),
            _ => listed.push(((kind, entity_id), vec![part])),
        }
    }
    let tags_listed: HashSet<(TaggedKind, i64)> = listed.iter().map(|(key, _)| *key).collect();
    let kept_objectives: HashSet<i64> = kept.ids_of(kinds::OBJECTIVE).into_iter().collect();
    let kept_actions: HashSet<i64> = kept.ids_of(kinds::ACTION).into_iter().collect();
    let mut rows = Vec::new();
    for ((kind, entity_id), list) in listed {
        let was_kept = match kind {
            TaggedKind::Objective => kept_objectives.contains(&entity_id),
            TaggedKind::Action => kept_actions.contains(&entity_id),
            _ => false,
        };
        if was_kept {
            merge_tags(
                conn,
                institution_id,
                kind,
                entity_id,
                &list,
                entered_by,
                now,
            )
            .await?;
            continue;
        }
        let tag = Tag {
            institution_id,
            kind,
            entity_id,
        };
        for (pos, sdg) in list.into_iter().enumerate() {
            rows.push(tag.confirmed(sdg, pos, entered_by, now));
        }
    }
    if !rows.is_empty() {
        sdg_tag::Entity::insert_many(rows).exec(conn).await?;
    }
    drop_unlisted(conn, &tags_listed, &kept_objectives, &kept_actions, now).await
}

/// Turns the confirmed tags `which` selects into rejections: the SDG was removed by a person
/// (through the file), so it is not suggested again, as when the SDGs are edited on a page.
async fn unconfirm<C: ConnectionTrait>(
    conn: &C,
    which: Expr,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    sdg_tag::Entity::update_many()
        .col_expr(sdg_tag::Column::State, Expr::value(TagState::Rejected))
        .col_expr(sdg_tag::Column::CreatedBy, Expr::value(by))
        .col_expr(sdg_tag::Column::CreatedAt, Expr::value(now))
        .filter(which)
        .filter(sdg_tag::Column::State.eq(TagState::Confirmed))
        .exec(conn)
        .await?;
    Ok(())
}

/// A kept element whose SDGs the file now leaves empty has its confirmed ones rejected.
async fn drop_unlisted<C: ConnectionTrait>(
    conn: &C,
    tags_listed: &HashSet<(TaggedKind, i64)>,
    kept_objectives: &HashSet<i64>,
    kept_actions: &HashSet<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    for (kind, ids) in [
        (TaggedKind::Objective, kept_objectives),
        (TaggedKind::Action, kept_actions),
    ] {
        let listed_ids: HashSet<i64> = (tags_listed.iter())
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect();
        let emptied: Vec<i64> = ids.difference(&listed_ids).copied().collect();
        for chunk in emptied.chunks(500) {
            let these = sdg_tag::Column::EntityKind
                .eq(kind)
                .and(sdg_tag::Column::EntityId.is_in(chunk.to_vec()));
            unconfirm(conn, these, None, now).await?;
        }
    }
    Ok(())
}

/// Writes the SDGs a file gives an element that was already in the plan: each listed one is
/// confirmed (a suggestion or a rejection of it becomes a confirmation, since the file says
/// so), confirmed ones the file no longer lists become rejections, and suggestions and
/// rejections of other SDGs stay as they are.
async fn merge_tags<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kind: TaggedKind,
    entity_id: i64,
    listed: &[SdgRef],
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let have = sdg_tag::Entity::find()
        .filter(sdg_tag::Column::EntityKind.eq(kind))
        .filter(sdg_tag::Column::EntityId.eq(entity_id))
        .all(conn)
        .await?;
    for (pos, (goal, target)) in listed.iter().enumerate() {
        match have.iter().find(|t| t.goal == *goal && t.target == *target) {
            Some(t) if t.state == TagState::Confirmed && t.position == pos as i32 => {}
            Some(t) => {
                let mut row: sdg_tag::ActiveModel = t.clone().into();
                row.state = Set(TagState::Confirmed);
                row.position = Set(pos as i32);
                row.update(conn).await?;
            }
            None => {
                let tag = Tag {
                    institution_id,
                    kind,
                    entity_id,
                };
                let row = tag.confirmed((*goal, target.clone()), pos, created_by, now);
                row.insert(conn).await?;
            }
        }
    }
    let dropped: Vec<i64> = (have.iter())
        .filter(|t| t.state == TagState::Confirmed)
        .filter(|t| !listed.iter().any(|(g, tg)| t.goal == *g && t.target == *tg))
        .map(|t| t.id)
        .collect();
    if !dropped.is_empty() {
        unconfirm(conn, sdg_tag::Column::Id.is_in(dropped), created_by, now).await?;
    }
    Ok(())
}
