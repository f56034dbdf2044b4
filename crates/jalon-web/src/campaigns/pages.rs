//! `GET /campaigns` (the campaigns; editors open one), `GET /campaigns/{id}` (its progress,
//! what waits for validation, what is overdue; editors close and reopen it), `GET /todo`
//! (what the signed-in person owes, returned items first), and the posts of an item:
//! submit a value or an action report, validate, return with a reason.

use super::forms::{CampaignForm, DecisionForm, ItemActionForm, ItemValueForm};
use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, NoFields, Path, Upload};
use crate::forms::{FormErrors, Refused};
use crate::page::{Common, Page, PageResult, page, page_views, render, render_status, see_other};
use askama::Template;
use jalon_app::campaigns::{Campaign, CampaignItem, CampaignProgress};
use jalon_core::access::{Operation, allowed};
use jalon_core::action::ActionStatus;
use jalon_core::campaign::{
    CampaignItemKind, CampaignPhase, CampaignScope, CampaignState, ItemState, Tally,
};
use jalon_core::message::Message;
use jalon_i18n::Tr;

/// A campaign as its heading and the list show it.
pub(crate) struct CampaignCard {
    id: i64,
    name: String,
    dates: String,
    phase: String,
    /// `ok`, `warn` or `closed`, for the phase's badge.
    phase_class: &'static str,
    supplied: String,
    tally: Tally,
    closed: bool,
}

/// The campaign's name: its label, or "Campaign 2025".
fn campaign_name(tr: &Tr, c: &Campaign) -> String {
    c.label
        .clone()
        .unwrap_or_else(|| tr.t1("campaign-default-name", "year", &c.year.to_string()))
}

fn card(tr: &Tr, c: &Campaign) -> CampaignCard {
    let t = &c.tally;
    CampaignCard {
        id: c.id,
        name: campaign_name(tr, c),
        dates: tr.args(
            "campaign-dates",
            &[
                ("opens", &tr.date(&c.opens_on)),
                ("deadline", &tr.date(&c.deadline)),
            ],
        ),
        phase: tr.msg(
            &Message::new(match c.phase {
                CampaignPhase::Scheduled => "campaign-phase-scheduled",
                CampaignPhase::Collecting => "campaign-phase-collecting",
                CampaignPhase::PastDeadline => "campaign-phase-past_deadline",
                CampaignPhase::Closed => "campaign-phase-closed",
            })
            .with(
                "days",
                u32::try_from(c.days_left.unsigned_abs()).unwrap_or(u32::MAX),
            )
            .with("date", c.opens_on),
        ),
        phase_class: match c.phase {
            CampaignPhase::PastDeadline => "warn",
            CampaignPhase::Closed => "closed",
            CampaignPhase::Scheduled | CampaignPhase::Collecting => "ok",
        },
        supplied: tr.msg(
            &Message::new("campaign-supplied")
                .with("done", t.supplied())
                .with("total", t.total),
        ),
        tally: *t,
        closed: c.state == CampaignState::Closed,
    }
}

/// An item as the to-do and progress pages show it, with what its forms need.
pub(crate) struct ItemView {
    id: i64,
    is_value: bool,
    href: String,
    code: String,
    title: String,
    axis: String,
    owner: String,
    state: ItemState,
    state_words: String,
    overdue: bool,
    reason: Option<String>,
    /// The value or the action's status now, in words.
    current: String,
    unit: String,
    /// What the item's form shows.
    form_value: ItemValueForm,
    form_action: ItemActionForm,
    /// True while its owner may still change it (not validated, campaign not closed).
    open: bool,
    /// True when its form was just refused: it shows what was typed and its errors.
    failed: bool,
}

