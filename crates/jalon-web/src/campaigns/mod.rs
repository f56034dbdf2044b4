//! The yearly campaign: the campaigns and the form to open one (editors), a campaign's
//! progress by owner and by workstream with what waits for validation and what is overdue,
//! and each person's to-do of what they owe, with the posts that submit, validate and
//! return an item.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
