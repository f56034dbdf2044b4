//! What the command line's integration tests share.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The demo database made by `jalon demo --no-serve` in `dir`: its path.
pub fn demo(dir: &Path) -> PathBuf {
    let status = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(["demo", "--no-serve", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .status()
        .expect("run demo");
    assert!(status.success());
    dir.join("jalon-demo.db")
}
