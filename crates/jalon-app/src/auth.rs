//! Accounts and authentication: Argon2id passwords, browser sessions stored in the database
//! (with their CSRF secret), bearer API tokens, and waits that grow after failed logins (see [`crate::login_throttle`]).

use crate::ErrorCode;
use jalon_core::message::Message;
use std::net::IpAddr;
use std::time::Instant;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use jalon_core::access::{Operation, Role};
use jalon_store::accounts::{self, NewUser, UserAccount, UserChange};

/// An API token as its owner sees it (never the secret).
pub use jalon_store::accounts::ApiToken;
use jalon_store::audit::Change;
use jalon_store::{StoreError, institutions};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError, AppResult};

/// Prefix of API tokens, so they are recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "jalon_";

/// The longest an API token may live, in days (two years).
pub const MAX_TOKEN_DAYS: u32 = 730;

/// What a person asks for when creating an API token.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// What it is for (`dashboard script`).
    pub name: String,
    /// Days until it stops working (1–730); none: until revoked.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
    /// Only reads, whatever the owner's role.
    #[serde(default)]
    pub read_only: bool,
}

impl TokenRequest {
    /// A token with this name, full rights and no expiry.
    pub fn named(name: &str) -> TokenRequest {
        TokenRequest {
            name: name.to_string(),
            ..TokenRequest::default()
        }
    }
}

/// Minimum password length.
pub const MIN_PASSWORD_LEN: usize = 10;

/// SHA-256 of a secret, as lowercase hex.
pub fn sha256_hex(secret: &str) -> String {
    sha256_bytes_hex(secret.as_bytes())
}

/// SHA-256 of bytes (a file's content), as lowercase hex.
pub fn sha256_bytes_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Hashes a password with Argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
}

/// True when `password` matches the stored hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).ok().is_some_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The longest username a login is tried with; a longer one is refused before anything is
/// kept or computed for it.
pub const MAX_USERNAME_LEN: usize = 128;

/// A session just opened: the cookie token (shown once) and the CSRF secret.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// The actor behind a session cookie, and the session's CSRF secret.
#[derive(Debug, Clone)]
pub struct SessionActor {
    pub actor: Actor,
    pub csrf_token: String,
    /// How many notifications the account has not read (the bell of every page).
    pub unread_notifications: u64,
}

/// Who did what to an account, before it is told on which record: the start of a journal
/// entry of [`App::journal_account_event`].
struct AccountEvent {
    institution_id: i64,
    user_id: i64,
    operation: &'static str,
}

impl AccountEvent {
    fn new(institution_id: i64, user_id: i64, operation: &'static str) -> Self {
        AccountEvent {
            institution_id,
            user_id,
            operation,
        }
    }

    fn of(actor: &Actor, user_id: i64, operation: &'static str) -> Self {
        AccountEvent::new(actor.institution_id, user_id, operation)
    }

    fn on(self, entity_kind: &'static str, entity_id: i64, message: Message) -> Change<'static> {
        Change {
            institution_id: self.institution_id,
            user_id: Some(self.user_id),
            entity_kind,
            entity_id: Some(entity_id),
            operation: self.operation,
            message,
            before: None,
            after: None,
        }
    }
}

/// Characters of a session's digest that name it on its owner's account page: enough to
/// tell sessions apart, and not the digest itself.
pub const SESSION_KEY_LEN: usize = 16;

/// A browser session of the reader, as listed on their account page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    /// Names the session in the form that ends it.
    pub key: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The session of the page being read.
    pub current: bool,
}

/// An account as listed (no secrets).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub person: Option<String>,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The workstream the account leads as its référent.
    pub domain: Option<String>,
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// Name of the person (pilot, indicator owner) the account stands for.
    pub person: Option<String>,
}

/// A token just created: the clear value is shown once.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub id: i64,
    pub name: String,
    pub token: String,
}

pub(crate) fn actor_of(u: &UserAccount) -> AppResult<Actor> {
    Ok(Actor {
        user_id: Some(u.id),
        institution_id: u.institution_id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        person_id: u.person_id,
        domain: u.domain.clone(),
        revision_hint: None,
    })
}

