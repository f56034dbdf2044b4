//! Plan versions: the versions adopted, recording the plan in place as a new one (editors),
//! and what changed from one version to another or to the plan in place.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
