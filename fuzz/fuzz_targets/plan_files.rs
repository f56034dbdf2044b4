//! Plan files (XLSX, CSV, YAML, JSON): reading never panics, and a plan that is read is
//! written and read back to the same document.
#![no_main]

use jalon_core::Lang;
use jalon_io::{Format, read_plan, write_plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[usize::from(selector) % Format::ALL.len()];
    if let Ok(read) = read_plan(bytes, "plan", Some(format), Lang::Fr) {
        let json = write_plan(&read.doc, Format::Json).expect("a read plan can be written");
        let again = read_plan(&json, "plan.json", Some(Format::Json), Lang::Fr)
            .expect("a written plan can be read");
        assert_eq!(again.doc, read.doc);
    }
});
