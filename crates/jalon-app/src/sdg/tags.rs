//! SDG tags on any entity — objectives and actions of the plan, research projects,
//! publications, courses: suggestions from the classifier with their evidence, confirmed or
//! rejected by a person (a rejected suggestion never comes back), and tags added by hand.
//! The confirmed tags of objectives and actions are the plan's SDGs.

use crate::ErrorCode;
use crate::computed::Feed;
use jalon_core::message::Message;
use std::collections::BTreeMap;

use jalon_core::access::Operation;
use jalon_sdg::{Classifier, LangHint};
use jalon_store::audit::Change;
use jalon_store::inventories::{self as repo, NewSuggestion, TagRow, Tagged};
use serde::Serialize;

use super::{EvidenceOut, suggestions_of};
use crate::{Actor, App, AppError, AppResult};

pub use jalon_core::tag::{TagOrigin, TagState, TaggedKind};

/// A tag as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    pub id: i64,
    pub goal: u8,
    /// UN target (`13.2`) when the tag is that precise.
    pub target: Option<String>,
    pub origin: TagOrigin,
    pub state: TagState,
    pub score: Option<f64>,
    pub evidence: Vec<EvidenceOut>,
}

/// Tags as shown, from rows.
pub fn tag_view(t: &TagRow) -> TagView {
    TagView {
        id: t.id,
        goal: u8::try_from(t.goal).unwrap_or(0),
        target: t.target.clone(),
        origin: t.origin,
        state: t.state,
        score: t.score,
        evidence: t
            .evidence
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok())
            .unwrap_or_default(),
    }
}

/// Tags of many entities, by entity id.
pub fn tags_by_entity(rows: &[TagRow]) -> BTreeMap<i64, Vec<TagView>> {
    let mut m: BTreeMap<i64, Vec<TagView>> = BTreeMap::new();
    for t in rows {
        m.entry(t.entity_id).or_default().push(tag_view(t));
    }
    m
}

/// How many entities of each kind carry each goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalCounts {
    pub goal: u8,
    /// Confirmed tags, by kind (`objective`, `action`, `project`, `publication`, `course`).
    pub confirmed: BTreeMap<String, usize>,
    /// Suggestions waiting for a decision.
    pub proposed: usize,
}

/// The SDG picture of the institution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgSummary {
    pub goals: Vec<GoalCounts>,
    /// Entities of each kind, and how many carry at least one confirmed SDG.
    pub totals: BTreeMap<String, (usize, usize)>,
    pub proposed: usize,
}

/// An entity with the suggestions waiting for a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingEntity {
    pub kind: TaggedKind,
    pub entity_id: i64,
    /// Code and title (objectives, actions) or title.
    pub label: String,
    /// The text that was classified.
    pub text: String,
    pub tags: Vec<TagView>,
}

/// Evidence as stored with a suggestion.
pub(crate) fn evidence_json(e: &[EvidenceOut]) -> String {
    serde_json::to_string(e).unwrap_or_else(|_| "[]".into())
}

/// The suggestions to store for a text (goal level).
pub(crate) fn suggest(text: &str) -> Vec<NewSuggestion> {
    let c = Classifier::shared().classify(text, LangHint::Auto);
    suggestions_of(&c, 8)
        .into_iter()
        .map(|s| NewSuggestion {
            goal: i32::from(s.goal),
            score: (s.score * 1000.0).round() / 1000.0,
            evidence: evidence_json(&s.evidence),
        })
        .collect()
}

/// The text of an objective or action that is classified.
fn plan_text(title: &str, description: Option<&str>) -> String {
    match description {
        Some(d) if !d.trim().is_empty() => format!("{title}. {d}"),
        _ => title.to_string(),
    }
}

impl App {
    /// Who may decide on the tags of an entity.
    async fn require_tagging(
        &self,
        actor: &Actor,
        kind: TaggedKind,
        entity_id: i64,
    ) -> AppResult<()> {
        match kind {
            TaggedKind::Objective => actor.require(Operation::EditPlan),
            TaggedKind::Action => {
                let view = self.view_for(actor).await?;
                let (_, action) = view.action(entity_id).ok_or(AppError::NotFound("action"))?;
                actor.require(Operation::UpdateAction {
                    is_pilot: view.may_update(actor, action),
                })
            }
            TaggedKind::Project => {
                let p = repo::project(self.store.db(), actor.institution_id, entity_id)
                    .await
                    .map_err(|_| AppError::NotFound("project"))?;
                let member = self.member_of(actor, p.lab.as_deref()).await?;
                actor.require(Operation::EditInventory {
                    unit_member: member,
                })
            }
            TaggedKind::Publication => {
                let p = repo::publication(self.store.db(), actor.institution_id, entity_id)
                    .await
                    .map_err(|_| AppError::NotFound("publication"))?;
                let member = self.member_of(actor, p.lab.as_deref()).await?;
                actor.require(Operation::EditInventory {
                    unit_member: member,
                })
            }
            TaggedKind::Course => {
                repo::course(self.store.db(), actor.institution_id, entity_id)
                    .await
                    .map_err(|_| AppError::NotFound("course"))?;
                actor.require(Operation::EditInventory { unit_member: false })
            }
        }
    }

