//! The research and teaching forms: a file of projects, publications or courses, and the
//! focus of a course decided by a person.

use serde::Deserialize;

/// The fields beside a file of projects, publications or courses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InventoryUpload {
    /// `projects` or `publications` (research imports).
    pub kind: String,
    /// The publications' format (`hal-csv`, `hal-json`, `bibtex`), guessed when empty.
    pub format: String,
    /// `1` to import the valid records and list the others, instead of refusing the file.
    pub skip_invalid: String,
}

/// How much a course is about sustainability, as a person decided.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FocusForm {
    /// `focused`, `inclusive`, `none`, or empty to go back to the classifier's.
    pub focus: String,
}
