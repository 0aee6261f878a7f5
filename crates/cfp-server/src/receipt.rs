//! What a speaker gets back: a short id they can quote in an email, the time the server
//! received the proposal, and the private link's token (`edit_token.rs`) with which they
//! can read, change and withdraw it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Receipt {
    pub id: String,
    pub received_at: String,
    /// The same for every replay of the proposal's Idempotency-Key: recomputed, not kept.
    pub edit_token: String,
}

/// Crockford's base32: no I, L, O or U, so an id read aloud or retyped survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new id such as `7K3MQ-9XZ2A`: 50 random bits, enough that collisions (which the
/// store still refuses) stay rare across millions of proposals.
pub fn new_id() -> String {
    let random = uuid::Uuid::new_v4().as_u128();
    let mut id = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            id.push('-');
        }
        let index = ((random >> (i * 5)) & 31) as usize;
        id.push(ALPHABET[index] as char);
    }
    id
}

/// Now, in UTC, to the second: `2026-11-22T18:01:02Z`.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    now.format(&format)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_and_unambiguous() {
        let id = new_id();
        assert_eq!(id.len(), 11);
        assert_eq!(&id[5..6], "-");
        assert!(id
            .chars()
            .filter(|c| *c != '-')
            .all(|c| ALPHABET.contains(&(c as u8))));
        assert_ne!(new_id(), new_id());
    }

    #[test]
    fn times_are_utc_seconds() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z'));
    }
}
