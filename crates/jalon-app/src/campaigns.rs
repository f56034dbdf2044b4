//! The yearly campaign: an editor opens it with a year, an opening date, a deadline and a
//! scope; each indicator value and each action under way becomes an item owed by the owner
//! or pilot the plan names. Owners see what they owe on their to-do page and submit; editors
//! validate, or return an item with a reason the owner sees; the progress page shows the
//! campaign by owner, by workstream and what is overdue. Closing a campaign locks the year's
//! values until it is reopened.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use jalon_core::access::Operation;
use jalon_core::action::ActionStatus;
use jalon_core::campaign::{
    self, CampaignItemKind, CampaignPhase, CampaignScope, CampaignState, ItemState, Tally,
};
use jalon_core::message::Message;
use jalon_core::period::Period;
use jalon_core::plan::{Indicator, MeasurementState};
use jalon_store::DatabaseTransaction;
use jalon_store::campaigns::{self, CampaignRow, ItemChange, ItemRow, NewCampaign, NewItem};
use jalon_store::updates;
use serde::{Deserialize, Serialize};

use crate::journal::Names;
use crate::measurements::MeasurementInput;
use crate::versions::{Versioned, claim_version};
use crate::{Actor, App, AppError, AppResult, ErrorCode, PlanView, check_len, check_year};

/// A campaign to open.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    /// The year whose values are collected.
    pub year: i32,
    /// What the campaign is called; the pages say "Campaign 2025" when it has no label.
    #[serde(default)]
    pub label: Option<String>,
    /// The day owners are asked to start.
    pub opens_on: NaiveDate,
    /// The day everything is due.
    pub deadline: NaiveDate,
    /// What it collects.
    pub scope: Vec<CampaignScope>,
}

/// A campaign with where it stands today.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub id: i64,
    pub year: i32,
    /// Its own name, if it was given one.
    pub label: Option<String>,
    pub opens_on: NaiveDate,
    pub deadline: NaiveDate,
    pub scope: Vec<CampaignScope>,
    pub state: CampaignState,
    pub phase: CampaignPhase,
    /// Days from today to the deadline (negative once it has passed).
    pub days_left: i64,
    pub opened_by: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Its items, counted by state.
    pub tally: Tally,
}

/// The value an owner entered for a value item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemValue {
    pub measurement_id: i64,
    /// Its version, for a form to send back.
    pub version: i64,
    pub period: String,
    pub value: String,
    pub state: MeasurementState,
    pub source: Option<String>,
    pub comment: Option<String>,
}

/// One thing an owner owes, as the to-do and progress pages show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignItem {
    pub id: i64,
    pub campaign_id: i64,
    pub kind: CampaignItemKind,
    /// The indicator's or the action's id.
    pub entity_id: i64,
    pub code: String,
    pub title: String,
    /// The code of the workstream it belongs to.
    pub axis: Option<String>,
    /// The indicator's unit.
    pub unit: Option<String>,
    /// Who owes it (a person's name or a unit's code); `None` when the plan names nobody.
    pub owner: Option<String>,
    pub state: ItemState,
    pub overdue: bool,
    /// The editor's reason, while the item is returned.
    pub reason: Option<String>,
    /// The value entered for the year (value items).
    pub value: Option<ItemValue>,
    /// The action's status and progress now (action items).
    pub action_status: Option<ActionStatus>,
    pub progress: Option<u8>,
    /// The pilot's note on the year (action items).
    pub note: Option<String>,
}

/// The progress of one campaign.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignProgress {
    pub campaign: Campaign,
    /// By owner, those who owe most first.
    pub by_owner: Vec<OwnerTally>,
    /// By workstream, in plan order.
    pub by_axis: Vec<AxisTally>,
    /// Every item, in plan order.
    pub items: Vec<CampaignItem>,
}

/// One owner's items, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerTally {
    /// A person's name or a unit's code; `None` for the items nobody owns.
    pub owner: Option<String>,
    pub tally: Tally,
}

/// One workstream's items, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AxisTally {
    pub code: String,
    pub title: String,
    pub tally: Tally,
}

impl CampaignProgress {
    /// The items waiting for an editor.
    pub fn to_validate(&self) -> impl Iterator<Item = &CampaignItem> {
        self.items
            .iter()
            .filter(|i| i.state == ItemState::Submitted)
    }

