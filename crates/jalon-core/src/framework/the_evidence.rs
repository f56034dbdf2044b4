//! Rules of the THE evidence bank: whether an evidence item counts for a submission year, the
//! three-point self-score of an evidence indicator (the policy exists / evidence is given /
//! the evidence is public), the completeness of an SDG and an estimate of its score.
//!
//! THE scores numeric answers against other universities and bibliometric metrics from Scopus,
//! so the estimate covers what the institution controls: the evidence indicators (by their
//! self-score) and whether each portal figure is submitted. It is a steering aid, not THE's
//! score.

use chrono::NaiveDate;
use serde::Serialize;

use super::the_impact::{IndicatorKind, TheSdg};

/// The facts of an evidence item that matter for a submission year.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFacts {
    pub adopted_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub public: bool,
    pub has_url: bool,
}

/// Where an evidence item stands against the year window (1 January – 31 December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Adopted by the end of the year and still valid at its start.
    InWindow,
    /// Adopted after the year: it cannot prove anything for it.
    AdoptedAfter,
    /// No longer valid when the year began.
    Expired,
    /// No adoption date: THE may not accept it.
    Undated,
}

impl Window {
    /// Stable name (translation key suffix).
    pub fn as_str(self) -> &'static str {
        match self {
            Window::InWindow => "in_window",
            Window::AdoptedAfter => "adopted_after",
            Window::Expired => "expired",
            Window::Undated => "undated",
        }
    }

    /// True when the item counts for the year.
    pub fn counts(self) -> bool {
        self == Window::InWindow
    }
}

/// Checks an item against `year`.
pub fn window(year: i32, e: &EvidenceFacts) -> Window {
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Window::Undated;
    };
    match e.adopted_on {
        None => Window::Undated,
        Some(d) if d > end => Window::AdoptedAfter,
        Some(_) if e.valid_until.is_some_and(|v| v < start) => Window::Expired,
        Some(_) => Window::InWindow,
    }
}

/// The three-point self-score of an evidence indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfScore {
    /// The institution answers "yes".
    pub exists: bool,
    /// At least one evidence item of the year window supports it.
    pub evidence: bool,
    /// One of those items is public, with a URL.
    pub public: bool,
}

impl SelfScore {
    /// 0 to 3.
    pub fn points(self) -> u8 {
        u8::from(self.exists)
            + u8::from(self.exists && self.evidence)
            + u8::from(self.exists && self.evidence && self.public)
    }
}

/// The self-score from the answer (`Some(true)` = yes) and the linked items.
pub fn self_score(year: i32, exists: Option<bool>, items: &[EvidenceFacts]) -> SelfScore {
    let exists = exists == Some(true);
    let counted: Vec<&EvidenceFacts> = items.iter().filter(|e| window(year, e).counts()).collect();
    SelfScore {
        exists,
        evidence: exists && !counted.is_empty(),
        public: exists && counted.iter().any(|e| e.public && e.has_url),
    }
}

/// What the institution has answered for one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IndicatorAnswer {
    /// A portal figure is given.
    pub value_given: bool,
    /// The answer to an evidence indicator (`None`: not answered).
    pub exists: Option<bool>,
    /// Its self-score.
    pub score: SelfScore,
}

/// Completeness and estimate of one SDG.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SdgEstimate {
    pub goal: u8,
    /// Indicators the institution answers (portal and evidence).
    pub answerable: usize,
    /// Of those, the answered ones (a figure; a "no", or a "yes" with evidence).
    pub answered: usize,
    /// 0–100: the weighted fulfilment of the metrics the institution controls.
    pub score: f64,
}

impl SdgEstimate {
    /// Share answered, 0–100.
    pub fn completeness(&self) -> f64 {
        if self.answerable == 0 {
            0.0
        } else {
            100.0 * self.answered as f64 / self.answerable as f64
        }
    }
}

