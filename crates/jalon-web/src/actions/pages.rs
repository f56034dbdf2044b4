//! The action pages: the filtered list, the sheet (with milestones, SDGs, history and comments),
//! the full edit form and the quick update.

use crate::AppState;
use crate::actions::forms::{ActionForm, CommentForm, ProgressForm};
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, Path, Query};
use crate::forms::{FormErrors, Meanwhile, Refused};
use crate::page::{Common, Page, PageResult, page, render, render_status, see_other};
use crate::plan::pages::{ActionLine, action_line, indicator_links};
use crate::sdg::tags::sdg_block;
use askama::Template;
use axum::http::StatusCode;
use jalon_app::journal::JournalEntry;
use jalon_app::sdg::tags::TaggedKind;
use jalon_app::versions::Versioned;
use jalon_app::{AppError, PlanView};
use jalon_core::access::{Operation, allowed};
use jalon_core::action::{ActionStatus, Lateness};
use jalon_core::plan::{Action, Objective};
use jalon_i18n::Tr;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Actions

/// Filters of the action list.
#[derive(Debug, Default, Deserialize)]
pub struct ActionFilter {
    pub axis: Option<String>,
    pub status: Option<String>,
    pub pilot: Option<String>,
    pub late: Option<String>,
    pub mine: Option<String>,
    pub q: Option<String>,
}

impl ActionFilter {
    fn matches(&self, view: &PlanView, user: &User, o: &Objective, a: &Action) -> bool {
        let nonempty =
            |s: &Option<String>| s.as_deref().filter(|v| !v.is_empty()).map(str::to_string);
        if let Some(axis) = nonempty(&self.axis)
            && !o.code.starts_with(&format!("{axis}."))
        {
            return false;
        }
        if let Some(st) = nonempty(&self.status)
            && a.status.as_str() != st
        {
            return false;
        }
        if let Some(p) = nonempty(&self.pilot)
            && a.pilot.as_deref() != Some(p.as_str())
        {
            return false;
        }
        if self.late.is_some() && view.lateness(a).is_none() {
            return false;
        }
        if self.mine.is_some() && !view.pilots(user.actor(), a) {
            return false;
        }
        if let Some(q) = nonempty(&self.q) {
            let q = jalon_core::units::fold(&q);
            let hay = jalon_core::units::fold(&format!(
                "{} {} {} {}",
                a.code,
                a.title,
                a.title_en.as_deref().unwrap_or_default(),
                a.description.as_deref().unwrap_or_default()
            ));
            if !hay.contains(&q) {
                return false;
            }
        }
        true
    }
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage {
    page: Page,
    actions: Vec<ActionLine>,
    count_text: String,
    axes: Vec<(String, String)>,
    pilots: Vec<String>,
    statuses: Vec<(String, String)>,
    f_axis: String,
    f_status: String,
    f_pilot: String,
    f_late: bool,
    f_mine: bool,
    f_q: String,
}

/// `GET /actions`.
pub async fn actions(Cx { state, user }: Cx, Query(f): Query<ActionFilter>) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let doc = view.doc();
    let rows: Vec<ActionLine> = doc
        .actions()
        .filter(|(o, a)| f.matches(&view, &user, o, a))
        .map(|(_, a)| action_line(&view, &tr, a))
        .collect();
    let mut pilots: Vec<String> = doc.actions().filter_map(|(_, a)| a.pilot.clone()).collect();
    pilots.sort();
    pilots.dedup();
    render(&ActionsPage {
        page: page(&user, "/actions", "actions", None).titled("nav-actions"),
        count_text: tr.args(
            "n-of-total",
            &[
                ("count", &rows.len().to_string()),
                ("total", &doc.actions().count().to_string()),
            ],
        ),
        actions: rows,
        axes: doc
            .axes
            .iter()
            .map(|a| {
                (
                    a.code.clone(),
                    format!("{} — {}", a.code, tr.pick(&a.title, &a.title_en)),
                )
            })
            .collect(),
        pilots,
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
        f_axis: f.axis.clone().unwrap_or_default(),
        f_status: f.status.clone().unwrap_or_default(),
        f_pilot: f.pilot.clone().unwrap_or_default(),
        f_late: f.late.is_some(),
        f_mine: f.mine.is_some(),
        f_q: f.q.clone().unwrap_or_default(),
    })
}

