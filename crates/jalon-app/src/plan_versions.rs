//! Plan versions: adopting a revision of the strategy records it, dated, with the body that
//! adopted it ("adopted by the board on …") and who recorded it; any two versions, or a
//! version and the plan in place, can be compared element by element. A version keeps the
//! strategy without its values and follow-up (`jalon_core::plan_diff::strategy_snapshot`),
//! so a comparison says what a revision changed, not how the year went.

use chrono::{DateTime, NaiveDate, Utc};
use jalon_core::PlanDocument;
use jalon_core::access::Operation;
use jalon_core::message::Message;
use jalon_core::plan::PlanCounts;
use jalon_core::plan_diff::{PlanDiff, diff, strategy_snapshot};
use jalon_store::plan_versions::{self, NewPlanVersion, PlanVersionRow};
use serde::{Deserialize, Serialize};

use crate::journal::Names;
use crate::{Actor, App, AppError, AppResult, ErrorCode, check_len};

/// A revision to record as adopted.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanVersionInput {
    /// What the version is called ("Plan 2023–2027, révision 2025").
    pub label: String,
    /// The day it was adopted.
    pub adopted_on: NaiveDate,
    /// The body that adopted it ("Conseil d'administration").
    pub adopted_by: String,
    /// What the revision was about.
    #[serde(default)]
    pub note: Option<String>,
}

/// A recorded version, without its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanVersion {
    pub id: i64,
    pub label: String,
    pub adopted_on: NaiveDate,
    pub adopted_by: String,
    pub note: Option<String>,
    /// Who recorded it (display name), `None` for the command line.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// How many workstreams, objectives, targets, indicators and actions it holds.
    pub counts: PlanCounts,
}

/// One side of a comparison: a recorded version or the plan in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionRef {
    /// The plan as it is now.
    Current,
    /// A recorded version, by id.
    Version(i64),
}

impl VersionRef {
    /// `current` or a version's id.
    pub fn parse(s: &str) -> Option<VersionRef> {
        match s.trim() {
            "current" => Some(VersionRef::Current),
            id => id.parse().ok().map(VersionRef::Version),
        }
    }
}

/// Longest label and body name, and longest note.
const LABEL_CHARS: usize = 200;
const NOTE_CHARS: usize = 4000;

fn required(field: &'static str, value: &str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, ErrorCode::Required, ""));
    }
    check_len(field, value, LABEL_CHARS)?;
    Ok(value.to_string())
}

impl App {
    /// Records the plan in place as a version adopted on `input.adopted_on` (editors).
    pub async fn record_plan_version(
        &self,
        actor: &Actor,
        input: &PlanVersionInput,
    ) -> AppResult<PlanVersion> {
        actor.require(Operation::EditPlan)?;
        let snapshot = strategy_snapshot(self.view_for(actor).await?.doc());
        self.record_version_of(actor, input, snapshot).await
    }

    /// Records `snapshot` (a strategy without values and follow-up) as a version adopted as
    /// `input` says: the plan in place, or the demo's earlier plan.
    pub(crate) async fn record_version_of(
        &self,
        actor: &Actor,
        input: &PlanVersionInput,
        snapshot: PlanDocument,
    ) -> AppResult<PlanVersion> {
        actor.require(Operation::EditPlan)?;
        let label = required("label", &input.label)?;
        let adopted_by = required("adopted_by", &input.adopted_by)?;
        let note = crate::clean(input.note.as_deref());
        if let Some(n) = &note {
            check_len("note", n, NOTE_CHARS)?;
        }
        let document =
            serde_json::to_string(&snapshot).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = plan_versions::insert(
            &txn,
            NewPlanVersion {
                institution_id: actor.institution_id,
                label: &label,
                adopted_on: input.adopted_on,
                adopted_by: &adopted_by,
                note: note.as_deref(),
                document,
                recorded_by: actor.user_id,
            },
            now,
        )
        .await?;
        let message = Message::new("journal-plan-version")
            .with("label", &label)
            .with("date", input.adopted_on)
            .with("body", &adopted_by);
        let change = actor.change("plan_version", Some(row.id), "create", message);
        self.finish(txn, change, now).await?;
        Ok(version_of(
            &row,
            &snapshot,
            &self.account_names(actor.institution_id).await?,
        ))
    }

    /// The recorded versions, oldest adoption first.
    pub async fn plan_versions(&self, actor: &Actor) -> AppResult<Vec<PlanVersion>> {
        actor.require(Operation::View)?;
        let names = self.account_names(actor.institution_id).await?;
        plan_versions::list(self.store.db(), actor.institution_id)
            .await?
            .iter()
            .map(|row| Ok(version_of(row, &document_of(row)?, &names)))
            .collect()
    }

    /// What changed from `from` to `to`: elements added, changed, moved, reordered, removed.
    pub async fn plan_version_diff(
        &self,
        actor: &Actor,
        from: VersionRef,
        to: VersionRef,
    ) -> AppResult<PlanDiff> {
        actor.require(Operation::View)?;
        let from = self.strategy_at(actor, from).await?;
        let to = self.strategy_at(actor, to).await?;
        Ok(diff(&from, &to))
    }

    /// The strategy of a version, or of the plan in place.
    async fn strategy_at(&self, actor: &Actor, at: VersionRef) -> AppResult<PlanDocument> {
        match at {
            VersionRef::Current => Ok(strategy_snapshot(self.view_for(actor).await?.doc())),
            VersionRef::Version(id) => {
                let row = plan_versions::get(self.store.db(), actor.institution_id, id)
                    .await?
                    .ok_or(AppError::NotFound("plan_version"))?;
                document_of(&row)
            }
        }
    }
}

fn document_of(row: &PlanVersionRow) -> AppResult<PlanDocument> {
    serde_json::from_str(&row.document).map_err(|e| AppError::Internal(e.to_string()))
}

fn version_of(row: &PlanVersionRow, doc: &PlanDocument, names: &Names) -> PlanVersion {
    PlanVersion {
        id: row.id,
        label: row.label.clone(),
        adopted_on: row.adopted_on,
        adopted_by: row.adopted_by.clone(),
        note: row.note.clone(),
        recorded_by: row
            .recorded_by
            .and_then(|u| names.get(&u).map(|(_, d)| d.clone())),
        recorded_at: row.recorded_at,
        counts: doc.counts(),
    }
}
