//! The event config's JSON parser and checker as `cfp-server check-config` runs them never panic; an accepted config checks clean again and comes back equal from its own JSON.
#![no_main]

use cfp_core::EventConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // check-config reads the file as UTF-8 text first (read_to_string).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let first = EventConfig::from_json(text);
    assert_eq!(
        EventConfig::from_json(text),
        first,
        "parsing is deterministic"
    );
    match first {
        Ok(config) => {
            assert_eq!(
                config.check(),
                Vec::new(),
                "an accepted config checks clean"
            );
            let written = serde_json::to_string(&config).expect("a config serialises");
            let again = EventConfig::from_json(&written)
                .unwrap_or_else(|e| panic!("its own JSON is refused: {e:?}\n{written}"));
            assert_eq!(again, config, "its own JSON reads back equal");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a refusal names at least one problem");
            for error in &errors {
                let _ = error.to_string();
            }
        }
    }
});
