//! Plan-level use cases: import (with a preview that commits all or nothing), export, the
//! plan check and the dashboard.

use jalon_core::message::Message;
use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jalon_core::access::Operation;
use jalon_core::action::Lateness;
use jalon_core::check::check_plan;
use jalon_core::plan::{MeasurementState, PlanCounts};
use jalon_core::plan_diff::{ChangeKind, PlanDiff};
use jalon_core::progress::StatusCounts;
use jalon_core::status::point;
use jalon_core::{Lang, PlanDocument};
use jalon_io::{Format, read_plan, write_plan};
use jalon_store::audit::Change;
use jalon_store::{institutions, plan as plan_repo};
use serde::Serialize;

use crate::{Actor, App, AppError, AppResult};

/// A finding of the plan check with its message in the reader's language (the catalogue's
/// words for the rule's key and arguments).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckFinding {
    /// Stable code of the rule, e.g. `target_without_indicator`.
    pub code: &'static str,
    pub severity: jalon_core::check::Severity,
    /// What the finding is about: `strategy`, `axis`, `objective`, `target`, `indicator`,
    /// `action`, `measurement`, `person`, `unit`.
    pub entity: &'static str,
    /// Code of the element (`C2.O4.T1`), or `strategy`.
    pub location: String,
    pub message: String,
}

/// What writing `new` over `current` changes; with no current plan, every element is new.
fn changes_of(current: Option<&PlanDocument>, new: &PlanDocument) -> PlanDiff {
    let empty = PlanDocument::default();
    jalon_core::plan_diff::diff(current.unwrap_or(&empty), new)
}

/// The changes of an import in words, one line each: "Ajout : action C1.O2.A3".
pub fn change_lines(tr: &jalon_i18n::Tr, changes: &PlanDiff) -> Vec<String> {
    (changes.changes.iter())
        .map(|c| {
            tr.args(
                "plan-change-line",
                &[
                    ("change", &tr.of("plan-change", c.change.as_str())),
                    ("element", &tr.of("plan-element", c.kind.as_str())),
                    ("code", &c.code),
                ],
            )
        })
        .collect()
}

/// How many changes of each kind an import makes, in words.
pub fn change_summary(tr: &jalon_i18n::Tr, changes: &PlanDiff) -> String {
    let counts = ChangeKind::ALL.map(|k| (k.as_str(), changes.count(k).to_string()));
    let args: Vec<(&str, &str)> = counts.iter().map(|(k, n)| (*k, n.as_str())).collect();
    tr.args("plan-changes-summary", &args)
}

/// The plan check of `doc`, its messages in `lang`.
pub fn checked(doc: &PlanDocument, lang: Lang) -> Vec<CheckFinding> {
    let tr = jalon_i18n::Tr::new(lang);
    check_plan(doc)
        .into_iter()
        .map(|f| CheckFinding {
            message: tr.msg(&f.message),
            code: f.code,
            severity: f.severity,
            entity: f.entity,
            location: f.location,
        })
        .collect()
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub institution_id: i64,
    pub format: &'static str,
    pub counts: PlanCounts,
    /// What the file changed in the plan, element by element (empty: nothing was written).
    pub changes: PlanDiff,
    /// False for a dry run, or when the file changed nothing.
    pub written: bool,
    /// Warnings of the plan check on the imported plan (nothing blocking).
    pub findings: Vec<CheckFinding>,
}

/// A file read and checked, waiting for the user to confirm the import.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    /// Token to commit this preview.
    pub token: String,
    pub file_name: String,
    pub format: &'static str,
    pub counts: PlanCounts,
    pub institution: String,
    pub strategy: String,
    pub findings: Vec<CheckFinding>,
    /// Counts of the plan it would replace, if any.
    pub replaces: Option<PlanCounts>,
    /// What importing it would change, element by element.
    pub changes: PlanDiff,
}

/// A file read at preview, waiting for its commit.
#[derive(Debug)]
struct PendingImport {
    institution_id: i64,
    read_at: DateTime<Utc>,
    doc: PlanDocument,
    file_name: String,
    format: Format,
}