fn item_view(tr: &Tr, i: &CampaignItem, closed: bool) -> ItemView {
    let is_value = i.kind == CampaignItemKind::IndicatorValue;
    let current = match (&i.value, i.action_status) {
        (Some(v), _) => tr.args(
            "campaign-current-value",
            &[
                ("value", &v.value),
                ("state", &tr.t(&format!("state-{}", v.state.as_str()))),
            ],
        ),
        (None, Some(status)) => {
            let status = tr.t(&format!("action-status-{}", status.as_str()));
            match i.progress {
                Some(p) => format!("{status}, {p} %"),
                None => status,
            }
        }
        (None, None) => tr.t("campaign-no-value"),
    };
    ItemView {
        id: i.id,
        is_value,
        href: if is_value {
            format!("/indicators/{}", i.entity_id)
        } else {
            format!("/actions/{}", i.entity_id)
        },
        code: i.code.clone(),
        title: i.title.clone(),
        axis: i.axis.clone().unwrap_or_default(),
        owner: i.owner.clone().unwrap_or_else(|| tr.t("campaign-no-owner")),
        state: i.state,
        state_words: tr.t(&format!("campaign-item-{}", i.state.as_str())),
        overdue: i.overdue,
        reason: i.reason.clone(),
        current,
        unit: i.unit.clone().unwrap_or_default(),
        form_value: ItemValueForm {
            value: i
                .value
                .as_ref()
                .map(|v| v.value.clone())
                .unwrap_or_default(),
            source: (i.value.as_ref())
                .and_then(|v| v.source.clone())
                .unwrap_or_default(),
            comment: (i.value.as_ref())
                .and_then(|v| v.comment.clone())
                .unwrap_or_default(),
            version: i.value.as_ref().map_or(0, |v| v.version).to_string(),
        },
        form_action: ItemActionForm {
            status: i.action_status.unwrap_or_default().as_str().to_string(),
            progress: i.progress.map(|p| p.to_string()).unwrap_or_default(),
            note: i.note.clone().unwrap_or_default(),
        },
        open: !closed && i.state != ItemState::Validated,
        failed: false,
    }
}

/// The statuses an action report can give: (value, words).
fn statuses(tr: &Tr) -> Vec<(&'static str, String)> {
    ActionStatus::ALL
        .iter()
        .map(|s| (s.as_str(), tr.t(&format!("action-status-{}", s.as_str()))))
        .collect()
}

/// A row of a tally table: who or what, and the counts.
pub(crate) struct TallyRow {
    name: String,
    tally: Tally,
}

#[derive(Template)]
#[template(path = "campaigns.html")]
struct CampaignsView {
    page: Page,
    campaigns: Vec<CampaignCard>,
    can_open: bool,
    form: CampaignForm,
    /// The scopes a campaign can collect: (value, words, ticked).
    scopes: Vec<(&'static str, String, bool)>,
}

async fn campaigns_view(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    form: CampaignForm,
) -> Result<CampaignsView, WebError> {
    let tr = user.tr();
    let actor = user.actor();
    let campaigns = state.app.campaigns(actor).await?;
    let scopes = CampaignScope::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                tr.t(&format!("campaign-scope-{}", s.as_str())),
                form.has(s),
            )
        })
        .collect();
    Ok(CampaignsView {
        page: page(user, "/campaigns", "campaigns", done).titled("campaigns-title"),
        campaigns: campaigns.iter().map(|c| card(&tr, c)).collect(),
        can_open: allowed(actor.role, Operation::RunCampaign),
        form,
        scopes,
    })
}

/// `GET /campaigns`.
pub async fn campaigns(
    Cx { state, user }: Cx,
    crate::extract::Query(c): crate::extract::Query<Common>,
) -> PageResult {
    let form = CampaignForm::for_today(state.app.today());
    render(&campaigns_view(&state, &user, c.done.as_deref(), form).await?)
}

