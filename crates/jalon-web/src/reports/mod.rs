//! The reports of a year (SDG, steering, carbon) previewed as a page or downloaded as a PDF or a workbook, and the framework exports.

pub(crate) mod pages;
