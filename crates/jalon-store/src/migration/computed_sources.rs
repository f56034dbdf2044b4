//! A value Jalon computes (from the carbon inventories, the research or teaching inventories)
//! keeps where it comes from as a provenance code (`jalon:carbon-inventory?year=2025&factors=23.0`)
//! that each page says in its reader's language. This migration turns the French sentences
//! written before it ("Inventaire carbone 2025 (facteurs 23.0)", "Calculé par Jalon depuis les
//! inventaires carbone") into those codes; a value that does not read as such is left as it is.

use jalon_core::provenance::Provenance;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

use super::a;

/// The conversion of the computed values' sources.
pub struct ComputedSources;

impl MigrationName for ComputedSources {
    fn name(&self) -> &str {
        "m20261206_000007_computed_sources"
    }
}

/// The comments Jalon wrote beside its computed values before this migration.
const OLD_COMMENTS: [&str; 2] = [
    "Calculé par Jalon depuis les inventaires carbone",
    "Calculé par Jalon depuis les inventaires ODD",
];

/// The provenance an old French source sentence names.
pub(super) fn old_source(s: &str) -> Option<Provenance> {
    if let Some(rest) = s.strip_prefix("Inventaire carbone ") {
        let (year, factors) = rest.split_once(" (facteurs ")?;
        return Some(Provenance::CarbonInventory {
            year: year.trim().parse().ok()?,
            factors: factors.strip_suffix(')')?.to_string(),
        });
    }
    Some(match s {
        "Inventaire de la recherche : projets avec au moins un ODD confirmé" => {
            Provenance::ProjectsWithSdg
        }
        "Inventaire de la recherche : publications avec au moins un ODD confirmé" => {
            Provenance::PublicationsWithSdg
        }
        "Inventaire des formations : enseignements centrés sur ou intégrant le développement durable" => {
            Provenance::CoursesAddressingSustainability
        }
        "Inventaire des formations : formations avec un enseignement obligatoire centré sur le développement durable" => {
            Provenance::ProgrammesAddressingSustainability
        }
        _ => return None,
    })
}

#[async_trait::async_trait]
impl MigrationTrait for ComputedSources {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id, source, comment FROM measurement WHERE source LIKE 'Inventaire %'",
            ))
            .await?;
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let source: String = row.try_get("", "source")?;
            let comment: Option<String> = row.try_get("", "comment")?;
            let Some(provenance) = old_source(&source) else {
                continue;
            };
            let mut update = Query::update();
            update
                .table(a("measurement"))
                .value(a("source"), provenance.code())
                .and_where(Expr::col(a("id")).eq(id));
            if comment
                .as_deref()
                .is_some_and(|c| OLD_COMMENTS.contains(&c))
            {
                update.value(a("comment"), Option::<String>::None);
            }
            manager.exec_stmt(update.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The codes are said in words by the application; nothing to undo in the schema.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_sentences_read_back_as_provenances() {
        assert_eq!(
            old_source("Inventaire carbone 2024 (facteurs Base Empreinte 23.0)"),
            Some(Provenance::CarbonInventory {
                year: 2024,
                factors: "Base Empreinte 23.0".into()
            })
        );
        assert_eq!(
            old_source("Inventaire de la recherche : publications avec au moins un ODD confirmé"),
            Some(Provenance::PublicationsWithSdg)
        );
        assert_eq!(old_source("Inventaire du patrimoine 2023"), None);
    }
}