pub(crate) struct HistoryLine {
    pub(crate) at: String,
    pub(crate) who: String,
    pub(crate) summary: String,
}

pub(crate) fn history_lines(tr: &Tr, entries: &[JournalEntry]) -> Vec<HistoryLine> {
    entries
        .iter()
        .map(|e| HistoryLine {
            at: tr.datetime(&e.at),
            who: e.who.clone(),
            summary: e.text.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "action.html")]
struct ActionPage {
    page: Page,
    id: i64,
    objective_id: i64,
    objective_code: String,
    objective_title: String,
    a: Action,
    title: String,
    late: Option<String>,
    status_label: String,
    contributors: Vec<String>,
    sdg: crate::sdg::tags::SdgBlock,
    indicators: Vec<(i64, String, String)>,
    can_update: bool,
    can_comment: bool,
    statuses: Vec<(String, String)>,
    history: Vec<HistoryLine>,
    milestones: Vec<(String, String, String, bool)>,
}

fn unit_name(view: &PlanView, code: &str) -> String {
    view.doc()
        .org_units
        .iter()
        .find(|u| u.code == code)
        .map_or_else(|| code.to_string(), |u| format!("{} ({code})", u.name))
}

/// `GET /actions/{id}`.
pub async fn action(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Query(c): Query<Common>,
) -> PageResult {
    render(&action_page(&state, &user, id, c.done.as_deref(), &FormErrors::none()).await?)
}

/// The action page, with the errors of its quick update or comment form when they were
/// refused.
async fn action_page(
    state: &AppState,
    user: &User,
    id: i64,
    done: Option<&str>,
    errors: &FormErrors,
) -> Result<ActionPage, WebError> {
    let view = state.app.view_for(user.actor()).await?;
    let (o, a) = view
        .action(id)
        .ok_or(WebError(AppError::NotFound("action")))?;
    let tr = user.tr();
    let actor = user.actor();
    let history = state.app.action_history(actor, id, user.lang).await?;
    let can_update = allowed(
        actor.role,
        Operation::UpdateAction {
            is_pilot: view.may_update(actor, a),
        },
    );
    let tags = state.app.entity_tags(actor, TaggedKind::Action, id).await?;
    let sdg = sdg_block(
        &tr,
        TaggedKind::Action,
        id,
        &format!("/actions/{id}"),
        &tags,
        can_update,
    );
    let today = view.today;
    let milestones = a
        .milestones
        .iter()
        .map(|m| {
            let overdue = m.done_on.is_none() && m.due.is_some_and(|d| d < today);
            (
                m.title.clone(),
                tr.opt_date(&m.due),
                tr.opt_date(&m.done_on),
                overdue,
            )
        })
        .collect();
    Ok(ActionPage {
        page: page(user, &format!("/actions/{id}"), "actions", done).with_errors(errors),
        id,
        objective_id: view.objective_id(&o.code).unwrap_or_default(),
        objective_code: o.code.clone(),
        objective_title: tr.pick(&o.title, &o.title_en).to_string(),
        title: tr.pick(&a.title, &a.title_en).to_string(),
        late: view
            .lateness(a)
            .map(|l: Lateness| tr.of("lateness", l.as_str())),
        status_label: tr.of("action-status", a.status.as_str()),
        contributors: a
            .contributors
            .iter()
            .cloned()
            .chain(a.contributor_units.iter().map(|u| unit_name(&view, u)))
            .collect(),
        sdg,
        indicators: indicator_links(&view, &a.indicators),
        can_update,
        can_comment: allowed(actor.role, Operation::Comment),
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
        history: history_lines(&tr, &history),
        milestones,
        a: a.clone(),
    })
}

#[derive(Template)]
#[template(path = "action_edit.html")]
struct ActionEditPage {
    page: Page,
    id: i64,
    code: String,
    form: ActionForm,
    /// What someone else saved while the form was being filled, when they did.
    meanwhile: Meanwhile,
    people: Vec<String>,
    units: Vec<(String, String)>,
    indicators: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
}

fn edit_page(
    user: &User,
    view: &PlanView,
    id: i64,
    code: &str,
    form: ActionForm,
    errors: &FormErrors,
) -> ActionEditPage {
    let tr = user.tr();
    ActionEditPage {
        page: page(user, &format!("/actions/{id}/edit"), "actions", None).with_errors(errors),
        id,
        code: code.to_string(),
        form,
        meanwhile: Meanwhile::default(),
        people: view.doc().people.iter().map(|p| p.name.clone()).collect(),
        indicators: view
            .doc()
            .indicators()
            .map(|(_, i)| (i.code.clone(), i.name.clone()))
            .collect(),
        units: view
            .doc()
            .org_units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), tr.of("action-status", s.as_str())))
            .collect(),
    }
}

