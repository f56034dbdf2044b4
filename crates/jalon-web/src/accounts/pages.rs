//! Sign-in, sign-out, the language switch, the accounts page (administrators) and one's own
//! account (password, API tokens).

use crate::AppState;
use crate::auth::{
    Auth, LANG_COOKIE, LOGIN_CSRF_COOKIE, RequestLang, SESSION_COOKIE, User, cookie, request_lang,
    safe_next, set_cookie, with_session_cookie,
};
use crate::error::WebError;
use crate::extract::{FormData, Path, Query};
use crate::page::{Common, Page, PageResult, page, render, render_status, see_other};
use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use jalon_app::auth::{NewToken, NewUserInput, UserInfo};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use jalon_core::access::Role;
use jalon_i18n::Tr;
use jalon_store::accounts::ApiToken;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    next: String,
    username: String,
    error: Option<String>,
}

/// Query of the login page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_form(
    lang: Lang,
    next: String,
    username: String,
    error: Option<String>,
    state: &AppState,
    status: StatusCode,
) -> PageResult {
    let csrf = jalon_store::random_hex(16).map_err(|e| WebError(e.into()))?;
    let mut page = Page::new(None, lang, "/login", "login");
    page.csrf = csrf.clone();
    let tpl = LoginPage {
        page,
        next,
        username,
        error,
    };
    let mut resp = render_status(status, &tpl)?;
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            LOGIN_CSRF_COOKIE,
            &csrf,
            3600,
            state.config.secure_cookies,
            true,
        ),
    );
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `GET /login`.
pub async fn login_page(
    State(state): State<AppState>,
    auth: Option<axum::Extension<Auth>>,
    RequestLang(lang): RequestLang,
    Query(q): Query<NextQuery>,
) -> PageResult {
    let next = safe_next(q.next.as_deref());
    if auth.is_some() {
        return Ok(see_other(&next));
    }
    login_form(lang, next, String::new(), None, &state, StatusCode::OK)
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> PageResult {
    let form = FormData::parse(&body);
    let lang = request_lang(&headers, None);
    let tr = Tr::new(lang);
    let next = safe_next(form.get("next"));
    let username = form.text("username");
    let csrf_ok = match (cookie(&headers, LOGIN_CSRF_COOKIE), form.get("_csrf")) {
        (Some(c), Some(f)) => jalon_app::auth::same_secret(c, f),
        _ => false,
    };
    if !csrf_ok {
        return login_form(
            lang,
            next,
            username,
            Some(tr.t("error-csrf_failed")),
            &state,
            StatusCode::FORBIDDEN,
        );
    }
    match state
        .app
        .login(&username, form.get("password").unwrap_or_default())
        .await
    {
        Ok(session) => Ok(with_session_cookie(
            see_other(&next),
            &session.token,
            &state,
        )),
        Err(e @ (AppError::BadCredentials | AppError::TooManyAttempts(_))) => {
            let msg = crate::error::message(&tr, &e);
            let status = crate::error::status_of(&e);
            login_form(lang, next, username, Some(msg), &state, status)
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, user: User) -> PageResult {
    if let Some(token) = &user.auth.session_token {
        state.app.logout(token).await?;
    }
    let mut resp = see_other("/login");
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies, true),
    );
    Ok(resp)
}

/// `GET /lang/{lang}`: remembers the language and goes back.
pub async fn set_lang(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let mut resp = see_other(&safe_next(q.next.as_deref()));
    resp.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.as_str(),
            365 * 24 * 3600,
            state.config.secure_cookies,
            false,
        ),
    );
    resp
}

// ---------------------------------------------------------------------------------------
// Accounts

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: Page,
    users: Vec<UserInfo>,
    people: Vec<String>,
    roles: Vec<(String, String)>,
    error: Option<String>,
    f: FormData,
}

async fn users_view(
    state: &AppState,
    user: &User,
    f: FormData,
    error: Option<&AppError>,
    done: Option<&str>,
) -> Result<UsersPage, WebError> {
    let tr = user.tr();
    let users = state.app.list_users(user.actor()).await?;
    let people = match state.app.view_for(user.actor()).await {
        Ok(v) => v.doc().people.iter().map(|p| p.name.clone()).collect(),
        Err(_) => Vec::new(),
    };
    Ok(UsersPage {
        page: page(user, "/users", "users", done),
        users,
        people,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), tr.of("role", r.as_str())))
            .collect(),
        error: error.map(|e| crate::error::message(&tr, e)),
        f,
    })
}

