//! Action sheets: editors and the action's pilot update the sheet (full edit or a quick
//! status/progress update); contributors comment. Every change goes to the audit log.

use crate::ErrorCode;
use chrono::NaiveDate;
use jalon_core::access::Operation;
use jalon_core::action::ActionStatus;
use jalon_core::message::Message;
use jalon_core::plan::Action;
use jalon_core::tag::TaggedKind;
use jalon_store::audit::Change;
use jalon_store::plan::kinds;
use jalon_store::updates::{self, ActionFields};
use serde::Deserialize;

use crate::versions::{Versioned, claim_version};
use crate::{Actor, App, AppError, AppResult, check_len, clean};

/// The editable content of an action sheet.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Name of a person of the plan.
    #[serde(default)]
    pub pilot: Option<String>,
    #[serde(default)]
    pub contributors: Vec<String>,
    #[serde(default)]
    pub contributor_units: Vec<String>,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    pub status: ActionStatus,
    #[serde(default)]
    pub progress: Option<u8>,
    #[serde(default)]
    pub budget_planned_cents: Option<i64>,
    #[serde(default)]
    pub budget_committed_cents: Option<i64>,
    #[serde(default)]
    pub budget_spent_cents: Option<i64>,
    /// SDG goals (`13`) or targets (`13.2`).
    #[serde(default)]
    pub sdgs: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<MilestoneInput>,
    /// Codes of the indicators that follow the action.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// Documents and pages that show what was done.
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
    /// The version of the sheet this change is based on: the save is refused (409
    /// `edited_meanwhile`) when someone saved the sheet since. Without it, not checked.
    #[serde(default)]
    pub version: Option<i64>,
}

/// An evidence link as entered.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// A milestone as entered.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    pub title: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

/// The evidence links of a sheet as stored: title (the address when none) and address; empty
/// lines dropped.
fn evidence_links(input: &[EvidenceInput]) -> AppResult<Vec<(String, Option<String>)>> {
    let mut evidence = Vec::new();
    for e in input {
        let title = e.title.trim();
        let url = clean(e.url.as_deref());
        if title.is_empty() && url.is_none() {
            continue;
        }
        if let Some(u) = &url {
            crate::check_url("evidence", u)?;
        }
        let title = if title.is_empty() {
            url.clone().unwrap_or_default()
        } else {
            title.to_string()
        };
        check_len("evidence", &title, 500)?;
        evidence.push((title, url));
    }
    Ok(evidence)
}

impl ActionInput {
    /// The current content of an action, to prefill a form or patch.
    pub fn from_action(a: &Action) -> ActionInput {
        ActionInput {
            title: a.title.clone(),
            title_en: a.title_en.clone(),
            description: a.description.clone(),
            pilot: a.pilot.clone(),
            contributors: a.contributors.clone(),
            contributor_units: a.contributor_units.clone(),
            start: a.start,
            end: a.end,
            status: a.status,
            progress: a.progress,
            budget_planned_cents: a.budget.planned_cents,
            budget_committed_cents: a.budget.committed_cents,
            budget_spent_cents: a.budget.spent_cents,
            sdgs: a.sdgs.clone(),
            milestones: a
                .milestones
                .iter()
                .map(|m| MilestoneInput {
                    title: m.title.clone(),
                    due: m.due,
                    done_on: m.done_on,
                })
                .collect(),
            indicators: a.indicators.clone(),
            evidence: a
                .evidence
                .iter()
                .map(|e| EvidenceInput {
                    title: e.title.clone(),
                    url: e.url.clone(),
                })
                .collect(),
            version: None,
        }
    }
}

fn action_json(a: &Action) -> serde_json::Value {
    serde_json::to_value(a).unwrap_or_default()
}

/// Splits `13` / `13.2` into goal and target, or says which entry is wrong.
fn sdg_refs(sdgs: &[String]) -> AppResult<Vec<(i32, Option<String>)>> {
    let mut out = Vec::new();
    for s in sdgs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !jalon_io::tabular::valid_sdg(s) {
            return Err(AppError::invalid("sdgs", ErrorCode::InvalidSdg, s));
        }
        let goal = s
            .split('.')
            .next()
            .and_then(|g| g.parse().ok())
            .unwrap_or(0);
        let target = s.contains('.').then(|| s.to_string());
        if !out.iter().any(|(g, t)| *g == goal && *t == target) {
            out.push((goal, target));
        }
    }
    Ok(out)
}

