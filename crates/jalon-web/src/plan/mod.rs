//! The strategy as a whole: the dashboard, the strategy tree, objective pages with their targets' status and trajectory charts, the plan check, and the plan's import and export.

pub(crate) mod api;
pub(crate) mod pages;
