//! The schema: one migration set, applied as is to SQLite and PostgreSQL.
//!
//! Written with sea-query's portable builders only (no backend-specific SQL), and each
//! migration runs in a transaction so a failure leaves the database as it was.

use sea_orm_migration::prelude::*;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(Initial)]
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

/// The initial schema: institution, people, accounts, strategy tree, measurements, actions,
/// tags, evidence, comments and the audit log.
#[derive(DeriveMigrationName)]
struct Initial;

#[async_trait::async_trait]
impl MigrationTrait for Initial {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("institution"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("short_name")).text().null())
                    .col(ColumnDef::new(a("revision")).big_integer().not_null().default(0))
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("org_unit"))
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("person_id")).big_integer().null())
                    .col(ColumnDef::new(a("username")).text().not_null())
                    .col(ColumnDef::new(a("display_name")).text().not_null())
                    .col(ColumnDef::new(a("password_hash")).text().not_null())
                    .col(ColumnDef::new(a("role")).text().not_null())
                    .col(ColumnDef::new(a("active")).boolean().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("last_login_at")).timestamp_with_time_zone().null())
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
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("expires_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("last_seen_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    .col(ColumnDef::new(a("token_hash")).text().not_null())
                    .col(ColumnDef::new(a("prefix")).text().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("last_used_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("revoked_at")).timestamp_with_time_zone().null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("entered_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("validated_by")).big_integer().null())
                    .col(ColumnDef::new(a("validated_at")).timestamp_with_time_zone().null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("budget_planned_cents")).big_integer().null())
                    .col(ColumnDef::new(a("budget_committed_cents")).big_integer().null())
                    .col(ColumnDef::new(a("budget_spent_cents")).big_integer().null())
                    .col(ColumnDef::new(a("illustrative")).boolean().not_null())
                    .col(ColumnDef::new(a("note")).text().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(ColumnDef::new(a("updated_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("entity_kind")).text().not_null())
                    .col(ColumnDef::new(a("entity_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("author_name")).text().not_null())
                    .col(ColumnDef::new(a("author_user_id")).big_integer().null())
                    .col(ColumnDef::new(a("written_on")).date().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
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
                    .col(ColumnDef::new(a("id")).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("institution_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("user_id")).big_integer().null())
                    .col(ColumnDef::new(a("at")).timestamp_with_time_zone().not_null())
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
