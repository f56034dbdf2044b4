//! The command line, run as users run it: the binary on real SQLite files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn jalon(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalon"))
        .env("JALON_LANG", "en")
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
        .env("JALON_LANG", "en")
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
    assert_eq!(users.lines().count(), 8, "{users}");
    // A second demo in the same directory is fresh, not appended.
    let db = demo(dir.path());
    assert_eq!(ok(&jalon(&db, &["user", "list"])).lines().count(), 8);
}

#[test]
fn a_campaign_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    // The demo's campaign of 2025, past its deadline, with a value returned.
    let list = ok(&jalon(&db, &["campaign", "list"]));
    assert!(
        list.contains("2025") && list.contains("1 returned"),
        "{list}"
    );
    let refused = jalon(
        &db,
        &[
            "campaign",
            "open",
            "2026",
            "--opens-on",
            "2026-11-01",
            "--deadline",
            "2026-12-15",
            "--scope",
            "everything",
        ],
    );
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("\"everything\" is not a campaign scope")
            && message.contains("indicator_values"),
        "{message}"
    );
    let opened = ok(&jalon(
        &db,
        &[
            "campaign",
            "open",
            "2026",
            "--opens-on",
            "2026-11-01",
            "--deadline",
            "2026-12-15",
            "--scope",
            "action_statuses",
        ],
    ));
    assert!(opened.contains("(2026) opened"), "{opened}");
    let id = opened
        .split("no. ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .expect("the campaign's number")
        .to_string();
    let again = jalon(
        &db,
        &[
            "campaign",
            "open",
            "2026",
            "--opens-on",
            "2026-11-01",
            "--deadline",
            "2026-12-15",
        ],
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already a campaign"));
    let shown = ok(&jalon(&db, &["campaign", "show", &id]));
    assert!(
        shown.contains("to supply") && shown.contains("Chargée de mission RES"),
        "{shown}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&jalon(
        &db,
        &["campaign", "show", &id, "--format", "json"],
    )))
    .expect("json");
    assert!(
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["kind"] == "action_status"),
        "the scope asked for, only"
    );
    assert!(ok(&jalon(&db, &["campaign", "close", &id])).contains("2026 campaign closed"));
    assert!(ok(&jalon(&db, &["campaign", "reopen", &id])).contains("2026 campaign reopened"));
    let journal = ok(&jalon(
        &db,
        &["journal", "--kind", "campaign", "--limit", "3"],
    ));
    assert!(journal.contains("2026 campaign reopened"), "{journal}");
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
fn reimporting_tells_what_changes_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let adopt = [
        "plan",
        "adopt",
        "--label",
        "Plan 2023",
        "--adopted-on",
        "2023-06-29",
        "--by",
        "CA",
    ];
    assert!(ok(&jalon(&db, &adopt)).contains("version no. 3 “Plan 2023” recorded"));
    let yaml = dir.path().join("plan.yaml");
    let text = ok(&jalon(&db, &["export", "plan", "--format", "yaml"]));
    std::fs::write(&yaml, &text).expect("write");
    let path = yaml.to_str().expect("path");
    let out = ok(&jalon(&db, &["import", "plan", path]));
    assert!(
        out.contains("0 added, 0 changed, 0 moved, 0 reordered, 0 removed"),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");
    // Retitle one action and drop another.
    let edited = text.replacen("title: ", "title: Révisé — ", 1);
    assert_ne!(edited, text);
    std::fs::write(&yaml, &edited).expect("write");
    let out = ok(&jalon(&db, &["import", "plan", path, "--dry-run"]));
    assert!(out.contains("1 changed"), "{out}");
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert_eq!(
        ok(&jalon(&db, &["export", "plan", "--format", "yaml"])),
        text,
        "a dry run writes nothing"
    );
    let out = ok(&jalon(&db, &["import", "plan", path]));
    assert!(out.contains("1 changed"), "{out}");
    assert!(!out.contains("nothing was written"), "{out}");
    assert!(ok(&jalon(&db, &["export", "plan", "--format", "yaml"])).contains("Révisé — "));
    // The adopted version compares with the plan in place; a side that is no version is
    // refused with its words.
    let out = ok(&jalon(&db, &["plan", "diff", "3", "current"]));
    assert!(out.contains("1 changed"), "{out}");
    assert!(ok(&jalon(&db, &["plan", "versions"])).contains("2023-06-29  Plan 2023  CA"));
    let refused = jalon(&db, &["plan", "diff", "latest", "current"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("“latest” is neither a version"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // The journal says so, in the command line's language or the one asked for; the dry
    // run and the import that changed nothing left no entry.
    let out = ok(&jalon(&db, &["journal", "--kind", "strategy"]));
    assert_eq!(
        out.matches("plan imported from “plan.yaml” (yaml)").count(),
        1,
        "{out}"
    );
    let out = ok(&jalon(
        &db,
        &[
            "journal", "--kind", "strategy", "--lang", "fr", "--format", "json",
        ],
    ));
    let page: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        page["entries"][0]["text"],
        "plan importé depuis « plan.yaml » (yaml)"
    );
    let csv = ok(&jalon(
        &db,
        &["journal", "--kind", "strategy", "--format", "csv"],
    ));
    assert!(
        csv.starts_with("\u{feff}Date;By;Account;Element;No.;Operation;Change;Before → after"),
        "{csv}"
    );
    assert!(
        csv.contains(";strategy;;import;plan imported from “plan.yaml” (yaml);"),
        "{csv}"
    );
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
            .env("JALON_LANG", "en")
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
    assert!(ok(&jalon(&db, &["migrate"])).contains("15 migration(s) applied"));
    assert!(ok(&jalon(&db, &["migrate"])).contains("0 migration(s) applied"));
    let out = jalon(&db, &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("jalon import plan"));
    let out = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .env("JALON_LANG", "en")
        .args(["check", "--database-url", "mysql://nope"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

const GES_HEADER: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)";

fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("output CSV");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn carbon_trips_computes_a_ges1point5_file_row_by_row() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("missions.tsv");
    std::fs::write(
        &input,
        format!(
            "{GES_HEADER}\n1\t15/03/2024\tParis\tFR\tToulouse\tFR\tavion\t\tOUI\tColloque\tChercheur\n2\t02/04/2024\tParis\tFrance\tMarseille\tFrance\ttrain\t\tOUI\t\t\n3\t10/05/2024\tGrenoble\tFR\tLyon\tFR\tvoiture\t2\tNON\t\t\n4\t01/06/2024\tParis\tFR\tPékin\tChine\tavion\t\tNON\t\t\n5\t01/06/2024\tPariss-sur-Mer\tFR\tLyon\tFR\ttrain\t\tNON\t\t\n"
        ),
    )
    .expect("input");
    let out = dir.path().join("out.csv");
    let db = dir.path().join("unused.db");
    let run = |contrails: &str| {
        jalon(
            &db,
            &[
                "carbon",
                "trips",
                "--input",
                input.to_str().expect("path"),
                "--contrails",
                contrails,
                "--price",
                "100",
                "--output",
                out.to_str().expect("path"),
            ],
        )
    };
    let o = run("yes");
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("Pariss-sur-Mer"),
        "unresolved place reported: {stderr}"
    );
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 5);
    let kg = |i: usize| rows[i]["kg_co2e"].parse::<f64>().expect("kg");
    // Hand-checked reference cases (ADEME Impact CO2 factors, see jalon-carbon's tests).
    assert_eq!(rows[0]["factor_id"], "avion-courtcourrier");
    assert!((kg(0) - 306.678).abs() < 0.01, "{}", kg(0));
    assert_eq!(rows[0]["levy_eur"], "30.67");
    assert_eq!(rows[1]["factor_id"], "tgv");
    assert!((kg(1) - 4.645).abs() < 0.01, "{}", kg(1));
    assert!((kg(2) - 8.571).abs() < 0.01, "{}", kg(2));
    assert!(rows[2]["formula"].contains("÷ 2 occupants"));
    assert_eq!(rows[3]["factor_id"], "avion-longcourrier");
    assert!((kg(3) - 1478.58).abs() < 0.01, "{}", kg(3));
    for r in &rows[..4] {
        let (lo, hi) = (
            r["kg_co2e_low"].parse::<f64>().expect("low"),
            r["kg_co2e_high"].parse::<f64>().expect("high"),
        );
        let k: f64 = r["kg_co2e"].parse().expect("kg");
        assert!(lo < k && k < hi, "{r:?}");
        assert!(r["distance_km"].parse::<f64>().expect("km") > 0.0);
    }
    assert_eq!(rows[4]["status"], "unresolved");
    assert!(rows[4]["kg_co2e"].is_empty(), "not guessed");
    // Without contrails, the long-haul flight weighs less.
    ok(&run("no"));
    let rows = csv_rows(&out);
    assert_eq!(rows[3]["factor_id"], "avion-longcourrier-sans-trainees");
    assert!((rows[3]["kg_co2e"].parse::<f64>().expect("kg") - 813.65).abs() < 0.01);
}

#[test]
fn carbon_trips_refuses_bad_files_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("unused.db");
    let out = dir.path().join("out.csv");
    let input = dir.path().join("bad.tsv");
    std::fs::write(
        &input,
        format!("{GES_HEADER}\n1\t32/13/2024\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n2\t01/01/2024\tParis\tFR\tLyon\tFR\ttéléportation\t\tOUI\t\t\n"),
    )
    .expect("input");
    let o = jalon(
        &db,
        &[
            "carbon",
            "trips",
            "--input",
            input.to_str().expect("path"),
            "--output",
            out.to_str().expect("path"),
        ],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2") && err.contains("32/13/2024"),
        "{err}"
    );
    assert!(
        err.contains("line 3") && err.contains("téléportation"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    // A table with a negative distance-like value: occupants out of range, located.
    let table = dir.path().join("bad.csv");
    std::fs::write(
        &table,
        "date;from;to;mode;occupants\n01/02/2025;Paris;Lyon;voiture;-3\n",
    )
    .expect("input");
    let o = jalon(
        &db,
        &[
            "carbon",
            "trips",
            "--format",
            "csv",
            "--input",
            table.to_str().expect("path"),
            "--output",
            out.to_str().expect("path"),
        ],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2") && err.contains("occupants"), "{err}");
    assert!(!out.exists());
}

#[test]
fn carbon_commands_on_the_demo_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let text = ok(&jalon(&db, &["carbon", "inventory", "--year", "2025"]));
    assert!(text.contains("Footprint 2025"), "{text}");
    // Read by a program that has already gone (`| head`): a quiet stop, no panic.
    for args in [
        &["carbon", "inventory", "--year", "2025"][..],
        &["export", "plan", "--format", "json"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jalon"))
            .env("JALON_LANG", "en")
            .args(args)
            .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run jalon");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(
        text.contains("EUROMOV") && text.contains("share  50.0 %"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&jalon(
        &db,
        &["carbon", "inventory", "--year", "2025", "--format", "json"],
    )))
    .expect("json");
    assert_eq!(json["posts"].as_array().map(Vec::len), Some(22));
    // Activity data into a new year, then the footprint of that year.
    let lines = dir.path().join("2026.csv");
    std::fs::write(
        &lines,
        "Poste;Libellé;Quantité;Unité;Facteur;Qualité\n2.1;Électricité;1 000 000;kWh;elec-fr-mix-moyen;mesurée\n",
    )
    .expect("file");
    let text = ok(&jalon(
        &db,
        &[
            "carbon",
            "activities",
            lines.to_str().expect("path"),
            "--year",
            "2026",
        ],
    ));
    assert!(text.contains("52.0 tCO2e"), "{text}");
    // Missions into the database: the unknown place is kept, not guessed.
    let missions = dir.path().join("m.tsv");
    std::fs::write(
        &missions,
        format!("{GES_HEADER}\n1\t03/03/2026\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n2\t04/03/2026\tParis\tFR\tZzyzxville\tFR\ttrain\t\tOUI\t\t\n"),
    )
    .expect("file");
    let text = ok(&jalon(
        &db,
        &[
            "carbon",
            "missions",
            missions.to_str().expect("path"),
            "--unit",
            "DRI",
        ],
    ));
    assert!(text.contains("1 computed, 1 waiting for a place"), "{text}");
    let sets = ok(&jalon(&db, &["carbon", "factors", "list"]));
    assert!(sets.contains("jalon-2026.1"), "{sets}");
    let found = ok(&jalon(
        &db,
        &[
            "carbon",
            "factors",
            "list",
            "--version",
            "jalon-2026.1",
            "--search",
            "tgv",
        ],
    ));
    assert!(
        found.contains("tgv") && found.contains("1 factor(s)"),
        "{found}"
    );
}

#[test]
fn sdg_classify_writes_explained_suggestions_for_every_row() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("unused.db");
    let input = dir.path().join("texts.csv");
    std::fs::write(
        &input,
        "ref;text\nA1;Réduire les émissions de gaz à effet de serre et s'adapter au changement climatique.\nA2;Statuts de l'association sportive.\nA3;Access to safe drinking water and sanitation in rural areas.\n",
    )
    .expect("file");
    let output = dir.path().join("out.csv");
    let out = jalon(
        &db,
        &[
            "sdg",
            "classify",
            "--input",
            input.to_str().expect("path"),
            "--id-column",
            "ref",
            "-o",
            output.to_str().expect("path"),
        ],
    );
    ok(&out);
    let rows = csv_rows(&output);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "A1");
    assert!(
        rows[0]["sdgs"].split(';').any(|g| g == "13"),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[0]["evidence"].contains("effet de serre")
            || rows[0]["evidence"].contains("changement climatique"),
        "{:?}",
        rows[0]
    );
    assert_eq!(rows[1]["sdgs"], "", "unrelated text gets no SDG");
    assert!(
        rows[2]["sdgs"].split(';').any(|g| g == "6"),
        "{:?}",
        rows[2]
    );

    // A missing column is refused and nothing is written.
    let missing = dir.path().join("none.csv");
    let out = jalon(
        &db,
        &[
            "sdg",
            "classify",
            "--input",
            input.to_str().expect("path"),
            "--text-column",
            "texte",
            "-o",
            missing.to_str().expect("path"),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("texte"), "{err}");
    assert!(!missing.exists(), "nothing written");
}

#[test]
fn sdg_eval_reports_the_benchmark_accuracy() {
    let dir = tempfile::tempdir().expect("dir");
    let bench = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../jalon-sdg/tests/data/benchmark-dev.csv"
    );
    let text = ok(&jalon(
        &dir.path().join("unused.db"),
        &["sdg", "eval", "--benchmark", bench],
    ));
    let mean = text
        .lines()
        .find_map(|l| l.split("mean accuracy").nth(1))
        .and_then(|rest| {
            rest.trim_start_matches([':', ' '])
                .trim_end_matches(['%', ' '])
                .split_whitespace()
                .next()
                .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok())
        })
        .unwrap_or_else(|| panic!("no mean accuracy in {text}"));
    assert!(mean > 85.0, "mean accuracy {mean}");
}

