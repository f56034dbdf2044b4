//! A strategy is revised after each review and adopted again by the board; the institution
//! needs to say which version was adopted when, and what changed from one to the next. A
//! plan version keeps the strategy as adopted (the plan without its values and follow-up, as
//! JSON), with the date, the body that adopted it and who recorded it.

use sea_orm_migration::prelude::*;

use super::a;

/// The adopted versions of the plan.
pub struct PlanVersions;

impl MigrationName for PlanVersions {
    fn name(&self) -> &str {
        "m20261206_000012_plan_versions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for PlanVersions {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("plan_version"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("label")).text().not_null())
                    .col(ColumnDef::new(a("adopted_on")).date().not_null())
                    .col(ColumnDef::new(a("adopted_by")).text().not_null())
                    .col(ColumnDef::new(a("note")).text().null())
                    .col(ColumnDef::new(a("document")).text().not_null())
                    .col(ColumnDef::new(a("recorded_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("recorded_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_version_institution_id")
                            .from(a("plan_version"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_version_recorded_by")
                            .from(a("plan_version"), a("recorded_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_plan_version_institution_id")
                    .table(a("plan_version"))
                    .col(a("institution_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("plan_version")).to_owned())
            .await
    }
}
