//! cfp-server's intake of an application/x-www-form-urlencoded body against fixed valid configs, then `validate`, never panics, and every error names a field that parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cfp_fuzz::intake(data, "application/x-www-form-urlencoded");
});