/// Uploaded files between preview and commit (kept in memory for 30 minutes).
#[derive(Debug, Default)]
pub struct PendingImports {
    files: Mutex<HashMap<String, PendingImport>>,
}

impl App {
    /// Reads a plan file off the request threads (see [`crate::parsing`]).
    async fn read_plan_file(
        &self,
        bytes: &[u8],
        file_name: &str,
        format: Option<Format>,
        lang: Lang,
    ) -> AppResult<jalon_io::ReadPlan> {
        let name = file_name.to_string();
        self.parse_off_thread(bytes, move |b| read_plan(b, &name, format, lang))
            .await?
            .map_err(AppError::ImportRefused)
    }

    /// Reads a plan file and reports what importing it would do, without writing anything.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        bytes: &[u8],
        file_name: &str,
        lang: Lang,
    ) -> AppResult<ImportPreview> {
        actor.require(Operation::ImportPlan)?;
        let read = self.read_plan_file(bytes, file_name, None, lang).await?;
        let current = match self.view_for(actor).await {
            Ok(v) => Some(v),
            Err(AppError::NoPlan) => None,
            Err(e) => return Err(e),
        };
        let replaces = current.as_ref().map(|v| v.doc().counts());
        let changes = changes_of(current.as_ref().map(|v| v.doc()), &read.doc);
        let token = jalon_store::random_hex(16)?;
        let preview = ImportPreview {
            token: token.clone(),
            file_name: file_name.to_string(),
            format: read.format.as_str(),
            counts: read.doc.counts(),
            institution: read.doc.institution.name.clone(),
            strategy: read.doc.strategy.title.clone(),
            findings: checked(&read.doc, lang),
            replaces,
            changes,
        };
        let now = self.now();
        if let Ok(mut files) = self.pending_imports.files.lock() {
            files.retain(|_, p| p.read_at > now - Duration::minutes(30));
            files.insert(
                token,
                PendingImport {
                    institution_id: actor.institution_id,
                    read_at: now,
                    doc: read.doc,
                    file_name: file_name.to_string(),
                    format: read.format,
                },
            );
        }
        Ok(preview)
    }

    /// Imports a previewed file; the token is single-use.
    pub async fn commit_import(
        &self,
        actor: &Actor,
        token: &str,
        lang: Lang,
    ) -> AppResult<ImportReport> {
        actor.require(Operation::ImportPlan)?;
        let pending = self
            .pending_imports
            .files
            .lock()
            .ok()
            .and_then(|mut f| f.remove(token))
            .filter(|p| p.institution_id == actor.institution_id)
            .ok_or(AppError::NotFound("import"))?;
        self.write_plan(
            actor,
            pending.doc,
            &pending.file_name,
            pending.format,
            lang,
            false,
        )
        .await
    }

    /// Reads and imports a plan file in one step (API, command line); with `dry_run`, only
    /// reports what it would change.
    pub async fn import_plan(
        &self,
        actor: &Actor,
        bytes: &[u8],
        file_name: &str,
        format: Option<Format>,
        lang: Lang,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        actor.require(Operation::ImportPlan)?;
        let read = self.read_plan_file(bytes, file_name, format, lang).await?;
        self.write_plan(actor, read.doc, file_name, read.format, lang, dry_run)
            .await
    }

    /// Imports a plan from the command line: into the first institution, created from the
    /// file when the database is empty.
    pub async fn import_plan_cli(
        &self,
        bytes: &[u8],
        file_name: &str,
        format: Option<Format>,
        lang: Lang,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let read = self.read_plan_file(bytes, file_name, format, lang).await?;
        let institution_id = match self.default_institution().await? {
            Some(id) => id,
            None => {
                institutions::create(
                    self.store.db(),
                    &read.doc.institution.name,
                    read.doc.institution.short_name.as_deref(),
                    self.now(),
                )
                .await?
                .id
            }
        };
        self.write_plan(
            &Actor::system(institution_id),
            read.doc,
            file_name,
            read.format,
            lang,
            dry_run,
        )
        .await
    }

    /// Writes `doc` over the institution's plan, keeping what is attached to the elements it
    /// keeps (see `jalon_store::plan::replace`); a file that changes nothing writes nothing.
    async fn write_plan(
        &self,
        actor: &Actor,
        doc: PlanDocument,
        file_name: &str,
        format: Format,
        lang: Lang,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let now = self.now();
        let inst = actor.institution_id;
        let txn = self.store.begin_write().await?;
        let current = plan_repo::load(&txn, inst).await?;
        let changes = changes_of(current.as_ref().map(|p| &p.doc), &doc);
        let report = ImportReport {
            institution_id: inst,
            format: format.as_str(),
            counts: doc.counts(),
            findings: checked(&doc, lang),
            written: !dry_run && !changes.is_empty(),
            changes,
        };
        if !report.written {
            // Dropped uncommitted: nothing was written.
            return Ok(report);
        }
        // On any error the transaction is dropped uncommitted, which rolls it back.
        institutions::rename(
            &txn,
            inst,
            &doc.institution.name,
            doc.institution.short_name.as_deref(),
        )
        .await?;
        plan_repo::replace(&txn, inst, &doc, actor.user_id, now).await?;
        self.finish(
            txn,
            Change {
                institution_id: inst,
                user_id: actor.user_id,
                entity_kind: "strategy",
                entity_id: None,
                operation: "import",
                message: Message::new("journal-plan-imported")
                    .with("file", file_name)
                    .with("format", format.as_str()),
                before: None,
                after: Some(serde_json::json!({
                    "counts": doc.counts(),
                    "changes": report.changes,
                })),
            },
            now,
        )
        .await?;
        Ok(report)
    }

    /// The institution's plan in `format`, with a file name.
    pub async fn export_plan(&self, actor: &Actor, format: Format) -> AppResult<(Vec<u8>, String)> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let bytes =
            write_plan(view.doc(), format).map_err(|e| AppError::Internal(e.to_string()))?;
        let stem = view
            .doc()
            .institution
            .short_name
            .clone()
            .unwrap_or_else(|| view.doc().institution.name.clone());
        let stem: String = stem
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        Ok((
            bytes,
            format!("plan-{}.{}", stem.to_lowercase(), format.as_str()),
        ))
    }

    /// The plan check of the stored plan.
    pub async fn check(&self, actor: &Actor, lang: Lang) -> AppResult<Vec<CheckFinding>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        Ok(checked(view.doc(), lang))
    }
}

