//! Measurements: data owners enter the yearly values of their indicators, editors validate
//! them. Every change is kept in the audit log under the indicator, which is its history.

use crate::ErrorCode;
use jalon_core::access::Operation;
use jalon_core::message::Message;
use jalon_core::number::parse_measured;
use jalon_core::period::Period;
use jalon_core::plan::{Measurement, MeasurementState};
use jalon_store::audit::Change;
use jalon_store::plan::kinds;
use jalon_store::updates::{self, MeasurementRow};
use serde::Deserialize;

use crate::campaigns::check_year_open;
use crate::versions::{Versioned, claim_version};
use crate::{Actor, App, AppError, AppResult, check_len, check_url, clean};
use jalon_store::campaigns;

/// A value as entered in the form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasurementInput {
    /// `2024`, `2023-2024` or `2024-01-01..2024-06-30`.
    pub period: String,
    /// `12,5`, `> 80`, `10-12`, `oui`.
    pub value: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub evidence_url: Option<String>,
    /// Submit for validation (true) or keep as a draft (false).
    #[serde(default)]
    pub submit: bool,
    /// The version of the period's value this entry is based on (`0`: there was none): the
    /// save is refused (409 `edited_meanwhile`) when someone saved a value for the period
    /// since. Without it, not checked.
    #[serde(default)]
    pub version: Option<i64>,
}

pub(crate) fn row_json(m: &MeasurementRow) -> serde_json::Value {
    serde_json::json!({
        "measurement_id": m.id,
        "period": m.period,
        "value": m.value_text,
        "state": m.state,
        "source": m.source,
        "comment": m.comment,
        "evidence_url": m.evidence_url,
    })
}

/// Checks, in the writing transaction, the value a new entry wrote over: the view read
/// before may predate a validation or another entry. A validated value stays locked for
/// whoever may not validate; an entry based on an older version (`0`: none) is refused.
async fn written_over(
    txn: &jalon_store::DatabaseTransaction,
    before: Option<&MeasurementRow>,
    can_validate: bool,
    version: Option<i64>,
) -> AppResult<()> {
    match before {
        Some(old) if old.state == MeasurementState::Validated && !can_validate => {
            Err(AppError::Conflict(ErrorCode::MeasurementLocked))
        }
        Some(old) => claim_version(txn, Versioned::Measurement, old.id, version)
            .await
            .map(|_| ()),
        None if version.is_some_and(|v| v > 0) => Err(AppError::EditedMeanwhile(0)),
        None => Ok(()),
    }
}

/// A value to write for an indicator and a period.
pub(crate) struct ValueWrite<'a> {
    pub indicator_id: i64,
    /// The indicator's code, for the journal.
    pub code: &'a str,
    pub period: &'a Period,
    pub measurement: &'a Measurement,
    pub value: &'a jalon_core::number::MeasuredValue,
}

impl ValueWrite<'_> {
    /// Writes the value in `txn`; returns the stored value before and after, and the journal
    /// entry of the change on its indicator (the caller records it).
    pub(crate) async fn write(
        &self,
        txn: &jalon_store::DatabaseTransaction,
        actor: &Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<(Option<MeasurementRow>, MeasurementRow, Change<'static>)> {
        let (before, after) = updates::upsert_measurement(
            txn,
            self.indicator_id,
            self.period,
            self.measurement,
            self.value,
            actor.user_id,
            now,
        )
        .await?;
        let replaced = before.is_some();
        let change = Change {
            before: before.as_ref().map(row_json),
            after: Some(row_json(&after)),
            ..actor.change(
                kinds::INDICATOR,
                Some(self.indicator_id),
                if replaced {
                    "update_value"
                } else {
                    "add_value"
                },
                value_entered(replaced, self.code, self.period, &self.measurement.value),
            )
        };
        Ok((before, after, change))
    }
}

/// The source, comment and evidence link of an entry, trimmed and checked.
fn notes_of(
    input: &MeasurementInput,
) -> AppResult<(Option<String>, Option<String>, Option<String>)> {
    let source = clean(input.source.as_deref());
    let comment = clean(input.comment.as_deref());
    let evidence_url = clean(input.evidence_url.as_deref());
    for (field, text, longest) in [("source", &source, 500), ("comment", &comment, 4000)] {
        text.as_deref()
            .map_or(Ok(()), |t| check_len(field, t, longest))?;
    }
    if let Some(u) = &evidence_url {
        check_url("evidence_url", u)?;
    }
    Ok((source, comment, evidence_url))
}

/// A value of `year` is written: refused while the year's campaign is closed; when it is
/// `submitted`, the return of its campaign item (if any) is answered.
pub(crate) async fn in_campaign(
    txn: &jalon_store::DatabaseTransaction,
    actor: &Actor,
    indicator_id: i64,
    year: i32,
    submitted: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    check_year_open(txn, actor.institution_id, year).await?;
    if submitted {
        let (institution, user) = (actor.institution_id, actor.user_id);
        campaigns::value_submitted(txn, institution, indicator_id, year, user, now).await?;
    }
    Ok(())
}

impl App {
    /// A stored value with the actor's plan view (callers find its indicator in the view,
    /// which also refuses values of another institution).
    async fn value_in_plan(
        &self,
        actor: &Actor,
        measurement_id: i64,
    ) -> AppResult<(std::sync::Arc<crate::PlanView>, MeasurementRow)> {
        let view = self.view_for(actor).await?;
        let row = updates::measurement(self.store.db(), measurement_id)
            .await
            .map_err(|_| AppError::NotFound("measurement"))?;
        Ok((view, row))
    }

