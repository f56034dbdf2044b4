//! The THE Impact Rankings catalogue: per SDG its metrics (`1.3`) with their weight where
//! known, and per metric its indicators (`1.3.2`) with their kind (bibliometric, portal
//! figure, evidence). Ids shift between editions, so a catalogue is read from a Markdown list
//! (the shipped one, or an institution's own edition) rather than written in code; the overall
//! score follows THE's aggregation: SDG 17 at 22 % plus the three best other SDGs at 26 % each.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The catalogue shipped with Jalon (2024 and 2025 editions).
pub const SHIPPED: &str = include_str!("../../data/the-impact-metrics.md");

/// How THE measures an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Computed by THE from Scopus publications.
    Bibliometric,
    /// A number submitted on THE's portal.
    Portal,
    /// A policy or initiative, with evidence.
    Evidence,
}

impl IndicatorKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Bibliometric => "bibliometric",
            IndicatorKind::Portal => "portal",
            IndicatorKind::Evidence => "evidence",
        }
    }
}

/// An indicator of a metric (`17.4.2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheIndicator {
    pub id: String,
    pub name: String,
    pub kind: IndicatorKind,
}

/// A metric of an SDG (`17.4`), weighted within its SDG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheMetric {
    pub id: String,
    pub name: String,
    /// Share of the SDG's score, % (when known).
    pub weight: Option<f64>,
    pub indicators: Vec<TheIndicator>,
}

/// The metrics of one SDG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheSdg {
    pub goal: u8,
    pub name: String,
    pub metrics: Vec<TheMetric>,
}

/// A line of a catalogue that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CatalogueError {
    pub line: usize,
    pub message: String,
}

/// The shipped catalogue.
pub fn shipped() -> Vec<TheSdg> {
    // The shipped file is checked by the tests below.
    parse_catalogue(SHIPPED).unwrap_or_default()
}

/// An indicator of `catalogue` by its id (`13.2.1`).
pub fn indicator<'a>(catalogue: &'a [TheSdg], id: &str) -> Option<&'a TheIndicator> {
    catalogue
        .iter()
        .flat_map(|s| &s.metrics)
        .flat_map(|m| &m.indicators)
        .find(|i| i.id == id)
}

/// Reads a catalogue: `## SDG N Name` headings, `- N.M Name (W%…) [tags]` metric lines and
/// `  - N.M.K Name (kind) [tags]` indicator lines (`N.M.a to N.M.b Name (kind)` stands for a
/// run of indicators). Other lines are prose. Every bad line is reported.
pub fn parse_catalogue(text: &str) -> Result<Vec<TheSdg>, Vec<CatalogueError>> {
    let mut sdgs: Vec<TheSdg> = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let mut bad = |message: String| errors.push(CatalogueError { line, message });
        if let Some(rest) = raw.strip_prefix("## SDG ") {
            let (n, name) = rest.split_once(' ').unwrap_or((rest, ""));
            match n.parse::<u8>() {
                Ok(goal @ 1..=17) => sdgs.push(TheSdg {
                    goal,
                    name: name.split(" (").next().unwrap_or(name).trim().to_string(),
                    metrics: Vec::new(),
                }),
                _ => bad(format!("\"{n}\" is not an SDG number")),
            }
        } else if let Some(rest) = raw.strip_prefix("- ").filter(|r| starts_with_id(r)) {
            let Some(sdg) = sdgs.last_mut() else {
                bad("a metric before any SDG heading".into());
                continue;
            };
            let (id, body) = split_id(rest);
            if !id_under(&id, sdg.goal) || id.split('.').count() != 2 {
                bad(format!("metric {id} is not a metric of SDG {}", sdg.goal));
                continue;
            }
            let body = strip_tags(body);
            let (name, weight) = match body.find(" (") {
                Some(p) => (&body[..p], leading_percent(&body[p + 2..])),
                None => (body, None),
            };
            sdg.metrics.push(TheMetric {
                id,
                name: name.trim().to_string(),
                weight,
                indicators: Vec::new(),
            });
        } else if let Some(rest) = raw.strip_prefix("  - ").filter(|r| starts_with_id(r)) {
            let Some(metric) = sdgs.last_mut().and_then(|s| s.metrics.last_mut()) else {
                bad("an indicator before any metric".into());
                continue;
            };
            let (id, body) = split_id(rest);
            if body.trim_start().starts_with('`') {
                continue; // a gap the source marks in its numbering
            }
            let (ids, body) = match body.strip_prefix("to ") {
                Some(more) => {
                    let (last, body) = split_id(more);
                    match range(&id, &last) {
                        Some(ids) => (ids, body),
                        None => {
                            bad(format!("\"{id} to {last}\" is not a run of indicators"));
                            continue;
                        }
                    }
                }
                None => (vec![id], body),
            };
            if ids
                .iter()
                .any(|i| !id_under(i, 0) || !i.starts_with(&format!("{}.", metric.id)))
            {
                bad(format!(
                    "indicator {} is not under metric {}",
                    ids[0], metric.id
                ));
                continue;
            }
            let body = strip_tags(body);
            let Some(kind) = kind_of(body) else {
                bad(format!(
                    "indicator {}: no kind (bibliometric, portal or evidence)",
                    ids[0]
                ));
                continue;
            };
            let name = body.split(" (").next().unwrap_or(body).trim();
            let run = ids.len() > 1;
            for (k, id) in ids.into_iter().enumerate() {
                metric.indicators.push(TheIndicator {
                    id,
                    name: if run {
                        format!("{name} (SDG {})", k + 1)
                    } else {
                        name.to_string()
                    },
                    kind,
                });
            }
        }
    }
    if sdgs.is_empty() && errors.is_empty() {
        errors.push(CatalogueError {
            line: 1,
            message: "no \"## SDG N\" heading".into(),
        });
    }
    if errors.is_empty() {
        Ok(sdgs)
    } else {
        Err(errors)
    }
}

