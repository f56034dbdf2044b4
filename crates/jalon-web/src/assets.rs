//! Static files embedded in the binary: the stylesheet, htmx (vendored, 0BSD) and a small
//! script. Nothing is fetched from elsewhere at run time.

use crate::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Version tag appended to asset URLs so browsers reload them after an upgrade.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "jalon.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/jalon.css"),
    ),
    (
        "jalon.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/jalon.js"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/htmx-2.0.11.min.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
];

/// `GET /static/{file}`.
pub async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, ..)| *name == file) {
        Some((_, mime, bytes)) => {
            let mut resp = (*bytes).into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            );
            resp
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
