//! The carbon repository: imported factor sets, inventories and their activity data,
//! missions with their footprints, place fixes, mapping profiles, levy rules, the fund's ledger
//! and per-institution settings.
//!
//! Domain values that have their own types in `jalon-carbon` (a factor, a place fix, a column
//! profile, a levy rule) are stored as JSON text: the schema stays simple and portable, and
//! the pure crate stays the one definition of those values.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Iterable, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::{
    activity, emission_factor, factor_set, inventory, ledger_entry, levy_rule, mapping_profile,
    place_fix, setting, trip, trip_batch,
};
use crate::owned;
use crate::{Result, StoreError};

pub use activity::Model as ActivityRow;
pub use factor_set::Model as FactorSetRow;
pub use inventory::Model as InventoryRow;
pub use ledger_entry::Model as LedgerRow;
pub use levy_rule::Model as LevyRuleRow;
pub use mapping_profile::Model as MappingProfileRow;
pub use place_fix::Model as PlaceFixRow;
pub use trip::Model as TripRow;
pub use trip_batch::Model as TripBatchRow;

// ---------------------------------------------------------------------------------------
// Factor sets

/// What describes an imported factor set.
#[derive(Debug, Clone, Copy)]
pub struct NewFactorSet<'a> {
    pub institution_id: i64,
    pub version: &'a str,
    pub source: &'a str,
    pub file_name: Option<&'a str>,
    pub imported_by: Option<i64>,
}

