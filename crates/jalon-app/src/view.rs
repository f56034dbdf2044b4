//! The plan as pages and the API read it: the stored plan, the status of every target, and
//! lookups by id, computed once per revision of the institution's data and shared.
//!
//! Reading a page costs one indexed query (the revision) when nothing changed; any write
//! bumps the revision in its transaction, so the next read reloads.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use jalon_core::action::Lateness;
use jalon_core::plan::{Action, Axis, Indicator, Objective, PlanDocument, Target};
use jalon_core::status::{PlanStatus, plan_status};
use jalon_store::plan::{MeasurementMeta, StoredPlan};
use jalon_store::{accounts, institutions, plan};

use crate::{Actor, App, AppError, AppResult};

/// A stored plan ready to read.
#[derive(Debug)]
pub struct PlanView {
    pub institution_id: i64,
    pub revision: i64,
    /// Year the statuses were computed for.
    pub current_year: i32,
    pub today: NaiveDate,
    pub stored: StoredPlan,
    pub status: PlanStatus,
    /// Display names of accounts, by id (who entered or validated a value).
    pub user_names: HashMap<i64, String>,
}

impl PlanView {
    /// The plan document.
    pub fn doc(&self) -> &PlanDocument {
        &self.stored.doc
    }

    /// Year whose values are being collected: the plan's setting, else last year.
    pub fn campaign_year(&self) -> i32 {
        self.doc()
            .strategy
            .campaign_year
            .unwrap_or(self.current_year - 1)
    }

    /// Database id of an element by code (axes, objectives, targets, indicators, actions).
    pub fn axis_id(&self, code: &str) -> Option<i64> {
        self.stored.ids.axes.id(code)
    }

    /// Id of an objective.
    pub fn objective_id(&self, code: &str) -> Option<i64> {
        self.stored.ids.objectives.id(code)
    }

    /// Id of an indicator.
    pub fn indicator_id(&self, code: &str) -> Option<i64> {
        self.stored.ids.indicators.id(code)
    }

    /// Id of an action.
    pub fn action_id(&self, code: &str) -> Option<i64> {
        self.stored.ids.actions.id(code)
    }

    /// Id of a target.
    pub fn target_id(&self, code: &str) -> Option<i64> {
        self.stored.ids.targets.id(code)
    }

    /// The objective with this id and its axis.
    pub fn objective(&self, id: i64) -> Option<(&Axis, &Objective)> {
        let code = self.stored.ids.objectives.code(id)?;
        self.doc().objectives().find(|(_, o)| o.code == code)
    }

    /// The action with this id and its objective.
    pub fn action(&self, id: i64) -> Option<(&Objective, &Action)> {
        let code = self.stored.ids.actions.code(id)?;
        self.doc().actions().find(|(_, a)| a.code == code)
    }

    /// The indicator with this id and its objective.
    pub fn indicator(&self, id: i64) -> Option<(&Objective, &Indicator)> {
        let code = self.stored.ids.indicators.code(id)?;
        self.doc().indicators().find(|(_, i)| i.code == code)
    }

    /// The target with this code and its objective.
    pub fn target(&self, code: &str) -> Option<(&Objective, &Target)> {
        self.doc().targets().find(|(_, t)| t.code == code)
    }

    /// The axis an objective belongs to.
    pub fn axis_of(&self, objective_code: &str) -> Option<&Axis> {
        self.doc()
            .objectives()
            .find(|(_, o)| o.code == objective_code)
            .map(|(a, _)| a)
    }

    /// Targets measured by an indicator.
    pub fn targets_of_indicator(&self, code: &str) -> Vec<&Target> {
        self.doc()
            .targets()
            .filter(|(_, t)| t.indicators.iter().any(|i| i == code))
            .map(|(_, t)| t)
            .collect()
    }

    /// Bookkeeping of an indicator's `index`-th measurement.
    pub fn measurement_meta(&self, indicator_code: &str, index: usize) -> Option<&MeasurementMeta> {
        self.stored.meta(indicator_code, index)
    }

    /// The name of the person the actor stands for.
    pub fn person_name(&self, person_id: Option<i64>) -> Option<&str> {
        person_id.and_then(|p| self.stored.ids.people.code(p))
    }

    /// The unit code of the person the actor stands for.
    pub fn person_unit(&self, person_id: Option<i64>) -> Option<&str> {
        let unit = self
            .stored
            .person_units
            .get(&person_id?)
            .copied()
            .flatten()?;
        self.stored.ids.units.code(unit)
    }

    /// True when the actor owns the indicator: named as its owner, or member of the owning unit.
    pub fn owns(&self, actor: &Actor, indicator: &Indicator) -> bool {
        self.answers_to(actor, indicator.owner.as_deref())
    }