/// Validates a username: 2–64 characters among lowercase letters, digits, `.`, `_`, `-`, `@`.
pub fn check_username(username: &str) -> AppResult<()> {
    let ok = (2..=64).contains(&username.len())
        && username.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@')
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "username",
            ErrorCode::InvalidUsername,
            username,
        ))
    }
}

/// Passwords tried first by anyone guessing (French and English), compared once lowercased
/// and stripped of the digits and signs people add at the end (`Azerty123!` is `azerty`).
const COMMON_PASSWORDS: [&str; 40] = [
    "password",
    "passw0rd",
    "p@ssw0rd",
    "motdepasse",
    "mot de passe",
    "azerty",
    "azertyuiop",
    "qwerty",
    "qwertyuiop",
    "qwertz",
    "abcdef",
    "abcdefgh",
    "abcdefghij",
    "iloveyou",
    "jetaime",
    "bonjour",
    "bonsoir",
    "soleil",
    "doudou",
    "loulou",
    "chouchou",
    "marseille",
    "paris",
    "football",
    "sunshine",
    "welcome",
    "bienvenue",
    "admin",
    "administrateur",
    "administrator",
    "changeme",
    "letmein",
    "secret",
    "monkey",
    "dragon",
    "princesse",
    "universite",
    "université",
    "jalon",
    "utilisateur",
];

/// Validates a new password of the account `username`: long enough, not too long, and not
/// guessed at once (a common password, the username, digits only, one or two characters
/// repeated).
pub fn check_password(password: &str, username: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(
            "password",
            ErrorCode::WeakPassword,
            MIN_PASSWORD_LEN.to_string(),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid("password", ErrorCode::TooLong, "1024"));
    }
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    let guessable = stem.is_empty()
        || distinct.len() < 4
        || COMMON_PASSWORDS.contains(&stem)
        || stem == username.trim().to_lowercase();
    if guessable {
        return Err(AppError::invalid(
            "password",
            ErrorCode::GuessablePassword,
            "",
        ));
    }
    Ok(())
}

impl App {
    /// Checks a username and password and opens a session (no client address known: the
    /// command line, tests).
    pub async fn login(&self, username: &str, password: &str) -> AppResult<NewSession> {
        self.login_from(username, password, None).await
    }

