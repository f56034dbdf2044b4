//! Sign-in, sign-out, the language switch, the accounts page (administrators) and one's own
//! account (password, API tokens).

use crate::AppState;
use crate::accounts::forms::{
    AccountChange, LoginForm, PasswordForm, TokenForm, UserChangeForm, UserForm, role,
};
use crate::auth::Cx;
use crate::auth::{
    Auth, LANG_COOKIE, LOGIN_CSRF_COOKIE, RequestLang, SESSION_COOKIE, User, cookie, request_lang,
    safe_next, set_cookie, with_session_cookie,
};
use crate::error::WebError;
use crate::extract::{ClientAddress, Form, Path, Query};
use crate::forms::{FormErrors, Refused, text};
use crate::page::{Common, Page, PageResult, page, render, render_status, see_other};
use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use jalon_app::auth::ApiToken;
use jalon_app::auth::{NewToken, SessionView, UserInfo};
use jalon_app::{AppError, ErrorCode};
use jalon_core::Lang;
use jalon_core::access::Role;
use jalon_i18n::Tr;
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
    let csrf = jalon_app::auth::login_csrf_secret()?;
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
    ClientAddress(from): ClientAddress,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let lang = request_lang(&headers, None);
    let tr = Tr::new(lang);
    let next = safe_next(text(&form.next).as_deref());
    let username = form.username.trim().to_string();
    // The form is shown again with the name typed, unless it cannot be a username.
    let shown = if username.len() > jalon_app::auth::MAX_USERNAME_LEN {
        String::new()
    } else {
        username.clone()
    };
    let csrf_ok = match cookie(&headers, LOGIN_CSRF_COOKIE) {
        Some(c) if !form.csrf.is_empty() => jalon_app::auth::same_secret(c, &form.csrf),
        _ => false,
    };
    if !csrf_ok {
        return login_form(
            lang,
            next,
            shown,
            Some(tr.t("error-csrf_failed")),
            &state,
            StatusCode::FORBIDDEN,
        );
    }
    match state.app.login_from(&username, &form.password, from).await {
        Ok(session) => Ok(with_session_cookie(
            see_other(&next),
            &session.token,
            &state,
        )),
        Err(e @ (AppError::BadCredentials | AppError::TooManyAttempts(_))) => {
            let msg = crate::error::message(&tr, &e);
            let status = crate::error::status_of(&e);
            login_form(lang, next, shown, Some(msg), &state, status)
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
    /// The workstreams an account may lead: code and title.
    axes: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    form: UserForm,
}

async fn users_view(
    state: &AppState,
    user: &User,
    form: UserForm,
    errors: &FormErrors,
    done: Option<&str>,
) -> Result<UsersPage, WebError> {
    let tr = user.tr();
    let users = state.app.list_users(user.actor()).await?;
    let (people, axes) = match state.app.view_for(user.actor()).await {
        Ok(v) => (
            v.doc().people.iter().map(|p| p.name.clone()).collect(),
            (v.doc().axes.iter())
                .map(|a| (a.code.clone(), a.title.clone()))
                .collect(),
        ),
        Err(_) => (Vec::new(), Vec::new()),
    };
    Ok(UsersPage {
        page: page(user, "/users", "users", done)
            .with_errors(errors)
            .titled("nav-users"),
        users,
        people,
        axes,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), tr.of("role", r.as_str())))
            .collect(),
        form,
    })
}

/// `GET /users`.
pub async fn users(Cx { state, user }: Cx, Query(c): Query<Common>) -> PageResult {
    let none = FormErrors::none();
    let page = users_view(&state, &user, UserForm::default(), &none, c.done.as_deref()).await?;
    render(&page)
}

