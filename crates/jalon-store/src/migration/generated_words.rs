//! Words Jalon generates are not stored as sentences: a levy of a mission import keeps the
//! file's name and the number of trips, a travel activity line its factor's name and the
//! number of trips, and each page or report says them in its reader's language. This
//! migration adds the `trips` columns and turns the French sentences written before it
//! (`"3 déplacement(s) — missions.csv"`, `"Avion court-courrier — 3 déplacement(s)"`) into
//! those parts; a row that does not read as such a sentence is left as it is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

use super::a;

/// The `trips` columns and the conversion of the sentences stored before.
pub struct GeneratedWords;

impl MigrationName for GeneratedWords {
    fn name(&self) -> &str {
        "m20261206_000006_generated_words"
    }
}

/// `"3 déplacement(s) — missions.csv"` → (3, `missions.csv`).
pub(super) fn levy_sentence(s: &str) -> Option<(i64, &str)> {
    let (n, file) = s.split_once(" déplacement(s) — ")?;
    Some((n.trim().parse().ok()?, file))
}

/// `"Avion court-courrier — 3 déplacement(s)"` → (`Avion court-courrier`, 3).
pub(super) fn activity_sentence(s: &str) -> Option<(&str, i64)> {
    let (factor, n) = s.strip_suffix(" déplacement(s)")?.rsplit_once(" — ")?;
    Some((factor, n.trim().parse().ok()?))
}

#[async_trait::async_trait]
impl MigrationTrait for GeneratedWords {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["ledger_entry", "activity"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .add_column(ColumnDef::new(a("trips")).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let levies = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, description FROM ledger_entry WHERE kind = 'levy' AND batch_id IS NOT NULL",
            ))
            .await?;
        for row in levies {
            let id: i64 = row.try_get("", "id")?;
            let description: String = row.try_get("", "description")?;
            if let Some((trips, file)) = levy_sentence(&description) {
                manager
                    .exec_stmt(
                        Query::update()
                            .table(a("ledger_entry"))
                            .value(a("description"), file)
                            .value(a("trips"), trips)
                            .and_where(Expr::col(a("id")).eq(id))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        let activities = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, label FROM activity WHERE label LIKE '% déplacement(s)'",
            ))
            .await?;
        for row in activities {
            let id: i64 = row.try_get("", "id")?;
            let label: String = row.try_get("", "label")?;
            if let Some((factor, trips)) = activity_sentence(&label) {
                manager
                    .exec_stmt(
                        Query::update()
                            .table(a("activity"))
                            .value(a("label"), factor)
                            .value(a("trips"), trips)
                            .and_where(Expr::col(a("id")).eq(id))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["ledger_entry", "activity"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .drop_column(a("trips"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_sentences_read_back_into_their_parts() {
        assert_eq!(
            levy_sentence("12 déplacement(s) — missions 2024.csv"),
            Some((12, "missions 2024.csv"))
        );
        assert_eq!(
            activity_sentence("Avion — court-courrier — 3 déplacement(s)"),
            Some(("Avion — court-courrier", 3))
        );
        assert_eq!(levy_sentence("Achat de vélos"), None);
        assert_eq!(activity_sentence("Électricité — 4 sites"), None);
    }
}
