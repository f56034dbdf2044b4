//! The SDG pages' forms: a text to classify, a tag added by hand, a decision on a
//! suggestion (with where to go back), and the link of a plan indicator to an inventory
//! figure.

use jalon_app::sdg::steering::SdgMetric;
use jalon_app::{AppError, ErrorCode};
use serde::Deserialize;

/// A text to classify and its language (`auto`, `fr`, `en`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClassifyForm {
    pub text: String,
    pub lang: String,
}

/// An SDG or SDG target added by hand to an element.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TagForm {
    /// `action`, `objective`, `project`, `publication` or `course`.
    pub kind: String,
    pub entity_id: String,
    /// `13` or `13.2`.
    pub sdg: String,
    pub next: String,
}

/// A button that acts, then goes back to the page it was on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Back {
    /// A local path (anything else goes to the dashboard).
    pub next: String,
}

/// Linking (or unlinking, `op=remove`) a plan indicator to an inventory figure.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    pub indicator: String,
    pub metric: String,
    pub op: String,
}

impl LinkForm {
    /// The figure to link, `None` to remove the link.
    pub fn metric(&self) -> Result<Option<SdgMetric>, AppError> {
        if self.op == "remove" {
            return Ok(None);
        }
        SdgMetric::parse(self.metric.trim())
            .map(Some)
            .ok_or_else(|| {
                AppError::invalid("metric", ErrorCode::InvalidMetric, self.metric.clone())
            })
    }
}
