//! Notifications: the page behind the bell (what Jalon told the person, newest first, with
//! a button that opens each one and marks it read) and their mail settings; the same in
//! the API.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
