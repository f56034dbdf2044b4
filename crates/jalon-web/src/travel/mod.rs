//! Business travel: missions imported from GES 1point5 or expense files, each trip's distance, factor and formula, places to fix, and the trip calculator; the footprint of a trip at claim time for expense systems.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