#[test]
fn sdg_imports_on_the_demo_database() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let projects = dir.path().join("projets.csv");
    std::fs::write(
        &projects,
        "Référence;Titre;Résumé;Laboratoire;Début;Fin\nX-1;Eau et sécheresse;Ressource en eau potable et sécheresses.;HSM;2025;2027\nX-2;Sans date;Texte;HSM;vingt;2027\n",
    )
    .expect("file");
    let path = projects.to_str().expect("path");
    let out = jalon(&db, &["sdg", "import", "projects", path]);
    assert!(!out.status.success(), "a bad record refuses the file");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("projets.csv") && err.contains("vingt"),
        "{err}"
    );
    let text = ok(&jalon(
        &db,
        &["sdg", "import", "projects", path, "--skip-invalid"],
    ));
    assert!(
        text.starts_with("1 project(s) imported (1 rejected"),
        "{text}"
    );
    assert!(
        text.contains("left out") && text.contains("vingt"),
        "{text}"
    );

    let bib = dir.path().join("refs.bib");
    std::fs::write(
        &bib,
        "@article{a, title={Flood risk and climate adaptation}, author={Doe, Jane}, year={2025}, doi={10.1000/cli.1}}\n",
    )
    .expect("file");
    let bib = bib.to_str().expect("path");
    let text = ok(&jalon(&db, &["sdg", "import", "publications", bib]));
    assert!(text.starts_with("1 publication(s) imported"), "{text}");
    let text = ok(&jalon(&db, &["sdg", "import", "publications", bib]));
    assert!(text.contains("1 already there"), "{text}");

    let text = ok(&jalon(&db, &["sdg", "suggest"]));
    assert!(text.contains("suggestion(s)"), "{text}");
}