/// One axis on the dashboard.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AxisSummary {
    pub id: Option<i64>,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub counts: StatusCounts,
    pub objectives: usize,
    pub actions: usize,
    pub late_actions: usize,
}

/// A late action on the dashboard.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateAction {
    pub id: Option<i64>,
    pub code: String,
    pub title: String,
    pub pilot: Option<String>,
    pub end: Option<NaiveDate>,
    pub lateness: Lateness,
    pub progress: Option<u8>,
}

/// A recently entered value.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentValue {
    pub indicator_id: Option<i64>,
    pub indicator_code: String,
    pub indicator_name: String,
    pub period: String,
    pub value: String,
    pub unit: Option<String>,
    pub state: MeasurementState,
    pub entered_at: DateTime<Utc>,
    pub entered_by: Option<String>,
    pub illustrative: bool,
}

/// An indicator still without a value for the campaign year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingValue {
    pub indicator_id: Option<i64>,
    pub indicator_code: String,
    pub indicator_name: String,
    pub owner: Option<String>,
    /// True when a draft exists but has not been submitted.
    pub draft_only: bool,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub strategy: String,
    pub period: (i32, i32),
    pub current_year: i32,
    pub campaign_year: i32,
    pub total: StatusCounts,
    pub axes: Vec<AxisSummary>,
    pub late_actions: Vec<LateAction>,
    pub recent_values: Vec<RecentValue>,
    pub missing_values: Vec<MissingValue>,
    /// Values waiting for validation (editors see them).
    pub to_validate: usize,
    /// For a contributor: the codes of the indicators they own and actions they pilot.
    pub my_indicators: Vec<String>,
    pub my_actions: Vec<String>,
    /// True when the plan holds illustrative data.
    pub illustrative: bool,
}

