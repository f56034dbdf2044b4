//! A person is told in the application when a campaign opens, when its deadline nears or has
//! passed, and when an item comes back; the same notifications go by mail in one digest, at
//! the frequency and in the language the person chose. Mail waits in a queue in the database
//! until the mail server accepts it, so a server that is down loses nothing.

use sea_orm_migration::prelude::*;

use super::a;

/// Notifications, each person's mail settings and the mail queue.
pub struct Notifications;

impl MigrationName for Notifications {
    fn name(&self) -> &str {
        "m20261207_000014_notifications"
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

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn required_timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn cascade(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to), a("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Notifications {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_notification(manager).await?;
        create_settings(manager).await?;
        create_outbox(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["mail_outbox", "notification_setting", "notification"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A notification to one account, read or not, carried by a digest or not yet.
async fn create_notification(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(a("notification"))
                .col(id())
                .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                .col(ColumnDef::new(a("account_id")).big_integer().not_null())
                .col(ColumnDef::new(a("kind")).text().not_null())
                .col(ColumnDef::new(a("campaign_id")).big_integer().null())
                .col(ColumnDef::new(a("item_id")).big_integer().null())
                .col(ColumnDef::new(a("once_key")).text().not_null())
                .col(required_timestamp("created_at"))
                .col(timestamp("read_at"))
                .col(timestamp("mailed_at"))
                .foreign_key(&mut cascade(
                    "notification",
                    "institution_id",
                    "institution",
                ))
                .foreign_key(&mut cascade("notification", "account_id", "user_account"))
                .foreign_key(&mut cascade("notification", "campaign_id", "campaign"))
                .foreign_key(&mut cascade("notification", "item_id", "campaign_item"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ux_notification_once")
                .table(a("notification"))
                .col(a("account_id"))
                .col(a("once_key"))
                .unique()
                .to_owned(),
        )
        .await
}

/// How a person wants their mail: language, frequency, and when the last digest left.
async fn create_settings(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(a("notification_setting"))
                .col(
                    ColumnDef::new(a("account_id"))
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(a("language")).text().not_null())
                .col(ColumnDef::new(a("frequency")).text().not_null())
                .col(timestamp("last_digest_at"))
                .foreign_key(&mut cascade(
                    "notification_setting",
                    "account_id",
                    "user_account",
                ))
                .to_owned(),
        )
        .await
}

/// The mail queue: each mail with its tries and the last error.
async fn create_outbox(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(a("mail_outbox"))
                .col(id())
                .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                .col(ColumnDef::new(a("account_id")).big_integer().null())
                .col(ColumnDef::new(a("recipient")).text().not_null())
                .col(ColumnDef::new(a("subject")).text().not_null())
                .col(ColumnDef::new(a("body")).text().not_null())
                .col(ColumnDef::new(a("state")).text().not_null())
                .col(ColumnDef::new(a("attempts")).integer().not_null())
                .col(required_timestamp("next_attempt_at"))
                .col(ColumnDef::new(a("last_error")).text().null())
                .col(required_timestamp("created_at"))
                .col(timestamp("sent_at"))
                .foreign_key(&mut cascade("mail_outbox", "institution_id", "institution"))
                .foreign_key(
                    &mut ForeignKey::create()
                        .name("fk_mail_outbox_account_id")
                        .from(a("mail_outbox"), a("account_id"))
                        .to(a("user_account"), a("id"))
                        .on_delete(ForeignKeyAction::SetNull)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ix_mail_outbox_due")
                .table(a("mail_outbox"))
                .col(a("state"))
                .col(a("next_attempt_at"))
                .to_owned(),
        )
        .await
}
