//! A real SMTP server on loopback for tests: Debian's `python3-aiosmtpd`, which writes every
//! mail it accepts to a maildir that the test reads back. With `CI=true` a missing aiosmtpd
//! fails the test; elsewhere the test is skipped with a notice.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An SMTP server listening on `127.0.0.1:port` until dropped.
#[derive(Debug)]
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    maildir: PathBuf,
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on loopback")
}

/// A Python interpreter that has aiosmtpd, if any.
fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

impl SmtpServer {
    /// Starts a server on `port`; `None` (with a notice) when aiosmtpd is not installed and
    /// this is not CI.
    pub fn start_on(port: u16) -> Option<SmtpServer> {
        let Some(python) = python() else {
            assert!(
                std::env::var("CI").is_err(),
                "CI=true but aiosmtpd is missing: apt-get install python3-aiosmtpd"
            );
            eprintln!("notice: SMTP test skipped, aiosmtpd is not installed (python3-aiosmtpd)");
            return None;
        };
        let maildir =
            std::env::temp_dir().join(format!("jalon-smtp-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&maildir);
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let server = SmtpServer {
            child,
            port,
            maildir,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }

    /// Starts a server on a free port.
    pub fn start() -> Option<SmtpServer> {
        Self::start_on(free_port())
    }

    /// Every mail received so far (headers and body as received), in the order received.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                Some((e.metadata().ok()?.modified().ok()?, e.path()))
            })
            .collect();
        files.sort();
        files
            .iter()
            .filter_map(|(_, f)| std::fs::read_to_string(f).ok())
            .collect()
    }
}

/// A received mail with its quoted-printable body decoded, as a person would read it.
pub fn decoded(raw: &str) -> String {
    let quoted = raw
        .lines()
        .any(|l| l.eq_ignore_ascii_case("Content-Transfer-Encoding: quoted-printable"));
    if !quoted {
        return raw.to_string();
    }
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}