/// The ids of the named elements, once each and in order; an unknown name is a field error.
fn resolve_all(
    names: &[String],
    ids: &jalon_store::plan::CodeIds,
    field: &'static str,
    code: ErrorCode,
) -> AppResult<Vec<i64>> {
    let mut out = Vec::new();
    for name in names.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id = ids
            .id(name)
            .ok_or_else(|| AppError::invalid(field, code, name))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

pub(crate) fn check_progress(progress: Option<u8>) -> AppResult<()> {
    match progress {
        Some(p) if p > 100 => Err(AppError::invalid(
            "progress",
            ErrorCode::InvalidProgress,
            p.to_string(),
        )),
        _ => Ok(()),
    }
}

fn check_money(field: &'static str, v: Option<i64>) -> AppResult<()> {
    match v {
        Some(c) if c < 0 => Err(AppError::invalid(
            field,
            ErrorCode::NegativeAmount,
            c.to_string(),
        )),
        _ => Ok(()),
    }
}

impl App {
    async fn action_for_update(
        &self,
        actor: &Actor,
        action_id: i64,
    ) -> AppResult<(std::sync::Arc<crate::PlanView>, Action)> {
        let view = self.view_for(actor).await?;
        let (_, action) = view.action(action_id).ok_or(AppError::NotFound("action"))?;
        actor.require(Operation::UpdateAction {
            is_pilot: view.may_update(actor, action),
        })?;
        let action = action.clone();
        Ok((view, action))
    }

    /// Rewrites an action sheet.
    pub async fn update_action(
        &self,
        actor: &Actor,
        action_id: i64,
        input: &ActionInput,
    ) -> AppResult<Action> {
        let (view, before) = self.action_for_update(actor, action_id).await?;
        let title = input.title.trim();
        if title.is_empty() {
            return Err(AppError::invalid("title", ErrorCode::Required, ""));
        }
        check_len("title", title, 1000)?;
        let description = clean(input.description.as_deref());
        if let Some(d) = &description {
            check_len("description", d, 20_000)?;
        }
        check_progress(input.progress)?;
        for (field, v) in [
            ("budget_planned", input.budget_planned_cents),
            ("budget_committed", input.budget_committed_cents),
            ("budget_spent", input.budget_spent_cents),
        ] {
            check_money(field, v)?;
        }
        if let (Some(s), Some(e)) = (input.start, input.end)
            && e < s
        {
            return Err(AppError::invalid(
                "end",
                ErrorCode::EndBeforeStart,
                e.to_string(),
            ));
        }
        let ids = &view.stored.ids;
        let pilot = clean(input.pilot.as_deref());
        let pilot_id = match &pilot {
            Some(name) => Some(ids.people.id(name).ok_or_else(|| {
                AppError::invalid("pilot", ErrorCode::UnknownPerson, name.clone())
            })?),
            None => None,
        };
        let people = resolve_all(
            &input.contributors,
            &ids.people,
            "contributors",
            ErrorCode::UnknownPerson,
        )?;
        let units = resolve_all(
            &input.contributor_units,
            &ids.units,
            "contributor_units",
            ErrorCode::UnknownUnit,
        )?;
        let sdgs = sdg_refs(&input.sdgs)?;
        let mut milestones = Vec::new();
        for m in &input.milestones {
            let t = m.title.trim();
            if t.is_empty() {
                continue;
            }
            check_len("milestones", t, 500)?;
            milestones.push((t.to_string(), m.due, m.done_on));
        }
        let indicator_ids = resolve_all(
            &input.indicators,
            &ids.indicators,
            "indicators",
            ErrorCode::UnknownIndicator,
        )?;
        let evidence = evidence_links(&input.evidence)?;
        let fields = ActionFields {
            title: title.to_string(),
            title_en: clean(input.title_en.as_deref()),
            description,
            pilot_person_id: pilot_id,
            start: input.start,
            end: input.end,
            status: input.status,
            progress: input.progress.map(i32::from),
            budget_planned_cents: input.budget_planned_cents,
            budget_committed_cents: input.budget_committed_cents,
            budget_spent_cents: input.budget_spent_cents,
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        claim_version(&txn, Versioned::Action, action_id, input.version).await?;
        updates::update_action(&txn, action_id, &fields, now).await?;
        updates::set_contributors(&txn, action_id, &people, &units).await?;
        updates::set_milestones(&txn, action_id, &milestones).await?;
        updates::set_action_indicators(&txn, action_id, &indicator_ids).await?;
        updates::set_action_evidence(&txn, actor.institution_id, action_id, &evidence, now).await?;
        updates::set_manual_sdgs(
            &txn,
            actor.institution_id,
            TaggedKind::Action,
            action_id,
            &sdgs,
            actor.user_id,
            now,
        )
        .await?;
        let mut after = before.clone();
        after.title = fields.title.clone();
        after.title_en = fields.title_en.clone();
        after.description = fields.description.clone();
        after.pilot = pilot;
        after.contributors = people
            .iter()
            .filter_map(|p| ids.people.code(*p).map(str::to_string))
            .collect();
        after.contributor_units = units
            .iter()
            .filter_map(|u| ids.units.code(*u).map(str::to_string))
            .collect();
        after.start = input.start;
        after.end = input.end;
        after.status = input.status;
        after.progress = input.progress;
        after.budget.planned_cents = input.budget_planned_cents;
        after.budget.committed_cents = input.budget_committed_cents;
        after.budget.spent_cents = input.budget_spent_cents;
        after.sdgs = sdgs
            .iter()
            .map(|(g, t)| t.clone().unwrap_or_else(|| g.to_string()))
            .collect();
        after.milestones = milestones
            .iter()
            .map(|(title, due, done_on)| jalon_core::plan::Milestone {
                title: title.clone(),
                due: *due,
                done_on: *done_on,
            })
            .collect();
        after.indicators = indicator_ids
            .iter()
            .filter_map(|i| ids.indicators.code(*i).map(str::to_string))
            .collect();
        after.evidence = evidence
            .iter()
            .map(|(title, url)| jalon_core::plan::EvidenceLink {
                title: title.clone(),
                url: url.clone(),
            })
            .collect();
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kinds::ACTION,
                entity_id: Some(action_id),
                operation: "update",
                message: Message::new("journal-action-updated").with("code", &before.code),
                before: Some(action_json(&before)),
                after: Some(action_json(&after)),
            },
            now,
        )
        .await?;
        Ok(after)
    }

    /// Quick update of an action's status and progress.
    pub async fn update_action_progress(
        &self,
        actor: &Actor,
        action_id: i64,
        status: ActionStatus,
        progress: Option<u8>,
    ) -> AppResult<Action> {
        let (_, before) = self.action_for_update(actor, action_id).await?;
        check_progress(progress)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        claim_version(&txn, Versioned::Action, action_id, None).await?;
        updates::set_action_progress(&txn, action_id, status, progress.map(i32::from), now).await?;
        let mut after = before.clone();
        after.status = status;
        after.progress = progress;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kinds::ACTION,
                entity_id: Some(action_id),
                operation: "progress",
                message: match progress {
                    Some(p) => {
                        Message::new("journal-action-progress").with("progress", u32::from(p))
                    }
                    None => Message::new("journal-action-status"),
                }
                .with("code", &before.code)
                .word("status", format!("action-status-{}", status.as_str())),
                before: Some(
                    serde_json::json!({"status": before.status, "progress": before.progress}),
                ),
                after: Some(serde_json::json!({"status": status, "progress": progress})),
            },
            now,
        )
        .await?;
        Ok(after)
    }

    /// Adds a comment to an action sheet.
    pub async fn comment_action(&self, actor: &Actor, action_id: i64, text: &str) -> AppResult<()> {
        actor.require(Operation::Comment)?;
        let view = self.view_for(actor).await?;
        let (_, action) = view.action(action_id).ok_or(AppError::NotFound("action"))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::invalid("text", ErrorCode::Required, ""));
        }
        check_len("text", text, 4000)?;
        let now = self.now();
        let author = view
            .person_name(actor.person_id)
            .map_or_else(|| actor.display_name.clone(), str::to_string);
        let txn = self.store.begin_write().await?;
        updates::add_action_comment(
            &txn,
            actor.institution_id,
            action_id,
            &author,
            actor.user_id,
            text,
            now,
        )
        .await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kinds::ACTION,
                entity_id: Some(action_id),
                operation: "comment",
                message: Message::new("journal-action-comment")
                    .with("code", &action.code)
                    .with("author", &author),
                before: None,
                after: Some(serde_json::json!({"text": text})),
            },
            now,
        )
        .await?;
        Ok(())
    }
}