/// `GET /users`.
pub async fn users(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    render(&users_view(&state, &user, FormData::default(), None, c.done.as_deref()).await?)
}

fn role_of(v: Option<&str>) -> Result<Role, AppError> {
    let s = v.unwrap_or_default();
    Role::parse(s).ok_or_else(|| AppError::invalid("role", ErrorCode::InvalidRole, s))
}

/// `POST /users`: creates an account.
pub async fn user_add(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let result = match role_of(f.get("role")) {
        Ok(role) => state
            .app
            .add_user(
                user.actor(),
                NewUserInput {
                    username: f.text("username"),
                    display_name: f.text("display_name"),
                    password: f.get("password").unwrap_or_default().to_string(),
                    role,
                    person: f.get("person").map(str::to_string),
                },
            )
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other("/users?done=user_added")),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&e);
            render_status(status, &users_view(&state, &user, f, Some(&e), None).await?)
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /users/{username}`: changes role, activity, person or password (`op`).
pub async fn user_update(
    State(state): State<AppState>,
    user: User,
    Path(username): Path<String>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let result = match f.get("op") {
        Some("role") => match role_of(f.get("role")) {
            Ok(r) => state.app.set_role(actor, &username, r).await.map(|_| ()),
            Err(e) => Err(e),
        },
        Some("activate") => state
            .app
            .set_active(actor, &username, true)
            .await
            .map(|_| ()),
        Some("deactivate") => state
            .app
            .set_active(actor, &username, false)
            .await
            .map(|_| ()),
        Some("person") => state
            .app
            .set_person(actor, &username, f.get("person"))
            .await
            .map(|_| ()),
        Some("password") => {
            state
                .app
                .set_password(
                    actor,
                    &username,
                    None,
                    f.get("password").unwrap_or_default(),
                )
                .await
        }
        other => Err(AppError::invalid(
            "op",
            ErrorCode::InvalidOperation,
            other.unwrap_or_default(),
        )),
    };
    match result {
        Ok(()) => Ok(see_other("/users?done=user_updated")),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&e);
            render_status(
                status,
                &users_view(&state, &user, FormData::default(), Some(&e), None).await?,
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    tokens: Vec<ApiToken>,
    new_token: Option<NewToken>,
    error: Option<String>,
    role_label: String,
}

async fn account_view(
    state: &AppState,
    user: &User,
    new_token: Option<NewToken>,
    error: Option<&AppError>,
    done: Option<&str>,
) -> Result<AccountPage, WebError> {
    let tr = user.tr();
    let tokens = state.app.list_tokens(user.actor()).await?;
    Ok(AccountPage {
        page: page(user, "/account", "account", done),
        tokens,
        new_token,
        error: error.map(|e| crate::error::message(&tr, e)),
        role_label: tr.of("role", user.actor().role.as_str()),
    })
}

/// `GET /account`.
pub async fn account(
    State(state): State<AppState>,
    user: User,
    Query(c): Query<Common>,
) -> PageResult {
    render(&account_view(&state, &user, None, None, c.done.as_deref()).await?)
}

/// `POST /account/password`.
pub async fn account_password(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let result = if f.get("new_password") != f.get("confirm") {
        Err(AppError::invalid("confirm", ErrorCode::PasswordsDiffer, ""))
    } else {
        state
            .app
            .set_password(
                actor,
                &actor.username,
                f.get("current"),
                f.get("new_password").unwrap_or_default(),
            )
            .await
    };
    match result {
        // Every session ends with a password change: sign in again.
        Ok(()) => Ok(see_other("/login?next=/account")),
        Err(e @ AppError::Invalid { .. }) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &account_view(&state, &user, None, Some(&e), None).await?,
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /account/tokens`: creates a token and shows it once.
pub async fn token_create(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    match state.app.create_token(user.actor(), &f.text("name")).await {
        Ok(t) => {
            let mut resp = render(&account_view(&state, &user, Some(t), None, None).await?)?;
            resp.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(resp)
        }
        Err(e @ AppError::Invalid { .. }) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &account_view(&state, &user, None, Some(&e), None).await?,
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn token_revoke(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.revoke_token(user.actor(), id).await?;
    Ok(see_other("/account?done=token_revoked"))
}
