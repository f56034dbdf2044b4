//! The application around the features: health check, unknown paths, the About page (sources and licences), the OpenAPI document and its interactive documentation.

pub(crate) mod api;
pub(crate) mod pages;
