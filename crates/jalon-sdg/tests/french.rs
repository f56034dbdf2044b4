//! French test set (`tests/data/fr_testset.tsv`): 142 short French texts of
//! a French engineering school (actions and objectives, research abstracts,
//! course descriptions, unrelated texts), labelled by hand independently of
//! the lexicons. Reports per-SDG metrics and exact-set agreement.

use jalon_sdg::{Classifier, LangHint};

struct Item {
    id: String,
    labels: Vec<u8>,
    text: String,
}

fn load() -> Vec<Item> {
    include_str!("data/fr_testset.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let id = f.next().unwrap_or("").to_string();
            let labels = f
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(|x| x.parse().unwrap_or(0))
                .collect();
            let text = f.next().unwrap_or("").to_string();
            Item { id, labels, text }
        })
        .collect()
}

fn same_set(a: &[u8], b: &[u8]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// Per-SDG confusion over (text, SDG) pairs.
struct Scores {
    balanced_accuracy: f64,
    accuracy: f64,
    f1: f64,
    exact: f64,
    primary_found: f64,
    top_in_labels: f64,
    unrelated_clean: f64,
}

fn score(items: &[Item], preds: &[Vec<u8>]) -> Scores {
    let mut c = [[0usize; 4]; 17];
    for (it, p) in items.iter().zip(preds) {
        for g in 1..=17u8 {
            let (l, q) = (it.labels.contains(&g), p.contains(&g));
            let k = match (q, l) {
                (true, true) => 0,
                (false, false) => 1,
                (true, false) => 2,
                (false, true) => 3,
            };
            c[usize::from(g - 1)][k] += 1;
        }
    }
    let r = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (mut ba, mut acc, mut f1) = (0.0, 0.0, 0.0);
    for [tp, tn, fp, fn_] in c {
        let rec = r(tp, tp + fn_);
        let spec = r(tn, tn + fp);
        let prec = r(tp, tp + fp);
        ba += (rec + spec) / 2.0;
        acc += r(tp + tn, tp + tn + fp + fn_);
        f1 += if prec + rec == 0.0 {
            0.0
        } else {
            2.0 * prec * rec / (prec + rec)
        };
    }
    let n = items.len() as f64;
    let labelled: Vec<(&Item, &Vec<u8>)> = items
        .iter()
        .zip(preds)
        .filter(|(i, _)| !i.labels.is_empty())
        .collect();
    let unrelated: Vec<(&Item, &Vec<u8>)> = items
        .iter()
        .zip(preds)
        .filter(|(i, _)| i.labels.is_empty())
        .collect();
    Scores {
        balanced_accuracy: ba / 17.0,
        accuracy: acc / 17.0,
        f1: f1 / 17.0,
        exact: items
            .iter()
            .zip(preds)
            .filter(|(i, p)| same_set(&i.labels, p))
            .count() as f64
            / n,
        primary_found: labelled
            .iter()
            .filter(|(i, p)| p.contains(&i.labels[0]))
            .count() as f64
            / labelled.len() as f64,
        top_in_labels: labelled
            .iter()
            .filter(|(i, p)| p.first().is_some_and(|g| i.labels.contains(g)))
            .count() as f64
            / labelled.len() as f64,
        unrelated_clean: unrelated.iter().filter(|(_, p)| p.is_empty()).count() as f64
            / unrelated.len() as f64,
    }
}

#[test]
fn french_test_set() {
    let items = load();
    assert!(items.len() >= 120, "{}", items.len());
    let c = Classifier::shared();
    let preds: Vec<Vec<u8>> = items
        .iter()
        .map(|i| c.classify(&i.text, LangHint::Auto).goals())
        .collect();
    for (i, p) in items.iter().zip(&preds) {
        let mark = if same_set(&i.labels, p) { " " } else { "x" };
        println!("{mark} {:4} gold {:?} pred {:?}", i.id, i.labels, p);
    }
    let s = score(&items, &preds);
    println!(
        "French test set ({} texts): per-SDG macro balanced accuracy {:.1}%, per-SDG macro accuracy {:.1}%, macro F1 {:.1}%, exact-set agreement {:.1}%, primary SDG found {:.1}%, top SDG correct {:.1}%, unrelated texts with no SDG {:.1}%",
        items.len(),
        s.balanced_accuracy * 100.0,
        s.accuracy * 100.0,
        s.f1 * 100.0,
        s.exact * 100.0,
        s.primary_found * 100.0,
        s.top_in_labels * 100.0,
        s.unrelated_clean * 100.0
    );
    assert!(s.unrelated_clean >= 0.99, "unrelated French texts got SDGs");
    assert!(
        s.balanced_accuracy >= 0.85,
        "balanced accuracy {}",
        s.balanced_accuracy
    );
    assert!(s.primary_found >= 0.85, "primary found {}", s.primary_found);
}
