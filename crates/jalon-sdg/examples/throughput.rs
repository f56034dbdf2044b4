//! Throughput: classifies 100,000 abstract-sized texts (~1,500 characters,
//! built deterministically by concatenating benchmark texts) on all cores
//! and prints texts/s and the total time.
//!
//! `cargo run --release -p jalon-sdg --example throughput [-- path/to/benchmark.csv [count]]`

use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use jalon_sdg::{Classifier, LangHint, read_benchmark};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/benchmark-dev.csv").into()
    });
    let count: usize = std::env::args()
        .nth(2)
        .and_then(|c| c.parse().ok())
        .unwrap_or(100_000);
    let rows = match File::open(&path)
        .map_err(|e| e.to_string())
        .and_then(|f| read_benchmark(f).map_err(|e| e.to_string()))
    {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => {
            eprintln!("{path}: no rows");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Deterministic texts of ~1,500 characters.
    let n = rows.len();
    let texts: Vec<String> = (0..count)
        .map(|i| {
            let mut t = String::with_capacity(1700);
            let mut k = 0usize;
            while t.chars().count() < 1400 {
                let r = &rows[(i * 7919 + k * 104_729) % n];
                if !t.is_empty() {
                    t.push(' ');
                }
                t.push_str(&r.text);
                k += 1;
            }
            if let Some((cut, _)) = t.char_indices().nth(1600) {
                t.truncate(cut);
            }
            t
        })
        .collect();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let build = Instant::now();
    let c = Classifier::new();
    let build_s = build.elapsed().as_secs_f64();
    let start = Instant::now();
    let out = c.classify_batch(&texts, LangHint::Auto);
    let secs = start.elapsed().as_secs_f64();
    let labelled = out.iter().filter(|c| !c.sdgs.is_empty()).count();
    println!(
        "{count} texts, mean {:.0} characters, {} threads",
        chars as f64 / count as f64,
        rayon::current_num_threads()
    );
    println!("classifier built in {build_s:.3} s");
    println!("{labelled} texts with at least one SDG");
    println!("{:.0} texts/s", count as f64 / secs);
    println!("total: {secs:.2} s");
    ExitCode::SUCCESS
}
