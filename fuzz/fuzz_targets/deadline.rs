//! The deadline parser never panics; what it accepts keeps its text, parses again (and through serde) to the same time, and agrees with the time crate's RFC 3339 reader.
#![no_main]

use cfp_core::Deadline;
use libfuzzer_sys::fuzz_target;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reference = OffsetDateTime::parse(text, &Rfc3339).ok();
    let Ok(deadline) = text.parse::<Deadline>() else {
        // The time crate takes any character between the date and the time (RFC 3339's
        // note allows "say, a space"); deadline.rs takes only `T` or `t`, on purpose.
        let t_between = matches!(text.as_bytes().get(10), Some(b'T' | b't'));
        assert!(
            reference.is_none() || !t_between,
            "refused {text:?}, which is RFC 3339 with an offset"
        );
        return;
    };
    assert_eq!(deadline.as_str(), text, "the text is kept as written");
    assert_eq!(
        deadline.as_str().parse::<Deadline>().as_ref(),
        Ok(&deadline)
    );
    let json = serde_json::to_string(&deadline).expect("a deadline serialises");
    assert_eq!(
        serde_json::from_str::<Deadline>(&json).expect("its JSON reads back"),
        deadline
    );
    assert!(deadline.offset_minutes().abs() < 24 * 60);
    if deadline.is_aoe() {
        assert_eq!(deadline.offset_minutes(), -720);
    } else if let Some(reference) = reference {
        assert_eq!(
            deadline.unix_seconds(),
            reference.unix_timestamp(),
            "{text:?}"
        );
        assert_eq!(
            i32::from(deadline.offset_minutes()) * 60,
            reference.offset().whole_seconds(),
            "{text:?}"
        );
    }
});
