//! The server as a supervisor sees it: its probes answer without a session (`/health` reads
//! nothing, `/ready` checks the database), and on SIGTERM (what systemd and container runtimes
//! send) it finishes the request in flight, then exits with success.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

/// `jalon serve` on the demo database in `dir`, on a free loopback port; its address.
fn serve(dir: &Path) -> (Child, String) {
    let db = common::demo(dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("JALON_LANG", "en")
        .env("RUST_LOG", "error")
        .env("JALON_DATABASE_URL", format!("sqlite://{}", db.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    // The mail line comes first, then the serving line.
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    while !line.contains("http://") {
        line.clear();
        let read = out.read_line(&mut line).expect("the serving line");
        assert!(read > 0, "the server printed no address");
    }
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, addr)
}

/// A whole GET: status line and body.
fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read");
    reply
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
}

/// The exit status within `limit`, or `None` (the child is then killed).
fn exit_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    None
}

#[test]
fn probes_answer_and_sigterm_finishes_the_request_in_flight() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = serve(dir.path());

    for probe in ["/health", "/ready", "/healthz"] {
        let reply = get(&addr, probe);
        assert!(reply.starts_with("HTTP/1.1 200"), "{probe}: {reply}");
        assert!(reply.ends_with("ok"), "{probe}: {reply}");
    }

    // A sign-in whose body is still arriving when the server is asked to stop.
    let body = "username=nobody&password=wrong-password";
    let mut s = TcpStream::connect(&addr).expect("connect");
    write!(
        s,
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .expect("send the start");
    s.flush().expect("flush");
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    let mut early = [0u8; 1];
    assert!(
        s.read(&mut early).is_err(),
        "the server answered before the body was complete"
    );

    terminate(&child);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the server exited with a request in flight"
    );
    s.write_all(&body.as_bytes()[10..]).expect("send the rest");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("the reply");
    assert!(reply.starts_with("HTTP/1.1 "), "{reply:?}");
    assert!(!reply.starts_with("HTTP/1.1 5"), "{reply}");

    let status = exit_within(&mut child, Duration::from_secs(10)).expect("exits after SIGTERM");
    assert!(status.success(), "{status}");
    assert!(
        TcpStream::connect(&addr).is_err(),
        "still listening after the stop"
    );
}
