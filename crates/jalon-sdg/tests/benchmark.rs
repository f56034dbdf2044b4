//! Regression guard on the development split of the SDG Classification
//! Benchmark (`tests/data/benchmark-dev.csv`, MIT, see
//! `tests/data/benchmark-LICENSE`): the metric of `BENCHMARK.md` must stay
//! at or above 85 % mean accuracy.

use jalon_sdg::{Classifier, format_report, read_benchmark, run_benchmark};

#[test]
fn development_split_accuracy() {
    let rows = read_benchmark(include_str!("data/benchmark-dev.csv").as_bytes());
    assert!(rows.is_ok(), "{rows:?}");
    let rows = rows.unwrap_or_default();
    assert_eq!(rows.len(), 635);
    let report = run_benchmark(Classifier::shared(), &rows);
    let table = format_report(&report);
    println!("{table}");
    assert_eq!(report.per_sdg.len(), 17);
    assert!(
        table
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("mean accuracy: "))
    );
    assert!(report.mean_accuracy >= 0.85, "{table}");
}
