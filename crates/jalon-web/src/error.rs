//! Errors as HTTP responses: one status per error code, a translated HTML page for pages, a
//! JSON body `{"error": {"code", "message", …}}` for the API.
//!
//! Handlers return [`WebError`]; it only records the error in the response. The
//! [`render_errors`] layer, which sees the request, then picks the page (in the user's
//! language, with the navigation) or the JSON body.

use crate::auth::{Auth, request_lang, to_login};
use crate::page::Page;
use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jalon_app::{AppError, ErrorCode};
use jalon_i18n::Tr;
use serde::Serialize;
use std::sync::Arc;

/// A use-case error on its way to becoming a response.
#[derive(Debug)]
pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError(AppError::Internal(format!("template: {e}")))
    }
}

/// The error carried by a response until [`render_errors`] renders it.
#[derive(Debug, Clone)]
pub struct ErrorInfo(pub Arc<AppError>);

/// HTTP status of an error: its code's.
pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        if status.is_server_error() {
            tracing::error!(error = %self.0, "request failed");
        }
        let mut resp = (status, self.0.code().as_str()).into_response();
        resp.extensions_mut().insert(ErrorInfo(Arc::new(self.0)));
        resp
    }
}

/// JSON error body of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, with a stable code.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code (`forbidden`, `invalid_value`, `import_refused`…).
    pub code: String,
    /// Human-readable message in the request's language.
    pub message: String,
    /// The input field at fault, for `invalid_*` codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rejected value or the limit, for `invalid_*` codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Located problems of a refused file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemBody>,
    /// For `edited_meanwhile`: the record's version now; read it again, then send the change
    /// with this version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

/// A located problem of a refused file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemBody {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    pub message: String,
    /// Location and message as one sentence.
    pub text: String,
}

/// The translated message of an error.
pub fn message(tr: &Tr, e: &AppError) -> String {
    e.message_in(tr)
}

/// The JSON body of an error.
pub fn body(tr: &Tr, e: &AppError) -> ErrorBody {
    let (field, detail) = match e {
        AppError::Invalid { field, detail, .. } => (Some(field.to_string()), Some(detail.clone())),
        _ => (None, None),
    };
    let problems = match e {
        AppError::ImportRefused(ps) => ps
            .iter()
            .map(|p| ProblemBody {
                file: p.file.clone(),
                sheet: p.sheet.clone(),
                row: p.row,
                column: p.column.clone(),
                element: p.element.clone(),
                message: p.message.clone(),
                text: p.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    };
    ErrorBody {
        error: ErrorDetail {
            code: e.code().to_string(),
            message: message(tr, e),
            field,
            detail,
            problems,
            current_version: match e {
                AppError::EditedMeanwhile(v) => Some(*v),
                _ => None,
            },
        },
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub status: u16,
    pub code: String,
    pub message: String,
    pub no_plan: bool,
}

/// True for a response without a body type or with plain text: the framework's refusals
/// (pages that show a form again with its errors are HTML, and are left as they are).
fn is_plain(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"))
}

/// A refusal that comes from the framework rather than from a handler (a method the path does
/// not take, a body over the limit…), given the same form as Jalon's own errors.
fn framework_error(status: StatusCode, method: &axum::http::Method) -> AppError {
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::NOT_FOUND => return AppError::NotFound("page"),
        s if s.is_server_error() => return AppError::Internal(s.to_string()),
        _ => ErrorCode::BadRequest,
    };
    AppError::invalid("request", code, method.as_str())
}

/// Renders the error recorded in a response as a page or a JSON body.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| path.clone(), |p| p.as_str().to_string());
    let lang = request_lang(req.headers(), req.uri().query());
    let auth = req.extensions().get::<Auth>().cloned();
    let method = req.method().clone();
    let is_get = method == axum::http::Method::GET;
    let resp = next.run(req).await;
    let status = resp.status();
    let err = match resp.extensions().get::<ErrorInfo>() {
        Some(ErrorInfo(err)) => Arc::clone(err),
        None if (status.is_client_error() || status.is_server_error())
            && !crate::system::pages::PROBES.contains(&path.as_str())
            && path != "/metrics"
            && is_plain(&resp) =>
        {
            Arc::new(framework_error(status, &method))
        }
        None => return resp,
    };
    let tr = Tr::new(lang);
    if path.starts_with("/api/") {
        let mut out = (status, axum::Json(body(&tr, &err))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            out.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"jalon\""),
            );
        }
        return out;
    }
    if matches!(*err, AppError::Unauthenticated) {
        return if is_get {
            to_login(&path_and_query)
        } else {
            Redirect::to("/login").into_response()
        };
    }
    let page = Page::new(auth.as_ref(), lang, &path, "");
    let tpl = ErrorPage {
        message: message(&tr, &err),
        code: err.code().to_string(),
        status: status.as_u16(),
        no_plan: matches!(*err, AppError::NoPlan),
        page,
    };
    match tpl.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, err.code().to_string()).into_response(),
    }
}

/// Result of API handlers.
pub(crate) type ApiResult<T> = Result<T, WebError>;
