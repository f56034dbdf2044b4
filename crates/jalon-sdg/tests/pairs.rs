//! The same text in French and in English gets the same top SDG
//! (`tests/data/pairs_fr_en.tsv`, 24 pairs written by hand).

use jalon_sdg::{Classifier, Lang, LangHint};

#[test]
fn french_and_english_versions_agree() {
    let c = Classifier::shared();
    let mut n = 0;
    let mut failures = Vec::new();
    for line in include_str!("data/pairs_fr_en.tsv").lines() {
        if line.starts_with('#') || line.starts_with("id\t") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{line}");
        let expected: u8 = f[1].parse().unwrap_or(0);
        let fr = c.classify(f[2], LangHint::Auto);
        let en = c.classify(f[3], LangHint::Auto);
        assert_eq!(fr.lang, Lang::Fr, "{}", f[2]);
        assert_eq!(en.lang, Lang::En, "{}", f[3]);
        let (tf, te) = (
            fr.sdgs.first().map(|s| s.sdg),
            en.sdgs.first().map(|s| s.sdg),
        );
        println!(
            "{} expected {expected}: fr {:?} en {:?}",
            f[0],
            fr.goals(),
            en.goals()
        );
        if tf != Some(expected) || te != Some(expected) {
            failures.push(format!("{}: fr {:?} en {:?}", f[0], fr.goals(), en.goals()));
        }
        n += 1;
    }
    assert!(n >= 20, "{n} pairs");
    println!(
        "{} / {n} pairs agree on the expected top SDG",
        n - failures.len()
    );
    assert!(failures.len() <= 1, "{failures:#?}");
}
