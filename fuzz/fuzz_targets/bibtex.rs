//! BibTeX: the parser never panics, and every problem it reports names a line of the text.
#![no_main]

use jalon_io::bibtex::{latex_to_text, parse_bibtex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    let (entries, errors) = parse_bibtex(&text);
    for e in &errors {
        assert!(e.line >= 1 && e.line <= lines + 1, "{e:?} in {lines} lines");
    }
    for e in &entries {
        for (_, v) in &e.fields {
            let _ = latex_to_text(v);
        }
    }
});
