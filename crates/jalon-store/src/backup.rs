//! Backup and restore of a whole database, SQLite or PostgreSQL, into one archive.
//!
//! An institution keeps years of strategy, values and decisions in Jalon: a backup must be
//! consistent while the server runs, restore to the same state, and move a database from
//! SQLite to PostgreSQL. The archive is a zip file: `manifest.json` (format, Jalon's
//! version, the migrations applied, each table's columns and row count) and one
//! `tables/<table>.jsonl` per table, a JSON object per row in primary-key order, with values
//! written the same way whatever the engine (booleans as `true`/`false`, instants as RFC 3339
//! in UTC), so that two backups of the same data are the same bytes.
//!
//! [`backup`] reads every table in one read transaction (a snapshot: writes made meanwhile
//! are either all in or all out). [`restore`] requires an empty database: it applies the
//! archive's migrations, inserts the rows in batches (parents before children), then applies
//! the migrations the archive predates, all in one transaction on PostgreSQL (on SQLite the
//! schema and the rows are two steps, and a failure leaves a database to delete). An archive
//! from a newer Jalon (an unknown migration or format) is refused before anything is written.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek, Write};

use chrono::{DateTime, DurationRound, SecondsFormat, TimeDelta, Utc};
use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, IsolationLevel, Statement, TransactionTrait, Value,
};
use sea_orm_migration::MigratorTrait;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::migration::Migrator;
use crate::{Backend, Result, Store, StoreError};

/// The archive format this version writes and reads.
pub const FORMAT: &str = "jalon-backup";
/// Its version; an archive of a higher version is refused.
pub const FORMAT_VERSION: u32 = 1;

/// Rows read or written per statement.
const BATCH: usize = 2_000;

/// sea-orm's table of applied migrations: restored by running the migrations, not copied.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// What a column holds, as far as the archive cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Boolean,
    /// A double: written as the shortest decimal that reads back to the same number.
    Float,
    Instant,
    Other,
}

/// A table of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub columns: Vec<(String, ColumnKind)>,
    pub rows: u64,
}

/// The manifest of an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The Jalon version that wrote it.
    pub jalon_version: String,
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The migrations applied to the database backed up, oldest first.
    pub migrations: Vec<String>,
    pub tables: Vec<TableEntry>,
}

impl Manifest {
    /// The rows of every table of the archive.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// Why an archive cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreRefusal {
    #[error("not a Jalon backup ({0})")]
    NotABackup(String),
    #[error("made by a newer Jalon (archive format {0}); upgrade Jalon to restore it")]
    NewerFormat(u32),
    #[error("made by a newer Jalon (migration {0} is unknown here); upgrade Jalon to restore it")]
    NewerSchema(String),
    #[error(
        "the target database is not empty (table {0} has rows): restore into an empty database"
    )]
    NotEmpty(String),
    #[error(
        "the target database's schema is newer than the archive's: restore into an empty database"
    )]
    TargetAhead,
}

impl From<RestoreRefusal> for StoreError {
    fn from(e: RestoreRefusal) -> Self {
        StoreError::Invalid(e.to_string())
    }
}

fn zip_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("backup archive: {e}"))
}

/// The tables of the database, without the migrations' own.
async fn tables<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let sql = match conn.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
    };
    let rows = conn.query_all_raw(raw(conn, sql, vec![])).await?;
    let mut names = Vec::new();
    for r in rows {
        let name: String = r.try_get("", "name")?;
        if name != MIGRATIONS_TABLE {
            names.push(name);
        }
    }
    Ok(names)
}

fn raw<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(conn.get_database_backend(), sql, values)
}