fn starts_with_id(s: &str) -> bool {
    s.split_once(' ')
        .map(|(id, _)| id)
        .is_some_and(|id| id.contains('.') && id.split('.').all(|p| p.parse::<u32>().is_ok()))
}

fn split_id(s: &str) -> (String, &str) {
    let (id, rest) = s.split_once(' ').unwrap_or((s, ""));
    (id.to_string(), rest)
}

/// True when `id` is a dotted id (of SDG `goal` unless 0).
fn id_under(id: &str, goal: u8) -> bool {
    let mut parts = id.split('.');
    parts
        .next()
        .and_then(|g| g.parse::<u8>().ok())
        .is_some_and(|g| (1..=17).contains(&g) && (goal == 0 || g == goal))
}

/// `17.3.1` to `17.3.17` → the 17 ids.
fn range(first: &str, last: &str) -> Option<Vec<String>> {
    let (prefix, a) = first.rsplit_once('.')?;
    let (prefix_b, b) = last.rsplit_once('.')?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    (prefix == prefix_b && a < b && b - a < 100)
        .then(|| (a..=b).map(|k| format!("{prefix}.{k}")).collect())
}

/// The text before the source tags (`[G][T1]`) and remarks (`` `!` ``).
fn strip_tags(s: &str) -> &str {
    let end = [s.find(" ["), s.find(". `!`"), s.find(" `!`")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(s.len());
    s[..end].trim()
}

/// `27%: FWCI 10%…)` → 27.
fn leading_percent(s: &str) -> Option<f64> {
    let end = s.find('%')?;
    s[..end].trim().parse().ok()
}

fn kind_of(body: &str) -> Option<IndicatorKind> {
    let open = body.rfind('(')?;
    let inside = &body[open + 1..];
    let word = inside
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    match word {
        "bibliometric" => Some(IndicatorKind::Bibliometric),
        "portal" => Some(IndicatorKind::Portal),
        "evidence" => Some(IndicatorKind::Evidence),
        _ => None,
    }
}

/// THE's overall score from SDG scores (0–100).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallScore {
    pub total: f64,
    pub sdg17: f64,
    /// The three best other SDGs, best first.
    pub best_three: Vec<(u8, f64)>,
}