    /// The items owed after the deadline.
    pub fn overdue(&self) -> impl Iterator<Item = &CampaignItem> {
        self.items.iter().filter(|i| i.overdue)
    }
}

/// What one person owes in an open campaign.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToDoCampaign {
    pub campaign: Campaign,
    /// Their items: returned ones first, then what is still owed, then what is supplied.
    pub items: Vec<CampaignItem>,
}

/// A person's to-do: what they owe in each open campaign, and for an editor what waits for
/// validation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToDo {
    pub campaigns: Vec<ToDoCampaign>,
    /// Submitted items of the open campaigns (editors only; empty for others).
    pub to_validate: Vec<CampaignItem>,
}

/// A pilot's answer for an action item.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionReportInput {
    pub status: ActionStatus,
    /// Percent done.
    #[serde(default)]
    pub progress: Option<u8>,
    /// What happened this year.
    #[serde(default)]
    pub note: Option<String>,
}

/// Longest label, reason and note.
const LABEL_CHARS: usize = 200;
const REASON_CHARS: usize = 2000;
const NOTE_CHARS: usize = 4000;

fn scope_of(row: &CampaignRow) -> Vec<CampaignScope> {
    row.scope
        .split(',')
        .filter_map(CampaignScope::parse)
        .collect()
}

fn campaign_of(
    row: &CampaignRow,
    items: &[CampaignItem],
    names: &Names,
    today: NaiveDate,
) -> Campaign {
    let mut tally = Tally::default();
    for i in items {
        tally.add(i.state, i.overdue);
    }
    Campaign {
        id: row.id,
        year: row.year,
        label: Some(row.label.clone()).filter(|l| !l.is_empty()),
        opens_on: row.opens_on,
        deadline: row.deadline,
        scope: scope_of(row),
        state: row.state,
        phase: campaign::phase(row.state, row.opens_on, row.deadline, today),
        days_left: (row.deadline - today).num_days(),
        opened_by: row
            .opened_by
            .and_then(|u| names.get(&u).map(|(_, d)| d.clone())),
        opened_at: row.opened_at,
        closed_at: row.closed_at,
        tally,
    }
}

/// The position of the value of `indicator` for `year` that decides its item: the most
/// advanced of those whose period falls in the year.
fn value_of_year(indicator: &Indicator, year: i32) -> Option<usize> {
    (indicator.measurements.iter().enumerate())
        .filter(|(_, m)| Period::parse(&m.period).is_ok_and(|p| p.trajectory_year() == year))
        .max_by_key(|(_, m)| m.state as u8)
        .map(|(i, _)| i)
}

