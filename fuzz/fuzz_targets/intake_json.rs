//! cfp-server's intake of an application/json body against fixed valid configs, then `validate`, never panics, and every error names a field that parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cfp_fuzz::intake(data, "application/json");
});
