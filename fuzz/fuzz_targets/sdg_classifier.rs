//! The SDG classifier on any text: never panics, and every evidence span is a valid slice of
//! the text.
#![no_main]

use jalon_sdg::{Classifier, LangHint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = Classifier::shared().classify(&text, LangHint::Auto);
    for s in &c.sdgs {
        assert!((1..=17).contains(&s.sdg));
        for e in &s.evidence {
            for &(a, b) in &e.spans {
                assert!(a <= b && b <= text.len());
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            }
        }
    }
});