/// `POST /users`: creates an account, or shows the form again with its error.
pub async fn user_add(Cx { state, user }: Cx, Form(form): Form<UserForm>) -> PageResult {
    let added = match form.input() {
        Ok(input) => state.app.add_user(user.actor(), input).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match added {
        Ok(()) => Ok(see_other("/users?done=user_added")),
        Err(e) => {
            let errors = Refused::from(e).fields()?;
            let page = users_view(&state, &user, form, &errors, None).await?;
            render_status(errors.status(), &page)
        }
    }
}

/// `POST /users/{username}`: changes role, activity, person, led workstream or password (`op`).
pub async fn user_update(
    Cx { state, user }: Cx,
    Path(username): Path<String>,
    Form(form): Form<UserChangeForm>,
) -> PageResult {
    let actor = user.actor();
    let app = &state.app;
    let changed = match form.op {
        AccountChange::Role => match role(&form.role) {
            Ok(r) => app.set_role(actor, &username, r).await.map(|_| ()),
            Err(e) => Err(e),
        },
        AccountChange::Activate => app.set_active(actor, &username, true).await.map(|_| ()),
        AccountChange::Deactivate => app.set_active(actor, &username, false).await.map(|_| ()),
        AccountChange::Person => app
            .set_person(actor, &username, text(&form.person).as_deref())
            .await
            .map(|_| ()),
        AccountChange::Domain => app
            .set_domain(actor, &username, text(&form.domain).as_deref())
            .await
            .map(|_| ()),
        AccountChange::Password => {
            app.set_password(actor, &username, None, &form.password)
                .await
        }
    };
    match changed {
        Ok(()) => Ok(see_other("/users?done=user_updated")),
        Err(e) => {
            let errors = Refused::from(e).fields()?;
            let page = users_view(&state, &user, UserForm::default(), &errors, None).await?;
            render_status(errors.status(), &page)
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    sessions: Vec<SessionView>,
    tokens: Vec<ApiToken>,
    new_token: Option<NewToken>,
    role_label: String,
}

async fn account_view(
    state: &AppState,
    user: &User,
    new_token: Option<NewToken>,
    errors: &FormErrors,
    done: Option<&str>,
) -> Result<AccountPage, WebError> {
    let tr = user.tr();
    let tokens = state.app.list_tokens(user.actor()).await?;
    let cookie = user.auth.session_token.as_deref();
    let sessions = state.app.my_sessions(user.actor(), cookie).await?;
    Ok(AccountPage {
        page: page(user, "/account", "account", done)
            .with_errors(errors)
            .titled("nav-account"),
        sessions,
        tokens,
        new_token,
        role_label: tr.of("role", user.actor().role.as_str()),
    })
}

/// The account page again, with the refused field's error beside it.
async fn account_again(state: &AppState, user: &User, e: AppError) -> PageResult {
    let errors = Refused::from(e).fields()?;
    let page = account_view(state, user, None, &errors, None).await?;
    render_status(errors.status(), &page)
}

/// `GET /account`.
pub async fn account(Cx { state, user }: Cx, Query(c): Query<Common>) -> PageResult {
    render(&account_view(&state, &user, None, &FormErrors::none(), c.done.as_deref()).await?)
}

/// `POST /account/password`.
pub async fn account_password(
    Cx { state, user }: Cx,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    let actor = user.actor();
    let changed = if form.new_password != form.confirm {
        Err(AppError::invalid("confirm", ErrorCode::PasswordsDiffer, ""))
    } else {
        state
            .app
            .set_password(
                actor,
                &actor.username,
                Some(form.current.as_str()).filter(|c| !c.is_empty()),
                &form.new_password,
            )
            .await
    };
    match changed {
        // Every session ends with a password change: sign in again.
        Ok(()) => Ok(see_other("/login?next=/account")),
        Err(e) => account_again(&state, &user, e).await,
    }
}

/// `POST /account/tokens`: creates a token and shows it once.
pub async fn token_create(Cx { state, user }: Cx, Form(form): Form<TokenForm>) -> PageResult {
    let created = async { state.app.create_token(user.actor(), &form.request()?).await };
    match created.await {
        Ok(t) => {
            let page = account_view(&state, &user, Some(t), &FormErrors::none(), None).await?;
            let mut resp = render(&page)?;
            resp.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(resp)
        }
        Err(e) => account_again(&state, &user, e).await,
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn token_revoke(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.revoke_token(user.actor(), id).await?;
    Ok(see_other("/account?done=token_revoked"))
}

/// `POST /account/sessions/{key}/end`: signs out one of the reader's browsers.
pub async fn session_end(Cx { state, user }: Cx, Path(key): Path<String>) -> PageResult {
    state.app.end_my_session(user.actor(), &key).await?;
    Ok(see_other("/account?done=session_ended#sessions"))
}

/// `POST /account/sessions/end-others`: signs out every browser of the reader but this one.
pub async fn sessions_end_others(Cx { state, user }: Cx) -> PageResult {
    let cookie = user
        .auth
        .session_token
        .as_deref()
        .ok_or(AppError::Forbidden)?;
    state
        .app
        .end_my_other_sessions(user.actor(), cookie)
        .await?;
    Ok(see_other("/account?done=other_sessions_ended#sessions"))
}
