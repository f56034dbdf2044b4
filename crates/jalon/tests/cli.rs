//! The command line, run as users run it: the binary on real SQLite files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn jalon(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(args)
        .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .output()
        .expect("run jalon")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(["demo", "--no-serve", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run demo");
    let text = ok(&out);
    assert!(text.contains("17 objectives"), "{text}");
    assert!(
        text.contains("contributeur"),
        "accounts are printed: {text}"
    );
    dir.join("jalon-demo.db")
}

#[test]
fn demo_loads_and_a_fresh_run_starts_over() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let users = ok(&jalon(&db, &["user", "list"]));
    assert_eq!(users.lines().count(), 4, "{users}");
    // A second demo in the same directory is fresh, not appended.
    let db = demo(dir.path());
    assert_eq!(ok(&jalon(&db, &["user", "list"])).lines().count(), 4);
}

#[test]
fn xlsx_export_imports_into_an_empty_database_identically() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let xlsx = dir.path().join("plan.xlsx");
    ok(&jalon(
        &db,
        &[
            "export",
            "plan",
            "--format",
            "xlsx",
            "--output",
            xlsx.to_str().expect("path"),
        ],
    ));
    let before = ok(&jalon(&db, &["export", "plan", "--format", "json"]));
    let empty = dir.path().join("empty.db");
    let text = ok(&jalon(
        &empty,
        &["import", "plan", xlsx.to_str().expect("path")],
    ));
    assert!(text.contains("17 objectives"), "{text}");
    let after = ok(&jalon(&empty, &["export", "plan", "--format", "json"]));
    assert_eq!(before, after);
    let doc: serde_json::Value = serde_json::from_str(&after).expect("json");
    assert_eq!(doc["axes"].as_array().map(Vec::len), Some(4));
    assert!(doc["axes"][0]["objectives"][0]["targets"].is_array());
}

#[test]
fn check_finds_the_kinds_of_inconsistency() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let json = ok(&jalon(&db, &["check", "--format", "json", "--lang", "en"]));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    let kinds: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(kinds.len() >= 8, "{kinds:?}");
    for f in &findings {
        for key in ["code", "severity", "message", "location"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let text = ok(&jalon(&db, &["check"]));
    assert!(text.contains("plan_table_disagrees"), "{text}");
    assert!(text.lines().last().is_some_and(|l| l.contains("kind(s)")));
    // --fail-on makes it a gate.
    let out = jalon(&db, &["check", "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        jalon(&db, &["check", "--fail-on", "error"])
            .status
            .success(),
        "the demo has no error-level finding"
    );
}

#[test]
fn broken_files_are_refused_with_located_messages_and_nothing_written() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let before = ok(&jalon(&db, &["export", "plan", "--format", "json"]));
    let csv = ok(&jalon(&db, &["export", "plan", "--format", "csv"]));
    let broken = dir.path().join("broken.csv");
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // "douze" in the year of a target, and an action under an unknown objective.
    for l in lines.iter_mut() {
        if l.starts_with("Cibles;") && l.contains(";C1.O1.T1;") {
            *l = l.replacen(";2024;", ";douze;", 1);
        }
        if l.starts_with("Actions;") && l.contains(";C1.O1.A1;") {
            *l = l.replacen(";C1.O1;", ";C9.O9;", 1);
        }
    }
    let edited = lines.join("\n");
    assert!(
        edited.contains("douze") && edited.contains("C9.O9"),
        "the test edits the file"
    );
    std::fs::write(&broken, edited).expect("write");
    let out = jalon(&db, &["import", "plan", broken.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("« douze » n'est pas un nombre"), "{err}");
    assert!(err.contains("objectif « C9.O9 » inconnu"), "{err}");
    assert!(
        err.contains("broken.csv, feuille Cibles, ligne"),
        "located: {err}"
    );
    assert_eq!(
        ok(&jalon(&db, &["export", "plan", "--format", "json"])),
        before,
        "nothing written"
    );
    // A file that is not a plan at all.
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "bonjour").expect("write");
    let out = jalon(&db, &["import", "plan", junk.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("format"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn accounts_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let add = |args: &[&str], password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jalon"))
            .args(args)
            .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(password.as_bytes())
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    ok(&add(
        &[
            "user",
            "add",
            "marie",
            "--role",
            "contributor",
            "--person",
            "Référent·e Formation",
            "--password-stdin",
        ],
        "un-long-mot-de-passe\n",
    ));
    let list = ok(&jalon(&db, &["user", "list", "--format", "json"]));
    let users: Vec<serde_json::Value> = serde_json::from_str(&list).expect("json");
    let marie = users
        .iter()
        .find(|u| u["username"] == "marie")
        .expect("marie");
    assert_eq!(marie["person"], "Référent·e Formation");
    assert_eq!(marie["role"], "contributor");
    ok(&jalon(&db, &["user", "role", "marie", "editor"]));
    assert!(
        ok(&jalon(&db, &["user", "list"]))
            .lines()
            .any(|l| l.starts_with("marie") && l.contains("editor"))
    );
    ok(&add(
        &["user", "passwd", "marie", "--password-stdin"],
        "encore-un-autre-mot\n",
    ));
    // Refusals are explained.
    let out = add(
        &[
            "user",
            "add",
            "marie",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "un-long-mot-de-passe\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("username_taken"));
    let out = add(
        &[
            "user",
            "add",
            "paul",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "court\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("weak_password"));
    let out = add(
        &[
            "user",
            "add",
            "paul",
            "--role",
            "viewer",
            "--person",
            "Inconnu",
            "--password-stdin",
        ],
        "un-long-mot-de-passe\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown_person"));
}

#[test]
fn migrate_on_an_empty_database_and_a_useful_error_without_a_plan() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.db");
    assert!(ok(&jalon(&db, &["migrate"])).contains("1 migration(s) applied"));
    assert!(ok(&jalon(&db, &["migrate"])).contains("0 migration(s) applied"));
    let out = jalon(&db, &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("jalon import plan"));
    let out = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(["check", "--database-url", "mysql://nope"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}
