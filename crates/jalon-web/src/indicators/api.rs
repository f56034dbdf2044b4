//! Indicators and values in the JSON API: the list, one indicator with its values, entering a
//! value, its review state, deleting a draft.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::{ApiResult, ErrorBody, WebError};
use crate::extract::{Json, Path};
use crate::plan::api::{TargetOut, target_out};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use jalon_app::measurements::MeasurementInput;
use jalon_app::{AppError, PlanView};
use jalon_core::access::Operation;
use jalon_core::plan::MeasurementState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An indicator in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorSummaryOut {
    pub id: i64,
    pub code: String,
    pub objective: String,
    pub name: String,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
}

/// A measurement.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementOut {
    pub id: i64,
    pub period: String,
    /// As entered.
    pub value: String,
    /// The number used for statuses.
    pub numeric: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub state: MeasurementState,
    pub source: Option<String>,
    pub comment: Option<String>,
    pub evidence_url: Option<String>,
    pub illustrative: bool,
    pub entered_at: DateTime<Utc>,
    pub entered_by: Option<String>,
    pub validated_at: Option<DateTime<Utc>>,
    pub validated_by: Option<String>,
    /// The value's version: send it back with a new value for the period (`version`) so
    /// that an entry based on an older value is refused (409 `edited_meanwhile`).
    pub version: i64,
}

/// An indicator with all its values.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorOut {
    #[serde(flatten)]
    pub summary: IndicatorSummaryOut,
    pub definition: Option<String>,
    pub formula: jalon_core::plan::FormulaKind,
    pub formula_detail: Option<String>,
    pub source_system: Option<String>,
    pub measurements: Vec<MeasurementOut>,
    /// Targets it measures, with their status.
    pub targets: Vec<TargetOut>,
}

// ---------------------------------------------------------------------------------------
// Input types

/// A review-state change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StateIn {
    pub state: MeasurementState,
}

pub(crate) fn indicator_summary(
    view: &PlanView,
    objective: &str,
    i: &jalon_core::plan::Indicator,
) -> IndicatorSummaryOut {
    let latest = jalon_core::status::series(i).pop();
    IndicatorSummaryOut {
        id: view.indicator_id(&i.code).unwrap_or_default(),
        code: i.code.clone(),
        objective: objective.to_string(),
        name: i.name.clone(),
        name_en: i.name_en.clone(),
        unit: i.unit.clone(),
        owner: i.owner.clone(),
        latest_period: latest.as_ref().map(|p| p.period.clone()),
        latest_value: latest.map(|p| p.value),
    }
}

fn measurement_out(
    view: &PlanView,
    code: &str,
    index: usize,
    m: &jalon_core::plan::Measurement,
) -> MeasurementOut {
    let meta = view.measurement_meta(code, index);
    let parsed = jalon_core::number::parse_measured(&m.value).ok();
    let name = |u: Option<i64>| u.and_then(|u| view.user_names.get(&u).cloned());
    MeasurementOut {
        id: meta.map_or(0, |m| m.id),
        period: m.period.clone(),
        value: m.value.clone(),
        numeric: parsed.map(|p| p.value),
        low: parsed.and_then(|p| p.low),
        high: parsed.and_then(|p| p.high),
        state: m.state,
        source: m.source.clone(),
        comment: m.comment.clone(),
        evidence_url: m.evidence_url.clone(),
        illustrative: m.illustrative,
        entered_at: meta.map_or_else(Utc::now, |m| m.entered_at),
        entered_by: meta.and_then(|m| name(m.entered_by)),
        validated_at: meta.and_then(|m| m.validated_at),
        validated_by: meta.and_then(|m| name(m.validated_by)),
        version: meta.map_or(1, |m| m.version),
    }
}

/// Every indicator.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", responses((status = 200, body = Vec<IndicatorSummaryOut>)))]
pub async fn indicators(cx: Cx) -> ApiResult<Json<Vec<IndicatorSummaryOut>>> {
    let Cx { state, user } = cx;
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(
        view.doc()
            .indicators()
            .map(|(o, i)| indicator_summary(&view, &o.code, i))
            .collect(),
    ))
}

fn indicator_out(view: &PlanView, id: i64) -> ApiResult<IndicatorOut> {
    let (o, i) = view
        .indicator(id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    Ok(IndicatorOut {
        summary: indicator_summary(view, &o.code, i),
        definition: i.definition.clone(),
        formula: i.formula,
        formula_detail: i.formula_detail.clone(),
        source_system: i.source_system.clone(),
        measurements: i
            .measurements
            .iter()
            .enumerate()
            .map(|(n, m)| measurement_out(view, &i.code, n, m))
            .collect(),
        targets: view
            .targets_of_indicator(&i.code)
            .into_iter()
            .map(|t| {
                let objective = view
                    .target(&t.code)
                    .map(|(o, _)| o.code.clone())
                    .unwrap_or_default();
                target_out(view, &objective, t)
            })
            .collect(),
    })
}

/// One indicator with its values.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 200, body = IndicatorOut), (status = 404, body = ErrorBody)))]
pub async fn indicator(cx: Cx, Path(id): Path<i64>) -> ApiResult<Json<IndicatorOut>> {
    let Cx { state, user } = cx;
    user.actor().require(Operation::View)?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(Json(indicator_out(&view, id)?))
}

async fn measurement_of(
    state: &AppState,
    user: &User,
    indicator_id: i64,
    measurement_id: i64,
) -> ApiResult<MeasurementOut> {
    let view = state.app.view_for(user.actor()).await?;
    let (_, i) = view
        .indicator(indicator_id)
        .ok_or(WebError(AppError::NotFound("indicator")))?;
    let index = (0..i.measurements.len())
        .find(|n| {
            view.measurement_meta(&i.code, *n)
                .is_some_and(|m| m.id == measurement_id)
        })
        .ok_or(WebError(AppError::NotFound("measurement")))?;
    Ok(measurement_out(
        &view,
        &i.code,
        index,
        &i.measurements[index],
    ))
}

/// Records (or replaces) the value of a period: data owners and editors.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", tag = "indicators", params(("id" = i64, Path)), request_body = MeasurementInput,
    responses((status = 201, body = MeasurementOut), (status = 403, body = ErrorBody), (status = 409, description = "Value validated: locked for contributors", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn measurement_create(
    cx: Cx,
    Path(id): Path<i64>,
    Json(input): Json<MeasurementInput>,
) -> ApiResult<Response> {
    let Cx { state, user } = cx;
    let row = state
        .app
        .record_measurement(user.actor(), id, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(measurement_of(&state, &user, row.indicator_id, row.id).await?),
    )
        .into_response())
}

/// Validates, reopens or submits a value.
#[utoipa::path(post, path = "/api/v1/measurements/{id}/state", tag = "indicators", params(("id" = i64, Path)), request_body = StateIn,
    responses((status = 200, body = MeasurementOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_state(
    cx: Cx,
    Path(id): Path<i64>,
    Json(input): Json<StateIn>,
) -> ApiResult<Json<MeasurementOut>> {
    let Cx { state, user } = cx;
    let row = state
        .app
        .set_measurement_state(user.actor(), id, input.state)
        .await?;
    Ok(Json(
        measurement_of(&state, &user, row.indicator_id, row.id).await?,
    ))
}

/// Deletes a value.
#[utoipa::path(delete, path = "/api/v1/measurements/{id}", tag = "indicators", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn measurement_delete(cx: Cx, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let Cx { state, user } = cx;
    state.app.delete_measurement(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
