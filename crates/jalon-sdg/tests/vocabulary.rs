//! Core vocabulary of a French school's sustainability strategy maps to the
//! expected SDG, even as a two-word label (language unsure, both lexicons).

use jalon_sdg::{Classifier, LangHint};

#[test]
fn strategy_labels_map_to_their_goal() {
    let cases: &[(&str, u8)] = &[
        ("Sobriété énergétique", 7),
        ("Bilan carbone", 13),
        ("Mobilités douces", 11),
        ("Égalité femmes-hommes", 5),
        ("Handicap", 10),
        ("Précarité étudiante", 1),
        ("Biodiversité", 15),
        ("Économie circulaire", 12),
        ("Réemploi", 12),
        ("Tri des déchets", 12),
        ("Eau potable", 6),
        ("Achats responsables", 12),
        ("Greenhouse gas emissions", 13),
        ("Renewable energy", 7),
    ];
    let c = Classifier::shared();
    for (t, g) in cases {
        let r = c.classify(t, LangHint::Auto);
        assert_eq!(
            r.sdgs.first().map(|s| s.sdg),
            Some(*g),
            "{t}: {:?}",
            r.goals()
        );
        let top = &r.sdgs[0];
        assert!(!top.evidence.is_empty(), "{t}");
        assert!(top.evidence.iter().all(|e| !e.spans.is_empty()));
    }
}

#[test]
fn language_hint_is_respected() {
    let c = Classifier::shared();
    let r = c.classify("Biodiversité", LangHint::Fr);
    assert!(r.lang_confident);
    assert_eq!(r.goals(), vec![15]);
    let r = c.classify("Biodiversity loss", LangHint::En);
    assert_eq!(r.goals(), vec![15]);
    // Batch keeps order.
    let texts = [
        "Bilan carbone",
        "Eau potable",
        "Recette de la tarte aux pommes",
    ];
    let out = c.classify_batch(&texts, LangHint::Auto);
    let goals: Vec<Vec<u8>> = out.iter().map(|c| c.goals()).collect();
    assert_eq!(goals, vec![vec![13], vec![6], vec![]]);
}