    /// True when `owner` (a person's name or a unit's code, as the plan names owners) is the
    /// actor, or the actor's unit.
    pub fn answers_to(&self, actor: &Actor, owner: Option<&str>) -> bool {
        self.person_answers_to(actor.person_id, owner)
    }

    /// True when `owner` is the person, or the person's unit.
    pub fn person_answers_to(&self, person_id: Option<i64>, owner: Option<&str>) -> bool {
        owner.is_some_and(|o| {
            self.person_name(person_id) == Some(o) || self.person_unit(person_id) == Some(o)
        })
    }

    /// True when the actor leads, as référent, the workstream of the objective `objective`.
    pub fn leads(&self, actor: &Actor, objective: &str) -> bool {
        actor.domain.as_deref().is_some_and(|domain| {
            self.axis_of(objective)
                .is_some_and(|axis| axis.code == domain)
        })
    }

    /// True when the actor may update the action's sheet as its pilot would: they pilot it,
    /// or lead its workstream.
    pub fn may_update(&self, actor: &Actor, action: &Action) -> bool {
        self.pilots(actor, action)
            || (actor.domain.is_some()
                && self
                    .doc()
                    .actions()
                    .any(|(o, a)| a.code == action.code && self.leads(actor, &o.code)))
    }

    /// True when the actor may enter the indicator's values as its owner would: they own
    /// it, or lead its workstream.
    pub fn may_enter(&self, actor: &Actor, indicator: &Indicator) -> bool {
        self.owns(actor, indicator)
            || (actor.domain.is_some()
                && self
                    .doc()
                    .indicators()
                    .any(|(o, i)| i.code == indicator.code && self.leads(actor, &o.code)))
    }

    /// True when the actor pilots the action.
    pub fn pilots(&self, actor: &Actor, action: &Action) -> bool {
        action.pilot.is_some() && self.person_name(actor.person_id) == action.pilot.as_deref()
    }

    /// Whether and why an action is late today.
    pub fn lateness(&self, action: &Action) -> Option<Lateness> {
        action.lateness(self.today)
    }
}

impl App {
    /// The institution's plan view, reloaded only when its data changed.
    pub async fn plan_view(&self, institution_id: i64) -> AppResult<Arc<PlanView>> {
        self.view_at(institution_id, None).await
    }

    /// The plan view of the actor's institution, using the revision read at authentication
    /// to skip the revision query when the cache is at least as recent.
    pub async fn view_for(&self, actor: &Actor) -> AppResult<Arc<PlanView>> {
        self.view_at(actor.institution_id, actor.revision_hint)
            .await
    }

    fn cached(
        &self,
        institution_id: i64,
        at_least: i64,
        today: NaiveDate,
    ) -> Option<Arc<PlanView>> {
        let cache = self.cache.read().ok()?;
        let v = cache.get(&institution_id)?;
        (v.revision >= at_least && v.today == today).then(|| Arc::clone(v))
    }

    async fn view_at(&self, institution_id: i64, hint: Option<i64>) -> AppResult<Arc<PlanView>> {
        let today = self.today();
        if let Some(v) = hint.and_then(|r| self.cached(institution_id, r, today)) {
            return Ok(v);
        }
        let conn = self.store.db();
        let revision = institutions::revision(conn, institution_id).await?;
        if let Some(v) = self.cached(institution_id, revision, today) {
            return Ok(v);
        }
        let stored = plan::load(conn, institution_id)
            .await?
            .ok_or(AppError::NoPlan)?;
        let user_names = accounts::list(conn, institution_id)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let current_year = self.current_year();
        let status = plan_status(&stored.doc, current_year, &self.config.thresholds);
        let view = Arc::new(PlanView {
            institution_id,
            revision,
            current_year,
            today,
            stored,
            status,
            user_names,
        });
        if let Ok(mut cache) = self.cache.write() {
            // Keep the most recent view if another request loaded a newer one meanwhile.
            let keep_newer = cache
                .get(&institution_id)
                .is_some_and(|v| v.revision > revision && v.today == today);
            if !keep_newer {
                cache.insert(institution_id, Arc::clone(&view));
            }
        }
        Ok(view)
    }

    /// Forgets the cached view (after a write, or in tests).
    pub fn invalidate(&self, institution_id: i64) {
        if let Ok(mut cache) = self.cache.write() {
            cache.remove(&institution_id);
        }
    }

    /// Ends a write: records the change in the audit log, marks the institution's data as
    /// changed, commits, and forgets the cached view.
    pub(crate) async fn finish(
        &self,
        txn: jalon_store::DatabaseTransaction,
        change: jalon_store::audit::Change<'_>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        let institution_id = change.institution_id;
        jalon_store::audit::record(&txn, change, now).await?;
        institutions::bump_revision(&txn, institution_id).await?;
        txn.commit().await.map_err(jalon_store::StoreError::from)?;
        self.invalidate(institution_id);
        Ok(())
    }
}
