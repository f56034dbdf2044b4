//! Evaluation on the SDG Classification Benchmark format (`id,text,sdg,label`)
//! with exactly the benchmark's metric: for a row, predicted = the row's SDG
//! is in the classifier's list; per SDG, accuracy, precision, recall and F1
//! over the rows asking about that SDG (a ratio with a zero denominator is
//! 0); the reported figure is the plain mean over the SDGs present.
//!
//! The same functions serve the `jalon sdg eval` command and the crate's
//! calibration example, so the figures they print agree.

use std::fmt::Write as _;
use std::io::Read;

use crate::classifier::Classifier;
use crate::error::EvalError;
use crate::text::LangHint;

/// One benchmark row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchmarkRow {
    /// Row id.
    pub id: String,
    /// The text.
    pub text: String,
    /// The SDG the row asks about (1–17).
    pub sdg: u8,
    /// Whether the text is about that SDG.
    pub label: bool,
    /// 1-based line of the record in the CSV.
    pub line: u64,
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "t" => Some(true),
        "false" | "0" | "no" | "f" => Some(false),
        _ => None,
    }
}

/// Reads a benchmark CSV (header `id,text,sdg,label`, in any column order).
pub fn read_benchmark(r: impl Read) -> Result<Vec<BenchmarkRow>, EvalError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(r);
    let headers = rdr
        .headers()
        .map_err(|e| EvalError::Csv {
            line: e.position().map_or(1, |p| p.line()),
            message: e.to_string(),
        })?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| EvalError::MissingColumn(name.to_string()))
    };
    let (ci, ct, cs, cl) = (col("id")?, col("text")?, col("sdg")?, col("label")?);
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| EvalError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let id = rec.get(ci).unwrap_or("").to_string();
        let row_err = |message: String| EvalError::Row {
            line,
            id: id.clone(),
            message,
        };
        let sdg_s = rec.get(cs).unwrap_or("");
        let sdg: u8 = sdg_s
            .trim()
            .parse()
            .ok()
            .filter(|s| (1..=17).contains(s))
            .ok_or_else(|| row_err(format!("sdg must be 1-17, got {sdg_s:?}")))?;
        let label_s = rec.get(cl).unwrap_or("");
        let label = parse_bool(label_s).ok_or_else(|| row_err(format!("bad label {label_s:?}")))?;
        rows.push(BenchmarkRow {
            text: rec.get(ct).unwrap_or("").to_string(),
            id,
            sdg,
            label,
            line,
        });
    }
    Ok(rows)
}

/// Metric of one SDG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SdgMetrics {
    /// Goal.
    pub sdg: u8,
    /// Rows asking about this SDG.
    pub n: usize,
    /// True positives.
    pub tp: usize,
    /// True negatives.
    pub tn: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// (TP+TN)/n.
    pub accuracy: f64,
    /// TP/(TP+FP), 0 if undefined.
    pub precision: f64,
    /// TP/(TP+FN), 0 if undefined.
    pub recall: f64,
    /// 2PR/(P+R), 0 if undefined.
    pub f1: f64,
}

/// Per-SDG metrics and their macro means.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One line per SDG present in the rows, in SDG order.
    pub per_sdg: Vec<SdgMetrics>,
    /// Macro mean accuracy (0–1).
    pub mean_accuracy: f64,
    /// Macro mean precision.
    pub mean_precision: f64,
    /// Macro mean recall.
    pub mean_recall: f64,
    /// Macro mean F1.
    pub mean_f1: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Computes the metric from `(sdg asked, label, predicted)` triples.
pub fn metrics(outcomes: impl IntoIterator<Item = (u8, bool, bool)>) -> Report {
    let mut c = [[0usize; 4]; 18];
    let mut present = [false; 18];
    for (sdg, label, pred) in outcomes {
        let s = usize::from(sdg.min(17));
        present[s] = true;
        let k = match (pred, label) {
            (true, true) => 0,
            (false, false) => 1,
            (true, false) => 2,
            (false, true) => 3,
        };
        c[s][k] += 1;
    }
    let mut per = Vec::new();
    for s in 0..18 {
        if !present[s] {
            continue;
        }
        let [tp, tn, fp, fn_] = c[s];
        let n = tp + tn + fp + fn_;
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        per.push(SdgMetrics {
            sdg: s as u8,
            n,
            tp,
            tn,
            fp,
            fn_,
            accuracy: ratio(tp + tn, n),
            precision,
            recall,
            f1,
        });
    }
    let k = per.len().max(1) as f64;
    let mean = |f: fn(&SdgMetrics) -> f64| per.iter().map(f).sum::<f64>() / k;
    Report {
        mean_accuracy: mean(|m| m.accuracy),
        mean_precision: mean(|m| m.precision),
        mean_recall: mean(|m| m.recall),
        mean_f1: mean(|m| m.f1),
        per_sdg: per,
    }
}

/// Computes the metric for rows and the SDG lists predicted for them
/// (`predictions[i]` for `rows[i]`; missing predictions count as empty).
pub fn evaluate(rows: &[BenchmarkRow], predictions: &[Vec<u8>]) -> Report {
    metrics(rows.iter().enumerate().map(|(i, r)| {
        let pred = predictions.get(i).is_some_and(|p| p.contains(&r.sdg));
        (r.sdg, r.label, pred)
    }))
}

