//! Killed at any moment of a long write (`SIGKILL`: a power cut, the out-of-memory killer),
//! Jalon leaves its SQLite database intact, holding the whole change or none of it, with the
//! validated values as they were.
//!
//! Each long write of the command line (a mission import, a plan import, a restore) runs
//! once to the end to time it, then again and again on a fresh copy of the demo database,
//! killed after a random delay within that time. `JALON_KILLS` sets how many times (default
//! 8 per write here; `bench/kill.sh` runs 200 per write on SQLite and PostgreSQL).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jalon_store::{ConnectionTrait, Store};

mod common;
use common::demo;

fn kills() -> usize {
    std::env::var("JALON_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

/// A small random source (xorshift), seeded from the clock and printed, so a failure can be
/// replayed with `JALON_KILL_SEED`.
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("JALON_KILL_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("JALON_KILL_SEED={seed}");
        Dice(seed | 1)
    }

    /// A duration in `0..max`.
    fn within(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        max.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

fn jalon(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jalon"));
    c.env("JALON_LANG", "en")
        .env("RUST_LOG", "error")
        .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// A fresh copy of a database (its write-ahead log is checkpointed: the demo has exited).
fn copy_of(db: &Path, to: &Path) -> PathBuf {
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        let dest = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = std::fs::remove_file(&dest);
        if from.exists() {
            std::fs::copy(&from, &dest).expect("copy");
        }
    }
    to.to_path_buf()
}

/// What the checks look at in a database after a kill.
#[derive(Debug, Clone, PartialEq, Default)]
struct Facts {
    integrity: String,
    batches: i64,
    trips: i64,
    actions: i64,
    renamed: i64,
    validated: Vec<String>,
}

async fn facts(db: &Path) -> Facts {
    let store = Store::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("open after the kill");
    let conn = store.db();
    // A table a killed restore did not create yet holds no rows.
    let one = |sql: &'static str| async move {
        match conn.query_one_raw(sea_statement(conn, sql)).await {
            Ok(row) => row
                .and_then(|r| r.try_get_by_index::<i64>(0).ok())
                .unwrap_or(0),
            Err(e) if e.to_string().contains("no such table") => 0,
            Err(e) => panic!("{sql}: {e}"),
        }
    };
    let integrity = conn
        .query_one_raw(sea_statement(conn, "PRAGMA integrity_check"))
        .await
        .expect("integrity check")
        .and_then(|r| r.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    let exists = one("SELECT COUNT(*) FROM sqlite_master WHERE name = 'action'").await;
    if exists == 0 {
        return Facts {
            integrity,
            ..Facts::default()
        };
    }
    let validated = conn
        .query_all_raw(sea_statement(
            conn,
            "SELECT indicator_id || ' ' || period || ' ' || value_text FROM measurement \
             WHERE state = 'validated' ORDER BY 1",
        ))
        .await
        .expect("validated values")
        .into_iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect();
    let facts = Facts {
        integrity,
        batches: one("SELECT COUNT(*) FROM trip_batch WHERE file_name = 'kill.tsv'").await,
        trips: one("SELECT COUNT(*) FROM trip WHERE batch_id IN \
             (SELECT id FROM trip_batch WHERE file_name = 'kill.tsv')")
        .await,
        actions: one("SELECT COUNT(*) FROM action").await,
        renamed: one("SELECT COUNT(*) FROM action WHERE title LIKE 'Renommée après la revue%'")
            .await,
        validated,
    };
    let _ = store.close().await;
    facts
}

fn sea_statement<C: ConnectionTrait>(conn: &C, sql: &str) -> jalon_store::Statement {
    jalon_store::Statement::from_string(conn.get_database_backend(), sql)
}

/// A GES 1point5 mission file of `n` legs between cities the resolver knows.
fn missions(n: usize) -> String {
    let header = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";
    let pairs = [
        ("Paris", "France", "Lyon", "France", "train"),
        ("Marseille", "France", "Londres", "Royaume-Uni", "avion"),
        ("Montpellier", "France", "Nîmes", "France", "voiture"),
        ("Alès", "France", "Barcelone", "Espagne", "train"),
    ];
    let mut s = String::from(header);
    for i in 0..n {
        let (a, ac, b, bc, mode) = pairs[i % pairs.len()];
        let cars = if mode == "voiture" { "2" } else { "" };
        s.push_str(&format!(
            "\nK{i}\t{:02}/{:02}/2025\t{a}\t{ac}\t{b}\t{bc}\t{mode}\t{cars}\tOUI\tColloque\tChercheur",
            i % 28 + 1,
            i % 12 + 1
        ));
    }
    s.push('\n');
    s
}

/// Runs `args` on copies of `base`: once to the end (its facts are the "all" state), then
/// killed `kills()` times; each database left must be intact and in the state before or after.
async fn kill_during(
    dir: &Path,
    base: &Path,
    what: &str,
    args: &[&str],
    fresh_target: bool,
    dice: &mut Dice,
) {
    let before = if fresh_target {
        None
    } else {
        Some(facts(base).await)
    };
    let run_on = |db: &Path| {
        let mut c = jalon(db);
        c.args(args);
        c
    };
    let target = |i: usize| {
        let path = dir.join(format!("{what}-{i}.db"));
        if fresh_target {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            path
        } else {
            copy_of(base, &path)
        }
    };
    let whole = target(0);
    let started = Instant::now();
    let status = run_on(&whole).status().expect("run");
    let took = started.elapsed();
    assert!(status.success(), "{what} runs to the end");
    let after = facts(&whole).await;
    assert_ne!(Some(&after), before.as_ref(), "{what} changes something");
    let mut seen = (0, 0);
    for i in 1..=kills() {
        let db = target(i);
        let mut child = run_on(&db).spawn().expect("spawn");
        std::thread::sleep(dice.within(took));
        let _ = child.kill();
        let _ = child.wait();
        let left = facts(&db).await;
        assert_eq!(left.integrity, "ok", "{what}, kill {i}");
        if left == after {
            seen.1 += 1;
        } else {
            // Nothing of it: the database as before, or empty for a restore.
            let expected_before = before.clone().unwrap_or_else(|| Facts {
                integrity: "ok".into(),
                ..Facts::default()
            });
            assert_eq!(left, expected_before, "{what}, kill {i}: half-written");
            seen.0 += 1;
        }
    }
    eprintln!(
        "{what}: {} kills in {took:?}: {} left nothing, {} left everything",
        kills(),
        seen.0,
        seen.1
    );
}

/// Renames every action of a plan document (objects under an `actions` list); returns how many.
fn rename_actions(v: &mut serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            for (key, child) in map.iter_mut() {
                if key == "actions"
                    && let serde_json::Value::Array(actions) = child
                {
                    for a in actions.iter_mut() {
                        if let Some(serde_json::Value::String(t)) = a.get_mut("title") {
                            *t = format!("Renommée après la revue — {t}");
                            n += 1;
                        }
                    }
                } else {
                    n += rename_actions(child);
                }
            }
            n
        }
        serde_json::Value::Array(items) => items.iter_mut().map(rename_actions).sum(),
        _ => 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_write_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let base = demo(dir.path());
    let mut dice = Dice::new();

    // A mission import.
    let file = dir.path().join("kill.tsv");
    std::fs::write(&file, missions(3_000)).expect("write");
    let file = file.display().to_string();
    kill_during(
        dir.path(),
        &base,
        "missions",
        &["carbon", "missions", &file],
        false,
        &mut dice,
    )
    .await;

    // A plan import (the demo plan with its actions renamed).
    let plan = dir.path().join("plan.json");
    let status = jalon(&base)
        .args(["export", "plan", "--format", "json", "--output"])
        .arg(&plan)
        .status()
        .expect("export");
    assert!(status.success());
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).expect("read")).expect("json");
    assert!(rename_actions(&mut doc) > 50, "the actions are renamed");
    std::fs::write(&plan, doc.to_string()).expect("write");
    let yaml = plan.display().to_string();
    kill_during(
        dir.path(),
        &base,
        "plan",
        &["import", "plan", &yaml],
        false,
        &mut dice,
    )
    .await;

    // A restore into an empty database.
    let archive = dir.path().join("backup.zip");
    let status = jalon(&base)
        .args(["backup", "--out"])
        .arg(&archive)
        .status()
        .expect("backup");
    assert!(status.success());
    let archive = archive.display().to_string();
    kill_during(
        dir.path(),
        &base,
        "restore",
        &["restore", &archive],
        true,
        &mut dice,
    )
    .await;
}
