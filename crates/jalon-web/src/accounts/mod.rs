//! Who may come in: sign-in and sign-out, the language switch, accounts and roles (administrators), one's own password and API tokens.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
