//! A domain lead (*référent*) carries one workstream (*chantier*) of the strategy: they keep
//! the actions and indicators of that chantier up to date, whoever the plan names as pilot or
//! owner, and nothing outside it beyond what they pilot or own themselves. An account records
//! the code of the chantier it leads; accounts made before this migration lead none.

use sea_orm_migration::prelude::*;

use super::a;

/// The workstream an account leads.
pub struct AccountDomains;

impl MigrationName for AccountDomains {
    fn name(&self) -> &str {
        "m20261207_000015_account_domains"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AccountDomains {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("user_account"))
                    .add_column(ColumnDef::new(a("domain")).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("user_account"))
                    .drop_column(a("domain"))
                    .to_owned(),
            )
            .await
    }
}
