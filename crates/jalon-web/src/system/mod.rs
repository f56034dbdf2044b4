//! The application around the features: the probes (`/health`, `/ready`), the request log and its metrics, unknown paths, the About page (sources and licences), the OpenAPI document and its interactive documentation.

pub(crate) mod api;
pub mod metrics;
pub(crate) mod pages;
pub(crate) mod requests;
