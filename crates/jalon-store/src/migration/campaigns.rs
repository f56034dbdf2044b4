//! Once a year every owner supplies the values of their indicators and the status of their
//! actions by a deadline. A campaign records the year, the dates and the scope; its items
//! say who owes what, and keep an editor's return with its reason and a pilot's note.

use sea_orm_migration::prelude::*;

use super::a;

/// The yearly data-collection campaigns and their items.
pub struct Campaigns;

impl MigrationName for Campaigns {
    fn name(&self) -> &str {
        "m20261206_000013_campaigns"
    }
}

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn user_fk(table: &str, column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a("user_account"), a("id"))
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Campaigns {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_campaign(manager).await?;
        create_items(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("campaign_item")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("campaign")).to_owned())
            .await
    }
}

/// The campaigns: one per institution and year.
async fn create_campaign(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(a("campaign"))
                .col(id())
                .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                .col(ColumnDef::new(a("year")).integer().not_null())
                .col(ColumnDef::new(a("label")).text().not_null())
                .col(ColumnDef::new(a("opens_on")).date().not_null())
                .col(ColumnDef::new(a("deadline")).date().not_null())
                .col(ColumnDef::new(a("scope")).text().not_null())
                .col(ColumnDef::new(a("state")).text().not_null())
                .col(ColumnDef::new(a("opened_by")).big_integer().null())
                .col(
                    ColumnDef::new(a("opened_at"))
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(a("closed_by")).big_integer().null())
                .col(timestamp("closed_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_campaign_institution_id")
                        .from(a("campaign"), a("institution_id"))
                        .to(a("institution"), a("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut user_fk("campaign", "opened_by"))
                .foreign_key(&mut user_fk("campaign", "closed_by"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ux_campaign_institution_year")
                .table(a("campaign"))
                .col(a("institution_id"))
                .col(a("year"))
                .unique()
                .to_owned(),
        )
        .await
}

/// The items: one per indicator value or action and campaign.
async fn create_items(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(a("campaign_item"))
                .col(id())
                .col(ColumnDef::new(a("campaign_id")).big_integer().not_null())
                .col(ColumnDef::new(a("kind")).text().not_null())
                .col(ColumnDef::new(a("entity_id")).big_integer().not_null())
                .col(ColumnDef::new(a("owner")).text().null())
                .col(ColumnDef::new(a("state")).text().not_null())
                .col(ColumnDef::new(a("reason")).text().null())
                .col(ColumnDef::new(a("returned_by")).big_integer().null())
                .col(timestamp("returned_at"))
                .col(ColumnDef::new(a("note")).text().null())
                .col(ColumnDef::new(a("submitted_by")).big_integer().null())
                .col(timestamp("submitted_at"))
                .col(ColumnDef::new(a("validated_by")).big_integer().null())
                .col(timestamp("validated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_campaign_item_campaign_id")
                        .from(a("campaign_item"), a("campaign_id"))
                        .to(a("campaign"), a("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut user_fk("campaign_item", "returned_by"))
                .foreign_key(&mut user_fk("campaign_item", "submitted_by"))
                .foreign_key(&mut user_fk("campaign_item", "validated_by"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ux_campaign_item_entity")
                .table(a("campaign_item"))
                .col(a("campaign_id"))
                .col(a("kind"))
                .col(a("entity_id"))
                .unique()
                .to_owned(),
        )
        .await
}
