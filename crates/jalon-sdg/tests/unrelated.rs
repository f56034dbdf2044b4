//! Clearly unrelated texts get no SDG, in French and in English.

use jalon_sdg::{Classifier, LangHint};

const UNRELATED: &[&str] = &[
    // Cooking recipes.
    "Preheat the oven to 180 °C. Whisk the eggs with the sugar until pale, fold in the flour and the melted butter, pour into a buttered tin and bake for 35 minutes. Let the cake cool before dusting it with icing sugar.",
    "Faire fondre le beurre dans une casserole, ajouter la farine et mélanger au fouet. Verser le lait petit à petit sans cesser de remuer, saler, poivrer, ajouter une pincée de muscade et laisser épaissir cinq minutes.",
    "Émincer les oignons et les faire dorer à la poêle avec un filet d'huile d'olive. Ajouter les lardons, puis la crème fraîche, et servir avec des pâtes fraîches et du parmesan râpé.",
    // Software licences.
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY.",
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files, to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software.",
    "Ce programme est un logiciel libre ; vous pouvez le redistribuer et/ou le modifier selon les termes de la Licence Publique Générale GNU telle que publiée par la Free Software Foundation, soit la version 3 de la licence, soit toute version ultérieure.",
    // Football match reports.
    "Manchester United beat Arsenal 2-1 at Old Trafford on Saturday. Rashford opened the scoring in the 23rd minute with a curling shot, Saka equalised after the break, and Fernandes won it from the penalty spot in stoppage time.",
    "Le Paris Saint-Germain s'est imposé 3 buts à 1 face à l'Olympique lyonnais. Après un premier but de la tête à la demi-heure de jeu, les Parisiens ont doublé la mise sur penalty avant que Lyon ne réduise l'écart en fin de match.",
    "The referee showed two yellow cards in the first half, and the home side's goalkeeper made three decisive saves to keep a clean sheet until the final whistle.",
    // Other everyday texts.
    "Le tournoi d'échecs se déroulera en sept rondes, cadence quinze minutes plus dix secondes par coup ; les appariements seront affichés à l'accueil.",
    "Please remember to update your password every ninety days and never share it with colleagues; the IT helpdesk will never ask for it by email.",
    "La réunion du conseil de département est déplacée au jeudi 14 à 10 heures en salle B204 ; l'ordre du jour sera envoyé la veille.",
];

#[test]
fn unrelated_texts_get_no_sdg() {
    let c = Classifier::shared();
    for t in UNRELATED {
        for hint in [LangHint::Auto, LangHint::Fr, LangHint::En] {
            let r = c.classify(t, hint);
            assert!(
                r.sdgs.is_empty(),
                "{t}\n({hint:?}) got {:?}",
                r.sdgs
                    .iter()
                    .map(|s| (
                        s.sdg,
                        s.score,
                        s.evidence
                            .iter()
                            .map(|e| e.matched.clone())
                            .collect::<Vec<_>>()
                    ))
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn empty_and_odd_inputs() {
    let c = Classifier::shared();
    for t in [
        "",
        " ",
        "!!!",
        "1234 5678",
        "é",
        "\u{feff}",
        "a\u{0301}\u{0301}\u{0301}",
    ] {
        let r = c.classify(t, LangHint::Auto);
        assert!(r.sdgs.is_empty(), "{t:?}");
    }
}
