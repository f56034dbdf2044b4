//! The indicator pages: the list with filters, and the indicator with its values in review, the
//! entry form, its history and the targets it measures.

use crate::AppState;
use crate::actions::pages::{HistoryLine, history_lines};
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, Path, Query};
use crate::forms::{FieldValue, FormErrors, Meanwhile, Refused, text, version};
use crate::page::{Common, Page, PageResult, page, render, render_status, see_other};
use crate::plan::pages::{TargetBlock, latest_text, target_block};
use askama::Template;
use jalon_app::measurements::MeasurementInput;
use jalon_app::{AppError, ErrorCode, PlanView};
use jalon_core::access::{Operation, allowed};
use jalon_core::period::Period;
use jalon_core::plan::{Indicator, MeasurementState};
use jalon_i18n::Tr;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------
// Indicators and measurements

struct IndicatorRow {
    id: i64,
    code: String,
    objective: String,
    name: String,
    unit: String,
    owner: String,
    latest: String,
    missing: bool,
    mine: bool,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct IndicatorsPage {
    page: Page,
    rows: Vec<IndicatorRow>,
    campaign_year: i32,
    only_missing: bool,
    only_mine: bool,
}

/// Filters of the indicator list.
#[derive(Debug, Default, Deserialize)]
pub struct IndicatorFilter {
    pub missing: Option<String>,
    pub mine: Option<String>,
}

/// `GET /indicators`.
pub async fn indicators(Cx { state, user }: Cx, Query(f): Query<IndicatorFilter>) -> PageResult {
    let view = state.app.view_for(user.actor()).await?;
    let tr = user.tr();
    let campaign = view.campaign_year();
    let rows = view
        .doc()
        .indicators()
        .map(|(o, i)| {
            let missing = !i.measurements.iter().any(|m| {
                m.state != MeasurementState::Draft
                    && jalon_core::status::point(m).is_some_and(|p| p.year == campaign)
            });
            IndicatorRow {
                id: view.indicator_id(&i.code).unwrap_or_default(),
                code: i.code.clone(),
                objective: o.code.clone(),
                name: tr.pick(&i.name, &i.name_en).to_string(),
                unit: i.unit.clone().unwrap_or_default(),
                owner: i.owner.clone().unwrap_or_else(|| "–".to_string()),
                latest: latest_text(&tr, i),
                missing,
                mine: view.owns(user.actor(), i),
            }
        })
        .filter(|r| f.missing.is_none() || r.missing)
        .filter(|r| f.mine.is_none() || r.mine)
        .collect();
    render(&IndicatorsPage {
        page: page(&user, "/indicators", "indicators", None),
        rows,
        campaign_year: campaign,
        only_missing: f.missing.is_some(),
        only_mine: f.mine.is_some(),
    })
}

struct ValueRow {
    id: i64,
    period: String,
    value: String,
    state: MeasurementState,
    state_label: String,
    source: String,
    comment: String,
    evidence_url: Option<String>,
    entered: String,
    validated: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    page: Page,
    id: i64,
    objective_id: i64,
    objective_code: String,
    i: Indicator,
    name: String,
    kind: String,
    formula: String,
    values: Vec<ValueRow>,
    targets: Vec<TargetBlock>,
    can_enter: bool,
    can_validate: bool,
    history: Vec<HistoryLine>,
    form: ValueForm,
    /// What someone else saved for the period while the form was filled, when they did.
    meanwhile: Meanwhile,
    campaign_year: i32,
}

/// The entry form of a value.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub period: String,
    pub value: String,
    pub source: String,
    pub comment: String,
    pub evidence_url: String,
    /// `1` to submit the value for validation, else it stays a draft.
    pub submit: String,
    /// The version of the value of `version_period` the form was filled from (`0`: none).
    pub version: String,
    /// The period `version` is about: a value typed for another period is not checked.
    pub version_period: String,
}

impl ValueForm {
    /// The use case's input (the value itself is read and checked by the use case).
    pub fn input(&self) -> MeasurementInput {
        MeasurementInput {
            period: self.period.trim().to_string(),
            value: self.value.trim().to_string(),
            source: text(&self.source),
            comment: text(&self.comment),
            evidence_url: text(&self.evidence_url),
            submit: self.submit == "1",
            version: if self.version_period.trim() == self.period.trim() {
                version(&self.version)
            } else {
                None
            },
        }
    }

    /// The fields as compared when someone saved a value for the period meanwhile.
    fn fields(&self) -> Vec<FieldValue> {
        vec![
            ("field-value", self.value.clone()),
            ("field-source", self.source.clone()),
            ("field-comment", self.comment.clone()),
            ("field-evidence-url", self.evidence_url.clone()),
        ]
    }
}

/// The review state a value is moved to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StateForm {
    pub state: String,
}

