//! Property tests: parsing arbitrary strings never panics, parse errors
//! point inside the input, and classification of arbitrary text never
//! panics and returns spans inside the text.

use jalon_sdg::{Classifier, LangHint, parse_query};
use proptest::prelude::*;

fn query_like() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("\"climat*\"".to_string()),
        Just("\"sea level\"".to_string()),
        Just("{exact phrase}".to_string()),
        Just("wom?n".to_string()),
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("AND NOT".to_string()),
        Just("W/3".to_string()),
        Just("PRE/2".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("TITLE-ABS-KEY(".to_string()),
        Just("\"".to_string()),
        Just("{".to_string()),
        Just("*".to_string()),
        "[a-zé]{1,8}",
    ];
    prop::collection::vec(atom, 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parser_never_panics_on_random_strings(s in "\\PC{0,200}") {
        if let Err(e) = parse_query(&s) {
            prop_assert!(e.offset <= s.len());
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }

    #[test]
    fn parser_never_panics_on_query_like_strings(s in query_like()) {
        if let Err(e) = parse_query(&s) {
            prop_assert!(e.offset <= s.len());
        }
    }

    #[test]
    fn classifier_never_panics_and_spans_are_valid(s in "\\PC{0,300}") {
        let r = Classifier::shared().classify(&s, LangHint::Auto);
        for g in &r.sdgs {
            for e in &g.evidence {
                for &(a, b) in &e.spans {
                    prop_assert!(a < b && s.get(a..b).is_some());
                }
            }
        }
    }
}
