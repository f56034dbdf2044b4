//! Accounts in the JSON API: the caller, accounts (administrators) and API tokens.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, created};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use jalon_app::auth::{NewToken, NewUserInput, TokenRequest, UserInfo};
use jalon_core::access::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// ---------------------------------------------------------------------------------------
// Output types

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The person of the plan the account stands for.
    pub person: Option<String>,
}

/// An API token (without its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// After this moment it is refused; none: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// It only reads, whatever the owner's role.
    pub read_only: bool,
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserIn {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub person: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Handlers

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, user: User) -> ApiResult<Json<MeOut>> {
    let actor = user.actor();
    let person = match state.app.view_for(actor).await {
        Ok(v) => v.person_name(actor.person_id).map(str::to_string),
        Err(_) => None,
    };
    Ok(Json(MeOut {
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role,
        person,
    }))
}

/// The institution's accounts (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", responses((status = 200, body = Vec<UserInfo>), (status = 403, body = ErrorBody)))]
pub async fn users(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<UserInfo>>> {
    Ok(Json(state.app.list_users(user.actor()).await?))
}

/// Creates an account (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = UserIn, responses((status = 201, body = UserInfo), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn user_create(Cx { state, user }: Cx, Json(input): Json<UserIn>) -> ApiResult<Response> {
    let info = state
        .app
        .add_user(
            user.actor(),
            NewUserInput {
                username: input.username,
                display_name: input.display_name,
                password: input.password,
                role: input.role,
                person: input.person,
            },
        )
        .await?;
    created(info)
}

/// The workstream an account leads.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainIn {
    /// A workstream's code (`C2`), or `null` for none.
    pub domain: Option<String>,
}

/// Makes an account the référent of a workstream, or of none: it may then update the
/// actions and enter the values of that workstream's indicators (administrators).
#[utoipa::path(put, path = "/api/v1/users/{username}/domain", tag = "accounts", params(("username" = String, Path)), request_body = DomainIn,
    responses((status = 200, body = UserInfo), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn user_domain(
    Cx { state, user }: Cx,
    Path(username): Path<String>,
    Json(input): Json<DomainIn>,
) -> ApiResult<Json<UserInfo>> {
    Ok(Json(
        state
            .app
            .set_domain(user.actor(), &username, input.domain.as_deref())
            .await?,
    ))
}

/// The caller's API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts", responses((status = 200, body = Vec<TokenOut>)))]
pub async fn tokens(State(state): State<AppState>, user: User) -> ApiResult<Json<Vec<TokenOut>>> {
    Ok(Json(
        state
            .app
            .list_tokens(user.actor())
            .await?
            .into_iter()
            .map(|t| TokenOut {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
                expires_at: t.expires_at,
                read_only: t.read_only,
            })
            .collect(),
    ))
}

/// Creates an API token; its value is returned once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = TokenRequest, responses((status = 201, body = NewToken), (status = 422, body = ErrorBody)))]
pub async fn token_create(
    Cx { state, user }: Cx,
    Json(input): Json<TokenRequest>,
) -> ApiResult<Response> {
    created(state.app.create_token(user.actor(), &input).await?)
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn token_revoke(Cx { state, user }: Cx, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.app.revoke_token(user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
