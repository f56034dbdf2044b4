//! The schema: one migration set, applied as is to SQLite and PostgreSQL.
//!
//! Written with sea-query's portable builders (the checks of states, which neither builder
//! nor SQLite's `ALTER TABLE` can add, are the one place with backend-specific SQL), and
//! each migration runs in a transaction so a failure leaves the database as it was.

use sea_orm_migration::prelude::*;

mod account_domains;
mod campaigns;
mod computed_sources;
mod generated_words;
mod import_fingerprints;
mod journal_messages;
mod notifications;
mod plan_versions;
mod record_versions;
mod states;
mod token_limits;

pub use account_domains::AccountDomains;
pub use campaigns::Campaigns;
pub use computed_sources::ComputedSources;
pub use generated_words::GeneratedWords;
pub use import_fingerprints::ImportFingerprints;
pub use journal_messages::JournalMessages;
pub use notifications::Notifications;
pub use plan_versions::PlanVersions;
pub use record_versions::RecordVersions;
pub use states::States;
pub use token_limits::TokenLimits;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(Initial),
            Box::new(Carbon),
            Box::new(Inventories),
            Box::new(Frameworks),
            Box::new(States),
            Box::new(GeneratedWords),
            Box::new(ComputedSources),
            Box::new(ImportFingerprints),
            Box::new(RecordVersions),
            Box::new(TokenLimits),
            Box::new(JournalMessages),
            Box::new(PlanVersions),
            Box::new(Campaigns),
            Box::new(Notifications),
            Box::new(AccountDomains),
        ]
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

/// The initial schema: institution, people, accounts, strategy tree, measurements, actions,
/// tags, evidence, comments and the audit log.
struct Initial;