/// Completeness and estimated score of an SDG from the answers (looked up by indicator id).
/// Metrics without a known weight share the rest equally; bibliometric indicators are left
/// out (THE computes them).
pub fn estimate(sdg: &TheSdg, answer: impl Fn(&str) -> IndicatorAnswer) -> SdgEstimate {
    let mut answerable = 0;
    let mut answered = 0;
    let mut fulfilments: Vec<(Option<f64>, f64)> = Vec::new();
    for m in &sdg.metrics {
        let mut points = 0.0;
        let mut count = 0usize;
        for i in &m.indicators {
            let a = answer(&i.id);
            match i.kind {
                IndicatorKind::Bibliometric => continue,
                IndicatorKind::Portal => {
                    answerable += 1;
                    count += 1;
                    if a.value_given {
                        answered += 1;
                        points += 1.0;
                    }
                }
                IndicatorKind::Evidence => {
                    answerable += 1;
                    count += 1;
                    if a.exists == Some(false) || a.score.points() >= 2 {
                        answered += 1;
                    }
                    points += f64::from(a.score.points()) / 3.0;
                }
            }
        }
        if count > 0 {
            fulfilments.push((m.weight, points / count as f64));
        }
    }
    let known: f64 = fulfilments.iter().filter_map(|(w, _)| *w).sum();
    let unknown = fulfilments.iter().filter(|(w, _)| w.is_none()).count();
    let rest = if unknown > 0 {
        (100.0 - known).max(0.0) / unknown as f64
    } else {
        0.0
    };
    let (mut total, mut weights) = (0.0, 0.0);
    for (w, f) in &fulfilments {
        let w = w.unwrap_or(rest);
        total += w * f;
        weights += w;
    }
    SdgEstimate {
        goal: sdg.goal,
        answerable,
        answered,
        score: if weights > 0.0 {
            100.0 * total / weights
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::the_impact::shipped;
    use proptest::prelude::*;

    fn item(
        adopted: Option<(i32, u32, u32)>,
        valid: Option<(i32, u32, u32)>,
        public: bool,
    ) -> EvidenceFacts {
        let d = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        EvidenceFacts {
            adopted_on: adopted.map(d),
            valid_until: valid.map(d),
            public,
            has_url: public,
        }
    }

    #[test]
    fn the_year_window_keeps_items_adopted_by_its_end_and_valid_at_its_start() {
        assert_eq!(
            window(2024, &item(Some((2024, 12, 31)), None, true)),
            Window::InWindow
        );
        assert_eq!(
            window(2024, &item(Some((2025, 1, 1)), None, true)),
            Window::AdoptedAfter
        );
        assert_eq!(
            window(2024, &item(Some((2019, 3, 1)), Some((2023, 12, 31)), true)),
            Window::Expired
        );
        assert_eq!(
            window(2024, &item(Some((2019, 3, 1)), Some((2024, 1, 1)), true)),
            Window::InWindow
        );
        assert_eq!(window(2024, &item(None, None, true)), Window::Undated);
    }

    #[test]
    fn the_self_score_climbs_from_existence_to_public_evidence() {
        let public = item(Some((2022, 6, 1)), None, true);
        let internal = item(Some((2022, 6, 1)), None, false);
        let late = item(Some((2025, 6, 1)), None, true);
        assert_eq!(
            self_score(2024, None, std::slice::from_ref(&public)).points(),
            0
        );
        assert_eq!(
            self_score(2024, Some(false), std::slice::from_ref(&public)).points(),
            0
        );
        assert_eq!(self_score(2024, Some(true), &[]).points(), 1);
        assert_eq!(
            self_score(2024, Some(true), std::slice::from_ref(&late)).points(),
            1
        );
        assert_eq!(
            self_score(2024, Some(true), std::slice::from_ref(&internal)).points(),
            2
        );
        assert_eq!(
            self_score(2024, Some(true), &[internal, late, public]).points(),
            3
        );
    }

    #[test]
    fn an_sdg_fully_evidenced_scores_100_and_an_empty_one_0() {
        let sdgs = shipped();
        let sdg1 = &sdgs[0];
        let full = estimate(sdg1, |_| IndicatorAnswer {
            value_given: true,
            exists: Some(true),
            score: SelfScore {
                exists: true,
                evidence: true,
                public: true,
            },
        });
        assert!((full.score - 100.0).abs() < 1e-9);
        assert_eq!(full.answered, full.answerable);
        // SDG 1: 1.2.1 is a portal figure; 1.3.x and 1.4.x are evidence.
        assert_eq!(full.answerable, 10);
        let empty = estimate(sdg1, |_| IndicatorAnswer::default());
        assert_eq!((empty.score, empty.answered), (0.0, 0));
        // Only the portal figure (1.2, 27 % of the SDG, i.e. 27/73 of what is controlled).
        let portal = estimate(sdg1, |id| IndicatorAnswer {
            value_given: id == "1.2.1",
            ..Default::default()
        });
        assert!(
            (portal.score - 100.0 * 27.0 / 73.0).abs() < 1e-6,
            "{}",
            portal.score
        );
        assert!((portal.completeness() - 10.0).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn estimates_stay_between_0_and_100(seed in any::<u64>(), goal in 0usize..17) {
            let sdgs = shipped();
            let e = estimate(&sdgs[goal], |id| {
                let h = id.bytes().fold(seed, |h, b| h.rotate_left(5) ^ u64::from(b));
                IndicatorAnswer {
                    value_given: h & 1 == 1,
                    exists: [None, Some(false), Some(true)][(h >> 1) as usize % 3],
                    score: SelfScore { exists: h & 8 != 0, evidence: h & 16 != 0, public: h & 32 != 0 },
                }
            });
            prop_assert!((0.0..=100.0 + 1e-9).contains(&e.score));
            prop_assert!(e.answered <= e.answerable);
        }
    }
}
