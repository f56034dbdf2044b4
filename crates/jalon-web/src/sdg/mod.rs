//! The 17 SDGs: the overview and a page per goal, the explainable classifier, suggestions to confirm or reject, and the SDG block shown on every tagged element.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
pub(crate) mod tags;
