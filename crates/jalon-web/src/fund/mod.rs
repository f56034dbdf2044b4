//! The compensation fund: balances, levies by unit, the ledger, levy rules, reinvestments, the travel policy, and the what-if simulation.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