    /// Checks a username and password typed from the address `from` and opens a session.
    /// Failures slow further tries from that address (see [`crate::login_throttle`]).
    pub async fn login_from(
        &self,
        username: &str,
        password: &str,
        from: Option<IpAddr>,
    ) -> AppResult<NewSession> {
        if username.len() > MAX_USERNAME_LEN || password.len() > 1024 {
            return Err(AppError::BadCredentials);
        }
        let username = username.trim().to_lowercase();
        let rules = self.config.login_throttle;
        if let Some(wait) = self.logins.wait(&username, from, rules, Instant::now()) {
            return Err(AppError::TooManyAttempts(wait.as_secs().max(1)));
        }
        let user = accounts::find_by_username(self.store.db(), &username).await?;
        // Verify against a fixed hash when the user is unknown, so timing does not tell.
        let ok = match &user {
            Some(u) if u.active => verify_password(password, &u.password_hash),
            _ => {
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            self.logins.fail(&username, from, rules, Instant::now());
            return Err(AppError::BadCredentials);
        };
        self.logins.succeed(&username, from, rules);
        let token = jalon_store::random_hex(32)?;
        let csrf_token = jalon_store::random_hex(32)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        accounts::create_session(
            &txn,
            &sha256_hex(&token),
            user.id,
            &csrf_token,
            now,
            Duration::hours(self.config.session_hours),
        )
        .await?;
        accounts::update_user(
            &txn,
            user.id,
            UserChange {
                last_login_at: Some(now),
                ..Default::default()
            },
        )
        .await?;
        let event = AccountEvent::new(user.institution_id, user.id, "sign_in");
        let message = Message::new("journal-signed-in").with("user", &user.username);
        self.journal_account_event(txn, event.on("user", user.id, message), now)
            .await?;
        Ok(NewSession {
            token,
            csrf_token,
            actor: actor_of(&user)?,
        })
    }

    /// The actor of a session cookie, if the session is live; extends it at most once a minute.
    pub async fn session(&self, token: &str) -> AppResult<Option<SessionActor>> {
        if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let now = self.now();
        let hash = sha256_hex(token);
        let conn = self.store.db();
        let Some((s, u, revision)) = accounts::find_session_with_revision(conn, &hash, now).await?
        else {
            return Ok(None);
        };
        if now - s.last_seen_at > Duration::minutes(1) {
            accounts::touch_session(conn, &hash, now, Duration::hours(self.config.session_hours))
                .await?;
        }
        let mut actor = actor_of(&u)?;
        actor.revision_hint = Some(revision);
        Ok(Some(SessionActor {
            unread_notifications: jalon_store::notifications::unread(conn, u.id).await?,
            actor,
            csrf_token: s.csrf_token,
        }))
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> AppResult<()> {
        accounts::delete_session(self.store.db(), &sha256_hex(token)).await?;
        Ok(())
    }

    /// The actor's live browser sessions, most recently used first; `current` is the cookie
    /// of the request, to mark its session.
    pub async fn my_sessions(
        &self,
        actor: &Actor,
        current: Option<&str>,
    ) -> AppResult<Vec<SessionView>> {
        actor.require(Operation::ManageOwnAccount)?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let current = current.map(sha256_hex);
        let sessions = accounts::list_user_sessions(self.store.db(), user_id, self.now()).await?;
        Ok(sessions
            .into_iter()
            .map(|s| SessionView {
                key: s.id.chars().take(SESSION_KEY_LEN).collect(),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
                current: current.as_deref() == Some(s.id.as_str()),
            })
            .collect())
    }

    /// Ends one of the actor's sessions (a browser left signed in elsewhere), named by its
    /// key; a session already ended or expired is not an error.
    pub async fn end_my_session(&self, actor: &Actor, key: &str) -> AppResult<()> {
        actor.require(Operation::ManageOwnAccount)?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let key = key.trim();
        if key.len() != SESSION_KEY_LEN || !key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::invalid("session", ErrorCode::InvalidValue, key));
        }
        let key = key.to_ascii_lowercase();
        self.end_sessions(actor, user_id, Some(&key), None).await?;
        Ok(())
    }

    /// Ends every session of the actor but the one of the cookie `current`; returns how many.
    pub async fn end_my_other_sessions(&self, actor: &Actor, current: &str) -> AppResult<u64> {
        actor.require(Operation::ManageOwnAccount)?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let keep = sha256_hex(current);
        self.end_sessions(actor, user_id, None, Some(&keep)).await
    }

    /// Ends the actor's sessions named by `key` (all when `None`) but `keep`, with a journal
    /// entry when any ended.
    async fn end_sessions(
        &self,
        actor: &Actor,
        user_id: i64,
        key: Option<&str>,
        keep: Option<&str>,
    ) -> AppResult<u64> {
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let ended = accounts::end_user_sessions(&txn, user_id, key, keep).await?;
        if ended == 0 {
            return Ok(0);
        }
        let message = Message::new("journal-sessions-ended")
            .with("count", i64::try_from(ended).unwrap_or(i64::MAX))
            .with("user", &actor.username);
        let event = AccountEvent::of(actor, user_id, "sign_out");
        self.journal_account_event(txn, event.on("user", user_id, message), now)
            .await?;
        Ok(ended)
    }

    /// Commits an account event (a sign-in, a token, sessions ended) with its journal entry.
    /// The institution's revision is left alone: nothing the pages show has changed.
    async fn journal_account_event(
        &self,
        txn: jalon_store::DatabaseTransaction,
        change: Change<'_>,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        jalon_store::audit::record(&txn, change, now).await?;
        txn.commit().await.map_err(jalon_store::StoreError::from)?;
        Ok(())
    }