/// The item as shown, with the plan as it is now; `None` when its indicator or action has
/// left the plan.
pub(crate) fn item_of(
    row: &ItemRow,
    year: i32,
    view: &PlanView,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Option<CampaignItem> {
    let mut item = CampaignItem {
        id: row.id,
        campaign_id: row.campaign_id,
        kind: row.kind,
        entity_id: row.entity_id,
        code: String::new(),
        title: String::new(),
        axis: None,
        unit: None,
        owner: row.owner.clone(),
        state: row.state,
        overdue: false,
        reason: None,
        value: None,
        action_status: None,
        progress: None,
        note: row.note.clone(),
    };
    let objective = match row.kind {
        CampaignItemKind::IndicatorValue => {
            let (objective, indicator) = view.indicator(row.entity_id)?;
            let found = value_of_year(indicator, year);
            let state = found.map(|i| indicator.measurements[i].state);
            item.state = ItemState::of_value(state, row.state == ItemState::Returned);
            item.value = found.and_then(|i| {
                let m = &indicator.measurements[i];
                let meta = view.measurement_meta(&indicator.code, i)?;
                Some(ItemValue {
                    measurement_id: meta.id,
                    version: meta.version,
                    period: m.period.clone(),
                    value: m.value.clone(),
                    state: m.state,
                    source: m.source.clone(),
                    comment: m.comment.clone(),
                })
            });
            item.code = indicator.code.clone();
            item.title = indicator.name.clone();
            item.unit = indicator.unit.clone();
            objective
        }
        CampaignItemKind::ActionStatus => {
            let (objective, action) = view.action(row.entity_id)?;
            item.code = action.code.clone();
            item.title = action.title.clone();
            item.action_status = Some(action.status);
            item.progress = action.progress;
            objective
        }
    };
    item.axis = view.axis_of(&objective.code).map(|a| a.code.clone());
    if item.state == ItemState::Returned {
        item.reason = row.reason.clone();
    }
    item.overdue = campaign::overdue(item.state, deadline, today);
    Some(item)
}

/// True when the person (`person_id`, leading the workstream `domain` as référent, if any)
/// owes the item: the plan names them (or their unit) as its owner, or it is of the
/// workstream they lead.
pub(crate) fn owes(
    view: &PlanView,
    person_id: Option<i64>,
    domain: Option<&str>,
    item: &CampaignItem,
) -> bool {
    view.person_answers_to(person_id, item.owner.as_deref())
        || domain.is_some_and(|d| item.axis.as_deref() == Some(d))
}

/// What the plan asks of each owner for a campaign of `year` over `scope`.
fn items_to_open(view: &PlanView, scope: &[CampaignScope]) -> Vec<NewItem> {
    let doc = view.doc();
    let mut items = Vec::new();
    if scope.contains(&CampaignScope::IndicatorValues) {
        items.extend(doc.indicators().filter_map(|(_, i)| {
            Some(NewItem {
                kind: CampaignItemKind::IndicatorValue,
                entity_id: view.indicator_id(&i.code)?,
                owner: i.owner.clone(),
            })
        }));
    }
    if scope.contains(&CampaignScope::ActionStatuses) {
        items.extend(
            doc.actions()
                .filter(|(_, a)| !matches!(a.status, ActionStatus::Done | ActionStatus::Abandoned))
                .filter_map(|(_, a)| {
                    Some(NewItem {
                        kind: CampaignItemKind::ActionStatus,
                        entity_id: view.action_id(&a.code)?,
                        owner: a.pilot.clone(),
                    })
                }),
        );
    }
    items
}

/// Refuses a change to the values of `year` while its campaign is closed (in the use
/// case's transaction, so a close that commits first is seen). Values, action reports and
/// editors' decisions all ask this one question.
pub(crate) async fn check_year_open(
    txn: &DatabaseTransaction,
    institution_id: i64,
    year: i32,
) -> AppResult<()> {
    match campaigns::of_year(txn, institution_id, year).await? {
        Some(c) if c.state == CampaignState::Closed => {
            Err(AppError::Conflict(ErrorCode::CampaignClosed))
        }
        _ => Ok(()),
    }
}

impl App {
    /// Opens a campaign: one item per indicator value and per action under way, owed by the
    /// owner or pilot the plan names (editors).
    pub async fn open_campaign(&self, actor: &Actor, input: &CampaignInput) -> AppResult<Campaign> {
        actor.require(Operation::RunCampaign)?;
        check_year("year", input.year)?;
        if input.deadline < input.opens_on {
            return Err(AppError::invalid(
                "deadline",
                ErrorCode::EndBeforeStart,
                input.deadline.to_string(),
            ));
        }
        let mut scope = input.scope.clone();
        scope.sort();
        scope.dedup();
        if scope.is_empty() {
            return Err(AppError::invalid("scope", ErrorCode::Required, ""));
        }
        let label = crate::clean(input.label.as_deref()).unwrap_or_default();
        check_len("label", &label, LABEL_CHARS)?;
        let view = self.view_for(actor).await?;
        let items = items_to_open(&view, &scope);
        let now = self.now();
        let txn = self.store.begin_write().await?;
        if campaigns::of_year(&txn, actor.institution_id, input.year)
            .await?
            .is_some()
        {
            return Err(AppError::Conflict(ErrorCode::CampaignExists));
        }
        let scope_text = scope
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let row = campaigns::insert(
            &txn,
            NewCampaign {
                institution_id: actor.institution_id,
                year: input.year,
                label: &label,
                opens_on: input.opens_on,
                deadline: input.deadline,
                scope: scope_text,
                opened_by: actor.user_id,
            },
            &items,
            now,
        )
        .await?;
        let message = Message::new("journal-campaign-opened")
            .with("year", input.year)
            .with("count", items.len())
            .with("date", input.deadline);
        self.finish(
            txn,
            actor.change("campaign", Some(row.id), "open", message),
            now,
        )
        .await?;
        self.campaign(actor, row.id).await
    }

    /// The institution's campaigns, latest year first.
    pub async fn campaigns(&self, actor: &Actor) -> AppResult<Vec<Campaign>> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let names = self.account_names(actor.institution_id).await?;
        let today = self.today();
        let mut out = Vec::new();
        for row in campaigns::list(self.store.db(), actor.institution_id).await? {
            let items = self.items_of(&row, &view, today).await?;
            out.push(campaign_of(&row, &items, &names, today));
        }
        Ok(out)
    }

    /// One campaign.
    pub async fn campaign(&self, actor: &Actor, id: i64) -> AppResult<Campaign> {
        Ok(self.campaign_progress(actor, id).await?.campaign)
    }

    pub(crate) async fn items_of(
        &self,
        row: &CampaignRow,
        view: &PlanView,
        today: NaiveDate,
    ) -> AppResult<Vec<CampaignItem>> {
        Ok(campaigns::items(self.store.db(), row.id)
            .await?
            .iter()
            .filter_map(|i| item_of(i, row.year, view, row.deadline, today))
            .collect())
    }

    async fn campaign_row(&self, actor: &Actor, id: i64) -> AppResult<CampaignRow> {
        campaigns::get(self.store.db(), actor.institution_id, id)
            .await
            .map_err(crate::not_found("campaign"))
    }

    /// Where a campaign stands: by owner, by workstream, every item.
    pub async fn campaign_progress(&self, actor: &Actor, id: i64) -> AppResult<CampaignProgress> {
        actor.require(Operation::View)?;
        let row = self.campaign_row(actor, id).await?;
        let view = self.view_for(actor).await?;
        let today = self.today();
        let items = self.items_of(&row, &view, today).await?;
        let names = self.account_names(actor.institution_id).await?;
        let campaign = campaign_of(&row, &items, &names, today);
        let mut by_owner: Vec<OwnerTally> = campaign::tally_by(
            items.iter().map(|i| (i.owner.clone(), i.state)),
            row.deadline,
            today,
        )
        .into_iter()
        .map(|(owner, tally)| OwnerTally { owner, tally })
        .collect();
        by_owner.sort_by(|a, b| {
            let owed = |t: &Tally| t.pending + t.returned;
            owed(&b.tally)
                .cmp(&owed(&a.tally))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        let axis_tallies: BTreeMap<String, Tally> = campaign::tally_by(
            items
                .iter()
                .filter_map(|i| Some((i.axis.clone()?, i.state))),
            row.deadline,
            today,
        );
        let by_axis = (view.doc().axes.iter())
            .filter_map(|a| {
                Some(AxisTally {
                    code: a.code.clone(),
                    title: a.title.clone(),
                    tally: *axis_tallies.get(&a.code)?,
                })
            })
            .collect();
        Ok(CampaignProgress {
            campaign,
            by_owner,
            by_axis,
            items,
        })
    }

    /// What the actor owes in each open campaign, returned items first; for an editor, also
    /// what waits for validation.
    pub async fn todo(&self, actor: &Actor) -> AppResult<ToDo> {
        actor.require(Operation::View)?;
        let view = self.view_for(actor).await?;
        let validates = jalon_core::access::allowed(actor.role, Operation::RunCampaign);
        let names = self.account_names(actor.institution_id).await?;
        let today = self.today();
        let mut out = ToDo {
            campaigns: Vec::new(),
            to_validate: Vec::new(),
        };
        for row in campaigns::list(self.store.db(), actor.institution_id).await? {
            if row.state == CampaignState::Closed {
                continue;
            }
            let items = self.items_of(&row, &view, today).await?;
            if validates {
                out.to_validate.extend(
                    items
                        .iter()
                        .filter(|i| i.state == ItemState::Submitted)
                        .cloned(),
                );
            }
            let campaign = campaign_of(&row, &items, &names, today);
            let mut own: Vec<CampaignItem> = items
                .into_iter()
                .filter(|i| owes(&view, actor.person_id, actor.domain.as_deref(), i))
                .collect();
            own.sort_by_key(|i| match i.state {
                ItemState::Returned => 0,
                ItemState::Pending => 1,
                ItemState::Submitted => 2,
                ItemState::Validated => 3,
            });
            if !own.is_empty() {
                out.campaigns.push(ToDoCampaign {
                    campaign,
                    items: own,
                });
            }
        }
        Ok(out)
    }

    /// An item with its campaign, checked to be of the actor's institution.
    async fn item_in(&self, actor: &Actor, item_id: i64) -> AppResult<(CampaignRow, ItemRow)> {
        let item = campaigns::item(self.store.db(), item_id)
            .await
            .map_err(crate::not_found("campaign_item"))?;
        let row = campaigns::get(self.store.db(), actor.institution_id, item.campaign_id)
            .await
            .map_err(|_| AppError::NotFound("campaign_item"))?;
        Ok((row, item))
    }

    /// The owner (or an editor) enters and submits the value of a value item for the
    /// campaign year.
    pub async fn submit_item_value(
        &self,
        actor: &Actor,
        item_id: i64,
        value: &str,
        source: Option<&str>,
        comment: Option<&str>,
        version: Option<i64>,
    ) -> AppResult<CampaignItem> {
        let (row, item) = self.item_in(actor, item_id).await?;
        if item.kind != CampaignItemKind::IndicatorValue {
            return Err(AppError::invalid(
                "kind",
                ErrorCode::InvalidKind,
                item.kind.as_str(),
            ));
        }
        let input = MeasurementInput {
            period: row.year.to_string(),
            value: value.to_string(),
            source: source.map(str::to_string),
            comment: comment.map(str::to_string),
            evidence_url: None,
            submit: true,
            version,
        };
        self.record_measurement(actor, item.entity_id, &input)
            .await?;
        self.item(actor, item_id).await
    }

    /// One item as shown.
    pub async fn item(&self, actor: &Actor, item_id: i64) -> AppResult<CampaignItem> {
        actor.require(Operation::View)?;
        let (row, item) = self.item_in(actor, item_id).await?;
        let view = self.view_for(actor).await?;
        item_of(&item, row.year, &view, row.deadline, self.today())
            .ok_or(AppError::NotFound("campaign_item"))
    }

    /// The pilot (or an editor) gives the status and progress of an action item, with a
    /// note on the year, and submits it.
    pub async fn submit_action_report(
        &self,
        actor: &Actor,
        item_id: i64,
        input: &ActionReportInput,
    ) -> AppResult<CampaignItem> {
        let (row, item) = self.item_in(actor, item_id).await?;
        let view = self.view_for(actor).await?;
        if item.kind != CampaignItemKind::ActionStatus {
            return Err(AppError::invalid(
                "kind",
                ErrorCode::InvalidKind,
                item.kind.as_str(),
            ));
        }
        let (_, action) = view
            .action(item.entity_id)
            .ok_or(AppError::NotFound("action"))?;
        actor.require(Operation::UpdateAction {
            is_pilot: view.may_update(actor, action),
        })?;
        crate::actions::check_progress(input.progress)?;
        let note = crate::clean(input.note.as_deref());
        if let Some(n) = &note {
            check_len("note", n, NOTE_CHARS)?;
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        check_year_open(&txn, actor.institution_id, row.year).await?;
        claim_version(&txn, Versioned::Action, item.entity_id, None).await?;
        updates::set_action_progress(
            &txn,
            item.entity_id,
            input.status,
            input.progress.map(i32::from),
            now,
        )
        .await?;
        let (before, after) = campaigns::change_item(
            &txn,
            item_id,
            ItemChange::Submitted {
                note: note.as_deref(),
            },
            actor.user_id,
            now,
        )
        .await?;
        let message = Message::new("journal-campaign-action-submitted")
            .with("code", &action.code)
            .with("year", row.year)
            .word("status", format!("action-status-{}", input.status.as_str()));
        let change = jalon_store::audit::Change {
            before: Some(item_json(&before, Some(action.status), action.progress)),
            after: Some(item_json(&after, Some(input.status), input.progress)),
            ..actor.change("campaign_item", Some(item_id), "submit", message)
        };
        self.finish(txn, change, now).await?;
        self.item(actor, item_id).await
    }

    /// An editor validates a submitted item (a value item's value becomes validated).
    pub async fn validate_item(&self, actor: &Actor, item_id: i64) -> AppResult<CampaignItem> {
        self.decide_item(actor, item_id, None).await
    }

    /// An editor returns a submitted (or validated) item to its owner with a reason, which
    /// the owner sees on their to-do page; a value item's value goes back to draft.
    pub async fn return_item(
        &self,
        actor: &Actor,
        item_id: i64,
        reason: &str,
    ) -> AppResult<CampaignItem> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("reason", ErrorCode::Required, ""));
        }
        check_len("reason", reason, REASON_CHARS)?;
        self.decide_item(actor, item_id, Some(reason)).await
    }

    /// Validates (`reason` none) or returns an item, in one transaction with its value.
    async fn decide_item(
        &self,
        actor: &Actor,
        item_id: i64,
        reason: Option<&str>,
    ) -> AppResult<CampaignItem> {
        actor.require(Operation::RunCampaign)?;
        let (row, item) = self.item_in(actor, item_id).await?;
        let view = self.view_for(actor).await?;
        let shown = item_of(&item, row.year, &view, row.deadline, self.today())
            .ok_or(AppError::NotFound("campaign_item"))?;
        let allowed_from: &[ItemState] = match reason {
            Some(_) => &[ItemState::Submitted, ItemState::Validated],
            None => &[ItemState::Submitted],
        };
        if !allowed_from.contains(&shown.state) {
            return Err(AppError::Conflict(ErrorCode::NotSubmitted));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        check_year_open(&txn, actor.institution_id, row.year).await?;
        if let Some(v) = &shown.value {
            claim_version(&txn, Versioned::Measurement, v.measurement_id, None).await?;
            let state = match reason {
                Some(_) => MeasurementState::Draft,
                None => MeasurementState::Validated,
            };
            updates::set_measurement_state(&txn, v.measurement_id, state, actor.user_id, now)
                .await?;
        }
        let change = match reason {
            Some(reason) => ItemChange::Returned { reason },
            None => ItemChange::Validated,
        };
        let (before, after) =
            campaigns::change_item(&txn, item_id, change, actor.user_id, now).await?;
        if reason.is_some() {
            crate::notifications::notify_returned(&txn, &view, &after, actor.institution_id, now)
                .await?;
        }
        let (operation, message) = match reason {
            Some(reason) => (
                "return",
                Message::new("journal-campaign-returned")
                    .with("code", &shown.code)
                    .with("year", row.year)
                    .with("reason", reason),
            ),
            None => (
                "validate",
                Message::new("journal-campaign-validated")
                    .with("code", &shown.code)
                    .with("year", row.year),
            ),
        };
        let change = jalon_store::audit::Change {
            before: Some(item_json(&before, shown.action_status, shown.progress)),
            after: Some(item_json(&after, shown.action_status, shown.progress)),
            ..actor.change("campaign_item", Some(item_id), operation, message)
        };
        self.finish(txn, change, now).await?;
        self.item(actor, item_id).await
    }

    /// Closes a campaign: the year's values are locked until it is reopened (editors).
    pub async fn close_campaign(&self, actor: &Actor, id: i64) -> AppResult<Campaign> {
        self.set_campaign_state(actor, id, CampaignState::Closed)
            .await
    }

    /// Reopens a closed campaign, so that the year's values can change again (editors).
    pub async fn reopen_campaign(&self, actor: &Actor, id: i64) -> AppResult<Campaign> {
        self.set_campaign_state(actor, id, CampaignState::Open)
            .await
    }

    async fn set_campaign_state(
        &self,
        actor: &Actor,
        id: i64,
        state: CampaignState,
    ) -> AppResult<Campaign> {
        actor.require(Operation::RunCampaign)?;
        let row = self.campaign_row(actor, id).await?;
        if row.state == state {
            return self.campaign(actor, id).await;
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        campaigns::set_state(&txn, id, state, actor.user_id, now).await?;
        let (operation, key) = match state {
            CampaignState::Closed => ("close", "journal-campaign-closed"),
            CampaignState::Open => ("reopen", "journal-campaign-reopened"),
        };
        let message = Message::new(key).with("year", row.year);
        let change = jalon_store::audit::Change {
            before: Some(serde_json::json!({"state": row.state})),
            after: Some(serde_json::json!({"state": state})),
            ..actor.change("campaign", Some(id), operation, message)
        };
        self.finish(txn, change, now).await?;
        self.campaign(actor, id).await
    }
}

fn item_json(
    row: &ItemRow,
    status: Option<ActionStatus>,
    progress: Option<u8>,
) -> serde_json::Value {
    serde_json::json!({
        "state": row.state,
        "reason": row.reason,
        "note": row.note,
        "status": status,
        "progress": progress,
    })
}
