//! Lists the development-split rows the classifier gets wrong, with the
//! asked SDG's score, its threshold and the best-scoring SDGs (diagnostics
//! for lexicon review).
//!
//! `cargo run --release -p jalon-sdg --example dev_errors [-- benchmark.csv]`

use std::fs::File;

use jalon_sdg::{Classifier, LangHint, read_benchmark};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/benchmark-dev.csv").into()
    });
    let Ok(rows) = File::open(&path)
        .map_err(|e| e.to_string())
        .and_then(|f| read_benchmark(f).map_err(|e| e.to_string()))
    else {
        eprintln!("cannot read {path}");
        return;
    };
    let c = Classifier::shared();
    for r in &rows {
        let out = c.classify(&r.text, LangHint::Auto);
        let pred = out.goals().contains(&r.sdg);
        if pred == r.label {
            continue;
        }
        let g = usize::from(r.sdg - 1);
        let mut best: Vec<(usize, f32)> = out.scores.iter().copied().enumerate().collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best: Vec<String> = best
            .iter()
            .take(3)
            .filter(|x| x.1 > 0.0)
            .map(|(k, s)| format!("{}:{s:.1}", k + 1))
            .collect();
        println!(
            "{} sdg {} label {} score {:.2}/{:.2} best [{}]\n    {}",
            if r.label { "FN" } else { "FP" },
            r.sdg,
            r.label,
            out.scores[g],
            c.params().thresholds[g],
            best.join(" "),
            r.text.chars().take(400).collect::<String>()
        );
    }
}
