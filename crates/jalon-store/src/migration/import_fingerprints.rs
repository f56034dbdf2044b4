//! A mission file imported twice would count its trips, and charge their levy, twice. Each
//! mission import now keeps the SHA-256 of the file's bytes, unique per institution, so the
//! same file is refused the second time, even when two people send it at once. Imports made
//! before this migration have no fingerprint and are not compared.

use sea_orm_migration::prelude::*;

use super::a;

/// The fingerprint of mission imports.
pub struct ImportFingerprints;

impl MigrationName for ImportFingerprints {
    fn name(&self) -> &str {
        "m20261206_000008_import_fingerprints"
    }
}

/// The unique index of fingerprints per institution.
const INDEX: &str = "trip_batch_institution_content";

#[async_trait::async_trait]
impl MigrationTrait for ImportFingerprints {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("trip_batch"))
                    .add_column(ColumnDef::new(a("content_hash")).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(a("trip_batch"))
                    .col(a("institution_id"))
                    .col(a("content_hash"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(a("trip_batch")).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("trip_batch"))
                    .drop_column(a("content_hash"))
                    .to_owned(),
            )
            .await
    }
}