impl MigrationName for Initial {
    fn name(&self) -> &str {
        "m20261121_000001_initial"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Initial {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    // Long: a migration's schema, table by table, is read and reviewed as one piece; it
    // never changes once applied.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("institution"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("short_name")).text().null())
                    .col(
                        ColumnDef::new(a("revision"))
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("org_unit"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("parent_id")).big_integer().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_org_unit_institution_id")
                            .from(a("org_unit"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_org_unit_parent_id")
                            .from(a("org_unit"), a("parent_id"))
                            .to(a("org_unit"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("person"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("email")).text().null())
                    .col(ColumnDef::new(a("org_unit_id")).big_integer().null())
                    .col(ColumnDef::new(a("title")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_institution_id")
                            .from(a("person"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_org_unit_id")
                            .from(a("person"), a("org_unit_id"))
                            .to(a("org_unit"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("user_account"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("person_id")).big_integer().null())
                    .col(ColumnDef::new(a("username")).text().not_null())
                    .col(ColumnDef::new(a("display_name")).text().not_null())
                    .col(ColumnDef::new(a("password_hash")).text().not_null())
                    .col(ColumnDef::new(a("role")).text().not_null())
                    .col(ColumnDef::new(a("active")).boolean().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("last_login_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_account_institution_id")
                            .from(a("user_account"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_account_person_id")
                            .from(a("user_account"), a("person_id"))
                            .to(a("person"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("session"))
                    .col(ColumnDef::new(a("id")).text().not_null().primary_key())
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("csrf_token")).text().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("expires_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("last_seen_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_user_id")
                            .from(a("session"), a("user_id"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("api_token"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("token_hash")).text().not_null())
                    .col(ColumnDef::new(a("prefix")).text().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("last_used_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(a("revoked_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_token_user_id")
                            .from(a("api_token"), a("user_id"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("strategy"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("title_en")).text().null())
                    .col(ColumnDef::new(a("start_year")).integer().not_null())
                    .col(ColumnDef::new(a("end_year")).integer().not_null())
                    .col(ColumnDef::new(a("description")).text().null())
                    .col(ColumnDef::new(a("source")).text().null())
                    .col(ColumnDef::new(a("stated_objective_count")).integer().null())
                    .col(ColumnDef::new(a("stated_action_count")).integer().null())
                    .col(ColumnDef::new(a("campaign_year")).integer().null())
                    .col(ColumnDef::new(a("notes")).text().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_strategy_institution_id")
                            .from(a("strategy"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("axis"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("strategy_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("title_en")).text().null())
                    .col(ColumnDef::new(a("description")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_axis_strategy_id")
                            .from(a("axis"), a("strategy_id"))
                            .to(a("strategy"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("objective"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("strategy_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("axis_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("title_en")).text().null())
                    .col(ColumnDef::new(a("description")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_objective_strategy_id")
                            .from(a("objective"), a("strategy_id"))
                            .to(a("strategy"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_objective_axis_id")
                            .from(a("objective"), a("axis_id"))
                            .to(a("axis"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("target"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("strategy_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("objective_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("text")).text().null())
                    .col(ColumnDef::new(a("text_en")).text().null())
                    .col(ColumnDef::new(a("plan_table_text")).text().null())
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("direction")).text().not_null())
                    .col(ColumnDef::new(a("unit")).text().null())
                    .col(ColumnDef::new(a("baseline_year")).integer().null())
                    .col(ColumnDef::new(a("baseline_value")).double().null())
                    .col(ColumnDef::new(a("target_year")).integer().null())
                    .col(ColumnDef::new(a("target_value")).double().null())
                    .col(ColumnDef::new(a("change_percent")).double().null())
                    .col(ColumnDef::new(a("trajectory")).text().not_null())
                    .col(ColumnDef::new(a("annual_rate_percent")).double().null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(ColumnDef::new(a("note")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_target_strategy_id")
                            .from(a("target"), a("strategy_id"))
                            .to(a("strategy"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_target_objective_id")
                            .from(a("target"), a("objective_id"))
                            .to(a("objective"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("indicator"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("strategy_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("objective_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("name_en")).text().null())
                    .col(ColumnDef::new(a("unit")).text().null())
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("definition")).text().null())
                    .col(ColumnDef::new(a("formula")).text().not_null())
                    .col(ColumnDef::new(a("formula_detail")).text().null())
                    .col(ColumnDef::new(a("frequency")).text().null())
                    .col(ColumnDef::new(a("owner_person_id")).big_integer().null())
                    .col(ColumnDef::new(a("owner_unit_id")).big_integer().null())
                    .col(ColumnDef::new(a("source_system")).text().null())
                    .col(ColumnDef::new(a("baseline_year")).integer().null())
                    .col(ColumnDef::new(a("baseline_value")).double().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_strategy_id")
                            .from(a("indicator"), a("strategy_id"))
                            .to(a("strategy"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_objective_id")
                            .from(a("indicator"), a("objective_id"))
                            .to(a("objective"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_owner_person_id")
                            .from(a("indicator"), a("owner_person_id"))
                            .to(a("person"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_owner_unit_id")
                            .from(a("indicator"), a("owner_unit_id"))
                            .to(a("org_unit"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("target_indicator"))
                    .col(ColumnDef::new(a("target_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("indicator_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .primary_key(Index::create().col(a("target_id")).col(a("indicator_id")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_target_indicator_target_id")
                            .from(a("target_indicator"), a("target_id"))
                            .to(a("target"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_target_indicator_indicator_id")
                            .from(a("target_indicator"), a("indicator_id"))
                            .to(a("indicator"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("measurement"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("indicator_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("period")).text().not_null())
                    .col(ColumnDef::new(a("period_year")).integer().not_null())
                    .col(ColumnDef::new(a("value_text")).text().not_null())
                    .col(ColumnDef::new(a("value")).double().null())
                    .col(ColumnDef::new(a("value_low")).double().null())
                    .col(ColumnDef::new(a("value_high")).double().null())
                    .col(ColumnDef::new(a("qualifier")).text().null())
                    .col(ColumnDef::new(a("state")).text().not_null())
                    .col(ColumnDef::new(a("source")).text().null())
                    .col(ColumnDef::new(a("comment")).text().null())
                    .col(ColumnDef::new(a("evidence_url")).text().null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(ColumnDef::new(a("entered_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("entered_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("validated_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("validated_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measurement_indicator_id")
                            .from(a("measurement"), a("indicator_id"))
                            .to(a("indicator"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measurement_entered_by")
                            .from(a("measurement"), a("entered_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measurement_validated_by")
                            .from(a("measurement"), a("validated_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("action"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("strategy_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("objective_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("code")).text().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("title_en")).text().null())
                    .col(ColumnDef::new(a("description")).text().null())
                    .col(ColumnDef::new(a("pilot_person_id")).big_integer().null())
                    .col(ColumnDef::new(a("start_date")).date().null())
                    .col(ColumnDef::new(a("end_date")).date().null())
                    .col(ColumnDef::new(a("status")).text().not_null())
                    .col(ColumnDef::new(a("progress")).integer().null())
                    .col(
                        ColumnDef::new(a("budget_planned_cents"))
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(a("budget_committed_cents"))
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(a("budget_spent_cents")).big_integer().null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(ColumnDef::new(a("note")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(
                        ColumnDef::new(a("updated_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_strategy_id")
                            .from(a("action"), a("strategy_id"))
                            .to(a("strategy"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_objective_id")
                            .from(a("action"), a("objective_id"))
                            .to(a("objective"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_pilot_person_id")
                            .from(a("action"), a("pilot_person_id"))
                            .to(a("person"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("action_contributor"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("action_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("person_id")).big_integer().null())
                    .col(ColumnDef::new(a("org_unit_id")).big_integer().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_contributor_action_id")
                            .from(a("action_contributor"), a("action_id"))
                            .to(a("action"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_contributor_person_id")
                            .from(a("action_contributor"), a("person_id"))
                            .to(a("person"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_contributor_org_unit_id")
                            .from(a("action_contributor"), a("org_unit_id"))
                            .to(a("org_unit"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("action_milestone"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("action_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("due_date")).date().null())
                    .col(ColumnDef::new(a("done_on")).date().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_milestone_action_id")
                            .from(a("action_milestone"), a("action_id"))
                            .to(a("action"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("action_indicator"))
                    .col(ColumnDef::new(a("action_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("indicator_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .primary_key(Index::create().col(a("action_id")).col(a("indicator_id")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_indicator_action_id")
                            .from(a("action_indicator"), a("action_id"))
                            .to(a("action"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_indicator_indicator_id")
                            .from(a("action_indicator"), a("indicator_id"))
                            .to(a("indicator"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("sdg_tag"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("entity_kind")).text().not_null())
                    .col(ColumnDef::new(a("entity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("goal")).integer().not_null())
                    .col(ColumnDef::new(a("target")).text().null())
                    .col(ColumnDef::new(a("origin")).text().not_null())
                    .col(ColumnDef::new(a("state")).text().not_null())
                    .col(ColumnDef::new(a("score")).double().null())
                    .col(ColumnDef::new(a("evidence")).text().null())
                    .col(ColumnDef::new(a("created_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sdg_tag_institution_id")
                            .from(a("sdg_tag"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sdg_tag_created_by")
                            .from(a("sdg_tag"), a("created_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("evidence"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("issuer")).text().null())
                    .col(ColumnDef::new(a("adopted_on")).date().null())
                    .col(ColumnDef::new(a("adopted_by")).text().null())
                    .col(ColumnDef::new(a("valid_until")).date().null())
                    .col(ColumnDef::new(a("next_review")).date().null())
                    .col(ColumnDef::new(a("url")).text().null())
                    .col(ColumnDef::new(a("public")).boolean().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_institution_id")
                            .from(a("evidence"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("evidence_link"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("evidence_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("entity_kind")).text().not_null())
                    .col(ColumnDef::new(a("entity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_link_evidence_id")
                            .from(a("evidence_link"), a("evidence_id"))
                            .to(a("evidence"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("comment"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("entity_kind")).text().not_null())
                    .col(ColumnDef::new(a("entity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("author_name")).text().not_null())
                    .col(ColumnDef::new(a("author_user_id")).big_integer().null())
                    .col(ColumnDef::new(a("written_on")).date().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("body")).text().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comment_institution_id")
                            .from(a("comment"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_comment_author_user_id")
                            .from(a("comment"), a("author_user_id"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("audit_log"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("user_id")).big_integer().null())
                    .col(
                        ColumnDef::new(a("at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("entity_kind")).text().not_null())
                    .col(ColumnDef::new(a("entity_id")).big_integer().null())
                    .col(ColumnDef::new(a("operation")).text().not_null())
                    .col(ColumnDef::new(a("summary")).text().not_null())
                    .col(ColumnDef::new(a("before")).text().null())
                    .col(ColumnDef::new(a("after")).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_institution_id")
                            .from(a("audit_log"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_user_id")
                            .from(a("audit_log"), a("user_id"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_org_unit_institution_id_code")
                    .table(a("org_unit"))
                    .col(a("institution_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_person_institution_id_name")
                    .table(a("person"))
                    .col(a("institution_id"))
                    .col(a("name"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_user_account_username")
                    .table(a("user_account"))
                    .col(a("username"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_api_token_token_hash")
                    .table(a("api_token"))
                    .col(a("token_hash"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_axis_strategy_id_code")
                    .table(a("axis"))
                    .col(a("strategy_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_objective_strategy_id_code")
                    .table(a("objective"))
                    .col(a("strategy_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_target_strategy_id_code")
                    .table(a("target"))
                    .col(a("strategy_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_strategy_id_code")
                    .table(a("indicator"))
                    .col(a("strategy_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_action_strategy_id_code")
                    .table(a("action"))
                    .col(a("strategy_id"))
                    .col(a("code"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_measurement_indicator_id_period")
                    .table(a("measurement"))
                    .col(a("indicator_id"))
                    .col(a("period"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_session_user_id")
                    .table(a("session"))
                    .col(a("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_token_user_id")
                    .table(a("api_token"))
                    .col(a("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_objective_axis_id")
                    .table(a("objective"))
                    .col(a("axis_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_target_objective_id")
                    .table(a("target"))
                    .col(a("objective_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_indicator_objective_id")
                    .table(a("indicator"))
                    .col(a("objective_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_objective_id")
                    .table(a("action"))
                    .col(a("objective_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_contributor_action_id")
                    .table(a("action_contributor"))
                    .col(a("action_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_milestone_action_id")
                    .table(a("action_milestone"))
                    .col(a("action_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_target_indicator_indicator_id")
                    .table(a("target_indicator"))
                    .col(a("indicator_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_indicator_indicator_id")
                    .table(a("action_indicator"))
                    .col(a("indicator_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sdg_tag_entity_kind_entity_id")
                    .table(a("sdg_tag"))
                    .col(a("entity_kind"))
                    .col(a("entity_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_link_entity_kind_entity_id")
                    .table(a("evidence_link"))
                    .col(a("entity_kind"))
                    .col(a("entity_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_comment_entity_kind_entity_id")
                    .table(a("comment"))
                    .col(a("entity_kind"))
                    .col(a("entity_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_institution_id_at")
                    .table(a("audit_log"))
                    .col(a("institution_id"))
                    .col(a("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_entity_kind_entity_id")
                    .table(a("audit_log"))
                    .col(a("entity_kind"))
                    .col(a("entity_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_strategy_institution_id")
                    .table(a("strategy"))
                    .col(a("institution_id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("audit_log")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("comment")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("evidence_link")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("evidence")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("sdg_tag")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("action_indicator")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("action_milestone")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("action_contributor")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("action")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("measurement")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("target_indicator")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("indicator")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("target")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("objective")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("axis")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("strategy")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("api_token")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("session")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("user_account")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("person")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("org_unit")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("institution")).to_owned())
            .await?;
        Ok(())
    }
}

/// Carbon accounting: factor sets, inventories and activity data, missions and their
/// footprints, place fixes, mapping profiles, the compensation fund, settings; and the share
/// of each unit the institution owns.
struct Carbon;

impl MigrationName for Carbon {
    fn name(&self) -> &str {
        "m20261121_000002_carbon"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Carbon {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    // Long: a migration's schema, table by table, is read and reviewed as one piece; it
    // never changes once applied.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(a("org_unit"))
                    .add_column(ColumnDef::new(a("ownership_share")).double().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("factor_set"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("version")).text().not_null())
                    .col(ColumnDef::new(a("source")).text().not_null())
                    .col(ColumnDef::new(a("file_name")).text().null())
                    .col(ColumnDef::new(a("factor_count")).integer().not_null())
                    .col(
                        ColumnDef::new(a("imported_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("imported_by")).big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_factor_set_institution_id")
                            .from(a("factor_set"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_factor_set_imported_by")
                            .from(a("factor_set"), a("imported_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("emission_factor"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("factor_set_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("factor_id")).text().not_null())
                    .col(ColumnDef::new(a("data")).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_emission_factor_factor_set_id")
                            .from(a("emission_factor"), a("factor_set_id"))
                            .to(a("factor_set"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("inventory"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("org_unit_id")).big_integer().null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("factor_version")).text().not_null())
                    .col(ColumnDef::new(a("notes")).text().null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("updated_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inventory_institution_id")
                            .from(a("inventory"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_inventory_org_unit_id")
                            .from(a("inventory"), a("org_unit_id"))
                            .to(a("org_unit"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("activity"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("inventory_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("post")).text().not_null())
                    .col(ColumnDef::new(a("label")).text().not_null())
                    .col(ColumnDef::new(a("quantity")).double().not_null())
                    .col(ColumnDef::new(a("unit")).text().not_null())
                    .col(ColumnDef::new(a("factor_id")).text().not_null())
                    .col(ColumnDef::new(a("quality")).text().not_null())
                    .col(ColumnDef::new(a("source")).text().null())
                    .col(ColumnDef::new(a("comment")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_inventory_id")
                            .from(a("activity"), a("inventory_id"))
                            .to(a("inventory"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("trip_batch"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("file_name")).text().not_null())
                    .col(ColumnDef::new(a("format")).text().not_null())
                    .col(ColumnDef::new(a("org_unit")).text().null())
                    .col(ColumnDef::new(a("rows")).integer().not_null())
                    .col(ColumnDef::new(a("duplicates")).integer().not_null())
                    .col(ColumnDef::new(a("contrails")).boolean().not_null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(
                        ColumnDef::new(a("imported_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("imported_by")).big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trip_batch_institution_id")
                            .from(a("trip_batch"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trip_batch_imported_by")
                            .from(a("trip_batch"), a("imported_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("trip"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("batch_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("line")).integer().not_null())
                    .col(ColumnDef::new(a("mission")).text().not_null())
                    .col(ColumnDef::new(a("date")).date().not_null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("traveller")).text().null())
                    .col(ColumnDef::new(a("org_unit")).text().null())
                    .col(ColumnDef::new(a("budget_line")).text().null())
                    .col(ColumnDef::new(a("origin")).text().not_null())
                    .col(ColumnDef::new(a("origin_country")).text().not_null())
                    .col(ColumnDef::new(a("destination")).text().not_null())
                    .col(ColumnDef::new(a("destination_country")).text().not_null())
                    .col(ColumnDef::new(a("mode")).text().not_null())
                    .col(ColumnDef::new(a("occupants")).integer().null())
                    .col(ColumnDef::new(a("round_trip")).boolean().not_null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().null())
                    .col(ColumnDef::new(a("purpose")).text().null())
                    .col(ColumnDef::new(a("agent_status")).text().null())
                    .col(ColumnDef::new(a("status")).text().not_null())
                    .col(ColumnDef::new(a("from_name")).text().null())
                    .col(ColumnDef::new(a("from_country_code")).text().null())
                    .col(ColumnDef::new(a("to_name")).text().null())
                    .col(ColumnDef::new(a("to_country_code")).text().null())
                    .col(ColumnDef::new(a("great_circle_km")).double().null())
                    .col(ColumnDef::new(a("corrected_km")).double().null())
                    .col(ColumnDef::new(a("kg")).double().null())
                    .col(ColumnDef::new(a("kg_low")).double().null())
                    .col(ColumnDef::new(a("kg_high")).double().null())
                    .col(ColumnDef::new(a("factor_id")).text().null())
                    .col(ColumnDef::new(a("factor_version")).text().null())
                    .col(ColumnDef::new(a("factor_value")).double().null())
                    .col(ColumnDef::new(a("formula")).text().null())
                    .col(ColumnDef::new(a("levy_cents")).big_integer().null())
                    .col(ColumnDef::new(a("flags")).text().null())
                    .col(ColumnDef::new(a("problem")).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trip_institution_id")
                            .from(a("trip"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trip_batch_id")
                            .from(a("trip"), a("batch_id"))
                            .to(a("trip_batch"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("place_fix"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("text")).text().not_null())
                    .col(ColumnDef::new(a("country")).text().not_null())
                    .col(ColumnDef::new(a("fix")).text().not_null())
                    .col(ColumnDef::new(a("label")).text().not_null())
                    .col(ColumnDef::new(a("created_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_place_fix_institution_id")
                            .from(a("place_fix"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_place_fix_created_by")
                            .from(a("place_fix"), a("created_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("mapping_profile"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("profile")).text().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mapping_profile_institution_id")
                            .from(a("mapping_profile"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("levy_rule"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("rule")).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_levy_rule_institution_id")
                            .from(a("levy_rule"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("ledger_entry"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("date")).date().null())
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("unit")).text().not_null())
                    .col(ColumnDef::new(a("budget_line")).text().null())
                    .col(ColumnDef::new(a("amount_cents")).big_integer().not_null())
                    .col(ColumnDef::new(a("description")).text().not_null())
                    .col(ColumnDef::new(a("kg")).double().null())
                    .col(ColumnDef::new(a("expected_reduction_kg")).double().null())
                    .col(ColumnDef::new(a("batch_id")).big_integer().null())
                    .col(ColumnDef::new(a("created_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entry_institution_id")
                            .from(a("ledger_entry"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entry_batch_id")
                            .from(a("ledger_entry"), a("batch_id"))
                            .to(a("trip_batch"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entry_created_by")
                            .from(a("ledger_entry"), a("created_by"))
                            .to(a("user_account"), a("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("setting"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("key")).text().not_null())
                    .col(ColumnDef::new(a("value")).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_setting_institution_id")
                            .from(a("setting"), a("institution_id"))
                            .to(a("institution"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_factor_set_institution_id_version")
                    .table(a("factor_set"))
                    .col(a("institution_id"))
                    .col(a("version"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_emission_factor_factor_set_id_factor_id")
                    .table(a("emission_factor"))
                    .col(a("factor_set_id"))
                    .col(a("factor_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_inventory_institution_id_org_unit_id_year")
                    .table(a("inventory"))
                    .col(a("institution_id"))
                    .col(a("org_unit_id"))
                    .col(a("year"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_place_fix_institution_id_text_country")
                    .table(a("place_fix"))
                    .col(a("institution_id"))
                    .col(a("text"))
                    .col(a("country"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_mapping_profile_institution_id_name")
                    .table(a("mapping_profile"))
                    .col(a("institution_id"))
                    .col(a("name"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_levy_rule_institution_id_year")
                    .table(a("levy_rule"))
                    .col(a("institution_id"))
                    .col(a("year"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_setting_institution_id_key")
                    .table(a("setting"))
                    .col(a("institution_id"))
                    .col(a("key"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_inventory_id")
                    .table(a("activity"))
                    .col(a("inventory_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_trip_institution_id_year")
                    .table(a("trip"))
                    .col(a("institution_id"))
                    .col(a("year"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_trip_batch_id")
                    .table(a("trip"))
                    .col(a("batch_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_trip_institution_id_status")
                    .table(a("trip"))
                    .col(a("institution_id"))
                    .col(a("status"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_ledger_entry_institution_id_year")
                    .table(a("ledger_entry"))
                    .col(a("institution_id"))
                    .col(a("year"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("setting")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("ledger_entry")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("levy_rule")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("mapping_profile")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("place_fix")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("trip")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("trip_batch")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("activity")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("inventory")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("emission_factor")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("factor_set")).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("org_unit"))
                    .drop_column(a("ownership_share"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

/// The research and teaching inventories: imports, research projects, publications,
/// programmes and courses (their SDG tags are rows of `sdg_tag`).
struct Inventories;

impl MigrationName for Inventories {
    fn name(&self) -> &str {
        "m20261122_000003_inventories"
    }
}

/// A table with an auto-increment `id` and an `institution_id` deleted with its institution.
fn owned_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(a(name))
        .col(
            ColumnDef::new(a("id"))
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .name(format!("fk_{name}_institution_id"))
                .from(a(name), a("institution_id"))
                .to(a("institution"), a("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn text(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().not_null().to_owned()
}

fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().null().to_owned()
}

fn int_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).integer().null().to_owned()
}

/// A reference to another row, deleted with it.
fn cascade(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(target), a("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Inventories {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    // Long: a migration's schema, table by table, is read and reviewed as one piece; it
    // never changes once applied.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                owned_table("inventory_import")
                    .col(text("kind"))
                    .col(text("file_name"))
                    .col(text("format"))
                    .col(ColumnDef::new(a("records")).integer().not_null())
                    .col(ColumnDef::new(a("rejected")).integer().not_null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(
                        ColumnDef::new(a("imported_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("imported_by")).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("research_project")
                    .col(ColumnDef::new(a("import_id")).big_integer().null())
                    .col(text_null("reference"))
                    .col(text_null("acronym"))
                    .col(text("title"))
                    .col(text_null("summary"))
                    .col(text_null("lab"))
                    .col(int_null("start_year"))
                    .col(int_null("end_year"))
                    .col(text_null("partners"))
                    .col(text_null("funding"))
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .foreign_key(&mut cascade(
                        "research_project",
                        "import_id",
                        "inventory_import",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("publication")
                    .col(ColumnDef::new(a("import_id")).big_integer().null())
                    .col(text_null("hal_id"))
                    .col(text_null("doi"))
                    .col(text("title"))
                    .col(text_null("abstract_text"))
                    .col(text_null("keywords"))
                    .col(text_null("authors"))
                    .col(int_null("year"))
                    .col(text_null("lab"))
                    .col(text_null("doc_type"))
                    .col(text_null("venue"))
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .foreign_key(&mut cascade("publication", "import_id", "inventory_import"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("programme")
                    .col(text("name"))
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("course")
                    .col(ColumnDef::new(a("import_id")).big_integer().null())
                    .col(ColumnDef::new(a("programme_id")).big_integer().not_null())
                    .col(text_null("code"))
                    .col(text("title"))
                    .col(text_null("description"))
                    .col(ColumnDef::new(a("ects")).double().null())
                    .col(ColumnDef::new(a("hours")).double().null())
                    .col(ColumnDef::new(a("mandatory")).boolean().null())
                    .col(text("focus"))
                    .col(text("focus_state"))
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .foreign_key(&mut cascade("course", "import_id", "inventory_import"))
                    .foreign_key(&mut cascade("course", "programme_id", "programme"))
                    .to_owned(),
            )
            .await?;
        for (table, col) in [
            ("research_project", "institution_id"),
            ("publication", "institution_id"),
            ("course", "programme_id"),
            ("sdg_tag", "institution_id"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("ix_{table}_{col}"))
                        .table(a(table))
                        .col(a(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_sdg_tag_institution_id")
                    .table(a("sdg_tag"))
                    .to_owned(),
            )
            .await?;
        for t in [
            "course",
            "programme",
            "publication",
            "research_project",
            "inventory_import",
        ] {
            manager
                .drop_table(Table::drop().table(a(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Frameworks and report content: THE Impact editions and answers (their evidence items are
/// rows of `evidence` linked through `evidence_link`), the DD&RS self-assessment (items and
/// yearly levels), report text blocks and the key figures highlighted in report chapters.
struct Frameworks;

impl MigrationName for Frameworks {
    fn name(&self) -> &str {
        "m20261123_000004_frameworks"
    }
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Frameworks {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    // Long: a migration's schema, table by table, is read and reviewed as one piece; it
    // never changes once applied.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                owned_table("the_edition")
                    .col(text("name"))
                    .col(text("source"))
                    .col(timestamp("imported_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("the_answer")
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(text("indicator_code"))
                    .col(ColumnDef::new(a("exists_answer")).boolean().null())
                    .col(ColumnDef::new(a("value")).double().null())
                    .col(text_null("plan_indicator"))
                    .col(text_null("note"))
                    .col(timestamp("updated_at"))
                    .col(ColumnDef::new(a("updated_by")).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("ddrs_item")
                    .col(text("axis"))
                    .col(text("code"))
                    .col(text("title"))
                    .col(text_null("title_en"))
                    .col(text_null("description"))
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("ddrs_assessment")
                    .col(ColumnDef::new(a("item_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("year")).integer().not_null())
                    .col(ColumnDef::new(a("level")).integer().not_null())
                    .col(text("justification"))
                    .col(text("actions"))
                    .col(text("indicators"))
                    .col(timestamp("updated_at"))
                    .col(ColumnDef::new(a("updated_by")).big_integer().null())
                    .foreign_key(&mut cascade("ddrs_assessment", "item_id", "ddrs_item"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("report_block")
                    .col(text("kind"))
                    .col(int_null("year"))
                    .col(text("title"))
                    .col(text_null("title_en"))
                    .col(text("body"))
                    .col(text_null("body_en"))
                    .col(text_null("url"))
                    .col(text("sdgs"))
                    .col(text("metrics"))
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                owned_table("report_highlight")
                    .col(ColumnDef::new(a("goal")).integer().not_null())
                    .col(text("indicator_code"))
                    .col(int_null("compare_year"))
                    .col(text("comparison"))
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .to_owned(),
            )
            .await?;
        for (table, cols) in [
            ("the_edition", &["institution_id", "name"][..]),
            (
                "the_answer",
                &["institution_id", "year", "indicator_code"][..],
            ),
            ("ddrs_item", &["institution_id", "code"][..]),
            ("ddrs_assessment", &["item_id", "year"][..]),
            (
                "report_highlight",
                &["institution_id", "goal", "indicator_code"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(format!("ux_{table}")).table(a(table)).unique();
            for c in cols {
                index.col(a(c));
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_report_block_institution_id")
                    .table(a("report_block"))
                    .col(a("institution_id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "report_highlight",
            "report_block",
            "ddrs_assessment",
            "ddrs_item",
            "the_answer",
            "the_edition",
        ] {
            manager
                .drop_table(Table::drop().table(a(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