/// `POST /campaigns`: opens a campaign.
pub async fn campaign_open(Cx { state, user }: Cx, Form(form): Form<CampaignForm>) -> PageResult {
    let opened: Result<Campaign, Refused> = async {
        let input = form.input()?;
        Ok(state.app.open_campaign(user.actor(), &input).await?)
    }
    .await;
    crate::page::saved_or_again(
        opened,
        |c| see_other(&format!("/campaigns/{}?done=campaign_opened", c.id)),
        campaigns_view(&state, &user, None, form),
    )
    .await
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct CampaignView {
    page: Page,
    campaign: CampaignCard,
    can_run: bool,
    to_validate: Vec<ItemView>,
    overdue: Vec<ItemView>,
    by_owner: Vec<TallyRow>,
    by_axis: Vec<TallyRow>,
    items: Vec<ItemView>,
}

fn campaign_view(user: &User, p: &CampaignProgress, done: Option<&str>) -> CampaignView {
    let tr = user.tr();
    let closed = p.campaign.state == CampaignState::Closed;
    let views = |it: &mut dyn Iterator<Item = &CampaignItem>| -> Vec<ItemView> {
        it.map(|i| item_view(&tr, i, closed)).collect()
    };
    let campaign = card(&tr, &p.campaign);
    CampaignView {
        page: page(
            user,
            &format!("/campaigns/{}", p.campaign.id),
            "campaigns",
            done,
        ),
        can_run: allowed(user.actor().role, Operation::RunCampaign),
        to_validate: views(&mut p.to_validate()),
        overdue: views(&mut p.overdue()),
        by_owner: (p.by_owner.iter())
            .map(|o| TallyRow {
                name: (o.owner.clone()).unwrap_or_else(|| tr.t("campaign-no-owner")),
                tally: o.tally,
            })
            .collect(),
        by_axis: (p.by_axis.iter())
            .map(|a| TallyRow {
                name: format!("{} — {}", a.code, a.title),
                tally: a.tally,
            })
            .collect(),
        items: views(&mut p.items.iter()),
        campaign,
    }
}

/// `GET /campaigns/{id}`.
pub async fn campaign(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    crate::extract::Query(c): crate::extract::Query<Common>,
) -> PageResult {
    let progress = state.app.campaign_progress(user.actor(), id).await?;
    render(&campaign_view(&user, &progress, c.done.as_deref()))
}

/// `POST /campaigns/{id}/close`.
pub async fn campaign_close(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.close_campaign(user.actor(), id).await?;
    Ok(see_other(&format!("/campaigns/{id}?done=campaign_closed")))
}

/// `POST /campaigns/{id}/reopen`.
pub async fn campaign_reopen(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.reopen_campaign(user.actor(), id).await?;
    Ok(see_other(&format!(
        "/campaigns/{id}?done=campaign_reopened"
    )))
}

/// One campaign of the to-do page.
pub(crate) struct ToDoSection {
    campaign: CampaignCard,
    items: Vec<ItemView>,
    /// True when some of its values can be supplied from a workbook.
    has_values: bool,
}

#[derive(Template)]
#[template(path = "todo.html")]
struct ToDoView {
    page: Page,
    sections: Vec<ToDoSection>,
    to_validate: Vec<ItemView>,
    can_run: bool,
    statuses: Vec<(&'static str, String)>,
    /// A refused workbook: the message and its problems.
    error: Option<String>,
    problems: Vec<jalon_io::Problem>,
}

async fn todo_view(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    failed: Option<(i64, FailedForm)>,
) -> Result<ToDoView, WebError> {
    let tr = user.tr();
    let todo = state.app.todo(user.actor()).await?;
    let mut sections: Vec<ToDoSection> = (todo.campaigns.iter())
        .map(|c| ToDoSection {
            campaign: card(&tr, &c.campaign),
            items: c.items.iter().map(|i| item_view(&tr, i, false)).collect(),
            has_values: (c.items.iter()).any(|i| {
                i.kind == CampaignItemKind::IndicatorValue && i.state != ItemState::Validated
            }),
        })
        .collect();
    if let Some((id, typed)) = failed {
        for item in sections.iter_mut().flat_map(|s| s.items.iter_mut()) {
            if item.id == id {
                item.failed = true;
                match &typed {
                    FailedForm::Value(f) => item.form_value = f.clone(),
                    FailedForm::Action(f) => item.form_action = f.clone(),
                }
            }
        }
    }
    Ok(ToDoView {
        page: page(user, "/todo", "todo", done).titled("todo-title"),
        sections,
        to_validate: (todo.to_validate.iter())
            .map(|i| item_view(&tr, i, false))
            .collect(),
        can_run: allowed(user.actor().role, Operation::RunCampaign),
        statuses: statuses(&tr),
        error: None,
        problems: Vec::new(),
    })
}

/// What was typed in a refused item form.
enum FailedForm {
    Value(ItemValueForm),
    Action(ItemActionForm),
}

/// `GET /campaigns/{id}/mine.xlsx`: the values the signed-in person still owes, to fill
/// offline.
pub async fn my_sheet(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    let bytes = state
        .app
        .my_items_workbook(user.actor(), id, user.lang)
        .await?;
    let name = user.tr().t1("sheet-file", "id", &id.to_string());
    Ok(crate::widgets::attachment(bytes, &name, XLSX))
}

/// The type of an XLSX workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `POST /campaigns/{id}/mine`: the filled workbook, read back.
pub async fn my_sheet_upload(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    upload: Upload<NoFields>,
) -> PageResult {
    crate::page::imported_or_refused(
        &user,
        upload.file,
        async |f| {
            let app = &state.app;
            app.submit_items_workbook(user.actor(), id, &f.bytes, &f.name, user.lang)
                .await
        },
        |_| "/todo?done=sheet_submitted".to_string(),
        async |(message, problems)| {
            let mut view = todo_view(&state, &user, None, None).await?;
            view.error = Some(message);
            view.problems = problems;
            Ok(view)
        },
    )
    .await
}

/// `GET /todo`.
pub async fn todo(
    Cx { state, user }: Cx,
    crate::extract::Query(c): crate::extract::Query<Common>,
) -> PageResult {
    render(&todo_view(&state, &user, c.done.as_deref(), None).await?)
}

/// The to-do page after an item's post: back to the item, or the page again with what was
/// typed and its errors.
async fn after_item(
    state: &AppState,
    user: &User,
    id: i64,
    saved: Result<CampaignItem, Refused>,
    typed: FailedForm,
) -> PageResult {
    match saved {
        Ok(_) => Ok(see_other(&format!("/todo?done=item_submitted#item-{id}"))),
        Err(refused) => {
            let errors: FormErrors = refused.fields()?;
            let mut view = todo_view(state, user, None, Some((id, typed))).await?;
            view.page.set_errors(&errors);
            render_status(errors.status(), &view)
        }
    }
}

/// `POST /campaigns/items/{id}/value`: the owner submits the year's value.
pub async fn item_value(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ItemValueForm>,
) -> PageResult {
    let saved = state
        .app
        .submit_item_value(
            user.actor(),
            id,
            &form.value,
            Some(form.source.as_str()),
            Some(form.comment.as_str()),
            form.version(),
        )
        .await
        .map_err(Refused::from);
    after_item(&state, &user, id, saved, FailedForm::Value(form)).await
}

/// `POST /campaigns/items/{id}/action`: the pilot submits the action's status and note.
pub async fn item_action(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ItemActionForm>,
) -> PageResult {
    let saved: Result<CampaignItem, Refused> = async {
        let input = form.input()?;
        Ok(state
            .app
            .submit_action_report(user.actor(), id, &input)
            .await?)
    }
    .await;
    after_item(&state, &user, id, saved, FailedForm::Action(form)).await
}

/// Where an editor's decision leads back to.
fn back_to(form: &DecisionForm, item: &CampaignItem, done: &str) -> String {
    if form.back == "todo" {
        format!("/todo?done={done}#to-validate")
    } else {
        format!("/campaigns/{}?done={done}#to-validate", item.campaign_id)
    }
}

/// `POST /campaigns/items/{id}/validate`.
pub async fn item_validate(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    let item = state.app.validate_item(user.actor(), id).await?;
    Ok(see_other(&back_to(&form, &item, "item_validated")))
}

/// `POST /campaigns/items/{id}/return`: back to its owner with the reason.
pub async fn item_return(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    match state.app.return_item(user.actor(), id, &form.reason).await {
        Ok(item) => Ok(see_other(&back_to(&form, &item, "item_returned"))),
        Err(e) => {
            let errors = Refused::from(e).fields()?;
            let progress = state
                .app
                .campaign_progress(
                    user.actor(),
                    state.app.item(user.actor(), id).await?.campaign_id,
                )
                .await?;
            let mut view = campaign_view(&user, &progress, None);
            view.page.set_errors(&errors);
            render_status(errors.status(), &view)
        }
    }
}

page_views!(CampaignsView);
