//! Prints the benchmark table for a CSV (`id,text,sdg,label`):
//! `cargo run --release -p jalon-sdg --example eval -- path/to/benchmark.csv`.

use std::fs::File;
use std::process::ExitCode;

use jalon_sdg::{Classifier, format_report, read_benchmark, run_benchmark};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: eval <benchmark.csv>");
        return ExitCode::from(2);
    };
    let rows = match File::open(&path) {
        Ok(f) => match read_benchmark(f) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = run_benchmark(Classifier::shared(), &rows);
    println!("{}", format_report(&report));
    ExitCode::SUCCESS
}
