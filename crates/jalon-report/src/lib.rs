//! Reports as documents: a small model (chapters, key figures, sections of paragraphs, item
//! lists, tables and charts) that the use cases fill from the one source of truth, and its
//! renderings — a static HTML site and an accessible PDF (typst, fonts embedded, tagged).
//! Keeping the model free of the data layer lets every report (SDG, steering, carbon) share the
//! renderers, and keeps typst in this one leaf crate.

pub mod figure;
pub mod html;
pub mod pdf;
pub mod typst_source;

use jalon_core::Lang;
use serde::Serialize;

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    /// The institution, shown on the cover and in the footer.
    pub institution: String,
    /// The year reported.
    pub year: i32,
    /// Shown on the cover when some content is illustrative (demo data).
    pub notice: Option<String>,
    /// Text before the chapters.
    pub foreword: Vec<Block>,
    pub chapters: Vec<Chapter>,
}

/// A chapter: one per SDG in the SDG report, one per axis in the steering report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    /// Anchor and file name (`odd-13`).
    pub slug: String,
    /// Shown before the title (`13`).
    pub number: Option<String>,
    pub title: String,
    /// The chapter's opening sentence (the UN goal sentence).
    pub lead: Option<String>,
    /// Theme colour (`#3F7E44`) of the chapter's banner.
    pub colour: Option<String>,
    /// The banner of the year's key figures.
    pub key_figures: Vec<KeyFigure>,
    pub sections: Vec<Section>,
}

/// A figure of the year, from a stored measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFigure {
    /// As people read it (`1 234,5`).
    pub value: String,
    pub unit: String,
    pub label: String,
    pub period: String,
    /// `+21 % vs 2022`, `−3 points vs 2022`.
    pub comparison: Option<String>,
    /// Where the figure comes from (a page of the application, a URL).
    pub source: Option<String>,
}

/// A numbered section of a chapter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    Paragraph(String),
    /// A remark in smaller type (sources, what is missing).
    Note(String),
    Items(Vec<Item>),
    Table(Table),
    /// A chart: SVG drawn from data, with that data as a table.
    Chart {
        svg: String,
        table: Table,
    },
}

/// A listed thing: an action, a project, a publication, a course, a policy.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Item {
    pub title: String,
    /// One line of facts (period, lab, partners, status…).
    pub detail: String,
    pub text: Option<String>,
    pub link: Option<String>,
    /// Short labels (SDG numbers, status).
    pub tags: Vec<String>,
}

/// A table with a caption; `numeric[i]` right-aligns column `i`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Report {
    /// A word of the catalogue (`reports.ftl`) in the report's language.
    pub fn word(&self, key: &str) -> &'static str {
        jalon_i18n::word(self.lang, key)
    }
}
