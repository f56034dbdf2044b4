//! A file that would take the server's memory is refused, and a reader's file is refused
//! before it is read at all: a workbook of a few hundred kilobytes that expands to hundreds
//! of megabytes (a "decompression bomb"), sent to the research import by a viewer and by an
//! editor.

mod common;

use std::io::Write;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::TestApp;

/// An XLSX-looking zip whose sheet expands from about 300 KB to `mb` megabytes.
fn bomb(mb: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options)
        .expect("part");
    zip.write_all(br#"<?xml version="1.0"?><Types/>"#)
        .expect("write");
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("part");
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..mb {
        zip.write_all(&spaces).expect("write");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

async fn send_bomb(t: &TestApp, token: &str, bytes: &[u8]) -> common::Reply {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/research/projects?file_name=projets.xlsx")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes.to_vec()))
        .expect("request");
    t.send(req).await
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_unread_by_a_viewer_and_bounded_for_an_editor() {
    let t = TestApp::demo().await;
    let bytes = bomb(300);
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());

    let viewer = t.token("lecteur", "bomb").await;
    let r = send_bomb(&t, &viewer, &bytes).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    let editor = t.token("editeur", "bomb").await;
    let r = send_bomb(&t, &editor, &bytes).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    assert_eq!(body["error"]["code"], "import_refused");
    let said = body["error"]["problems"].to_string();
    assert!(said.contains("200"), "the limit is named: {said}");
}
