//! Who is calling, and whether a state-changing request really comes from our own pages.
//!
//! [`authenticate`] resolves the session cookie or the bearer token once per request and
//! leaves an [`Auth`] in the request. [`csrf`] then refuses any unsafe request authenticated by
//! cookie unless it carries the session's CSRF token, as the `X-CSRF-Token` header (htmx) or
//! as the `_csrf` field of a form (urlencoded or multipart). Bearer-token requests carry no
//! cookie and need no CSRF token. The login form, before any session, uses a double-submit
//! cookie.

use crate::AppState;
use crate::error::WebError;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jalon_app::auth::same_secret;
use jalon_app::{Actor, AppError, ErrorCode};
use jalon_core::Lang;
use jalon_i18n::Tr;

/// Session cookie name.
pub const SESSION_COOKIE: &str = "jalon_session";
/// Language cookie name.
pub const LANG_COOKIE: &str = "jalon_lang";
/// Login-form CSRF cookie name.
pub const LOGIN_CSRF_COOKIE: &str = "jalon_login_csrf";
/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// Header carrying the CSRF token (htmx requests).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The authenticated caller, left in the request by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Auth {
    pub actor: Actor,
    pub via: Via,
    /// CSRF secret of the session (empty for tokens).
    pub csrf: String,
    /// The session cookie's value, to end it at logout.
    pub session_token: Option<String>,
    /// Notifications not read yet (sessions only: the bell of the pages).
    pub unread: u64,
}

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language of a request: the `lang` query parameter, then the language cookie set by
/// the switch in the header, else French (the interface is French by default).
pub fn request_lang(headers: &HeaderMap, query: Option<&str>) -> Lang {
    if let Some(q) = query {
        for kv in q.split('&') {
            if let Some(v) = kv.strip_prefix("lang=")
                && let Some(l) = Lang::parse(v)
            {
                return l;
            }
        }
    }
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// A `Set-Cookie` value.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_secs: i64,
    secure: bool,
    http_only: bool,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_secs}");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Resolves the caller of every request (except static files, the probes and the metrics,
/// whose scraper sends its own token).
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/")
        || path == "/metrics"
        || crate::system::pages::PROBES.contains(&path)
    {
        return next.run(req).await;
    }
    let headers = req.headers();
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let auth = if let Some(token) = bearer {
        match state.app.token_actor(&token).await {
            Ok(Some(actor)) => Some(Auth {
                actor,
                via: Via::Token,
                csrf: String::new(),
                session_token: None,
                unread: 0,
            }),
            Ok(None) => None,
            Err(e) => return WebError(e).into_response(),
        }
    } else if let Some(token) = cookie(headers, SESSION_COOKIE).map(str::to_string) {
        match state.app.session(&token).await {
            Ok(Some(s)) => Some(Auth {
                actor: s.actor,
                via: Via::Session,
                csrf: s.csrf_token,
                session_token: Some(token),
                unread: s.unread_notifications,
            }),
            Ok(None) => None,
            Err(e) => return WebError(e).into_response(),
        }
    } else {
        None
    };
    if let Some(a) = auth {
        req.extensions_mut().insert(a);
    }
    next.run(req).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn forbidden_csrf() -> Response {
    WebError(AppError::Conflict(ErrorCode::CsrfFailed)).into_response()
}

/// Refuses unsafe cookie-authenticated requests without the session's CSRF token.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    let Some(auth) = req.extensions().get::<Auth>().cloned() else {
        // Not signed in: the handler refuses, or it is the login form (checked there).
        return next.run(req).await;
    };
    if auth.via == Via::Token {
        return next.run(req).await;
    }
    if let Some(h) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if same_secret(h, &auth.csrf) {
            next.run(req).await
        } else {
            forbidden_csrf()
        };
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, state.config.max_upload_bytes).await {
        Ok(b) => b,
        Err(_) => {
            return WebError(AppError::invalid(
                "file",
                ErrorCode::TooLarge,
                state.config.max_upload_bytes.to_string(),
            ))
            .into_response();
        }
    };
    let token = if content_type.starts_with("application/x-www-form-urlencoded") {
        form_field(&bytes, CSRF_FIELD)
    } else if content_type.starts_with("multipart/form-data") {
        match multer::parse_boundary(&content_type) {
            Ok(boundary) => multipart_field(bytes.clone(), boundary, CSRF_FIELD).await,
            Err(_) => None,
        }
    } else {
        None
    };
    match token {
        Some(t) if same_secret(&t, &auth.csrf) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => forbidden_csrf(),
    }
}

/// A field of an urlencoded body.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_html_form::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

async fn multipart_field(body: axum::body::Bytes, boundary: String, name: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut mp = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

/// The signed-in caller, required by every page and API route but the public ones.
#[derive(Debug, Clone)]
pub struct User {
    pub auth: Auth,
    pub lang: Lang,
}

impl User {
    /// The acting user.
    pub fn actor(&self) -> &Actor {
        &self.auth.actor
    }

    /// A translator in the request's language.
    pub fn tr(&self) -> Tr {
        Tr::new(self.lang)
    }
}

impl FromRequestParts<AppState> for User {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let auth = parts
            .extensions
            .get::<Auth>()
            .cloned()
            .ok_or(WebError(AppError::Unauthenticated))?;
        Ok(User {
            auth,
            lang: request_lang(&parts.headers, parts.uri.query()),
        })
    }
}

/// What a signed-in handler needs: the use cases and the caller. One extractor, so that a
/// handler's signature says only what it reads from the request.
#[derive(Debug, Clone)]
pub struct Cx {
    pub state: AppState,
    pub user: User,
}

impl FromRequestParts<AppState> for Cx {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Cx {
            state: state.clone(),
            user: User::from_request_parts(parts, state).await?,
        })
    }
}

/// The request's language, for public pages.
#[derive(Debug, Clone, Copy)]
pub struct RequestLang(pub Lang);

impl FromRequestParts<AppState> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(request_lang(&parts.headers, parts.uri.query())))
    }
}

/// Where to go after signing in: a local path only.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.starts_with("/login") =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Redirects to the login page, remembering where the user wanted to go.
pub fn to_login(path_and_query: &str) -> Response {
    let next = percent_encode(path_and_query);
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// Percent-encodes a query value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Adds the `Set-Cookie` of a new session to a response.
pub fn with_session_cookie(mut resp: Response, token: &str, state: &AppState) -> Response {
    let max_age = state.app.config().session_hours * 3600;
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            token,
            max_age,
            state.config.secure_cookies,
            true,
        ),
    );
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, "", 0, state.config.secure_cookies, true),
    );
    resp
}

/// Status of a refused CSRF check (for tests).
pub const CSRF_STATUS: StatusCode = StatusCode::FORBIDDEN;