    /// The actor of a bearer API token, if it is valid.
    pub async fn token_actor(&self, token: &str) -> AppResult<Option<Actor>> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
            return Ok(None);
        }
        let conn = self.store.db();
        let Some((t, u)) = accounts::find_token(conn, &sha256_hex(token)).await? else {
            return Ok(None);
        };
        let now = self.now();
        if t.expires_at.is_some_and(|end| end <= now) {
            return Ok(None);
        }
        if t.last_used_at
            .is_none_or(|at| now - at > Duration::minutes(5))
        {
            accounts::touch_token(conn, t.id, now).await?;
        }
        let mut actor = actor_of(&u)?;
        if t.read_only {
            // A read-only token acts as a viewer: every write is refused as for one.
            actor.role = actor.role.min(Role::Viewer);
        }
        Ok(Some(actor))
    }

    /// Creates an API token for the actor, with the limits asked for.
    pub async fn create_token(&self, actor: &Actor, request: &TokenRequest) -> AppResult<NewToken> {
        actor.require(Operation::ManageOwnAccount)?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let name = request.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", ErrorCode::Required, ""));
        }
        crate::check_len("name", name, 100)?;
        let token = format!("{TOKEN_PREFIX}{}", jalon_store::random_hex(24)?);
        let prefix: String = token.chars().take(TOKEN_PREFIX.len() + 6).collect();
        let now = self.now();
        let expires_at = match request.expires_in_days {
            None => None,
            Some(days @ 1..=MAX_TOKEN_DAYS) => Some(now + Duration::days(i64::from(days))),
            Some(days) => {
                let days = days.to_string();
                return Err(AppError::invalid(
                    "expires_in_days",
                    ErrorCode::InvalidExpiry,
                    days,
                ));
            }
        };
        let txn = self.store.begin_write().await?;
        let hash = sha256_hex(&token);
        let stored = accounts::NewTokenRow {
            name,
            hash: &hash,
            prefix: &prefix,
            expires_at,
            read_only: request.read_only,
        };
        let row = accounts::create_token(&txn, user_id, stored, now).await?;
        let message = Message::new("journal-token-created")
            .with("name", name)
            .with("user", &actor.username);
        let event = AccountEvent::of(actor, user_id, "create");
        self.journal_account_event(txn, event.on("api_token", row.id, message), now)
            .await?;
        Ok(NewToken {
            id: row.id,
            name: row.name,
            token,
        })
    }

    /// The actor's tokens.
    pub async fn list_tokens(&self, actor: &Actor) -> AppResult<Vec<ApiToken>> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        Ok(accounts::list_tokens(self.store.db(), user_id).await?)
    }

    /// Revokes one of the actor's tokens.
    pub async fn revoke_token(&self, actor: &Actor, token_id: i64) -> AppResult<()> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        accounts::revoke_token(&txn, user_id, token_id, now)
            .await
            .map_err(crate::not_found("token"))?;
        let message = Message::new("journal-token-revoked")
            .with("id", token_id)
            .with("user", &actor.username);
        let event = AccountEvent::of(actor, user_id, "revoke");
        self.journal_account_event(txn, event.on("api_token", token_id, message), now)
            .await
    }

    /// Creates an account (admins; `None` for the command line, which needs an institution).
    pub async fn add_user(&self, actor: &Actor, input: NewUserInput) -> AppResult<UserInfo> {
        actor.require(Operation::ManageUsers)?;
        let username = input.username.trim().to_lowercase();
        check_username(&username)?;
        check_password(&input.password, &username)?;
        let display_name = input.display_name.trim();
        let display_name = if display_name.is_empty() {
            username.as_str()
        } else {
            display_name
        };
        crate::check_len("display_name", display_name, 200)?;
        let person_id = self
            .person_id(actor.institution_id, input.person.as_deref())
            .await?;
        let hash = hash_password(&input.password)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let user = accounts::create_user(
            &txn,
            NewUser {
                institution_id: actor.institution_id,
                username: &username,
                display_name,
                password_hash: &hash,
                role: input.role,
                person_id,
            },
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(ErrorCode::UsernameTaken),
            e => e.into(),
        })?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "user",
                entity_id: Some(user.id),
                operation: "create",
                message: Message::new("journal-account-created")
                    .with("user", &username)
                    .word("role", format!("role-{}", input.role.as_str())),
                before: None,
                after: Some(serde_json::json!({"username": username, "role": input.role.as_str()})),
            },
            now,
        )
        .await?;
        self.user_info(&user).await
    }

    async fn person_id(&self, institution_id: i64, person: Option<&str>) -> AppResult<Option<i64>> {
        let Some(name) = person.map(str::trim).filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let view = self.plan_view(institution_id).await?;
        view.stored
            .ids
            .people
            .id(name)
            .map(Some)
            .ok_or_else(|| AppError::invalid("person", ErrorCode::UnknownPerson, name))
    }

    async fn user_info(&self, u: &UserAccount) -> AppResult<UserInfo> {
        let person = match (u.person_id, self.plan_view(u.institution_id).await) {
            (Some(p), Ok(view)) => view.person_name(Some(p)).map(str::to_string),
            _ => None,
        };
        Ok(UserInfo {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            active: u.active,
            person,
            last_login_at: u.last_login_at,
            domain: u.domain.clone(),
        })
    }

    /// The institution's accounts.
    pub async fn list_users(&self, actor: &Actor) -> AppResult<Vec<UserInfo>> {
        actor.require(Operation::ManageUsers)?;
        let mut out = Vec::new();
        for u in accounts::list(self.store.db(), actor.institution_id).await? {
            out.push(self.user_info(&u).await?);
        }
        Ok(out)
    }

    async fn user_in_institution(&self, actor: &Actor, username: &str) -> AppResult<UserAccount> {
        accounts::find_by_username(self.store.db(), &username.trim().to_lowercase())
            .await?
            .filter(|u| u.institution_id == actor.institution_id)
            .ok_or(AppError::NotFound("user"))
    }

    async fn change_user(
        &self,
        actor: &Actor,
        target: &UserAccount,
        change: UserChange,
        message: Message,
        end_sessions: bool,
    ) -> AppResult<UserInfo> {
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let after = accounts::update_user(&txn, target.id, change).await?;
        if end_sessions {
            accounts::delete_user_sessions(&txn, target.id).await?;
        }
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "user",
                entity_id: Some(target.id),
                operation: "update",
                message,
                before: Some(
                    serde_json::json!({"role": target.role, "active": target.active, "domain": target.domain}),
                ),
                after: Some(
                    serde_json::json!({"role": after.role, "active": after.active, "domain": after.domain}),
                ),
            },
            now,
        )
        .await?;
        self.user_info(&after).await
    }

    /// Changes an account's role (admins); the last active admin keeps theirs.
    pub async fn set_role(&self, actor: &Actor, username: &str, role: Role) -> AppResult<UserInfo> {
        actor.require(Operation::ManageUsers)?;
        let target = self.user_in_institution(actor, username).await?;
        if target.role == Role::Admin && role != Role::Admin {
            self.ensure_other_admin(actor, target.id).await?;
        }
        self.change_user(
            actor,
            &target,
            UserChange {
                role: Some(role),
                ..Default::default()
            },
            Message::new("journal-role-set")
                .with("user", &target.username)
                .word("role", format!("role-{}", role.as_str())),
            false,
        )
        .await
    }

    /// Makes an account the référent of a workstream (its code), or of none (admins): it may
    /// then update the actions and enter the values of that workstream's indicators.
    pub async fn set_domain(
        &self,
        actor: &Actor,
        username: &str,
        axis: Option<&str>,
    ) -> AppResult<UserInfo> {
        actor.require(Operation::ManageUsers)?;
        let target = self.user_in_institution(actor, username).await?;
        let axis = axis.map(str::trim).filter(|a| !a.is_empty());
        if let Some(code) = axis {
            let view = self.plan_view(actor.institution_id).await?;
            if !view.doc().axes.iter().any(|a| a.code == code) {
                return Err(AppError::invalid("domain", ErrorCode::UnknownAxis, code));
            }
        }
        let message = match axis {
            Some(code) => Message::new("journal-domain-set")
                .with("user", &target.username)
                .with("axis", code),
            None => Message::new("journal-domain-cleared").with("user", &target.username),
        };
        self.change_user(
            actor,
            &target,
            UserChange {
                domain: Some(axis.map(str::to_string)),
                ..Default::default()
            },
            message,
            false,
        )
        .await
    }

    /// Activates or deactivates an account (admins); deactivation ends its sessions.
    pub async fn set_active(
        &self,
        actor: &Actor,
        username: &str,
        active: bool,
    ) -> AppResult<UserInfo> {
        actor.require(Operation::ManageUsers)?;
        let target = self.user_in_institution(actor, username).await?;
        if !active && target.role == Role::Admin {
            self.ensure_other_admin(actor, target.id).await?;
        }
        self.change_user(
            actor,
            &target,
            UserChange {
                active: Some(active),
                ..Default::default()
            },
            Message::new(if active {
                "journal-account-activated"
            } else {
                "journal-account-deactivated"
            })
            .with("user", &target.username),
            !active,
        )
        .await
    }

    async fn ensure_other_admin(&self, actor: &Actor, except: i64) -> AppResult<()> {
        let others = accounts::list(self.store.db(), actor.institution_id)
            .await?
            .into_iter()
            .filter(|u| u.id != except && u.active && u.role == Role::Admin)
            .count();
        if others == 0 {
            return Err(AppError::Conflict(ErrorCode::LastAdmin));
        }
        Ok(())
    }

    /// Sets a password: admins for anyone, others for themselves with their current password.
    /// Every session of the account is ended.
    pub async fn set_password(
        &self,
        actor: &Actor,
        username: &str,
        current: Option<&str>,
        new_password: &str,
    ) -> AppResult<()> {
        let target = self.user_in_institution(actor, username).await?;
        let is_self = actor.user_id == Some(target.id);
        if !is_self {
            actor.require(Operation::ManageUsers)?;
        } else if actor.user_id.is_some() {
            // Users changing their own password prove they know the current one.
            let ok = current.is_some_and(|c| verify_password(c, &target.password_hash));
            if !ok {
                return Err(AppError::invalid(
                    "current_password",
                    ErrorCode::WrongPassword,
                    "",
                ));
            }
        }
        check_password(new_password, &target.username)?;
        let hash = hash_password(new_password)?;
        self.change_user(
            actor,
            &target,
            UserChange {
                password_hash: Some(hash),
                ..Default::default()
            },
            Message::new("journal-password-changed").with("user", &target.username),
            true,
        )
        .await?;
        Ok(())
    }

    /// Links an account to a person (admins).
    pub async fn set_person(
        &self,
        actor: &Actor,
        username: &str,
        person: Option<&str>,
    ) -> AppResult<UserInfo> {
        actor.require(Operation::ManageUsers)?;
        let target = self.user_in_institution(actor, username).await?;
        let person_id = self.person_id(actor.institution_id, person).await?;
        self.change_user(
            actor,
            &target,
            UserChange {
                person_id: Some(person_id),
                ..Default::default()
            },
            match person {
                Some(person) => Message::new("journal-account-linked")
                    .with("user", &target.username)
                    .with("person", person),
                None => Message::new("journal-account-unlinked").with("user", &target.username),
            },
            false,
        )
        .await
    }

    /// The command line acting on the first institution (created empty if needed).
    pub async fn system_actor(&self) -> AppResult<Actor> {
        let id = match self.default_institution().await? {
            Some(id) => id,
            None => {
                institutions::create(self.store.db(), "Établissement", None, self.now())
                    .await?
                    .id
            }
        };
        Ok(Actor::system(id))
    }
}

/// A valid Argon2id hash of a random string, used to spend the same time on unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$e7cvKlfEO59WdpPqFzpIZVB0QnQ+KWhpd5ovO6zTpEA";

/// A fresh secret for the sign-in form's double-submit CSRF cookie.
pub fn login_csrf_secret() -> AppResult<String> {
    Ok(jalon_store::random_hex(16)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(password: &str, username: &str) -> Option<&'static str> {
        check_password(password, username)
            .err()
            .map(|e| e.code().as_str())
    }

    #[test]
    fn a_guessable_password_is_refused_however_long() {
        for guessable in [
            "Azerty123!",
            "motdepasse2026",
            "1234567890",
            "aaaaaaaaaaaa",
            "abababababab",
            "Password!!!!",
            "lecteur2025!",
        ] {
            assert_eq!(
                code(guessable, "lecteur"),
                Some("guessable_password"),
                "{guessable}"
            );
        }
        assert_eq!(code("court", "x"), Some("weak_password"));
        for fine in [
            "cheval-agrafe-pile",
            "jalon-lecteur",
            "Tr0p-de-soleil-ici",
            "un-mot-de-passe",
        ] {
            assert_eq!(code(fine, "lecteur"), None, "{fine}");
        }
    }
}
