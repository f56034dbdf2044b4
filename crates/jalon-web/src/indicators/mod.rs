//! Indicators and their yearly values: the list, the indicator page with its values in review (draft → submitted → validated) and the entry form.

pub(crate) mod api;
pub(crate) mod pages;