    /// Records (or replaces) the value of an indicator for a period.
    pub async fn record_measurement(
        &self,
        actor: &Actor,
        indicator_id: i64,
        input: &MeasurementInput,
    ) -> AppResult<MeasurementRow> {
        let view = self.view_for(actor).await?;
        let (_, indicator) = view
            .indicator(indicator_id)
            .ok_or(AppError::NotFound("indicator"))?;
        actor.require(Operation::EnterMeasurement {
            is_owner: view.may_enter(actor, indicator),
        })?;
        let period = Period::parse(&input.period).map_err(|_| {
            AppError::invalid("period", ErrorCode::InvalidPeriod, input.period.trim())
        })?;
        let value_text = input.value.trim();
        let value = parse_measured(value_text)
            .map_err(|_| AppError::invalid("value", ErrorCode::InvalidValue, value_text))?;
        check_len("value", value_text, 100)?;
        let (source, comment, evidence_url) = notes_of(input)?;
        // A validated value is locked for contributors.
        let existing = indicator
            .measurements
            .iter()
            .find(|m| Period::parse(&m.period).ok() == Some(period));
        let can_validate = jalon_core::access::allowed(actor.role, Operation::ValidateMeasurement);
        if existing.is_some_and(|m| m.state == MeasurementState::Validated) && !can_validate {
            return Err(AppError::Conflict(ErrorCode::MeasurementLocked));
        }
        let measurement = Measurement {
            period: period.label(),
            value: value_text.to_string(),
            state: if input.submit {
                MeasurementState::Submitted
            } else {
                MeasurementState::Draft
            },
            source,
            comment,
            evidence_url,
            illustrative: false,
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let written = ValueWrite {
            indicator_id,
            code: &indicator.code,
            period: &period,
            measurement: &measurement,
            value: &value,
        };
        let (before, after, change) = written.write(&txn, actor, now).await?;
        written_over(&txn, before.as_ref(), can_validate, input.version).await?;
        let (year, submitted) = (period.trajectory_year(), input.submit);
        in_campaign(&txn, actor, indicator_id, year, submitted, now).await?;
        self.finish(txn, change, now).await?;
        Ok(after)
    }

    /// Moves a value to `state`: editors validate or reopen; owners submit their drafts.
    pub async fn set_measurement_state(
        &self,
        actor: &Actor,
        measurement_id: i64,
        state: MeasurementState,
    ) -> AppResult<MeasurementRow> {
        let (view, row) = self.value_in_plan(actor, measurement_id).await?;
        let (_, indicator) = view
            .indicator(row.indicator_id)
            .ok_or(AppError::NotFound("measurement"))?;
        let current = row.state;
        match state {
            // Submitting one's own draft is data entry.
            MeasurementState::Submitted if current == MeasurementState::Draft => {
                actor.require(Operation::EnterMeasurement {
                    is_owner: view.may_enter(actor, indicator),
                })?
            }
            _ => actor.require(Operation::ValidateMeasurement)?,
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        claim_version(&txn, Versioned::Measurement, measurement_id, None).await?;
        let submitted = state == MeasurementState::Submitted;
        in_campaign(
            &txn,
            actor,
            row.indicator_id,
            row.period_year,
            submitted,
            now,
        )
        .await?;
        let (before, after) =
            updates::set_measurement_state(&txn, measurement_id, state, actor.user_id, now).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kinds::INDICATOR,
                entity_id: Some(row.indicator_id),
                operation: match state {
                    MeasurementState::Validated => "validate_value",
                    MeasurementState::Submitted => "submit_value",
                    MeasurementState::Draft => "reopen_value",
                },
                message: Message::new("journal-value-state")
                    .with("code", &indicator.code)
                    .with("period", &row.period)
                    .word("before", format!("state-{}", before.state.as_str()))
                    .word("after", format!("state-{}", after.state.as_str())),
                before: Some(row_json(&before)),
                after: Some(row_json(&after)),
            },
            now,
        )
        .await?;
        Ok(after)
    }

    /// Deletes a value: editors, or the owner while it is not validated.
    /// Returns the id of the value's indicator.
    pub async fn delete_measurement(&self, actor: &Actor, measurement_id: i64) -> AppResult<i64> {
        let (view, row) = self.value_in_plan(actor, measurement_id).await?;
        let (_, indicator) = view
            .indicator(row.indicator_id)
            .ok_or(AppError::NotFound("measurement"))?;
        if row.state == MeasurementState::Validated {
            actor.require(Operation::ValidateMeasurement)?;
        } else {
            actor.require(Operation::EnterMeasurement {
                is_owner: view.may_enter(actor, indicator),
            })?;
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        check_year_open(&txn, actor.institution_id, row.period_year).await?;
        let before = updates::delete_measurement(&txn, measurement_id).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: kinds::INDICATOR,
                entity_id: Some(row.indicator_id),
                operation: "delete_value",
                message: Message::new("journal-value-deleted")
                    .with("code", &indicator.code)
                    .with("period", &row.period),
                before: Some(row_json(&before)),
                after: None,
            },
            now,
        )
        .await?;
        Ok(row.indicator_id)
    }
}

/// The journal's words for a value entered (`replaced`: over an earlier one).
pub(crate) fn value_entered(replaced: bool, code: &str, period: &Period, value: &str) -> Message {
    let key = if replaced {
        "journal-value-changed"
    } else {
        "journal-value-added"
    };
    Message::new(key)
        .with("code", code)
        .with("period", period.label())
        .with("value", value)
}
