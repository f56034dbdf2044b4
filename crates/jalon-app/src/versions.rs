//! No lost updates: a save names the version of the record it was based on, and is refused
//! with [`AppError::EditedMeanwhile`] (and the version now stored) when someone saved the
//! record in between. Pages keep the version in a hidden field; API clients send back the
//! `version` they read. A save without a version (an older API client, the command line)
//! is not checked, but still bumps the version so that others' forms see the change.

use jalon_store::ConnectionTrait;
pub use jalon_store::versions::Versioned;
use jalon_store::versions::{bump_version, version_of};

use crate::{Actor, App, AppError, AppResult};
use jalon_core::access::Operation;

/// What a record is called in messages when it is gone.
fn entity(record: Versioned) -> &'static str {
    match record {
        Versioned::Action => "action",
        Versioned::Measurement => "measurement",
        Versioned::ReportBlock => "report_block",
    }
}

/// Moves `record` `id` to its next version if it is still at `expected`, in the use case's
/// transaction; refuses the save when another came first.
pub(crate) async fn claim_version<C: ConnectionTrait>(
    txn: &C,
    record: Versioned,
    id: i64,
    expected: Option<i64>,
) -> AppResult<i64> {
    if let Some(v) = bump_version(txn, record, id, expected).await? {
        return Ok(v);
    }
    match version_of(txn, record, id).await? {
        Some(current) => Err(AppError::EditedMeanwhile(current)),
        None => Err(AppError::NotFound(entity(record))),
    }
}

impl App {
    /// The version of a record now, for a form to send back with its changes.
    pub async fn record_version(
        &self,
        actor: &Actor,
        record: Versioned,
        id: i64,
    ) -> AppResult<i64> {
        actor.require(Operation::View)?;
        version_of(self.store.db(), record, id)
            .await?
            .ok_or(AppError::NotFound(entity(record)))
    }
}
