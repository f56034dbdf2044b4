//! Computes a GES 1point5 missions file end to end (parse + resolve + distance + footprint) and
//! prints the time taken and the peak memory.
//!
//! Usage: `cargo run --release -p jalon-carbon --example trips_compute -- FILE.tsv [--no-contrails] [--roundtrip]`
//!
//! `--roundtrip` also writes the parsed file back (outside the timing) and checks that the bytes
//! are identical to the input. Peak memory is read from `/proc/self/status` (VmHWM) when
//! available.

use std::time::Instant;

use jalon_carbon::{
    Resolver, TransportFactors, TravelOptions, bundled_factor_set, compute_ges1point5,
    read_ges1point5,
};

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: trips_compute FILE.tsv [--no-contrails] [--roundtrip]")?;
    let flags: Vec<String> = args.collect();
    let contrails = !flags.iter().any(|a| a == "--no-contrails");
    let roundtrip = flags.iter().any(|a| a == "--roundtrip");
    let bytes = std::fs::read(&path)?;
    let start = Instant::now();
    let file =
        read_ges1point5(&bytes).map_err(|e| format!("{} errors, first: {}", e.len(), e[0]))?;
    let parsed = start.elapsed();
    let rss_after_parse = status_kib("VmRSS:");
    let set = bundled_factor_set()?;
    let factors = TransportFactors::new(
        set,
        &TravelOptions {
            contrails,
            ..TravelOptions::default()
        },
    )?;
    let resolver = Resolver::bundled(None);
    let batch = compute_ges1point5(&file, &resolver, &factors);
    let total = start.elapsed();
    let est = batch.total();
    println!("lines: {}", file.rows.len());
    println!(
        "legs computed: {}, errors: {}",
        batch.legs.len(),
        batch.errors.len()
    );
    println!(
        "distinct places: {}, ambiguous: {}",
        batch.places.len(),
        batch.ambiguous_places().count()
    );
    println!(
        "total: {:.1} tCO2e (95 % interval {:.1}-{:.1})",
        est.kg / 1000.0,
        est.low() / 1000.0,
        est.high() / 1000.0
    );
    if let Some(l) = batch.legs.first() {
        println!("first leg: {}", l.footprint.formula());
    }
    println!(
        "parse: {:.3} s, total: {:.3} s",
        parsed.as_secs_f64(),
        total.as_secs_f64()
    );
    if roundtrip {
        let same = jalon_carbon::write_ges1point5(&file) == bytes;
        println!("round trip byte-identical: {same}");
    }
    if let Some(kib) = rss_after_parse {
        println!("RSS after parse: {:.1} MiB", kib as f64 / 1024.0);
    }
    if let Some(kib) = peak_rss_kib() {
        println!("peak RSS: {:.1} MiB", kib as f64 / 1024.0);
    }
    Ok(())
}
