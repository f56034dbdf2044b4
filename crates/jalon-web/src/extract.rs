//! Typed input at the boundary: the extractors that turn a request's body, form, upload, path and
//! query into typed values, and that answer a malformed request with Jalon's error (the JSON
//! envelope for the API, a translated page for the pages) instead of a framework's plain text.

use crate::error::WebError;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use jalon_app::{AppError, ErrorCode};
use serde::de::DeserializeOwned;

/// A JSON body. A body that is not JSON, not of the expected shape (an unknown or missing
/// field, a wrong type), of another content type or too large is refused with Jalon's error
/// and its stable code: `invalid_json`, `unsupported_media_type`, `too_large`.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(e) => Err(WebError(json_rejection(e))),
        }
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The answer of an API call that created something: `201 Created` with `body` as JSON.
pub fn created<T: serde::Serialize>(body: T) -> Result<Response, crate::error::WebError> {
    Ok((axum::http::StatusCode::CREATED, Json(body)).into_response())
}

fn json_rejection(e: JsonRejection) -> AppError {
    let detail = e.body_text();
    let code = match &e {
        JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
        JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ErrorCode::TooLarge
        }
        JsonRejection::BytesRejection(_) => ErrorCode::BadRequest,
        _ => ErrorCode::InvalidJson,
    };
    AppError::invalid("body", code, detail)
}

/// Path parameters: a segment of the wrong kind (`/actions/abc`) is `invalid_path`.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => Err(WebError(AppError::invalid(
                "path",
                ErrorCode::InvalidPath,
                e.body_text(),
            ))),
        }
    }
}

/// Query parameters: a parameter of the wrong kind (`?year=abc`) or a missing one is
/// `invalid_query`, with which one in the detail.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_html_form::from_str(query).map(Query).map_err(|e| {
            WebError(AppError::invalid(
                "query",
                ErrorCode::InvalidQuery,
                e.to_string(),
            ))
        })
    }
}

/// A form of a page (urlencoded), decoded into `T`: repeated keys (multi-selects) fill a
/// `Vec`. Form types take every field as typed (`String`, `Vec<String>`, `bool`) with
/// `#[serde(default)]`, so that what a person typed can be shown again beside its error;
/// their `input()` method turns them into the use case's input.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| WebError(bytes_rejection(e)))?;
        serde_html_form::from_bytes(&bytes).map(Form).map_err(|e| {
            WebError(AppError::invalid(
                "body",
                ErrorCode::InvalidForm,
                e.to_string(),
            ))
        })
    }
}

fn bytes_rejection(e: BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::invalid("file", ErrorCode::TooLarge, e.body_text())
    } else {
        AppError::invalid("body", ErrorCode::BadRequest, e.body_text())
    }
}

/// A file sent with a form.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The name the browser gave (used to guess the format).
    pub name: String,
    pub bytes: Bytes,
}

/// The fields of an upload form that sends nothing but the file.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoFields {}

/// A multipart form: its text fields decoded into `T` like a [`Form`], and its `file` field
/// when a non-empty file was sent.
pub struct Upload<T> {
    pub fields: T,
    pub file: Option<UploadedFile>,
}

impl<T, S> FromRequest<S> for Upload<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut multipart = Multipart::from_request(req, state).await.map_err(|e| {
            WebError(AppError::invalid(
                "file",
                ErrorCode::InvalidUpload,
                e.body_text(),
            ))
        })?;
        let bad = |e: axum::extract::multipart::MultipartError| {
            let code = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ErrorCode::TooLarge
            } else {
                ErrorCode::InvalidUpload
            };
            WebError(AppError::invalid("file", code, e.body_text()))
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut file = None;
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                let file_name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    file = Some(UploadedFile {
                        name: file_name,
                        bytes,
                    });
                }
            } else {
                pairs.push((name, field.text().await.map_err(bad)?));
            }
        }
        let encoded = serde_html_form::to_string(&pairs).map_err(|e| {
            WebError(AppError::invalid(
                "body",
                ErrorCode::InvalidForm,
                e.to_string(),
            ))
        })?;
        let fields = serde_html_form::from_str(&encoded).map_err(|e| {
            WebError(AppError::invalid(
                "body",
                ErrorCode::InvalidForm,
                e.to_string(),
            ))
        })?;
        Ok(Upload { fields, file })
    }
}

/// The address the request comes from: the connection's peer, or, when
/// [`crate::WebConfig::behind_proxy`] is set, the last address the proxy appended to
/// `X-Forwarded-For`. `None` when neither is known (a request made in a test).
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<crate::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.behind_proxy {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse().ok())
                .next_back();
            if forwarded.is_some() {
                return Ok(ClientAddress(forwarded));
            }
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddress(peer))
    }
}
