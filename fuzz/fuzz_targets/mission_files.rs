//! GES 1point5 mission files: reading never panics; a refused file says why.
#![no_main]

use jalon_carbon::ges1point5::read_ges1point5;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(errors) = read_ges1point5(data) {
        assert!(!errors.is_empty(), "a refused file has at least one error");
    }
});