/// Stores an imported factor set: `factors` are (factor id, factor as JSON).
pub async fn insert_factor_set<C: ConnectionTrait>(
    conn: &C,
    new: NewFactorSet<'_>,
    factors: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<FactorSetRow> {
    let NewFactorSet {
        institution_id,
        version,
        source,
        file_name,
        imported_by,
    } = new;
    let exists = factor_set::Entity::find()
        .filter(factor_set::Column::InstitutionId.eq(institution_id))
        .filter(factor_set::Column::Version.eq(version))
        .one(conn)
        .await?
        .is_some();
    if exists {
        return Err(StoreError::Conflict(format!(
            "a factor set with version \"{version}\" already exists"
        )));
    }
    let set = factor_set::ActiveModel {
        institution_id: Set(institution_id),
        version: Set(version.to_string()),
        source: Set(source.to_string()),
        file_name: Set(file_name.map(str::to_string)),
        factor_count: Set(factors.len() as i32),
        imported_at: Set(now),
        imported_by: Set(imported_by),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for chunk in factors.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(id, data)| emission_factor::ActiveModel {
                factor_set_id: Set(set.id),
                factor_id: Set(id.clone()),
                data: Set(data.clone()),
                ..Default::default()
            })
            .collect();
        emission_factor::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(set)
}

/// The institution's imported factor sets, newest first.
pub async fn factor_sets<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<FactorSetRow>> {
    Ok(factor_set::Entity::find()
        .filter(factor_set::Column::InstitutionId.eq(institution_id))
        .order_by_desc(factor_set::Column::Id)
        .all(conn)
        .await?)
}

/// The factors (as JSON) of an imported set, by version.
pub async fn factor_set_data<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    version: &str,
) -> Result<Option<Vec<String>>> {
    let Some(set) = factor_set::Entity::find()
        .filter(factor_set::Column::InstitutionId.eq(institution_id))
        .filter(factor_set::Column::Version.eq(version))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(
        emission_factor::Entity::find()
            .filter(emission_factor::Column::FactorSetId.eq(set.id))
            .order_by_asc(emission_factor::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|f| f.data)
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------
// Inventories

/// An inventory to create.
#[derive(Debug, Clone)]
pub struct NewInventory {
    pub institution_id: i64,
    /// `None`: the institution's own activities.
    pub org_unit_id: Option<i64>,
    pub year: i32,
    pub factor_version: String,
    pub notes: Option<String>,
    pub illustrative: bool,
}

/// Creates an inventory; one per (unit, year).
pub async fn create_inventory<C: ConnectionTrait>(
    conn: &C,
    new: NewInventory,
    now: DateTime<Utc>,
) -> Result<InventoryRow> {
    let NewInventory {
        institution_id,
        org_unit_id,
        year,
        factor_version,
        notes,
        illustrative,
    } = new;
    let mut q = inventory::Entity::find()
        .filter(inventory::Column::InstitutionId.eq(institution_id))
        .filter(inventory::Column::Year.eq(year));
    q = match org_unit_id {
        Some(u) => q.filter(inventory::Column::OrgUnitId.eq(u)),
        None => q.filter(inventory::Column::OrgUnitId.is_null()),
    };
    if q.one(conn).await?.is_some() {
        return Err(StoreError::Conflict(format!(
            "an inventory of {year} already exists for this unit"
        )));
    }
    Ok(inventory::ActiveModel {
        institution_id: Set(institution_id),
        org_unit_id: Set(org_unit_id),
        year: Set(year),
        factor_version: Set(factor_version),
        notes: Set(notes),
        illustrative: Set(illustrative),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// An inventory by id, within an institution.
pub async fn inventory<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<InventoryRow> {
    owned::<inventory::Entity, _>(conn, id, "inventory", |r| {
        r.institution_id == institution_id
    })
    .await
}

/// Every inventory of an institution, by year then unit.
pub async fn inventories<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<InventoryRow>> {
    Ok(inventory::Entity::find()
        .filter(inventory::Column::InstitutionId.eq(institution_id))
        .order_by_asc(inventory::Column::Year)
        .order_by_asc(inventory::Column::OrgUnitId)
        .all(conn)
        .await?)
}

/// Changes an inventory's frozen factor version and notes.
pub async fn update_inventory<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    factor_version: &str,
    notes: Option<String>,
    now: DateTime<Utc>,
) -> Result<InventoryRow> {
    Ok(inventory::ActiveModel {
        id: Set(id),
        factor_version: Set(factor_version.to_string()),
        notes: Set(notes),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(conn)
    .await?)
}

/// Deletes an inventory and its activity data.
pub async fn delete_inventory<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    inventory::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// The activity data of an inventory, in order.
pub async fn activities<C: ConnectionTrait>(
    conn: &C,
    inventory_id: i64,
) -> Result<Vec<ActivityRow>> {
    Ok(activity::Entity::find()
        .filter(activity::Column::InventoryId.eq(inventory_id))
        .order_by_asc(activity::Column::Position)
        .order_by_asc(activity::Column::Id)
        .all(conn)
        .await?)
}

/// The activity data of several inventories.
pub async fn activities_of<C: ConnectionTrait>(
    conn: &C,
    inventory_ids: &[i64],
) -> Result<Vec<ActivityRow>> {
    if inventory_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(activity::Entity::find()
        .filter(activity::Column::InventoryId.is_in(inventory_ids.to_vec()))
        .order_by_asc(activity::Column::InventoryId)
        .order_by_asc(activity::Column::Position)
        .order_by_asc(activity::Column::Id)
        .all(conn)
        .await?)
}

/// Removes the lines of an inventory that came from one source (e.g. computed missions).
pub async fn delete_activities_from<C: ConnectionTrait>(
    conn: &C,
    inventory_id: i64,
    source: &str,
) -> Result<u64> {
    Ok(activity::Entity::delete_many()
        .filter(activity::Column::InventoryId.eq(inventory_id))
        .filter(activity::Column::Source.eq(source))
        .exec(conn)
        .await?
        .rows_affected)
}

/// A line of activity data to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    pub post: String,
    pub label: String,
    pub quantity: f64,
    pub unit: String,
    pub factor_id: String,
    pub quality: String,
    pub source: Option<String>,
    pub comment: Option<String>,
    /// Trips a travel line adds up (the label is then the factor's name).
    pub trips: Option<i64>,
}

/// Appends activity lines to an inventory.
pub async fn add_activities<C: ConnectionTrait>(
    conn: &C,
    inventory_id: i64,
    lines: &[NewActivity],
    now: DateTime<Utc>,
) -> Result<()> {
    let start = activity::Entity::find()
        .filter(activity::Column::InventoryId.eq(inventory_id))
        .order_by_desc(activity::Column::Position)
        .one(conn)
        .await?
        .map_or(0, |a| a.position + 1);
    let rows: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, a)| activity::ActiveModel {
            inventory_id: Set(inventory_id),
            post: Set(a.post.clone()),
            label: Set(a.label.clone()),
            quantity: Set(a.quantity),
            unit: Set(a.unit.clone()),
            factor_id: Set(a.factor_id.clone()),
            quality: Set(a.quality.clone()),
            source: Set(a.source.clone()),
            comment: Set(a.comment.clone()),
            position: Set(start + i as i32),
            trips: Set(a.trips),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        activity::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    touch_inventory(conn, inventory_id, now).await
}

/// Removes every activity line of an inventory (before a replacing import).
pub async fn clear_activities<C: ConnectionTrait>(conn: &C, inventory_id: i64) -> Result<u64> {
    Ok(activity::Entity::delete_many()
        .filter(activity::Column::InventoryId.eq(inventory_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Deletes one activity line; returns it.
pub async fn delete_activity<C: ConnectionTrait>(
    conn: &C,
    inventory_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ActivityRow> {
    let row = activity::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|a| a.inventory_id == inventory_id)
        .ok_or_else(|| StoreError::not_found("activity", id))?;
    activity::Entity::delete_by_id(id).exec(conn).await?;
    touch_inventory(conn, inventory_id, now).await?;
    Ok(row)
}

async fn touch_inventory<C: ConnectionTrait>(conn: &C, id: i64, now: DateTime<Utc>) -> Result<()> {
    inventory::Entity::update_many()
        .col_expr(inventory::Column::UpdatedAt, Expr::value(now))
        .filter(inventory::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Missions

/// Records an import of missions.
pub async fn insert_trip_batch<C: ConnectionTrait>(
    conn: &C,
    batch: trip_batch::ActiveModel,
) -> Result<TripBatchRow> {
    Ok(batch.insert(conn).await?)
}

/// The institution's import of the file whose SHA-256 is `content_hash`, if any.
pub async fn trip_batch_by_content<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    content_hash: &str,
) -> Result<Option<TripBatchRow>> {
    Ok(trip_batch::Entity::find()
        .filter(trip_batch::Column::InstitutionId.eq(institution_id))
        .filter(trip_batch::Column::ContentHash.eq(content_hash))
        .one(conn)
        .await?)
}

/// The institution's mission imports, newest first.
pub async fn trip_batches<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<TripBatchRow>> {
    Ok(trip_batch::Entity::find()
        .filter(trip_batch::Column::InstitutionId.eq(institution_id))
        .order_by_desc(trip_batch::Column::Id)
        .all(conn)
        .await?)
}

/// A mission import by id.
pub async fn trip_batch<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<TripBatchRow> {
    owned::<trip_batch::Entity, _>(conn, id, "import", |r| r.institution_id == institution_id).await
}

/// Deletes a mission import with its trips and levies.
pub async fn delete_trip_batch<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    trip_batch::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// Most values one statement may bind: SQLite's limit (32,766 since 3.32) or PostgreSQL's
/// (65,535).
fn max_bound_values<C: ConnectionTrait>(conn: &C) -> usize {
    match crate::backend_of(conn) {
        crate::Backend::Sqlite => 32_766,
        crate::Backend::Postgres => 65_535,
    }
}

/// Trips one multi-row `INSERT` carries: as many as the database's limit on bound values
/// allows when every column but the generated id is set.
pub fn trips_per_insert<C: ConnectionTrait>(conn: &C) -> usize {
    let columns = trip::Column::iter().count() - 1;
    max_bound_values(conn) / columns
}

/// Stores trips in multi-row inserts of [`trips_per_insert`] rows, in the order given (their
/// ids follow it). Rows are taken from `trips` one statement at a time, so a caller that
/// builds them lazily never holds more than one statement's rows. Returns how many.
pub async fn insert_trips<C, I>(conn: &C, trips: I) -> Result<u64>
where
    C: ConnectionTrait,
    I: IntoIterator<Item = trip::ActiveModel>,
{
    let per_insert = trips_per_insert(conn);
    let mut trips = trips.into_iter();
    let mut stored = 0;
    loop {
        let chunk: Vec<trip::ActiveModel> = trips.by_ref().take(per_insert).collect();
        if chunk.is_empty() {
            return Ok(stored);
        }
        stored += trip::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
}

/// A computed trip's share of its import's levies: year, unit, budget line, levy in cents
/// and kgCO2e.
pub type TripLevy = (i32, Option<String>, Option<String>, i64, f64);

/// The levies of an import's computed trips, in the order trips are listed (date, then id):
/// only the columns the fund's ledger is made of, not whole trips.
pub async fn batch_trip_levies<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    batch_id: i64,
) -> Result<Vec<TripLevy>> {
    Ok(trip::Entity::find()
        .select_only()
        .columns([
            trip::Column::Year,
            trip::Column::OrgUnit,
            trip::Column::BudgetLine,
            trip::Column::LevyCents,
            trip::Column::Kg,
        ])
        .filter(trip::Column::InstitutionId.eq(institution_id))
        .filter(trip::Column::BatchId.eq(batch_id))
        .filter(trip::Column::Status.eq(jalon_core::trip::TripStatus::Computed))
        .filter(trip::Column::LevyCents.is_not_null())
        .filter(trip::Column::Kg.is_not_null())
        .order_by_asc(trip::Column::Date)
        .order_by_asc(trip::Column::Id)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Filters of the trip list.
#[derive(Debug, Clone, Default)]
pub struct TripFilter {
    pub year: Option<i32>,
    pub org_unit: Option<String>,
    pub mode: Option<String>,
    pub status: Option<jalon_core::trip::TripStatus>,
    pub batch_id: Option<i64>,
    /// Only trips with policy flags.
    pub flagged: bool,
}

fn trip_query(institution_id: i64, f: &TripFilter) -> sea_orm::Select<trip::Entity> {
    let mut q = trip::Entity::find().filter(trip::Column::InstitutionId.eq(institution_id));
    if let Some(y) = f.year {
        q = q.filter(trip::Column::Year.eq(y));
    }
    if let Some(u) = &f.org_unit {
        q = q.filter(trip::Column::OrgUnit.eq(u.clone()));
    }
    if let Some(m) = &f.mode {
        q = q.filter(trip::Column::Mode.eq(m.clone()));
    }
    if let Some(s) = f.status {
        q = q.filter(trip::Column::Status.eq(s));
    }
    if let Some(b) = f.batch_id {
        q = q.filter(trip::Column::BatchId.eq(b));
    }
    if f.flagged {
        q = q.filter(trip::Column::Flags.is_not_null());
    }
    q
}

/// Trips matching a filter, by date, with paging.
pub async fn trips<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    filter: &TripFilter,
    offset: u64,
    limit: u64,
) -> Result<Vec<TripRow>> {
    // Databases take signed 64-bit offsets and limits: "no limit" is no LIMIT clause.
    let in_range = |v: u64| (v > 0 && v <= i64::MAX as u64).then_some(v);
    Ok(trip_query(institution_id, filter)
        .order_by_asc(trip::Column::Date)
        .order_by_asc(trip::Column::Id)
        .offset(in_range(offset))
        .limit((limit <= i64::MAX as u64).then_some(limit))
        .all(conn)
        .await?)
}

/// Number of trips matching a filter.
pub async fn count_trips<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    filter: &TripFilter,
) -> Result<u64> {
    Ok(trip_query(institution_id, filter).count(conn).await?)
}

/// One trip.
pub async fn trip<C: ConnectionTrait>(conn: &C, institution_id: i64, id: i64) -> Result<TripRow> {
    owned::<trip::Entity, _>(conn, id, "trip", |r| r.institution_id == institution_id).await
}

/// Rewrites a trip (after a place fix or a new price).
pub async fn update_trip<C: ConnectionTrait>(conn: &C, row: trip::ActiveModel) -> Result<TripRow> {
    Ok(row.update(conn).await?)
}

/// Years that have trips.
pub async fn trip_years<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<i32>> {
    let rows: Vec<i32> = trip::Entity::find()
        .select_only()
        .column(trip::Column::Year)
        .distinct()
        .filter(trip::Column::InstitutionId.eq(institution_id))
        .order_by_asc(trip::Column::Year)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows)
}

// ---------------------------------------------------------------------------------------
// Place fixes, mapping profiles

/// The institution's place fixes.
pub async fn place_fixes<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<PlaceFixRow>> {
    Ok(place_fix::Entity::find()
        .filter(place_fix::Column::InstitutionId.eq(institution_id))
        .order_by_asc(place_fix::Column::Text)
        .all(conn)
        .await?)
}

/// A place fix to record: where the place written `text` (in `country`, may be empty) is.
#[derive(Debug, Clone, Copy)]
pub struct NewPlaceFix<'a> {
    pub institution_id: i64,
    pub text: &'a str,
    pub country: &'a str,
    /// The fix as JSON.
    pub fix_json: &'a str,
    /// What it resolves to, for people.
    pub label: &'a str,
    pub user_id: Option<i64>,
}

/// Records (or replaces) a place fix.
pub async fn upsert_place_fix<C: ConnectionTrait>(
    conn: &C,
    new: NewPlaceFix<'_>,
    now: DateTime<Utc>,
) -> Result<PlaceFixRow> {
    let NewPlaceFix {
        institution_id,
        text,
        country,
        fix_json,
        label,
        user_id,
    } = new;
    place_fix::Entity::delete_many()
        .filter(place_fix::Column::InstitutionId.eq(institution_id))
        .filter(place_fix::Column::Text.eq(text))
        .filter(place_fix::Column::Country.eq(country))
        .exec(conn)
        .await?;
    Ok(place_fix::ActiveModel {
        institution_id: Set(institution_id),
        text: Set(text.to_string()),
        country: Set(country.to_string()),
        fix: Set(fix_json.to_string()),
        label: Set(label.to_string()),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Deletes a place fix.
pub async fn delete_place_fix<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<()> {
    let n = place_fix::Entity::delete_many()
        .filter(place_fix::Column::InstitutionId.eq(institution_id))
        .filter(place_fix::Column::Id.eq(id))
        .exec(conn)
        .await?
        .rows_affected;
    if n == 0 {
        return Err(StoreError::not_found("place fix", id));
    }
    Ok(())
}

/// The institution's saved column mappings.
pub async fn mapping_profiles<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<MappingProfileRow>> {
    Ok(mapping_profile::Entity::find()
        .filter(mapping_profile::Column::InstitutionId.eq(institution_id))
        .order_by_asc(mapping_profile::Column::Name)
        .all(conn)
        .await?)
}

/// Saves (or replaces) a column mapping under a name.
pub async fn save_mapping_profile<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    name: &str,
    profile_json: &str,
    now: DateTime<Utc>,
) -> Result<MappingProfileRow> {
    mapping_profile::Entity::delete_many()
        .filter(mapping_profile::Column::InstitutionId.eq(institution_id))
        .filter(mapping_profile::Column::Name.eq(name))
        .exec(conn)
        .await?;
    Ok(mapping_profile::ActiveModel {
        institution_id: Set(institution_id),
        name: Set(name.to_string()),
        profile: Set(profile_json.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

// ---------------------------------------------------------------------------------------
// Fund

/// The levy rules of an institution, by year.
pub async fn levy_rules<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<LevyRuleRow>> {
    Ok(levy_rule::Entity::find()
        .filter(levy_rule::Column::InstitutionId.eq(institution_id))
        .order_by_asc(levy_rule::Column::Year)
        .all(conn)
        .await?)
}

/// Sets (or removes, with `None`) the levy rule of a year.
pub async fn set_levy_rule<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    year: i32,
    rule_json: Option<&str>,
) -> Result<()> {
    levy_rule::Entity::delete_many()
        .filter(levy_rule::Column::InstitutionId.eq(institution_id))
        .filter(levy_rule::Column::Year.eq(year))
        .exec(conn)
        .await?;
    if let Some(rule) = rule_json {
        levy_rule::ActiveModel {
            institution_id: Set(institution_id),
            year: Set(year),
            rule: Set(rule.to_string()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// A ledger movement to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLedgerEntry {
    pub year: i32,
    pub date: Option<NaiveDate>,
    /// Levy (in) or reinvestment (out).
    pub kind: jalon_core::fund::MovementKind,
    pub unit: String,
    pub budget_line: Option<String>,
    pub amount_cents: i64,
    pub description: String,
    pub kg: Option<f64>,
    pub expected_reduction_kg: Option<f64>,
    pub batch_id: Option<i64>,
    /// Trips a levy of a mission import is made of (the description is then the file).
    pub trips: Option<i64>,
}

/// Appends ledger movements.
pub async fn add_ledger_entries<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    entries: &[NewLedgerEntry],
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let rows: Vec<_> = entries
        .iter()
        .map(|e| ledger_entry::ActiveModel {
            institution_id: Set(institution_id),
            year: Set(e.year),
            date: Set(e.date),
            kind: Set(e.kind),
            unit: Set(e.unit.clone()),
            budget_line: Set(e.budget_line.clone()),
            amount_cents: Set(e.amount_cents),
            description: Set(e.description.clone()),
            kg: Set(e.kg),
            expected_reduction_kg: Set(e.expected_reduction_kg),
            batch_id: Set(e.batch_id),
            trips: Set(e.trips),
            created_by: Set(user_id),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(400) {
        ledger_entry::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// The ledger of an institution (all years), in order.
pub async fn ledger<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<LedgerRow>> {
    Ok(ledger_entry::Entity::find()
        .filter(ledger_entry::Column::InstitutionId.eq(institution_id))
        .order_by_asc(ledger_entry::Column::Year)
        .order_by_asc(ledger_entry::Column::Id)
        .all(conn)
        .await?)
}

/// Removes the levies of an import (before recomputing them).
pub async fn delete_batch_levies<C: ConnectionTrait>(conn: &C, batch_id: i64) -> Result<()> {
    ledger_entry::Entity::delete_many()
        .filter(ledger_entry::Column::BatchId.eq(batch_id))
        .filter(ledger_entry::Column::Kind.eq(jalon_core::fund::MovementKind::Levy))
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes one ledger movement (a reinvestment entered by mistake).
pub async fn delete_ledger_entry<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<LedgerRow> {
    let row = owned::<ledger_entry::Entity, _>(conn, id, "ledger entry", |r| {
        r.institution_id == institution_id
    })
    .await?;
    ledger_entry::Entity::delete_by_id(id).exec(conn).await?;
    Ok(row)
}

// ---------------------------------------------------------------------------------------
// Settings

/// A setting's JSON value.
pub async fn setting<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    key: &str,
) -> Result<Option<String>> {
    Ok(setting::Entity::find()
        .filter(setting::Column::InstitutionId.eq(institution_id))
        .filter(setting::Column::Key.eq(key))
        .one(conn)
        .await?
        .map(|s| s.value))
}

/// Sets a setting's JSON value.
pub async fn set_setting<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    key: &str,
    value: &str,
) -> Result<()> {
    setting::Entity::delete_many()
        .filter(setting::Column::InstitutionId.eq(institution_id))
        .filter(setting::Column::Key.eq(key))
        .exec(conn)
        .await?;
    setting::ActiveModel {
        institution_id: Set(institution_id),
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub use trip::ActiveModel as TripActiveModel;
pub use trip_batch::ActiveModel as TripBatchActiveModel;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{institutions, testing};

    /// More trips than three statements carry are stored, every one, in the order given.
    #[tokio::test]
    async fn trips_are_inserted_in_statements_within_the_parameter_limit() {
        for db in testing::all().await {
            let conn = db.store.db();
            let per_insert = trips_per_insert(conn);
            let limit = match db.label {
                "sqlite" => 32_766,
                _ => 65_535,
            };
            let columns = trip::Column::iter().count() - 1;
            assert!(per_insert * columns <= limit, "{}", db.label);
            assert!((per_insert + 1) * columns > limit, "{}", db.label);
            let now = Utc::now();
            let institution = institutions::create(conn, "Essai", None, now)
                .await
                .expect("institution");
            let batch = insert_trip_batch(
                conn,
                TripBatchActiveModel {
                    institution_id: Set(institution.id),
                    file_name: Set("missions.tsv".into()),
                    format: Set("ges1point5".into()),
                    rows: Set(0),
                    duplicates: Set(0),
                    contrails: Set(true),
                    illustrative: Set(false),
                    imported_at: Set(now),
                    ..Default::default()
                },
            )
            .await
            .expect("batch");
            let n = 3 * per_insert + 7;
            let date = NaiveDate::from_ymd_opt(2025, 3, 1).expect("date");
            let trips = (0..n).map(|i| TripActiveModel {
                institution_id: Set(institution.id),
                batch_id: Set(batch.id),
                line: Set(i as i32 + 2),
                mission: Set(format!("M{i}")),
                date: Set(date),
                year: Set(2025),
                origin: Set("Paris".into()),
                origin_country: Set("FR".into()),
                destination: Set("Lyon".into()),
                destination_country: Set("FR".into()),
                mode: Set("train".into()),
                round_trip: Set(i % 2 == 0),
                status: Set(if i % 3 == 0 {
                    jalon_core::trip::TripStatus::Unresolved
                } else {
                    jalon_core::trip::TripStatus::Computed
                }),
                kg: Set((i % 3 != 0).then_some(1.5)),
                levy_cents: Set((i % 3 != 0).then_some(15)),
                ..Default::default()
            });
            let stored = insert_trips(conn, trips).await.expect("insert");
            assert_eq!(stored, n as u64, "{}", db.label);
            let filter = TripFilter {
                batch_id: Some(batch.id),
                ..Default::default()
            };
            let rows = super::trips(conn, institution.id, &filter, 0, u64::MAX)
                .await
                .expect("trips");
            let lines: Vec<i32> = rows.iter().map(|t| t.line).collect();
            let expected: Vec<i32> = (0..n).map(|i| i as i32 + 2).collect();
            assert_eq!(lines, expected, "{}", db.label);
            let levies = batch_trip_levies(conn, institution.id, batch.id)
                .await
                .expect("levies");
            assert_eq!(levies.len(), n - n.div_ceil(3), "{}", db.label);
            assert!(levies.iter().all(|l| l.3 == 15 && l.4 == 1.5));
        }
    }
}
