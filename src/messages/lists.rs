//! Sentences for the add-another lists (talks, co-speakers): what the live region says
//! after each change, and the hints beside the lists.

use super::duration;
use cfp_core::TalkRange;

/// "Talk 4 added".
pub fn added(item: &str, n: usize) -> String {
    format!("{item} {n} added")
}

/// "Talk 3 removed".
pub fn removed(item: &str, n: usize) -> String {
    format!("{item} {n} removed")
}

/// "Talk 2 moved up to position 1".
pub fn moved(item: &str, from: usize, up: bool, to: usize) -> String {
    let way = if up { "up" } else { "down" };
    format!("{item} {from} moved {way} to position {to}")
}

/// "James Lamb is the speaker of talk 2".
pub fn picked(name: &str, talk: usize) -> String {
    format!("{} is the speaker of talk {talk}", name.trim())
}

/// Above the buttons that pick a talk's speaker from the people already entered.
pub fn same_as_hint(talk: usize) -> String {
    format!("Is the speaker of talk {talk} already in this proposal? Choose them to fill in their name and email:")
}

/// Under the talks' heading: "A workshop has 3 to 5 talks, 2 hours in all".
pub fn talks_hint(range: TalkRange, block: Option<u32>) -> String {
    let count = if range.min == range.max {
        format!("{} talks", range.min)
    } else {
        format!("{} to {} talks", range.min, range.max)
    };
    match block {
        Some(m) => format!("A workshop has {count}, {} in all.", duration(m)),
        None => format!("A workshop has {count}."),
    }
}

/// Why "Add a talk" is disabled: "A workshop has at most 5 talks".
pub fn talks_at_most(max: u32) -> String {
    format!("A workshop has at most {max} talks")
}

/// Why "Add another speaker" is disabled: "A proposal has at most 4 speakers".
pub fn speakers_at_most(max: u32) -> String {
    format!("A proposal has at most {max} speakers")
}

/// The talks' total against the block: "Talks so far: 1 hour 35 minutes of 2 hours".
pub fn talks_total(total: u32, block: u32) -> String {
    let total = if total == 0 {
        "0 minutes".to_owned()
    } else {
        duration(total)
    };
    format!("Talks so far: {total} of {}", duration(block))
}
