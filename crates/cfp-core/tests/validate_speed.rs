//! How long one native `validate` of a large proposal takes (the server runs it on every
//! POST). This test checks the result; the timing it prints is read by `cargo xtask bench`
//! (with `--release -- --nocapture`), never asserted.

use cfp_core::{validate, ErrorCode, EventConfig, Field, FieldError};
use std::time::Instant;

#[test]
fn a_five_talk_workshop_with_a_5000_word_description() {
    let text = include_str!("../../../events/dask-summit-2021.json");
    let config = EventConfig::parse(&mut serde_json::Deserializer::from_str(text)).unwrap();
    let proposal = cfp_core::sample::workshop(5, 5_000);
    for _ in 0..200 {
        std::hint::black_box(validate(&config, &proposal));
    }
    let mut errors = Vec::new();
    let mut times: Vec<f64> = (0..1_000)
        .map(|_| {
            let start = Instant::now();
            errors = std::hint::black_box(validate(&config, &proposal));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
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
    println!(
        "CFP_VALIDATE_BENCH {{\"runs\":1000,\"median_ms\":{:.4},\"p99_ms\":{:.4},\"max_ms\":{:.4}}}",
        times[499], times[989], times[999]
    );
}
