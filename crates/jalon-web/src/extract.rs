//! Typed input at the boundary: the extractors that turn a request's body, form, upload, path and
//! query into typed values, and that answer a malformed request with Jalon's error (the JSON
//! envelope for the API, a translated page for the pages) instead of a framework's plain text.

use crate::auth::form_urlencoded;
use crate::error::WebError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Multipart, Request};
use jalon_app::{AppError, ErrorCode};

/// A form body with repeated keys (multi-selects).
#[derive(Debug, Default)]
pub struct FormData(pub(crate) Vec<(String, String)>);

impl FormData {
    /// Parses an urlencoded body.
    pub fn parse(body: &[u8]) -> FormData {
        FormData(form_urlencoded(body).collect())
    }

    /// The first value of `key`, trimmed; `None` when absent or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The value of `key`, or empty.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_string()
    }

    /// Every value of `key` in order, empty ones included, trimmed: the columns of a form's
    /// repeated rows, which must stay aligned.
    pub fn column(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .collect()
    }
}

/// An optional decimal number of a form (French or English writing).
pub(crate) fn parse_f64(field: &'static str, v: Option<&str>) -> Result<Option<f64>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => jalon_core::number::parse_number(s)
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidNumber, s)),
    }
}

/// An optional whole number of a form.
pub(crate) fn parse_i32(field: &'static str, v: Option<&str>) -> Result<Option<i32>, AppError> {
    match v {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidNumber, s)),
    }
}

/// The links from plan indicators to computed figures after a links form: the posted
/// `indicator`'s link removed (`op=remove`) or replaced by the one `make` reads from the form.
pub(crate) fn relink<L>(
    mut links: Vec<L>,
    f: &FormData,
    code_of: impl Fn(&L) -> &str,
    make: impl FnOnce(String) -> Result<L, AppError>,
) -> Result<Vec<L>, AppError> {
    let code = f.text("indicator");
    links.retain(|l| code_of(l) != code);
    if f.get("op") != Some("remove") {
        links.push(make(code)?);
    }
    Ok(links)
}

/// Reads a multipart form: its text fields, and its `file` field when a non-empty file was
/// sent.
pub(crate) async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(FormData, Option<(String, Bytes)>), AppError> {
    let mut fields = Vec::new();
    let mut file = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::invalid("file", ErrorCode::InvalidUpload, e.to_string())
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes));
            }
        } else {
            fields.push((name, field.text().await.map_err(bad)?));
        }
    }
    Ok((FormData(fields), file))
}

/// A JSON body whose rejection is an API error (`invalid_json`, with where it failed).
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(WebError(AppError::invalid(
                "body",
                ErrorCode::InvalidJson,
                e.body_text(),
            ))),
        }
    }
}
