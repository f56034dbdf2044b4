//! The accounts' forms: signing in, a new account, a change to an account, one's own
//! password, a new API token.

use jalon_app::auth::{NewUserInput, TokenRequest};
use jalon_app::{AppError, ErrorCode};
use jalon_core::access::Role;
use serde::Deserialize;

use crate::forms::text;

/// The sign-in form (its CSRF token is a double-submit cookie, checked by the handler).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub next: String,
    #[serde(rename = "_csrf")]
    pub csrf: String,
}

/// A new account.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    pub person: String,
}

impl UserForm {
    /// The use case's input, or the role's error.
    pub fn input(&self) -> Result<NewUserInput, AppError> {
        Ok(NewUserInput {
            username: self.username.trim().to_string(),
            display_name: self.display_name.trim().to_string(),
            password: self.password.clone(),
            role: role(&self.role)?,
            person: text(&self.person),
        })
    }
}

/// What a change to an account does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountChange {
    Role,
    Activate,
    Deactivate,
    Person,
    /// The workstream the account leads as its référent.
    Domain,
    Password,
}

/// A change to an account (administrators).
#[derive(Debug, Deserialize)]
pub struct UserChangeForm {
    pub op: AccountChange,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub person: String,
    /// A workstream's code, or empty for none.
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub password: String,
}

/// A change of one's own password.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current: String,
    pub new_password: String,
    pub confirm: String,
}

/// A new API token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    /// Days until it stops working; empty: until revoked.
    pub expires_in_days: String,
    /// `1` when ticked.
    pub read_only: String,
}

impl TokenForm {
    /// The use case's request (the use case checks the name and the lifetime).
    pub fn request(&self) -> Result<TokenRequest, AppError> {
        let days = self.expires_in_days.trim();
        let expires_in_days =
            match days {
                "" => None,
                d => Some(d.parse().map_err(|_| {
                    AppError::invalid("expires_in_days", ErrorCode::InvalidExpiry, d)
                })?),
            };
        Ok(TokenRequest {
            name: self.name.clone(),
            expires_in_days,
            read_only: self.read_only == "1",
        })
    }
}

/// A role by its stable name.
pub fn role(v: &str) -> Result<Role, AppError> {
    Role::parse(v.trim()).ok_or_else(|| AppError::invalid("role", ErrorCode::InvalidRole, v))
}
