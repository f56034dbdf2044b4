//! The report editors' forms: an answer of the THE bank, the link of an evidence item, an
//! evidence item, a DD&RS assessment, a block of report content, a chapter's highlighted
//! figures, and the fields beside an imported file.

use jalon_app::frameworks::EvidenceInput;
use jalon_app::frameworks::ddrs::AssessmentInput;
use jalon_app::frameworks::the::AnswerInput;
use jalon_app::report::content::{BlockInput, HighlightInput};
use jalon_app::{AppError, ErrorCode};
use serde::Deserialize;

use crate::forms::{Check, FieldValue, FormErrors, number, text, version, whole};

/// Where the editor pages go back to: the year, and the SDG chapter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Place {
    pub year: String,
    pub sdg: String,
    pub chapter: String,
}

impl Place {
    /// The report chapter, 0 (the foreword) to 17.
    pub fn chapter(&self) -> u8 {
        self.chapter
            .trim()
            .parse()
            .ok()
            .filter(|g| *g <= 17)
            .unwrap_or(1)
    }
}

/// An answer of the THE Impact bank: yes/no, a figure, or a plan indicator's value.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    /// `yes`, `no` or empty.
    pub exists: String,
    pub value: String,
    pub plan_indicator: String,
    pub note: String,
    pub sdg: String,
}

impl AnswerForm {
    /// The use case's input, or the figure's error.
    pub fn input(&self) -> Result<AnswerInput, FormErrors> {
        let mut c = Check::default();
        let value = c.take(number("value", &self.value));
        c.finish(|| AnswerInput {
            exists: match self.exists.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            value: value.flatten(),
            plan_indicator: text(&self.plan_indicator),
            note: text(&self.note),
        })
    }
}

/// Linking (`link=1`) or unlinking (`link=0`) an evidence item.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvidenceLinkForm {
    pub evidence_id: String,
    pub link: String,
    pub sdg: String,
}

impl EvidenceLinkForm {
    /// The evidence item and whether to link it.
    pub fn choice(&self) -> Result<(i64, bool), AppError> {
        let id = whole::<i64>("evidence_id", &self.evidence_id)?
            .ok_or_else(|| AppError::invalid("evidence_id", ErrorCode::Required, ""))?;
        Ok((id, self.link != "0"))
    }
}

/// The confirmation after linking (`true`) or unlinking an evidence item.
pub fn evidence_link_done(link: bool) -> &'static str {
    if link {
        "evidence_linked"
    } else {
        "evidence_unlinked"
    }
}

/// An evidence item (a policy, a document, a web page…).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvidenceForm {
    pub title: String,
    pub kind: String,
    pub issuer: String,
    pub adopted_on: String,
    pub adopted_by: String,
    pub valid_until: String,
    pub next_review: String,
    pub url: String,
    pub public: String,
    pub year: String,
}

impl EvidenceForm {
    /// The use case's input (it checks the dates, the URL and the kind).
    pub fn input(&self) -> EvidenceInput {
        EvidenceInput {
            title: self.title.trim().to_string(),
            kind: self.kind.trim().to_string(),
            issuer: text(&self.issuer),
            adopted_on: text(&self.adopted_on),
            adopted_by: text(&self.adopted_by),
            valid_until: text(&self.valid_until),
            next_review: text(&self.next_review),
            url: text(&self.url),
            public: self.public == "1",
        }
    }
}

/// A DD&RS item's assessment of the year.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub level: String,
    pub justification: String,
    pub actions: String,
    pub indicators: String,
}

impl AssessmentForm {
    /// The use case's input, or the level's error.
    pub fn input(&self) -> Result<AssessmentInput, FormErrors> {
        let mut c = Check::default();
        let level = c.take(match text(&self.level) {
            None => Err(AppError::invalid("level", ErrorCode::Required, "")),
            Some(l) => l
                .parse()
                .map_err(|_| AppError::invalid("level", ErrorCode::InvalidLevel, l)),
        });
        c.finish(|| AssessmentInput {
            level: level.unwrap_or_default(),
            justification: self.justification.trim().to_string(),
            actions: self.actions.trim().to_string(),
            indicators: self.indicators.trim().to_string(),
        })
    }
}

