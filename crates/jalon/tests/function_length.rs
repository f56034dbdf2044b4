//! A house rule checked on every build: no function over 80 lines without a reason written
//! above it. A long function is either split, or carries a comment `// Long: <why>` in the
//! lines just above it (a table the reader wants in one place, a schema, a state machine).
//! The functions long before the rule are listed in `long_functions.txt` with their length:
//! they may shrink, not grow, and leave the list when they are split.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The longest a function may be without a reason.
const MAX_LINES: usize = 80;

/// A function found in the sources: where it starts and how many lines it spans.
#[derive(Debug)]
struct Function {
    file: String,
    name: String,
    line: usize,
    lines: usize,
    reason: bool,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The functions of a file: a line `fn name` (after `pub`, `async`, …) whose body closes with
/// a `}` at the same indentation, as rustfmt writes them.
fn functions(file: &str, text: &str) -> Vec<Function> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let head = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("async ")
            .trim_start_matches("unsafe ");
        let Some(rest) = head.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The signature ends at the first line ending with `{` (a body) or `;` (none).
        let mut j = i;
        while j < lines.len() && !lines[j].trim_end().ends_with('{') {
            if lines[j].trim_end().ends_with(';') {
                break;
            }
            j += 1;
        }
        if j >= lines.len() || lines[j].trim_end().ends_with(';') {
            i = j + 1;
            continue;
        }
        let close = format!("{}}}", " ".repeat(indent));
        let mut k = j + 1;
        while k < lines.len() && lines[k].trim_end() != close {
            k += 1;
        }
        let reason = lines[i.saturating_sub(8)..i]
            .iter()
            .any(|l| l.trim_start().starts_with("// Long:"));
        out.push(Function {
            file: file.to_string(),
            name,
            line: i + 1,
            lines: k.min(lines.len() - 1) - i + 1,
            reason,
        });
        i += 1;
    }
    out
}

/// The functions long before the rule: `path name lines` per line.
fn known() -> BTreeMap<(String, String), usize> {
    include_str!("long_functions.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let file = parts.next()?.to_string();
            let name = parts.next()?.to_string();
            let lines = parts.next()?.parse().ok()?;
            Some(((file, name), lines))
        })
        .collect()
}

#[test]
fn no_function_over_80_lines_without_a_reason() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in std::fs::read_dir(&crates).expect("crates").flatten() {
        rust_files(&krate.path().join("src"), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "the sources are found: {}", files.len());
    let known = known();
    let mut long: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut refused = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("source");
        let file = path
            .strip_prefix(&crates)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        for f in functions(&file, &text) {
            if f.lines <= MAX_LINES || f.reason {
                continue;
            }
            let key = (f.file.clone(), f.name.clone());
            let entry = long.entry(key.clone()).or_default();
            *entry = (*entry).max(f.lines);
            match known.get(&key) {
                Some(&was) if f.lines <= was => {}
                Some(&was) => refused.push(format!(
                    "{}:{} fn {} grew from {was} to {} lines: split it",
                    f.file, f.line, f.name, f.lines
                )),
                None => refused.push(format!(
                    "{}:{} fn {} has {} lines: split it, or say why above it with `// Long: …`",
                    f.file, f.line, f.name, f.lines
                )),
            }
        }
    }
    for (key, was) in &known {
        if !long.contains_key(key) {
            refused.push(format!(
                "{} fn {} ({was} lines) is no longer long: remove it from long_functions.txt",
                key.0, key.1
            ));
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn the_scan_finds_functions_and_reasons() {
    let text = "fn short() {\n    1;\n}\n\n// Long: a table.\nfn long() {\n".to_string()
        + &"    x;\n".repeat(90)
        + "}\n    pub async fn inner(\n        a: u8,\n    ) -> u8 {\n        a\n    }\n";
    let found = functions("f.rs", &text);
    let names: Vec<(&str, usize, bool)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.lines, f.reason))
        .collect();
    assert_eq!(
        names,
        vec![("short", 3, false), ("long", 92, true), ("inner", 5, false)]
    );
}
