//! A test application: the demo institution on a fresh SQLite database, a fixed clock, and
//! helpers to sign in and send requests through the router (no network).

#![allow(dead_code)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use http_body_util::BodyExt;
use jalon_app::App;
use jalon_app::testing::{self, TestDb};
use jalon_web::{AppState, WebConfig};
use tower::ServiceExt;

pub struct TestApp {
    pub app: App,
    pub router: Router,
    _db: TestDb,
}

/// A signed-in browser: its session cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// A response read to the end.
pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts the status, then the code of the API's error envelope.
    pub fn assert_api_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.json()["error"]["code"], code, "{}", self.body);
    }

    /// Asserts that the body shows each text, saying why it should.
    pub fn assert_shows(&self, expected: &[(&str, &str)]) {
        assert_contains(&self.body, expected);
    }
}

/// Asserts that `text` contains each needle of `expected`, saying why it should.
pub fn assert_contains(text: &str, expected: &[(&str, &str)]) {
    for (needle, why) in expected {
        assert!(
            text.contains(needle),
            "{why}: {needle:?} is missing in {text}"
        );
    }
}

/// A signed-in user of a test app: requests with their session, in one short call.
pub struct User<'a> {
    pub t: &'a TestApp,
    pub session: Session,
}

impl User<'_> {
    pub async fn get(&self, path: &str) -> Reply {
        self.t.get(path, Some(&self.session)).await
    }

    /// A form post with the session's CSRF token.
    pub async fn post(&self, path: &str, form: &str) -> Reply {
        self.t.post_form(path, Some(&self.session), form).await
    }

    /// A form post that must be refused as invalid input (422).
    pub async fn post_invalid(&self, path: &str, form: &str) -> Reply {
        let r = self.post(path, form).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {form}: {}",
            r.body
        );
        r
    }
}

pub fn demo_password(username: &str) -> &'static str {
    jalon_app::demo::DEMO_ACCOUNTS
        .iter()
        .find(|a| a.username == username)
        .map(|a| a.password)
        .expect("demo account")
}

impl TestApp {
    pub async fn demo() -> TestApp {
        Self::demo_with(WebConfig::default()).await
    }

    /// The demo with other web settings (a small upload limit, say).
    pub async fn demo_with(config: WebConfig) -> TestApp {
        let (app, db) = testing::demo_app().await;
        let router = jalon_web::router(AppState::new(app.clone(), config));
        TestApp {
            app,
            router,
            _db: db,
        }
    }

    /// The demo user `username` as the use cases see them (signed in with the demo password).
    pub async fn actor(&self, username: &str) -> jalon_app::Actor {
        self.app
            .login(username, demo_password(username))
            .await
            .expect("login")
            .actor
    }

    /// A new API token of the demo user `username`, named `name`.
    pub async fn token(&self, username: &str, name: &str) -> String {
        let actor = self.actor(username).await;
        self.app
            .create_token(&actor, &jalon_app::auth::TokenRequest::named(name))
            .await
            .expect("token")
            .token
    }

    pub async fn login(&self, username: &str) -> Session {
        let s = self
            .app
            .login(username, demo_password(username))
            .await
            .expect("login");
        Session {
            cookie: format!("{}={}", jalon_web::auth::SESSION_COOKIE, s.token),
            csrf: s.csrf_token,
        }
    }

    /// The demo user `username`, signed in.
    pub async fn user(&self, username: &str) -> User<'_> {
        User {
            t: self,
            session: self.login(username).await,
        }
    }

    /// `GET path` with a bearer token.
    pub async fn api_get(&self, path: &str, token: &str) -> Reply {
        self.bearer(Method::GET, path, token, None).await
    }

    /// `POST path` with a bearer token and a body.
    pub async fn api_post(&self, path: &str, token: &str, body: &str) -> Reply {
        self.bearer(Method::POST, path, token, Some(body)).await
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let location = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            location,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        let mut b = Request::builder().uri(path).method(Method::GET);
        if let Some(s) = session {
            b = b.header(header::COOKIE, &s.cookie);
        }
        self.send(b.body(Body::empty()).expect("request")).await
    }

    /// A form post with the session's CSRF token in the body.
    pub async fn post_form(&self, path: &str, session: Option<&Session>, form: &str) -> Reply {
        let mut b = Request::builder()
            .uri(path)
            .method(Method::POST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let mut body = form.to_string();
        if let Some(s) = session {
            b = b.header(header::COOKIE, &s.cookie);
            body = if body.is_empty() {
                format!("_csrf={}", s.csrf)
            } else {
                format!("_csrf={}&{body}", s.csrf)
            };
        }
        self.send(b.body(Body::from(body)).expect("request")).await
    }

    /// A JSON request with the session cookie and the CSRF header (as the browser would).
    pub async fn json(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: &str,
    ) -> Reply {
        let mut b = Request::builder()
            .uri(path)
            .method(method)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(s) = session {
            b = b
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf);
        }
        self.send(b.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// A request with a bearer token.
    pub async fn bearer(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&str>,
    ) -> Reply {
        let mut b = Request::builder()
            .uri(path)
            .method(method)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if body.is_some() {
            b = b.header(header::CONTENT_TYPE, "application/json");
        }
        self.send(
            b.body(Body::from(body.unwrap_or_default().to_string()))
                .expect("request"),
        )
        .await
    }

    /// A multipart upload of one file field, with the CSRF token as a field.
    pub async fn upload(
        &self,
        path: &str,
        session: &Session,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        self.upload_with(path, session, &[], file_name, bytes).await
    }

    /// A multipart form with text `fields` beside the file.
    pub async fn upload_with(
        &self,
        path: &str,
        session: &Session,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "----jalon-test-boundary";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n",
                session.csrf
            )
            .as_bytes(),
        );
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .uri(path)
            .method(Method::POST)
            .header(header::COOKIE, &session.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    pub async fn view(&self) -> Arc<jalon_app::PlanView> {
        let inst = self
            .app
            .default_institution()
            .await
            .expect("db")
            .expect("institution");
        self.app.plan_view(inst).await.expect("view")
    }
}

/// A page with the session's random tokens (32 or 64 hex characters: CSRF secrets) replaced,
/// for snapshots.
pub fn stable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(|c: char| c.is_ascii_hexdigit()) {
        out.push_str(&rest[..pos]);
        let run: String = rest[pos..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if run.len() == 32 || run.len() == 64 {
            out.push_str("[token]");
        } else {
            out.push_str(&run);
        }
        rest = &rest[pos + run.len()..];
    }
    out.push_str(rest);
    out
}

/// A page as the demo's reader (`lecteur`) sees it in `lang`, made stable for snapshots.
pub async fn reader_page(t: &TestApp, path: &str, lang: &str) -> String {
    let mut s = t.login("lecteur").await;
    s.cookie = format!("{}; jalon_lang={lang}", s.cookie);
    let r = t.get(path, Some(&s)).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    stable(&r.body)
}
