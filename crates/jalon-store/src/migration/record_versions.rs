//! Every editable record that two people may save at once (an action sheet, an indicator's
//! value, a block of report content) gets a version, so that a save based on an older one
//! is refused instead of undoing the other (see `crate::versions`).

use sea_orm_migration::prelude::*;

use super::a;

/// The version columns.
pub struct RecordVersions;

impl MigrationName for RecordVersions {
    fn name(&self) -> &str {
        "m20261206_000009_record_versions"
    }
}

/// The tables whose rows carry a version.
const TABLES: [&str; 3] = ["action", "measurement", "report_block"];

#[async_trait::async_trait]
impl MigrationTrait for RecordVersions {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .add_column(
                            ColumnDef::new(a("version"))
                                .big_integer()
                                .not_null()
                                .default(1),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .drop_column(a("version"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
