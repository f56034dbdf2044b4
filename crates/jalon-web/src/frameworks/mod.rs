//! The report editors: the THE Impact evidence bank, evidence items, the DD&RS self-assessment and the content of the SDG report's chapters.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