/// The value entry form as shown: a fresh one for the campaign year, or the one sent back;
/// with the version of the period's value it is about and, when a save was refused because
/// someone saved meanwhile, their value beside the one typed.
fn entry_form(
    view: &PlanView,
    i: &Indicator,
    form: Option<ValueForm>,
    errors: &FormErrors,
    tr: &Tr,
) -> (ValueForm, Meanwhile) {
    let fresh = form.is_none();
    let mut form = form.unwrap_or_else(|| ValueForm {
        period: view.campaign_year().to_string(),
        ..ValueForm::default()
    });
    // The value now stored for the form's period, with its version and fields.
    let wanted = Period::parse(form.period.trim()).ok();
    let stored = i
        .measurements
        .iter()
        .enumerate()
        .find(|(_, m)| wanted.is_some() && Period::parse(&m.period).ok() == wanted)
        .map(|(n, m)| {
            let version = view.measurement_meta(&i.code, n).map_or(1, |mm| mm.version);
            let current = ValueForm {
                value: m.value.clone(),
                source: m.source.clone().unwrap_or_default(),
                comment: m.comment.clone().unwrap_or_default(),
                evidence_url: m.evidence_url.clone().unwrap_or_default(),
                ..ValueForm::default()
            };
            (version, current)
        });
    let mut meanwhile = Meanwhile::default();
    if let Some(now) = errors.edited_meanwhile() {
        if let Some((_, current)) = &stored {
            meanwhile = Meanwhile::between(tr, &current.fields(), &form.fields());
        }
        form.version = now.to_string();
        form.version_period = form.period.clone();
    } else if fresh {
        form.version = stored.as_ref().map_or(0, |(v, _)| *v).to_string();
        form.version_period = form.period.clone();
    }
    (form, meanwhile)
}

async fn indicator_page(
    state: &AppState,
    user: &User,
    id: i64,
    form: Option<ValueForm>,
    errors: &FormErrors,
    done: Option<&str>,
) -> Result<IndicatorPage, WebError> {
    let view = state.app.view_for(user.actor()).await?;
    let (o, i) = view
        .indicator(id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    let tr = user.tr();
    let actor = user.actor();
    let history = state.app.indicator_history(actor, id, user.lang).await?;
    let pg = page(user, &format!("/indicators/{id}"), "indicators", done).with_errors(errors);
    let values = i
        .measurements
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let meta = view.measurement_meta(&i.code, n);
            let name = |u: Option<i64>| u.and_then(|u| view.user_names.get(&u).cloned());
            ValueRow {
                id: meta.map_or(0, |m| m.id),
                period: m.period.clone(),
                value: m.value.clone(),
                state: m.state,
                state_label: tr.of("state", m.state.as_str()),
                source: m
                    .source
                    .as_deref()
                    .map(|s| tr.source(s))
                    .unwrap_or_default(),
                comment: m.comment.clone().unwrap_or_default(),
                evidence_url: m.evidence_url.clone(),
                entered: meta
                    .map(|mm| {
                        format!(
                            "{}{}",
                            tr.datetime(&mm.entered_at),
                            name(mm.entered_by)
                                .map(|n| format!(" · {n}"))
                                .unwrap_or_default()
                        )
                    })
                    .unwrap_or_default(),
                validated: meta
                    .and_then(|mm| {
                        mm.validated_at.map(|at| {
                            format!(
                                "{}{}",
                                tr.datetime(&at),
                                name(mm.validated_by)
                                    .map(|n| format!(" · {n}"))
                                    .unwrap_or_default()
                            )
                        })
                    })
                    .unwrap_or_default(),
                illustrative: m.illustrative,
            }
        })
        .collect();
    let targets = view
        .targets_of_indicator(&i.code)
        .into_iter()
        .map(|t| target_block(&view, &tr, &pg, t))
        .collect();
    let (form, meanwhile) = entry_form(&view, i, form, errors, &tr);
    Ok(IndicatorPage {
        id,
        objective_id: view.objective_id(&o.code).unwrap_or_default(),
        objective_code: o.code.clone(),
        name: tr.pick(&i.name, &i.name_en).to_string(),
        kind: tr.of("kind", i.kind.as_str()),
        formula: tr.of("formula", i.formula.as_str()),
        values,
        targets,
        can_enter: allowed(
            actor.role,
            Operation::EnterMeasurement {
                is_owner: view.may_enter(actor, i),
            },
        ),
        can_validate: allowed(actor.role, Operation::ValidateMeasurement),
        history: history_lines(&tr, &history),
        form,
        meanwhile,
        campaign_year: view.campaign_year(),
        i: i.clone(),
        page: pg,
    })
}

/// `GET /indicators/{id}`.
pub async fn indicator(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Query(c): Query<Common>,
) -> PageResult {
    render(
        &indicator_page(
            &state,
            &user,
            id,
            None,
            &FormErrors::none(),
            c.done.as_deref(),
        )
        .await?,
    )
}

/// `POST /indicators/{id}/measurements`: saves a value, or shows the form again with its
/// error.
pub async fn measurement_save(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ValueForm>,
) -> PageResult {
    match state
        .app
        .record_measurement(user.actor(), id, &form.input())
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/indicators/{id}?done=value_saved#values"
        ))),
        Err(e) => {
            let errors = Refused::from(e).fields()?;
            render_status(
                errors.status(),
                &indicator_page(&state, &user, id, Some(form), &errors, None).await?,
            )
        }
    }
}

/// `POST /measurements/{id}/state`.
pub async fn measurement_state(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<StateForm>,
) -> PageResult {
    let target = MeasurementState::parse(form.state.trim())
        .ok_or_else(|| AppError::invalid("state", ErrorCode::InvalidState, form.state.clone()))?;
    let row = state
        .app
        .set_measurement_state(user.actor(), id, target)
        .await?;
    Ok(see_other(&format!(
        "/indicators/{}?done=state_saved#values",
        row.indicator_id
    )))
}

/// `POST /measurements/{id}/delete`.
pub async fn measurement_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    let indicator = state.app.delete_measurement(user.actor(), id).await?;
    Ok(see_other(&format!(
        "/indicators/{indicator}?done=value_deleted#values"
    )))
}
