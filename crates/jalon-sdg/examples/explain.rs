//! Classifies the text given as argument (or standard input) and prints the
//! retained SDGs with their evidence.
//!
//! `cargo run --release -p jalon-sdg --example explain -- "Réduire les émissions de GES"`

use std::io::Read;

use jalon_sdg::{Classifier, LangHint, Source};

fn main() {
    let mut text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        let _ = std::io::stdin().read_to_string(&mut text);
    }
    let c = Classifier::shared();
    let r = c.classify(&text, LangHint::Auto);
    println!("language: {:?} (confident: {})", r.lang, r.lang_confident);
    let mut all: Vec<(usize, f32)> = r.scores.iter().copied().enumerate().collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top: Vec<String> = all
        .iter()
        .take(5)
        .filter(|x| x.1 > 0.0)
        .map(|(g, s)| format!("{}:{s:.2}/{:.2}", g + 1, c.params().thresholds[*g]))
        .collect();
    println!("best scores (score/threshold): {}", top.join(" "));
    for s in &r.sdgs {
        println!(
            "SDG {} score {:.2} (threshold {:.2})",
            s.sdg, s.score, s.threshold
        );
        for e in &s.evidence {
            let src = match &e.source {
                Source::Lexicon(l) => format!("lexicon:{}", l.code()),
                Source::Aurora => "aurora".to_string(),
            };
            let spans: Vec<&str> = e
                .spans
                .iter()
                .filter_map(|&(a, b)| text.get(a..b))
                .collect();
            println!(
                "  {src:10} {:6.2} [{}] {:?} → {:?}",
                e.weight, e.target, e.matched, spans
            );
        }
    }
}