/// A block of report content.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BlockForm {
    pub kind: String,
    pub year: String,
    pub title: String,
    pub title_en: String,
    pub body: String,
    pub body_en: String,
    pub url: String,
    pub sdgs: String,
    pub metrics: Vec<String>,
    pub illustrative: String,
    pub position: String,
    pub chapter: String,
    /// The version of the block the form was filled from.
    pub version: String,
}

impl BlockForm {
    /// The use case's input, or the errors of its numbers.
    pub fn input(&self) -> Result<BlockInput, FormErrors> {
        let mut c = Check::default();
        let year = c.take(whole("year", &self.year));
        let position = c.take(whole("position", &self.position));
        c.finish(|| BlockInput {
            kind: self.kind.trim().to_string(),
            year: year.flatten(),
            title: self.title.trim().to_string(),
            title_en: text(&self.title_en),
            body: self.body.trim().to_string(),
            body_en: text(&self.body_en),
            url: text(&self.url),
            sdgs: self.sdgs.trim().to_string(),
            metrics: self.metrics.join(" "),
            illustrative: self.illustrative == "1",
            position: position.flatten().unwrap_or(0),
            version: version(&self.version),
        })
    }

    /// The fields as compared when someone saved the block meanwhile.
    pub fn fields(&self, tr: &jalon_i18n::Tr) -> Vec<FieldValue> {
        vec![
            ("field-kind", tr.of("block-kind", self.kind.trim())),
            ("reports-year", self.year.clone()),
            ("field-sdgs", self.sdgs.clone()),
            ("content-position", self.position.clone()),
            ("field-title", self.title.clone()),
            ("field-title-en", self.title_en.clone()),
            ("content-body", self.body.clone()),
            ("content-body-en", self.body_en.clone()),
            ("reports-url", self.url.clone()),
            ("content-metrics", self.metrics.join(", ")),
        ]
    }
}

/// A chapter's highlighted figures: rows of three aligned columns.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HighlightsForm {
    pub indicator_code: Vec<String>,
    pub compare_year: Vec<String>,
    pub comparison: Vec<String>,
}

impl HighlightsForm {
    /// The figures (rows without an indicator are dropped), or the errors of their years.
    pub fn input(&self) -> Result<Vec<HighlightInput>, FormErrors> {
        let mut c = Check::default();
        let mut figures = Vec::new();
        for (i, code) in self.indicator_code.iter().enumerate() {
            let Some(code) = text(code) else {
                continue;
            };
            let cell = |col: &[String]| col.get(i).cloned().unwrap_or_default();
            let year = c.take(whole("compare_year", &cell(&self.compare_year)));
            figures.push(HighlightInput {
                indicator_code: code,
                compare_year: year.flatten(),
                comparison: text(&cell(&self.comparison)).unwrap_or_else(|| "auto".into()),
            });
        }
        c.finish(|| figures)
    }
}

/// The fields beside an imported file of the editors (a THE edition, DD&RS items).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditorUpload {
    /// The edition's name (THE).
    pub name: String,
    pub year: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_rows_stay_aligned_and_empty_rows_are_dropped() {
        let form = HighlightsForm {
            indicator_code: vec!["C3.O3.I1".into(), String::new(), "C2.O4.I1".into()],
            compare_year: vec!["2022".into(), "2023".into(), String::new()],
            comparison: vec![String::new(), "points".into(), "relative".into()],
        };
        let figures = form.input().expect("valid");
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].compare_year, Some(2022));
        assert_eq!(figures[0].comparison, "auto");
        assert_eq!(figures[1].indicator_code, "C2.O4.I1");
        assert_eq!(figures[1].compare_year, None);
        assert_eq!(figures[1].comparison, "relative");
        let bad = HighlightsForm {
            indicator_code: vec!["C3.O3.I1".into()],
            compare_year: vec!["deux mille".into()],
            ..Default::default()
        };
        assert!(bad.input().is_err());
    }

    #[test]
    fn a_level_is_required_and_a_number() {
        assert!(AssessmentForm::default().input().is_err());
        let form = AssessmentForm {
            level: "3".into(),
            ..Default::default()
        };
        assert_eq!(form.input().map(|i| i.level).ok(), Some(3));
    }
}
