//! A journal entry used to store its summary as an English sentence, so a French reader got
//! English. An entry now stores a message: its catalogue key and named arguments (JSON), and
//! the words are chosen when it is read, in the reader's language. Entries written before
//! this migration keep their sentence and are shown as they were written.

use sea_orm_migration::prelude::*;

use super::a;

/// The journal's messages.
pub struct JournalMessages;

impl MigrationName for JournalMessages {
    fn name(&self) -> &str {
        "m20261206_000011_journal_messages"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for JournalMessages {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("audit_log"))
                    .add_column(ColumnDef::new(a("message")).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("audit_log"))
                    .drop_column(a("message"))
                    .to_owned(),
            )
            .await
    }
}
