//! Action sheets (*fiches action*): the filtered list, the sheet with its history, the full edit form, the quick status and progress update, comments.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
