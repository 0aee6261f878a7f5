//! Sentences for the add-another lists (talks, co-speakers): what the live region says
//! after each change, and the hints beside the lists.

use super::{duration, Key, Locale};
use cfp_core::TalkRange;

/// "Talk 4 added", "Speaker 3 removed": `key` names the change, `n` the item.
pub fn changed(l: &Locale, key: Key, n: usize) -> String {
    l.tr(key, &[("n", &n.to_string())])
}

/// "Talk 2 moved up to position 1".
pub fn moved(l: &Locale, from: usize, up: bool, to: usize) -> String {
    let key = if up {
        Key::TalksMovedUp
    } else {
        Key::TalksMovedDown
    };
    l.tr(key, &[("from", &from.to_string()), ("to", &to.to_string())])
}

/// "James Lamb is the speaker of talk 2".
pub fn picked(l: &Locale, name: &str, talk: usize) -> String {
    l.tr(
        Key::TalksPicked,
        &[("name", name.trim()), ("n", &talk.to_string())],
    )
}

/// Under the talks' heading: "A workshop has 3 to 5 talks, 2 hours in all".
pub fn talks_hint(l: &Locale, range: TalkRange, block: Option<u32>) -> String {
    let count = if range.min == range.max {
        l.plural(Key::TalksCountExactly, range.min, &[])
    } else {
        l.tr(
            Key::TalksCountRange,
            &[
                ("min", &range.min.to_string()),
                ("max", &range.max.to_string()),
            ],
        )
    };
    match block {
        Some(m) => l.tr(
            Key::TalksHintBlock,
            &[("count", &count), ("duration", &duration(l, m))],
        ),
        None => l.tr(Key::TalksHint, &[("count", &count)]),
    }
}

/// The talks' total against the block: "Talks so far: 1 hour 35 minutes of 2 hours".
pub fn talks_total(l: &Locale, total: u32, block: u32) -> String {
    l.tr(
        Key::TalksTotal,
        &[
            ("total", &duration(l, total)),
            ("block", &duration(l, block)),
        ],
    )
}
