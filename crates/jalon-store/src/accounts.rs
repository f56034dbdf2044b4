//! Accounts, browser sessions and API tokens.
//!
//! Secrets never reach the database in clear: passwords are stored as Argon2id hashes
//! (computed by the caller), session cookies and API tokens as their SHA-256.

use chrono::{DateTime, Duration, Utc};
use jalon_core::access::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entity::{api_token, session, user_account};
use crate::{Result, StoreError};

pub use api_token::Model as ApiToken;
pub use session::Model as Session;
pub use user_account::Model as UserAccount;

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub institution_id: i64,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub person_id: Option<i64>,
}

/// Creates an account; a taken username is a [`StoreError::Conflict`].
pub async fn create_user<C: ConnectionTrait>(
    conn: &C,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<UserAccount> {
    if find_by_username(conn, new.username).await?.is_some() {
        return Err(StoreError::Conflict(format!(
            "the username \"{}\" is already taken",
            new.username
        )));
    }
    let res = user_account::ActiveModel {
        institution_id: Set(new.institution_id),
        person_id: Set(new.person_id),
        username: Set(new.username.to_string()),
        display_name: Set(new.display_name.to_string()),
        password_hash: Set(new.password_hash.to_string()),
        role: Set(new.role),
        active: Set(true),
        created_at: Set(now),
        last_login_at: Set(None),
        domain: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await;
    match res {
        Ok(m) => Ok(m),
        Err(e) => {
            let e = StoreError::from(e);
            if e.is_unique_violation() {
                Err(StoreError::Conflict(format!(
                    "the username \"{}\" is already taken",
                    new.username
                )))
            } else {
                Err(e)
            }
        }
    }
}

/// Finds an account by username.
pub async fn find_by_username<C: ConnectionTrait>(
    conn: &C,
    username: &str,
) -> Result<Option<UserAccount>> {
    Ok(user_account::Entity::find()
        .filter(user_account::Column::Username.eq(username))
        .one(conn)
        .await?)
}

/// Finds an account by id.
pub async fn get<C: ConnectionTrait>(conn: &C, id: i64) -> Result<UserAccount> {
    user_account::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found("user", id))
}

/// Accounts of an institution, by username.
pub async fn list<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<UserAccount>> {
    Ok(user_account::Entity::find()
        .filter(user_account::Column::InstitutionId.eq(institution_id))
        .order_by_asc(user_account::Column::Username)
        .all(conn)
        .await?)
}

/// Changes fields of an account.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub password_hash: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub display_name: Option<String>,
    pub person_id: Option<Option<i64>>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The workstream the account leads (`Some(None)`: none).
    pub domain: Option<Option<String>>,
}

/// Applies a change to an account.
pub async fn update_user<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    change: UserChange,
) -> Result<UserAccount> {
    let mut am = user_account::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    if let Some(v) = change.password_hash {
        am.password_hash = Set(v);
    }
    if let Some(v) = change.role {
        am.role = Set(v);
    }
    if let Some(v) = change.active {
        am.active = Set(v);
    }
    if let Some(v) = change.display_name {
        am.display_name = Set(v);
    }
    if let Some(v) = change.person_id {
        am.person_id = Set(v);
    }
    if let Some(v) = change.last_login_at {
        am.last_login_at = Set(Some(v));
    }
    if let Some(v) = change.domain {
        am.domain = Set(v);
    }
    get(conn, id).await?;
    Ok(am.update(conn).await?)
}

/// Opens a session for `user_id`; `id_hash` is the SHA-256 of the cookie token.
pub async fn create_session<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    user_id: i64,
    csrf_token: &str,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<Session> {
    Ok(session::ActiveModel {
        id: Set(id_hash.to_string()),
        user_id: Set(user_id),
        csrf_token: Set(csrf_token.to_string()),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        last_seen_at: Set(now),
    }
    .insert(conn)
    .await?)
}