/// SDG 17 at 22 % plus the three best other SDGs at 26 % each; `None` without SDG 17 and
/// three others (THE does not rank such a submission).
pub fn overall_score(scores: &BTreeMap<u8, f64>) -> Option<OverallScore> {
    let sdg17 = *scores.get(&17)?;
    let mut others: Vec<(u8, f64)> = scores
        .iter()
        .filter(|(g, _)| **g != 17 && (1..=16).contains(*g))
        .map(|(g, s)| (*g, *s))
        .collect();
    if others.len() < 3 {
        return None;
    }
    others.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    others.truncate(3);
    let total = 0.22 * sdg17 + 0.26 * others.iter().map(|(_, s)| s).sum::<f64>();
    Some(OverallScore {
        total,
        sdg17,
        best_three: others,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_indicator_is_found_by_id() {
        let sdgs = shipped();
        let i = indicator(&sdgs, "1.3.1").expect("1.3.1");
        assert_eq!(i.kind, IndicatorKind::Evidence);
        assert_eq!(
            indicator(&sdgs, "1.2.1").map(|i| i.kind),
            Some(IndicatorKind::Portal)
        );
        assert!(
            indicator(&sdgs, "1.3").is_none(),
            "a metric is not an indicator"
        );
        assert!(indicator(&sdgs, "99.1.1").is_none());
    }

    #[test]
    fn the_shipped_catalogue_reads_whole() {
        let sdgs = parse_catalogue(SHIPPED).expect("the shipped catalogue reads");
        assert_eq!(sdgs.len(), 17);
        assert_eq!(
            sdgs.iter().map(|s| s.goal).collect::<Vec<_>>(),
            (1..=17).collect::<Vec<_>>()
        );
        let metrics: usize = sdgs.iter().map(|s| s.metrics.len()).sum();
        let indicators: usize = sdgs
            .iter()
            .flat_map(|s| &s.metrics)
            .map(|m| m.indicators.len())
            .sum();
        // The counts the file's header announces.
        assert_eq!((metrics, indicators), (76, 259));
        let sdg17 = &sdgs[16];
        assert_eq!(sdg17.name, "Partnerships for the goals");
        let reports = sdg17.metrics.iter().find(|m| m.id == "17.3").expect("17.3");
        assert_eq!(reports.weight, Some(27.2));
        assert_eq!(reports.indicators.len(), 17);
        assert_eq!(reports.indicators[16].id, "17.3.17");
        let education = sdg17.metrics.iter().find(|m| m.id == "17.4").expect("17.4");
        assert_eq!(education.indicators[1].id, "17.4.2");
        assert_eq!(
            education.indicators[1].name,
            "Education for SDGs: specific courses on sustainability"
        );
        assert_eq!(education.indicators[1].kind, IndicatorKind::Evidence);
        let poverty = &sdgs[0].metrics[0];
        assert_eq!((poverty.id.as_str(), poverty.weight), ("1.1", Some(27.0)));
        assert_eq!(poverty.indicators[0].kind, IndicatorKind::Bibliometric);
        // Remarks and source tags are not part of names.
        let energy = sdgs[6].metrics[0]
            .indicators
            .iter()
            .find(|i| i.id == "7.1.3");
        assert_eq!(
            energy.map(|i| i.name.as_str()),
            Some("Affordable and clean energy publications")
        );
        // Where all the weights of an SDG are known, they make 100 %.
        for s in [&sdgs[0], sdg17] {
            let sum: f64 = s.metrics.iter().filter_map(|m| m.weight).sum();
            assert!((sum - 100.0).abs() < 0.5, "SDG {}: {sum}", s.goal);
        }
    }

    #[test]
    fn bad_catalogues_are_refused_with_lines() {
        let text = "## SDG 18 Nothing\n## SDG 1 No poverty\n- 2.1 Wrong SDG\n- 1.1 Research\n  - 1.1.1 Something (unknown kind)\n  - 1.2.1 Elsewhere (portal)\n";
        let errors = parse_catalogue(text).expect_err("refused");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 5, 6], "{errors:?}");
        assert!(parse_catalogue("just prose").is_err());
    }

    #[test]
    fn overall_score_needs_sdg17_and_three_others() {
        let scores = BTreeMap::from([(17, 80.0), (4, 60.0), (13, 90.0)]);
        assert_eq!(overall_score(&scores), None);
        let scores = BTreeMap::from([(17, 80.0), (4, 60.0), (13, 90.0), (7, 70.0), (1, 10.0)]);
        let o = overall_score(&scores).expect("score");
        assert_eq!(o.best_three, [(13, 90.0), (7, 70.0), (4, 60.0)]);
        assert!((o.total - (0.22 * 80.0 + 0.26 * 220.0)).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn overall_score_stays_in_range_and_grows_with_any_score(
            scores in proptest::collection::btree_map(1u8..=17, 0.0f64..=100.0, 4..17),
            bump in 0.0f64..=50.0,
        ) {
            if let Some(o) = overall_score(&scores) {
                prop_assert!(o.total >= 0.0 && o.total <= 100.0);
                for g in scores.keys() {
                    let mut better = scores.clone();
                    let s = better.entry(*g).or_insert(0.0);
                    *s = (*s + bump).min(100.0);
                    let b = overall_score(&better).expect("still ranked");
                    prop_assert!(b.total >= o.total - 1e-9);
                }
            }
        }
    }
}