    /// The tags of one entity (rejected suggestions included, last).
    pub async fn entity_tags(
        &self,
        actor: &Actor,
        kind: TaggedKind,
        entity_id: i64,
    ) -> AppResult<Vec<TagView>> {
        actor.require(Operation::View)?;
        let mut tags: Vec<TagView> = repo::tags(
            self.store.db(),
            actor.institution_id,
            kind,
            Some(&[entity_id]),
        )
        .await?
        .iter()
        .map(tag_view)
        .collect();
        tags.sort_by_key(|t| {
            (
                t.state == TagState::Rejected,
                t.state == TagState::Proposed,
                t.goal,
            )
        });
        Ok(tags)
    }

    /// Confirms or rejects a tag. Returns the entity it is on.
    pub async fn decide_tag(
        &self,
        actor: &Actor,
        tag_id: i64,
        confirm: bool,
    ) -> AppResult<(TaggedKind, i64)> {
        let tag = repo::tag(self.store.db(), actor.institution_id, tag_id)
            .await
            .map_err(|_| AppError::NotFound("tag"))?;
        let kind = tag.entity_kind;
        let entity_id = tag.entity_id;
        self.require_tagging(actor, kind, entity_id).await?;
        let state = if confirm {
            TagState::Confirmed
        } else {
            TagState::Rejected
        };
        let goal = tag.goal;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::decide_tag(&txn, tag, state, actor.user_id, now).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kind.as_str(),
                entity_id: Some(entity_id),
                operation: if confirm {
                    "sdg_confirmed"
                } else {
                    "sdg_rejected"
                },
                message: Message::new(if confirm {
                    "journal-sdg-confirmed"
                } else {
                    "journal-sdg-rejected"
                })
                .with("goal", goal),
                before: None,
                after: None,
            },
            now,
            Feed::Sdg,
        )
        .await?;
        Ok((kind, entity_id))
    }

    /// Tags an entity by hand with a goal (`13`) or a target (`13.2`).
    pub async fn add_tag(
        &self,
        actor: &Actor,
        kind: TaggedKind,
        entity_id: i64,
        sdg: &str,
    ) -> AppResult<()> {
        self.require_tagging(actor, kind, entity_id).await?;
        let sdg = sdg.trim();
        let (goal, target) = match sdg.split_once('.') {
            Some((g, _)) => (g, Some(sdg)),
            None => (sdg, None),
        };
        let goal: i32 = goal
            .parse()
            .ok()
            .filter(|g| (1..=17).contains(g))
            .ok_or_else(|| AppError::invalid("sdgs", ErrorCode::InvalidSdg, sdg))?;
        if let Some(t) = target
            && jalon_sdg::target(t).is_none()
        {
            return Err(AppError::invalid("sdgs", ErrorCode::InvalidSdg, sdg));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::add_manual_tag(
            &txn,
            Tagged {
                institution_id: actor.institution_id,
                kind,
                entity_id,
            },
            goal,
            target,
            actor.user_id,
            now,
        )
        .await?;
        self.finish_feeding(
            txn,
            actor.change(
                kind.as_str(),
                Some(entity_id),
                "sdg_added",
                Message::new("journal-sdg-added").with("sdg", sdg.to_string()),
            ),
            now,
            Feed::Sdg,
        )
        .await
    }

    /// Removes a tag added by hand (a suggestion is rejected instead).
    pub async fn remove_tag(&self, actor: &Actor, tag_id: i64) -> AppResult<(TaggedKind, i64)> {
        let tag = repo::tag(self.store.db(), actor.institution_id, tag_id)
            .await
            .map_err(|_| AppError::NotFound("tag"))?;
        if tag.origin != TagOrigin::Manual {
            return self.decide_tag(actor, tag_id, false).await;
        }
        let kind = tag.entity_kind;
        let entity_id = tag.entity_id;
        self.require_tagging(actor, kind, entity_id).await?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::delete_tag(&txn, tag_id).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kind.as_str(),
                entity_id: Some(entity_id),
                operation: "sdg_removed",
                message: Message::new("journal-sdg-removed")
                    .with("sdg", tag.target.unwrap_or_else(|| tag.goal.to_string())),
                before: None,
                after: None,
            },
            now,
            Feed::Sdg,
        )
        .await?;
        Ok((kind, entity_id))
    }

    /// Classifies every objective and action of the plan and stores the suggestions (goals
    /// they already carry, or that were rejected, are not suggested again). Editors.
    /// Returns the number of new suggestions.
    pub async fn suggest_plan_sdgs(&self, actor: &Actor) -> AppResult<usize> {
        actor.require(Operation::EditPlan)?;
        let view = self.view_for(actor).await?;
        let mut work = Vec::new();
        for axis in &view.doc().axes {
            for o in &axis.objectives {
                if let Some(id) = view.objective_id(&o.code) {
                    work.push((
                        TaggedKind::Objective,
                        id,
                        plan_text(&o.title, o.description.as_deref()),
                    ));
                }
                for a in &o.actions {
                    if let Some(id) = view.action_id(&a.code) {
                        work.push((
                            TaggedKind::Action,
                            id,
                            plan_text(&a.title, a.description.as_deref()),
                        ));
                    }
                }
            }
        }
        let suggestions: Vec<Vec<NewSuggestion>> =
            work.iter().map(|(_, _, text)| suggest(text)).collect();
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let mut added = 0;
        for ((kind, id, _), s) in work.iter().zip(&suggestions) {
            added += repo::replace_suggestions(
                &txn,
                Tagged {
                    institution_id: actor.institution_id,
                    kind: *kind,
                    entity_id: *id,
                },
                s,
                now,
            )
            .await?;
        }
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "sdg_tag",
                entity_id: None,
                operation: "suggest",
                message: Message::new("journal-sdg-suggested")
                    .with("count", added)
                    .with("elements", work.len()),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        Ok(added)
    }

    /// Objectives and actions with suggestions waiting for a decision.
    pub async fn pending_plan_suggestions(&self, actor: &Actor) -> AppResult<Vec<PendingEntity>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let mut out = Vec::new();
        for kind in [TaggedKind::Objective, TaggedKind::Action] {
            let rows = repo::tags(self.store.db(), actor.institution_id, kind, None).await?;
            for (id, tags) in tags_by_entity(&rows) {
                if !tags.iter().any(|t| t.state == TagState::Proposed) {
                    continue;
                }
                let (label, text) = match kind {
                    TaggedKind::Objective => match view.objective(id) {
                        Some((_, o)) => (
                            format!("{} {}", o.code, o.title),
                            plan_text(&o.title, o.description.as_deref()),
                        ),
                        None => continue,
                    },
                    _ => match view.action(id) {
                        Some((_, a)) => (
                            format!("{} {}", a.code, a.title),
                            plan_text(&a.title, a.description.as_deref()),
                        ),
                        None => continue,
                    },
                };
                out.push(PendingEntity {
                    kind,
                    entity_id: id,
                    label,
                    text,
                    tags: tags
                        .into_iter()
                        .filter(|t| t.state != TagState::Rejected)
                        .collect(),
                });
            }
        }
        Ok(out)
    }

    /// Counts by SDG of everything tagged, and what waits for a decision.
    pub async fn sdg_summary(&self, actor: &Actor) -> AppResult<SdgSummary> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        let view = self.view_for(actor).await?;
        let live = repo::live_tags(db, actor.institution_id).await?;
        let mut goals: Vec<GoalCounts> = (1..=17u8)
            .map(|goal| GoalCounts {
                goal,
                confirmed: BTreeMap::new(),
                proposed: 0,
            })
            .collect();
        let mut tagged: BTreeMap<String, std::collections::BTreeSet<i64>> = BTreeMap::new();
        let mut seen: std::collections::BTreeSet<(String, i64, i32)> = Default::default();
        for t in &live {
            let Some(g) = usize::try_from(t.goal)
                .ok()
                .and_then(|g| g.checked_sub(1))
                .and_then(|i| goals.get_mut(i))
            else {
                continue;
            };
            if t.state == TagState::Confirmed {
                if seen.insert((t.entity_kind.as_str().to_string(), t.entity_id, t.goal)) {
                    *g.confirmed
                        .entry(t.entity_kind.as_str().to_string())
                        .or_default() += 1;
                }
                tagged
                    .entry(t.entity_kind.as_str().to_string())
                    .or_default()
                    .insert(t.entity_id);
            } else if t.state == TagState::Proposed {
                g.proposed += 1;
            }
        }
        let objectives = view
            .doc()
            .axes
            .iter()
            .map(|a| a.objectives.len())
            .sum::<usize>();
        let actions = view.doc().actions().count();
        let projects = repo::projects(db, actor.institution_id).await?.len();
        let publications = usize::try_from(
            repo::count_publications(db, actor.institution_id, &Default::default()).await?,
        )
        .unwrap_or(0);
        let courses = repo::courses(db, actor.institution_id).await?.len();
        let mut totals = BTreeMap::new();
        for (kind, n) in [
            (TaggedKind::Objective, objectives),
            (TaggedKind::Action, actions),
            (TaggedKind::Project, projects),
            (TaggedKind::Publication, publications),
            (TaggedKind::Course, courses),
        ] {
            let with = tagged.get(kind.as_str()).map_or(0, |s| s.len());
            totals.insert(kind.as_str().to_string(), (n, with));
        }
        let proposed = goals.iter().map(|g| g.proposed).sum();
        Ok(SdgSummary {
            goals,
            totals,
            proposed,
        })
    }
}