/// Classifies every row (English, all cores) and computes the metric.
pub fn run_benchmark(classifier: &Classifier, rows: &[BenchmarkRow]) -> Report {
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let preds: Vec<Vec<u8>> = classifier
        .classify_batch(&texts, LangHint::Auto)
        .into_iter()
        .map(|c| c.goals())
        .collect();
    evaluate(rows, &preds)
}

/// Formats the report as a table ending with `mean accuracy: NN.N%`.
pub fn format_report(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>4} {:>4} {:>4} {:>4} {:>4} {:>4} {:>9} {:>9} {:>7} {:>6}",
        "sdg", "n", "tp", "tn", "fp", "fn", "accuracy", "precision", "recall", "f1"
    );
    for m in &r.per_sdg {
        let _ = writeln!(
            s,
            "{:>4} {:>4} {:>4} {:>4} {:>4} {:>4} {:>8.1}% {:>8.1}% {:>6.1}% {:>5.1}%",
            m.sdg,
            m.n,
            m.tp,
            m.tn,
            m.fp,
            m.fn_,
            m.accuracy * 100.0,
            m.precision * 100.0,
            m.recall * 100.0,
            m.f1 * 100.0
        );
    }
    let _ = writeln!(
        s,
        "mean precision: {:.1}%, mean recall: {:.1}%, mean F1: {:.1}%",
        r.mean_precision * 100.0,
        r.mean_recall * 100.0,
        r.mean_f1 * 100.0
    );
    let _ = write!(s, "mean accuracy: {:.1}%", r.mean_accuracy * 100.0);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(sdg: u8, label: bool) -> BenchmarkRow {
        BenchmarkRow {
            id: String::new(),
            text: String::new(),
            sdg,
            label,
            line: 0,
        }
    }

    #[test]
    fn metric_on_hand_made_rows() {
        // SDG 1: TP, FN, TN, FP ; SDG 2: TP, TP.
        let rows = [
            row(1, true),
            row(1, true),
            row(1, false),
            row(1, false),
            row(2, true),
            row(2, true),
        ];
        let preds = vec![vec![1], vec![3], vec![], vec![2, 1], vec![2], vec![5, 2]];
        let r = evaluate(&rows, &preds);
        assert_eq!(r.per_sdg.len(), 2);
        let m1 = r.per_sdg[0];
        assert_eq!((m1.n, m1.tp, m1.tn, m1.fp, m1.fn_), (4, 1, 1, 1, 1));
        assert!((m1.accuracy - 0.5).abs() < 1e-12);
        assert!((m1.precision - 0.5).abs() < 1e-12);
        assert!((m1.recall - 0.5).abs() < 1e-12);
        assert!((m1.f1 - 0.5).abs() < 1e-12);
        let m2 = r.per_sdg[1];
        assert!((m2.accuracy - 1.0).abs() < 1e-12 && (m2.f1 - 1.0).abs() < 1e-12);
        assert!((r.mean_accuracy - 0.75).abs() < 1e-12);
        assert!((r.mean_f1 - 0.75).abs() < 1e-12);
        assert!(format_report(&r).ends_with("mean accuracy: 75.0%"));
    }

    #[test]
    fn zero_denominators_give_zero() {
        // Only negatives, never predicted: precision, recall, F1 undefined → 0.
        let r = evaluate(&[row(4, false), row(4, false)], &[vec![], vec![]]);
        let m = r.per_sdg[0];
        assert_eq!(
            (m.precision, m.recall, m.f1, m.accuracy),
            (0.0, 0.0, 0.0, 1.0)
        );
        let r = evaluate(&[], &[]);
        assert_eq!(r.mean_accuracy, 0.0);
    }

    #[test]
    fn reads_csv_and_locates_errors() {
        let csv = "id,text,sdg,label\na1,\"Hello, world\",3,True\na2,x,4,False\n";
        let rows = read_benchmark(csv.as_bytes());
        assert!(
            rows.as_ref()
                .is_ok_and(|r| r.len() == 2 && r[0].sdg == 3 && r[0].label)
        );
        let bad = "id,text,sdg,label\na1,x,3,True\na2,y,19,False\n";
        match read_benchmark(bad.as_bytes()) {
            Err(EvalError::Row { line, id, .. }) => assert_eq!((line, id.as_str()), (3, "a2")),
            other => panic!("{other:?}"),
        }
        let bad = "id,text,sdg,label\na1,x,3,maybe\n";
        assert!(matches!(
            read_benchmark(bad.as_bytes()),
            Err(EvalError::Row { line: 2, .. })
        ));
        assert!(matches!(
            read_benchmark("id,text,sdg\n".as_bytes()),
            Err(EvalError::MissingColumn(_))
        ));
        let ragged = "id,text,sdg,label\na1,x,3\n";
        assert!(matches!(
            read_benchmark(ragged.as_bytes()),
            Err(EvalError::Csv { .. })
        ));
    }
}
