//! Indicator values computed by Jalon (from the carbon inventories, the research and
//! teaching inventories) rather than typed: written as validated values with their
//! provenance, rewritten only when they change, each write in the audit log. One writer for
//! every source, so the rules (rounding, state, provenance) are the same everywhere. Which
//! indicators are fed by which figure is an institution setting, stored and checked here too.
//!
//! A use case that changes what indicators are computed from ends with
//! `App::finish_feeding`: the fed values are rewritten in the use case's own transaction,
//! so the change and everything derived from it commit together, or not at all.

use crate::ErrorCode;
use chrono::{DateTime, Utc};
use jalon_core::access::Operation;
use jalon_core::message::Message;
use jalon_core::number::parse_measured;
use jalon_core::period::Period;
use jalon_core::plan::{Measurement, MeasurementState};
use jalon_core::provenance::Provenance;
use jalon_store::audit::Change;
use jalon_store::plan::kinds;
use jalon_store::{ConnectionTrait, DatabaseTransaction, updates};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Actor, App, AppError, AppResult};

/// What feeds computed indicator values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// The carbon inventories (and the business travel they hold).
    Carbon,
    /// The research and teaching inventories and their SDGs.
    Sdg,
}

impl Feed {
    /// The journal's word for what the values are computed from.
    fn journal_word(self) -> &'static str {
        match self {
            Feed::Carbon => "journal-feed-carbon",
            Feed::Sdg => "journal-feed-sdg",
        }
    }
}

/// A link from a plan indicator to a figure Jalon computes.
pub trait IndicatorLinked {
    /// The code of the plan indicator.
    fn indicator_code(&self) -> &str;
}

/// A value computed for an indicator and a year.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedValue {
    pub indicator_code: String,
    pub year: i32,
    pub value: f64,
    /// Where it comes from, stored as a code and shown in the reader's language.
    pub source: Provenance,
    pub illustrative: bool,
}

impl App {
    /// The indicator links stored under `key` (none when never set).
    pub(crate) async fn linked_indicators<T: DeserializeOwned>(
        &self,
        institution_id: i64,
        key: &str,
    ) -> AppResult<Vec<T>> {
        self.linked_indicators_on(self.store.db(), institution_id, key)
            .await
    }

    /// The indicator links stored under `key` as `conn` sees them.
    pub(crate) async fn linked_indicators_on<T: DeserializeOwned, C: ConnectionTrait>(
        &self,
        conn: &C,
        institution_id: i64,
        key: &str,
    ) -> AppResult<Vec<T>> {
        match jalon_store::carbon::setting(conn, institution_id, key).await? {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| AppError::Internal(e.to_string()))
            }
            None => Ok(Vec::new()),
        }
    }

    /// Stores indicator links under `key` (editors) after checking every indicator exists,
    /// and computes the linked values from `feed` in the same transaction.
    pub(crate) async fn save_linked_indicators<T: Serialize + IndicatorLinked>(
        &self,
        actor: &Actor,
        key: &str,
        links: &[T],
        feed: Feed,
    ) -> AppResult<()> {
        actor.require(Operation::EditPlan)?;
        let view = self.view_for(actor).await?;
        if let Some(l) = links
            .iter()
            .find(|l| view.indicator_id(l.indicator_code()).is_none())
        {
            return Err(AppError::invalid(
                "indicator",
                ErrorCode::UnknownIndicator,
                l.indicator_code(),
            ));
        }
        let json = serde_json::to_string(links).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        jalon_store::carbon::set_setting(&txn, actor.institution_id, key, &json).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "setting",
                entity_id: None,
                operation: "update",
                message: Message::new("journal-indicators-linked")
                    .with("count", links.len())
                    .word("source", feed.journal_word()),
                before: None,
                after: serde_json::to_value(links).ok(),
            },
            now,
            feed,
        )
        .await
    }

    /// Ends a use case that changed what `feed` computes from: the fed indicators' values are
    /// rewritten in the use case's transaction, then the change is journaled and committed —
    /// all of it, or nothing.
    pub(crate) async fn finish_feeding(
        &self,
        txn: DatabaseTransaction,
        change: Change<'_>,
        now: DateTime<Utc>,
        feed: Feed,
    ) -> AppResult<()> {
        let institution_id = change.institution_id;
        let values = match feed {
            Feed::Carbon => self.carbon_indicator_values(&txn, institution_id).await?,
            Feed::Sdg => self.sdg_indicator_values(&txn, institution_id).await?,
        };
        self.write_computed_values(&txn, institution_id, values, feed, now)
            .await?;
        self.finish(txn, change, now).await
    }

    /// Writes computed values (one decimal) as validated measurements; values already stored
    /// with the same text, source and state are left alone. `feed` names the source in the
    /// audit log.
    pub(crate) async fn write_computed_values(
        &self,
        txn: &DatabaseTransaction,
        institution_id: i64,
        values: Vec<ComputedValue>,
        feed: Feed,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let view = self.plan_view(institution_id).await?;
        let mut writes = Vec::new();
        for v in values {
            if !v.value.is_finite() {
                continue;
            }
            let Some(indicator_id) = view.indicator_id(&v.indicator_code) else {
                continue;
            };
            let Some((_, indicator)) = view.indicator(indicator_id) else {
                continue;
            };
            let text = format!("{:.1}", v.value);
            let source = v.source.code();
            let unchanged = indicator.measurements.iter().any(|m| {
                Period::parse(&m.period).ok() == Some(Period::Year { year: v.year })
                    && m.value == text
                    && m.source.as_deref() == Some(source.as_str())
                    && m.state == MeasurementState::Validated
            });
            if !unchanged {
                writes.push((indicator_id, text, v));
            }
        }
        for (indicator_id, text, v) in writes {
            let period = Period::Year { year: v.year };
            let m = Measurement {
                period: period.label(),
                value: text.clone(),
                state: MeasurementState::Validated,
                source: Some(v.source.code()),
                comment: None,
                evidence_url: None,
                illustrative: v.illustrative,
            };
            let parsed = parse_measured(&text).map_err(|e| AppError::Internal(e.to_string()))?;
            updates::upsert_measurement(txn, indicator_id, &period, &m, &parsed, None, now).await?;
            jalon_store::audit::record(
                txn,
                Change {
                    institution_id,
                    user_id: None,
                    entity_kind: kinds::INDICATOR,
                    entity_id: Some(indicator_id),
                    operation: "computed_value",
                    message: Message::new("journal-value-computed")
                        .with("code", &v.indicator_code)
                        .with("period", v.year)
                        .with("value", v.value)
                        .word("source", feed.journal_word()),
                    before: None,
                    after: None,
                },
                now,
            )
            .await?;
        }
        Ok(())
    }
}