impl App {
    /// The dashboard of the actor's institution.
    pub async fn dashboard(&self, actor: &Actor) -> AppResult<Dashboard> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let doc = view.doc();
        let campaign = view.campaign_year();
        let mut axes = Vec::new();
        let mut late = Vec::new();
        for axis in &doc.axes {
            let mut actions = 0;
            let mut late_here = 0;
            for o in &axis.objectives {
                for a in &o.actions {
                    actions += 1;
                    if let Some(l) = view.lateness(a) {
                        late_here += 1;
                        late.push(LateAction {
                            id: view.action_id(&a.code),
                            code: a.code.clone(),
                            title: a.title.clone(),
                            pilot: a.pilot.clone(),
                            end: a.end,
                            lateness: l,
                            progress: a.progress,
                        });
                    }
                }
            }
            axes.push(AxisSummary {
                id: view.axis_id(&axis.code),
                code: axis.code.clone(),
                title: axis.title.clone(),
                title_en: axis.title_en.clone(),
                counts: view
                    .status
                    .axes
                    .get(&axis.code)
                    .copied()
                    .unwrap_or_default(),
                objectives: axis.objectives.len(),
                actions,
                late_actions: late_here,
            });
        }
        late.sort_by_key(|l| (l.lateness, l.end));
        let mut recent = Vec::new();
        let mut missing = Vec::new();
        let mut to_validate = 0;
        for (_, ind) in doc.indicators() {
            let mut has_campaign = false;
            let mut draft_only = false;
            for (i, m) in ind.measurements.iter().enumerate() {
                if m.state == MeasurementState::Submitted {
                    to_validate += 1;
                }
                if let Some(p) = point(m)
                    && p.year == campaign
                {
                    if m.state == MeasurementState::Draft {
                        draft_only = true;
                    } else {
                        has_campaign = true;
                    }
                }
                if let Some(meta) = view.measurement_meta(&ind.code, i) {
                    recent.push(RecentValue {
                        indicator_id: view.indicator_id(&ind.code),
                        indicator_code: ind.code.clone(),
                        indicator_name: ind.name.clone(),
                        period: m.period.clone(),
                        value: m.value.clone(),
                        unit: ind.unit.clone(),
                        state: m.state,
                        entered_at: meta.entered_at,
                        entered_by: meta
                            .entered_by
                            .and_then(|u| view.user_names.get(&u).cloned()),
                        illustrative: m.illustrative,
                    });
                }
            }
            if !has_campaign {
                missing.push(MissingValue {
                    indicator_id: view.indicator_id(&ind.code),
                    indicator_code: ind.code.clone(),
                    indicator_name: ind.name.clone(),
                    owner: ind.owner.clone(),
                    draft_only,
                });
            }
        }
        // Newest entries first; among equal times (an import), the latest periods first.
        recent.sort_by(|a, b| {
            b.entered_at
                .cmp(&a.entered_at)
                .then_with(|| b.period.cmp(&a.period))
                .then_with(|| a.indicator_code.cmp(&b.indicator_code))
        });
        recent.truncate(8);
        let my_indicators = doc
            .indicators()
            .filter(|(_, i)| view.owns(actor, i))
            .map(|(_, i)| i.code.clone())
            .collect();
        let my_actions = doc
            .actions()
            .filter(|(_, a)| view.pilots(actor, a))
            .map(|(_, a)| a.code.clone())
            .collect();
        let illustrative = doc
            .indicators()
            .any(|(_, i)| i.measurements.iter().any(|m| m.illustrative))
            || doc.actions().any(|(_, a)| a.illustrative);
        Ok(Dashboard {
            strategy: doc.strategy.title.clone(),
            period: (doc.strategy.start_year, doc.strategy.end_year),
            current_year: view.current_year,
            campaign_year: campaign,
            total: view.status.total,
            axes,
            late_actions: late,
            recent_values: recent,
            missing_values: missing,
            to_validate,
            my_indicators,
            my_actions,
            illustrative,
        })
    }
}