/// The live session with this hash and its active account.
pub async fn find_session<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Session, UserAccount)>> {
    let Some(s) = session::Entity::find_by_id(id_hash.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if s.expires_at <= now {
        return Ok(None);
    }
    let user = user_account::Entity::find_by_id(s.user_id)
        .one(conn)
        .await?;
    Ok(user.filter(|u| u.active).map(|u| (s, u)))
}

/// A live session with its active account and the revision of the account's institution,
/// read in one query (this runs on every request).
pub async fn find_session_with_revision<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Session, UserAccount, i64)>> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use sea_orm::{FromQueryResult, IdenStatic, Iterable};
    let mut q = Query::select();
    for c in session::Column::iter() {
        q.expr_as(
            Expr::col((session::Entity, c)),
            Alias::new(format!("s_{}", c.as_str())),
        );
    }
    for c in user_account::Column::iter() {
        q.expr_as(
            Expr::col((user_account::Entity, c)),
            Alias::new(format!("u_{}", c.as_str())),
        );
    }
    q.expr_as(
        Expr::col((
            crate::entity::institution::Entity,
            crate::entity::institution::Column::Revision,
        )),
        Alias::new("revision"),
    )
    .from(session::Entity)
    .inner_join(
        user_account::Entity,
        Expr::col((user_account::Entity, user_account::Column::Id))
            .equals((session::Entity, session::Column::UserId)),
    )
    .inner_join(
        crate::entity::institution::Entity,
        Expr::col((
            crate::entity::institution::Entity,
            crate::entity::institution::Column::Id,
        ))
        .equals((user_account::Entity, user_account::Column::InstitutionId)),
    )
    .and_where(Expr::col((session::Entity, session::Column::Id)).eq(id_hash))
    .and_where(Expr::col((session::Entity, session::Column::ExpiresAt)).gt(now))
    .and_where(Expr::col((user_account::Entity, user_account::Column::Active)).eq(true));
    let Some(row) = conn.query_one(&q).await? else {
        return Ok(None);
    };
    let s = Session::from_query_result(&row, "s_")?;
    let u = UserAccount::from_query_result(&row, "u_")?;
    let revision: i64 = row.try_get("", "revision")?;
    Ok(Some((s, u, revision)))
}

/// Extends a session (sliding expiry); callers do it at most once a minute.
pub async fn touch_session<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(
            session::Column::LastSeenAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            session::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(now + lifetime),
        )
        .filter(session::Column::Id.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends a session.
pub async fn delete_session<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<()> {
    session::Entity::delete_by_id(id_hash.to_string())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of an account (password change, deactivation).
pub async fn delete_user_sessions<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// The live sessions of an account, the most recently used first.
pub async fn list_user_sessions<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Session>> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .all(conn)
        .await?)
}

/// Ends the sessions of `user_id` whose hash starts with `key` (all of them when `None`),
/// except the one whose hash is `keep`; returns how many.
pub async fn end_user_sessions<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    key: Option<&str>,
    keep: Option<&str>,
) -> Result<u64> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(key) = key {
        q = q.filter(session::Column::Id.starts_with(key));
    }
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    Ok(q.exec(conn).await?.rows_affected)
}

/// Removes expired sessions; returns how many.
pub async fn purge_expired_sessions<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Records a new API token (its hash).
pub async fn create_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    token: NewTokenRow<'_>,
    now: DateTime<Utc>,
) -> Result<ApiToken> {
    Ok(api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(token.name.to_string()),
        token_hash: Set(token.hash.to_string()),
        prefix: Set(token.prefix.to_string()),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        expires_at: Set(token.expires_at),
        read_only: Set(token.read_only),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// A token to store: its name, the hash and the visible start of its secret, its limits.
#[derive(Debug, Clone, Copy)]
pub struct NewTokenRow<'a> {
    pub name: &'a str,
    pub hash: &'a str,
    pub prefix: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
    pub read_only: bool,
}

/// The unrevoked token with this hash and its active account.
pub async fn find_token<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<Option<(ApiToken, UserAccount)>> {
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let user = user_account::Entity::find_by_id(t.user_id)
        .one(conn)
        .await?;
    Ok(user.filter(|u| u.active).map(|u| (t, u)))
}

/// Notes that a token was used.
pub async fn touch_token<C: ConnectionTrait>(conn: &C, id: i64, now: DateTime<Utc>) -> Result<()> {
    api_token::ActiveModel {
        id: Set(id),
        last_used_at: Set(Some(now)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Tokens of an account, newest first.
pub async fn list_tokens<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Vec<ApiToken>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::Id)
        .all(conn)
        .await?)
}

/// Revokes one of the account's tokens.
pub async fn revoke_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    token_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let t = api_token::Entity::find_by_id(token_id)
        .one(conn)
        .await?
        .filter(|t| t.user_id == user_id)
        .ok_or_else(|| StoreError::not_found("token", token_id))?;
    api_token::ActiveModel {
        id: Set(t.id),
        revoked_at: Set(Some(now)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}
