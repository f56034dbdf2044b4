//! SDG mapping: the classifier's suggestions on any text or entity (with their evidence),
//! people's decisions on them, the research and teaching inventories, and the strategy
//! indicators computed from those inventories.
//!
//! The classifier itself is `jalon-sdg` (pure). This module turns its output into what is
//! stored (a suggestion: goal, score, evidence) and shown (the text with the matched words
//! highlighted), and checks who may decide.

pub mod classify_file;
pub mod goal;
pub mod research;
pub mod steering;
pub mod tags;
pub mod teaching;

use crate::ErrorCode;
use jalon_sdg::{Classification, Classifier, LangHint, Source};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult};

/// Longest text the classifier page and API accept (characters).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Why an SDG was suggested: a lexicon term or an Aurora query, where it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceOut {
    /// `lexicon` or `aurora`.
    pub source: String,
    /// Lexicon language (`fr`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The term as written in the lexicon, or the Aurora query id.
    pub matched: String,
    /// UN target (`13.2`) or goal.
    pub target: String,
    /// Byte ranges in the text.
    #[serde(default)]
    pub spans: Vec<(usize, usize)>,
}

/// An SDG suggested for a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgSuggestion {
    pub goal: u8,
    /// Normalised score; the SDG is suggested from `threshold` on.
    pub score: f64,
    pub threshold: f64,
    /// Strongest first.
    pub evidence: Vec<EvidenceOut>,
}

/// A piece of the text, with the SDGs whose evidence covers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Segment {
    pub text: String,
    pub goals: Vec<u8>,
}

/// A text classified.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextClassification {
    /// Language used (`fr` or `en`).
    pub lang: String,
    /// False when the language was unsure and both lexicons were used.
    pub lang_confident: bool,
    /// SDGs suggested, best first; empty for unrelated text.
    pub sdgs: Vec<SdgSuggestion>,
    /// The text cut at the evidence, for highlighting.
    pub segments: Vec<Segment>,
}

/// The suggestions of a classification, with at most `max_evidence` pieces of evidence each.
pub fn suggestions_of(c: &Classification, max_evidence: usize) -> Vec<SdgSuggestion> {
    c.sdgs
        .iter()
        .map(|s| SdgSuggestion {
            goal: s.sdg,
            score: f64::from(s.score),
            threshold: f64::from(s.threshold),
            evidence: s
                .evidence
                .iter()
                .take(max_evidence)
                .map(|e| EvidenceOut {
                    source: match e.source {
                        Source::Lexicon(_) => "lexicon".into(),
                        Source::Aurora => "aurora".into(),
                    },
                    lang: match e.source {
                        Source::Lexicon(l) => Some(l.code().to_string()),
                        Source::Aurora => None,
                    },
                    matched: e.matched.clone(),
                    target: e.target.clone(),
                    spans: e.spans.clone(),
                })
                .collect(),
        })
        .collect()
}

/// Cuts `text` at the evidence spans: each segment knows which SDGs matched it.
pub fn segments_of(text: &str, sdgs: &[SdgSuggestion]) -> Vec<Segment> {
    let mut cuts = vec![0, text.len()];
    let mut spans = Vec::new();
    for s in sdgs {
        for e in &s.evidence {
            for &(a, b) in &e.spans {
                if a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
                {
                    cuts.push(a);
                    cuts.push(b);
                    spans.push((a, b, s.goal));
                }
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut goals: Vec<u8> = spans
            .iter()
            .filter(|(sa, sb, _)| *sa <= a && b <= *sb)
            .map(|(_, _, g)| *g)
            .collect();
        goals.sort_unstable();
        goals.dedup();
        match out.last_mut() {
            Some(last) if last.goals == goals => last.text.push_str(&text[a..b]),
            _ => out.push(Segment {
                text: text[a..b].to_string(),
                goals,
            }),
        }
    }
    out
}

/// Parses `auto`, `fr`, `en`.
pub fn lang_hint(s: &str) -> Option<LangHint> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "auto" => Some(LangHint::Auto),
        "fr" => Some(LangHint::Fr),
        "en" => Some(LangHint::En),
        _ => None,
    }
}

impl App {
    /// Suggests the SDGs of a text, with the evidence and the text cut for highlighting.
    pub fn classify_text(
        &self,
        actor: &Actor,
        text: &str,
        hint: LangHint,
    ) -> AppResult<TextClassification> {
        actor.require(jalon_core::access::Operation::View)?;
        if text.trim().is_empty() {
            return Err(AppError::invalid("text", ErrorCode::Required, ""));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(AppError::invalid(
                "text",
                ErrorCode::TooLong,
                MAX_TEXT_CHARS.to_string(),
            ));
        }
        let c = Classifier::shared().classify(text, hint);
        let sdgs = suggestions_of(&c, 12);
        Ok(TextClassification {
            lang: c.lang.code().to_string(),
            lang_confident: c.lang_confident,
            segments: segments_of(text, &sdgs),
            sdgs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_text_and_mark_the_evidence() {
        let text = "Réduire les émissions de gaz à effet de serre du campus.";
        let c = Classifier::shared().classify(text, LangHint::Auto);
        let sdgs = suggestions_of(&c, 12);
        assert!(sdgs.iter().any(|s| s.goal == 13));
        let segs = segments_of(text, &sdgs);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        assert!(
            segs.iter()
                .any(|s| s.goals.contains(&13) && !s.text.trim().is_empty())
        );
    }
}