/// Quotes an identifier read from the database's own catalogue.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A table's columns with their kind, and its primary key columns.
async fn columns<C: ConnectionTrait>(
    conn: &C,
    table: &str,
) -> Result<(Vec<(String, ColumnKind)>, Vec<String>)> {
    let kind = |t: &str| {
        let t = t.to_ascii_lowercase();
        if t == "boolean" {
            ColumnKind::Boolean
        } else if t == "double" || t == "double precision" || t == "real" || t == "float" {
            ColumnKind::Float
        } else if t.starts_with("timestamp") {
            ColumnKind::Instant
        } else {
            ColumnKind::Other
        }
    };
    let (sql, values) = match conn.get_database_backend() {
        DbBackend::Postgres => (
            "SELECT c.column_name::text AS name, c.data_type::text AS type, \
             EXISTS (SELECT 1 FROM information_schema.table_constraints t \
               JOIN information_schema.key_column_usage k \
                 ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema \
               WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name) AS pk \
             FROM information_schema.columns c \
             WHERE c.table_schema = current_schema() AND c.table_name = $1 \
             ORDER BY c.ordinal_position",
            vec![Value::from(table)],
        ),
        _ => (
            "SELECT name, type, pk > 0 AS pk FROM pragma_table_info(?) ORDER BY cid",
            vec![Value::from(table)],
        ),
    };
    let rows = conn.query_all_raw(raw(conn, sql, values)).await?;
    let mut cols = Vec::new();
    let mut key = Vec::new();
    for r in rows {
        let name: String = r.try_get("", "name")?;
        let t: String = r.try_get("", "type")?;
        let pk: bool = r.try_get("", "pk")?;
        if pk {
            key.push(name.clone());
        }
        cols.push((name, kind(&t)));
    }
    Ok((cols, key))
}

/// A value as the archive writes it, whatever the engine gave.
fn canonical(kind: ColumnKind, v: Json) -> Json {
    match (kind, v) {
        (ColumnKind::Boolean, Json::Number(n)) => Json::Bool(n.as_i64().unwrap_or(0) != 0),
        (ColumnKind::Float, Json::Number(n)) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Json::Number(n), Json::Number),
        (ColumnKind::Instant, Json::String(s)) => {
            match DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)) {
                // PostgreSQL keeps microseconds: so does the archive, whatever the engine.
                Ok(t) => {
                    let t = t.with_timezone(&Utc);
                    let t = t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t);
                    Json::String(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
                }
                Err(_) => Json::String(s),
            }
        }
        (_, v) => v,
    }
}

/// Rows `offset..offset + BATCH` of a table as JSON objects, in primary-key order.
async fn rows_of<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    cols: &[(String, ColumnKind)],
    key: &[String],
    offset: usize,
) -> Result<Vec<String>> {
    let order = if key.is_empty() {
        cols.iter().map(|(c, _)| ident(c)).collect::<Vec<_>>()
    } else {
        key.iter().map(|c| ident(c)).collect()
    }
    .join(", ");
    let sql = match conn.get_database_backend() {
        DbBackend::Postgres => format!(
            "SELECT row_to_json(t)::text AS j FROM (SELECT * FROM {} ORDER BY {order} \
             LIMIT {BATCH} OFFSET {offset}) t",
            ident(table)
        ),
        _ => format!(
            "SELECT json_object({}) AS j FROM {} ORDER BY {order} LIMIT {BATCH} OFFSET {offset}",
            cols.iter()
                .map(|(c, kind)| {
                    // SQLite's JSON writes a double with 15 digits: 17 keep it exact.
                    let value = match kind {
                        ColumnKind::Float => format!(
                            "CASE WHEN {c} IS NULL THEN NULL ELSE json(printf('%!.17g', {c})) END",
                            c = ident(c)
                        ),
                        _ => ident(c),
                    };
                    format!("'{}', {value}", c.replace('\'', "''"))
                })
                .collect::<Vec<_>>()
                .join(", "),
            ident(table)
        ),
    };
    let rows = conn.query_all_raw(raw(conn, &sql, vec![])).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let text: String = r.try_get("", "j")?;
        let read: serde_json::Map<String, Json> =
            serde_json::from_str(&text).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut row = serde_json::Map::new();
        for (name, kind) in cols {
            let v = read.get(name).cloned().unwrap_or(Json::Null);
            row.insert(name.clone(), canonical(*kind, v));
        }
        out.push(Json::Object(row).to_string());
    }
    Ok(out)
}

/// The migrations applied to the database, oldest first.
async fn applied<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let rows = conn
        .query_all_raw(raw(
            conn,
            "SELECT version FROM seaql_migrations ORDER BY version",
            vec![],
        ))
        .await?;
    rows.into_iter()
        .map(|r| Ok(r.try_get::<String>("", "version")?))
        .collect()
}

