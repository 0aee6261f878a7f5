//! How long one `validate` of a large proposal takes in Chromium: the widget runs it on
//! every keystroke. This test checks the result; the timing it prints is read by
//! `cargo xtask bench` (run it with `--nocapture` to see it), never asserted.
#![cfg(target_arch = "wasm32")]

use cfp_core::{validate, ErrorCode, EventConfig, Field, FieldError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_five_talk_workshop_with_a_5000_word_description() {
    let config = EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap();
    let proposal = cfp_core::sample::workshop(5, 5_000);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut times = Vec::with_capacity(1_000);
    // Warm up first: Chromium compiles wasm with a quick baseline tier and swaps in the
    // optimised code a little later; a speaker typing is long past that.
    for _ in 0..200 {
        validate(&config, &proposal);
    }
    let mut errors = Vec::new();
    for _ in 0..1_000 {
        let start = performance.now();
        errors = validate(&config, &proposal);
        times.push(performance.now() - start);
    }
    // Dask allows 1,000 words of description: the one thing wrong with the sample.
    assert_eq!(
        errors,
        [FieldError::bounded(
            Field::from_static("description"),
            ErrorCode::TooLong,
            1_000,
            5_000
        )]
    );
    times.sort_by(f64::total_cmp);
    console_log!(
        "CFP_VALIDATE_BENCH {{\"runs\":1000,\"median_ms\":{:.4},\"p99_ms\":{:.4},\"max_ms\":{:.4}}}",
        times[499],
        times[989],
        times[999]
    );
}
