//! Greenhouse-gas inventories: the footprint of a year and its trend, inventories and their activity lines, emission factors, and the plan indicators fed by the inventories.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