/// Writes the whole database to `out` as an archive; returns its manifest and `out`.
pub async fn backup<W: Write + Seek>(store: &Store, out: W) -> Result<(Manifest, W)> {
    let txn = store
        .db()
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?;
    let mut zip = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut entries = Vec::new();
    for table in tables(&txn).await? {
        let (cols, key) = columns(&txn, &table).await?;
        zip.start_file(format!("tables/{table}.jsonl"), options)
            .map_err(zip_error)?;
        let mut rows = 0u64;
        loop {
            let batch = rows_of(&txn, &table, &cols, &key, rows as usize).await?;
            for line in &batch {
                zip.write_all(line.as_bytes()).map_err(zip_error)?;
                zip.write_all(b"\n").map_err(zip_error)?;
            }
            rows += batch.len() as u64;
            if batch.len() < BATCH {
                break;
            }
        }
        entries.push(TableEntry {
            name: table,
            columns: cols,
            rows,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        jalon_version: env!("CARGO_PKG_VERSION").into(),
        created_at: Utc::now(),
        backend: store.backend().as_str().into(),
        migrations: applied(&txn).await?,
        tables: entries,
    };
    txn.commit().await?;
    zip.start_file("manifest.json", options)
        .map_err(zip_error)?;
    let text = serde_json::to_vec_pretty(&manifest).map_err(zip_error)?;
    zip.write_all(&text).map_err(zip_error)?;
    let out = zip.finish().map_err(zip_error)?;
    Ok((manifest, out))
}

/// Reads and checks the manifest of an archive against this Jalon.
pub fn read_manifest<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Result<Manifest> {
    let entry = archive
        .by_name("manifest.json")
        .map_err(|e| RestoreRefusal::NotABackup(e.to_string()))?;
    let manifest: Manifest =
        serde_json::from_reader(entry).map_err(|e| RestoreRefusal::NotABackup(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(RestoreRefusal::NotABackup(manifest.format).into());
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(RestoreRefusal::NewerFormat(manifest.format_version).into());
    }
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    for (i, name) in manifest.migrations.iter().enumerate() {
        if known.get(i) != Some(name) {
            return Err(RestoreRefusal::NewerSchema(name.clone()).into());
        }
    }
    Ok(manifest)
}

/// The tables in an order where each comes after those it refers to.
async fn parents_first<C: ConnectionTrait>(conn: &C, names: &[String]) -> Result<Vec<String>> {
    let (sql, values) = match conn.get_database_backend() {
        DbBackend::Postgres => (
            "SELECT tc.table_name::text AS child, ccu.table_name::text AS parent \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage ccu \
               ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
                .to_string(),
            vec![],
        ),
        _ => (
            "SELECT m.name AS child, f.\"table\" AS parent FROM sqlite_master m \
             JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"
                .to_string(),
            vec![],
        ),
    };
    let rows = conn.query_all_raw(raw(conn, &sql, values)).await?;
    let mut parents: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for r in rows {
        let child: String = r.try_get("", "child")?;
        let parent: String = r.try_get("", "parent")?;
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut ordered: Vec<String> = Vec::new();
    let mut left: Vec<String> = names.to_vec();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|t| {
            let ready = parents
                .get(t)
                .is_none_or(|ps| ps.iter().all(|p| ordered.contains(p) || !names.contains(p)));
            if ready {
                ordered.push(t.clone());
            }
            !ready
        });
        if left.len() == before {
            // A cycle: keep the rest in name order (foreign keys are checked at the end).
            ordered.append(&mut left);
        }
    }
    Ok(ordered)
}

/// Inserts rows (JSON objects) into a table with the archive's columns.
async fn insert_rows<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    cols: &[(String, ColumnKind)],
    rows: &[String],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let list = cols
        .iter()
        .map(|(c, _)| ident(c))
        .collect::<Vec<_>>()
        .join(", ");
    let array = format!("[{}]", rows.join(","));
    let sql = match conn.get_database_backend() {
        DbBackend::Postgres => format!(
            "INSERT INTO {t} ({list}) SELECT {list} FROM json_populate_recordset(NULL::{t}, $1::json)",
            t = ident(table)
        ),
        _ => format!(
            "INSERT INTO {} ({list}) SELECT {} FROM json_each(?)",
            ident(table),
            cols.iter()
                .map(|(c, _)| format!("json_extract(value, '$.\"{}\"')", c.replace('\'', "''")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    conn.execute_raw(raw(conn, &sql, vec![Value::from(array)]))
        .await?;
    Ok(())
}

/// Restores an archive into an empty database (migrated or not); returns its manifest.
pub async fn restore<R: Read + Seek>(store: &Store, input: R) -> Result<Manifest> {
    let mut archive =
        zip::ZipArchive::new(input).map_err(|e| RestoreRefusal::NotABackup(e.to_string()))?;
    let manifest = read_manifest(&mut archive)?;
    let db = store.db();
    // The schema as the archive knew it, then its rows, then what came after.
    let done = applied_or_none(db).await?;
    if done.len() > manifest.migrations.len() {
        return Err(RestoreRefusal::TargetAhead.into());
    }
    let steps = (manifest.migrations.len() - done.len()) as u32;
    if steps > 0 {
        Migrator::up(db, Some(steps)).await?;
    }
    let txn = store.begin_write().await?;
    if store.backend() == Backend::Sqlite {
        txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
    }
    let existing = tables(&txn).await?;
    for t in &existing {
        let count = txn
            .query_one_raw(raw(
                &txn,
                &format!("SELECT COUNT(*) AS n FROM {}", ident(t)),
                vec![],
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if count > 0 {
            return Err(RestoreRefusal::NotEmpty(t.clone()).into());
        }
    }
    let names: Vec<String> = manifest.tables.iter().map(|t| t.name.clone()).collect();
    for name in parents_first(&txn, &names).await? {
        let Some(entry) = manifest.tables.iter().find(|t| t.name == name) else {
            continue;
        };
        let file = archive
            .by_name(&format!("tables/{name}.jsonl"))
            .map_err(|e| RestoreRefusal::NotABackup(e.to_string()))?;
        let mut batch = Vec::with_capacity(BATCH);
        for line in BufReader::new(file).lines() {
            let line = line.map_err(zip_error)?;
            if line.trim().is_empty() {
                continue;
            }
            batch.push(line);
            if batch.len() == BATCH {
                insert_rows(&txn, &name, &entry.columns, &batch).await?;
                batch.clear();
            }
        }
        insert_rows(&txn, &name, &entry.columns, &batch).await?;
        if store.backend() == Backend::Postgres && entry.columns.iter().any(|(c, _)| c == "id") {
            next_ids_after_restore(&txn, &name).await?;
        }
    }
    txn.commit().await?;
    Migrator::up(db, None).await?;
    Ok(manifest)
}

/// On PostgreSQL, moves the sequence of a table's `id` (when it has one) past the rows
/// restored, so that the next record takes the next id.
async fn next_ids_after_restore<C: ConnectionTrait>(conn: &C, table: &str) -> Result<()> {
    let sequence = conn
        .query_one_raw(raw(
            conn,
            "SELECT pg_get_serial_sequence($1, 'id') AS s",
            vec![Value::from(ident(table))],
        ))
        .await?
        .map(|r| r.try_get::<Option<String>>("", "s"))
        .transpose()?
        .flatten();
    if let Some(sequence) = sequence {
        let sql = format!(
            "SELECT setval($1::regclass, COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false)",
            ident(table)
        );
        conn.execute_raw(raw(conn, &sql, vec![Value::from(sequence)]))
            .await?;
    }
    Ok(())
}

/// The migrations applied, or none when the database is new.
async fn applied_or_none<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    let tables = match conn.get_database_backend() {
        DbBackend::Postgres => conn
            .query_all_raw(raw(
                conn,
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = 'seaql_migrations'",
                vec![],
            ))
            .await?
            .len(),
        _ => conn
            .query_all_raw(raw(
                conn,
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
                vec![],
            ))
            .await?
            .len(),
    };
    if tables == 0 {
        Ok(Vec::new())
    } else {
        applied(conn).await
    }
}

/// The archive's rows, table by table, as the archive writes them: to compare two
/// databases (a round trip, a move from SQLite to PostgreSQL).
pub async fn contents(store: &Store) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = Vec::new();
    let (manifest, _) = backup(store, std::io::Cursor::new(&mut out)).await?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(out)).map_err(zip_error)?;
    let mut tables = BTreeMap::new();
    for t in manifest.tables {
        let mut text = String::new();
        archive
            .by_name(&format!("tables/{}.jsonl", t.name))
            .map_err(zip_error)?
            .read_to_string(&mut text)
            .map_err(zip_error)?;
        tables.insert(t.name, text.lines().map(str::to_string).collect());
    }
    Ok(tables)
}
