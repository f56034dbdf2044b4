//! Research and teaching inventories: projects, publications and courses with their SDGs, figures per year, heat maps per lab and programme, and their imports.

pub(crate) mod api;
pub(crate) mod forms;
pub(crate) mod pages;
