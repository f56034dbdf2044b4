//! States and kinds checked by the database: a column that holds a domain state (a tag's
//! review state, a value's review state, an action's status, a role…) accepts only the stable
//! names of that state, whatever writes to it. PostgreSQL gets a `CHECK` constraint;
//! SQLite, which cannot add one to an existing table, gets triggers that abort the insert or
//! update. The names are written out here, not taken from the enums: a migration says what
//! the schema was when it was written; a new state comes with a new migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

/// Every checked column with the names it accepts.
pub(super) const CHECKED: &[(&str, &str, &[&str])] = &[
    (
        "org_unit",
        "kind",
        &["service", "lab", "component", "department", "committee"],
    ),
    (
        "user_account",
        "role",
        &["viewer", "contributor", "editor", "admin"],
    ),
    (
        "target",
        "kind",
        &[
            "numeric",
            "count",
            "yes_no",
            "milestone",
            "rank",
            "qualitative",
        ],
    ),
    ("target", "direction", &["increase", "decrease", "maintain"]),
    (
        "indicator",
        "kind",
        &[
            "numeric",
            "count",
            "yes_no",
            "milestone",
            "rank",
            "qualitative",
        ],
    ),
    (
        "indicator",
        "formula",
        &["direct", "ratio", "change_vs_reference"],
    ),
    ("measurement", "state", &["draft", "submitted", "validated"]),
    (
        "action",
        "status",
        &[
            "planned",
            "in_progress",
            "done",
            "recurring",
            "suspended",
            "abandoned",
        ],
    ),
    (
        "sdg_tag",
        "entity_kind",
        &["objective", "action", "project", "publication", "course"],
    ),
    ("sdg_tag", "origin", &["manual", "suggested"]),
    ("sdg_tag", "state", &["proposed", "confirmed", "rejected"]),
    (
        "course",
        "focus_state",
        &["proposed", "confirmed", "rejected"],
    ),
    ("trip", "status", &["computed", "unresolved"]),
    ("ledger_entry", "kind", &["levy", "reinvestment"]),
    (
        "report_block",
        "kind",
        &[
            "text",
            "policy",
            "programme",
            "event",
            "partnership",
            "foreword",
        ],
    ),
    (
        "report_highlight",
        "comparison",
        &["auto", "relative", "points"],
    ),
];

/// The checks of the `CHECKED` list: a CHECK constraint or two triggers per column.
pub struct States;

impl MigrationName for States {
    fn name(&self) -> &str {
        "m20261204_000005_states"
    }
}

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait::async_trait]
impl MigrationTrait for States {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, values) in CHECKED {
            let allowed = list(values);
            let name = format!("{table}_{column}_values");
            match db.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" CHECK (\"{column}\" IN ({allowed}))"
                    ))
                    .await?;
                }
                _ => {
                    for when in ["insert", "update"] {
                        let event = if when == "insert" {
                            "INSERT".to_string()
                        } else {
                            format!("UPDATE OF \"{column}\"")
                        };
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER \"{name}_{when}\" BEFORE {event} ON \"{table}\" FOR EACH ROW \
                             WHEN NEW.\"{column}\" NOT IN ({allowed}) \
                             BEGIN SELECT RAISE(ABORT, '{table}.{column}: value not allowed'); END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, _) in CHECKED {
            let name = format!("{table}_{column}_values");
            match db.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\""
                    ))
                    .await?;
                }
                _ => {
                    for when in ["insert", "update"] {
                        db.execute_unprepared(&format!("DROP TRIGGER \"{name}_{when}\""))
                            .await?;
                    }
                }
            }
        }
        Ok(())
    }
}