/// A poppler tool's output (poppler-utils is installed by `.ci/run`).
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is required (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_sdg_report_as_a_site_and_an_accessible_pdf_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let site = dir.path().join("site");
    let text = ok(&jalon(
        &db,
        &[
            "report",
            "sdg",
            "--year",
            "2024",
            "--output",
            site.to_str().expect("path"),
        ],
    ));
    assert!(text.contains("20 pages (19 chapters)"), "{text}");
    let odd13 = std::fs::read_to_string(site.join("odd-13.html")).expect("chapter page");
    assert!(odd13.contains("<html lang=\"fr\">") && odd13.contains("ODD 13"));
    for lang in ["fr", "en"] {
        let pdf = dir.path().join(format!("rapport-{lang}.pdf"));
        let pdf_path = pdf.to_str().expect("path");
        ok(&jalon(
            &db,
            &[
                "report", "sdg", "--year", "2024", "--lang", lang, "--format", "pdf", "--output",
                pdf_path,
            ],
        ));
        let info = poppler("pdfinfo", &[pdf_path]);
        assert!(info.contains("Tagged:          yes"), "{info}");
        let title = if lang == "fr" {
            "Rapport ODD 2024"
        } else {
            "SDG report 2024"
        };
        assert!(info.contains(title), "{info}");
        let fonts = poppler("pdffonts", &[pdf_path]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty());
        assert!(
            rows.iter()
                .all(|r| r.split_whitespace().rev().nth(4) == Some("yes")),
            "every font embedded:\n{fonts}"
        );
        let text = poppler("pdftotext", &["-layout", pdf_path, "-"]);
        for n in 1..=17 {
            let heading = if lang == "fr" {
                format!("ODD {n} ·")
            } else {
                format!("SDG {n} ·")
            };
            assert!(text.contains(&heading), "{heading} missing");
        }
        insta::assert_snapshot!(format!("sdg_report_2024_{lang}_pdf_text"), text);
    }
    // A bad year is refused with the field named, and nothing is written.
    let out = jalon(
        &db,
        &[
            "report", "sdg", "--year", "1850", "--format", "pdf", "--output", "x.pdf",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1850"));
    assert!(!Path::new("x.pdf").exists());
}

#[test]
fn steering_carbon_and_framework_exports_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    let path = |name: &str| dir.path().join(name).to_str().expect("path").to_string();
    let run = |args: &[&str]| ok(&jalon(&db, args));
    let text = run(&[
        "report",
        "the-pack",
        "--year",
        "2024",
        "--output",
        &path("pack.xlsx"),
    ]);
    assert!(text.contains("18 sheet(s)"), "{text}");
    run(&[
        "report",
        "the-pack",
        "--year",
        "2024",
        "--format",
        "csv",
        "--sdg",
        "5",
        "--output",
        &path("sdg5.csv"),
    ]);
    let csv = std::fs::read_to_string(path("sdg5.csv")).expect("csv");
    let row = csv
        .lines()
        .find(|l| l.contains(";5.6.1;"))
        .expect("5.6.1 row");
    assert!(
        row.contains(";oui;") && row.contains("https://exemple.jalon.invalid/rh/plan-egalite.pdf"),
        "{row}"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 19,
        "header and the 19 indicators of SDG 5"
    );
    let text = run(&[
        "report",
        "steering",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--output",
        &path("steering.xlsx"),
    ]);
    assert!(text.contains("4 sheet(s)"), "{text}");
    run(&[
        "report",
        "steering",
        "--year",
        "2024",
        "--format",
        "pdf",
        "--output",
        &path("steering.pdf"),
    ]);
    let info = poppler("pdfinfo", &[&path("steering.pdf")]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    run(&[
        "report",
        "carbon",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--output",
        &path("beges.xlsx"),
    ]);
    run(&[
        "report",
        "carbon",
        "--year",
        "2024",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--output",
        &path("carbon.pdf"),
    ]);
    let carbon = poppler("pdftotext", &[&path("carbon.pdf"), "-"]);
    assert!(
        carbon.contains("Greenhouse gas inventory 2024")
            && carbon.contains("Carbon compensation fund")
    );
    run(&[
        "report",
        "ddrs",
        "--year",
        "2024",
        "--format",
        "csv",
        "--output",
        &path("ddrs.csv"),
    ]);
    let ddrs = std::fs::read_to_string(path("ddrs.csv")).expect("csv");
    assert!(ddrs.contains("SG1") && ddrs.contains("Moyenne de l'axe"));
    let err = jalon(
        &db,
        &[
            "report",
            "the-pack",
            "--year",
            "2024",
            "--format",
            "csv",
            "--sdg",
            "18",
            "--output",
            &path("x.csv"),
        ],
    );
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("--sdg 18: expected 1 to 17"));
}

/// The command line speaks the environment's language: French messages and errors (with the
/// stable code for scripts) under `JALON_LANG=fr`.
#[test]
fn the_command_line_speaks_french_when_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fr.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jalon"))
            .env("JALON_LANG", "fr")
            .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
            .env("RUST_LOG", "warn")
            .args(args)
            .output()
            .expect("run jalon")
    };
    let out = run(&["migrate"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("migration(s) appliquée(s)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(&["check"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("aucun plan n'est chargé"), "{err}");
    let out = run(&[
        "report", "the-pack", "--year", "2024", "--format", "csv", "--sdg", "18", "--output",
        "x.csv",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("attendu de 1 à 17"), "{err}");
}