/// `GET /actions/{id}/edit`.
pub async fn action_edit(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let (_, a) = view
        .action(id)
        .ok_or(WebError(AppError::NotFound("action")))?;
    user.actor().require(Operation::UpdateAction {
        is_pilot: view.may_update(user.actor(), a),
    })?;
    let mut form = ActionForm::of(a);
    form.version = state
        .app
        .record_version(user.actor(), Versioned::Action, id)
        .await?
        .to_string();
    render(&edit_page(
        &user,
        &view,
        id,
        &a.code,
        form,
        &FormErrors::none(),
    ))
}

/// `POST /actions/{id}`: saves the sheet, or shows the form again with its errors.
pub async fn action_save(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> PageResult {
    let saved: Result<_, Refused> = async {
        let input = form.input()?;
        Ok(state.app.update_action(user.actor(), id, &input).await?)
    }
    .await;
    match saved {
        Ok(_) => Ok(see_other(&format!("/actions/{id}?done=action_saved"))),
        Err(refused) => {
            let errors = refused.fields()?;
            let view = state.app.view_for(user.actor()).await?;
            let current = view.action(id).map(|(_, a)| ActionForm::of(a));
            let code = view
                .action(id)
                .map(|(_, a)| a.code.clone())
                .unwrap_or_default();
            let mut form = form;
            let mut meanwhile = Meanwhile::default();
            // Someone saved meanwhile: their values beside the ones typed, and the form now
            // based on their version, so that saving again is a decision made knowingly.
            if let (Some(now), Some(current)) = (errors.edited_meanwhile(), current) {
                let tr = user.tr();
                meanwhile = Meanwhile::between(&tr, &current.fields(&tr), &form.fields(&tr));
                form.version = now.to_string();
            }
            let mut page = edit_page(&user, &view, id, &code, form, &errors);
            page.meanwhile = meanwhile;
            render_status(errors.status(), &page)
        }
    }
}

/// `POST /actions/{id}/progress`: quick status and progress update.
pub async fn action_progress(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ProgressForm>,
) -> PageResult {
    let saved: Result<_, Refused> = async {
        let (status, progress) = form.input()?;
        Ok(state
            .app
            .update_action_progress(user.actor(), id, status, progress)
            .await?)
    }
    .await;
    match saved {
        Ok(_) => Ok(see_other(&format!("/actions/{id}?done=progress_saved"))),
        Err(refused) => again(&state, &user, id, refused).await,
    }
}

/// `POST /actions/{id}/comments`.
pub async fn action_comment(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<CommentForm>,
) -> PageResult {
    match state.app.comment_action(user.actor(), id, &form.text).await {
        Ok(_) => Ok(see_other(&format!(
            "/actions/{id}?done=comment_added#comments"
        ))),
        Err(e) => again(&state, &user, id, e.into()).await,
    }
}

/// The action page again, with the errors of the form that was refused.
async fn again(state: &AppState, user: &User, id: i64, refused: Refused) -> PageResult {
    let errors = refused.fields()?;
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &action_page(state, user, id, None, &errors).await?,
    )
}
