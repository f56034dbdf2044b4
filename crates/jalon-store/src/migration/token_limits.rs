//! An API token used to be valid until revoked and to carry every right of its owner: a
//! script that only reads the dashboard held a key able to rewrite the plan. A token now
//! has an optional expiry and may be read-only. Tokens made before this migration keep
//! working as they did: no expiry, full rights.

use sea_orm_migration::prelude::*;

use super::a;

/// Expiry and read-only scope of API tokens.
pub struct TokenLimits;

impl MigrationName for TokenLimits {
    fn name(&self) -> &str {
        "m20261206_000010_token_limits"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for TokenLimits {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(a("api_token"))
                    .add_column(
                        ColumnDef::new(a("expires_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("api_token"))
                    .add_column(
                        ColumnDef::new(a("read_only"))
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["read_only", "expires_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("api_token"))
                        .drop_column(a(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
