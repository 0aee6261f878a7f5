//! Idempotency keys: a random UUID v4 per draft, sent with every attempt so that an endpoint
//! which got an earlier attempt through stores the proposal once.
//!
//! `crypto.randomUUID()` exists only in secure contexts (not on a plain-http event page),
//! but `crypto.getRandomValues()` exists everywhere; formatting the 16 bytes by hand costs
//! less than the uuid crate.

/// A new random UUID v4, lowercase: `0f8fad5b-d9cb-469f-a165-70867728950e`.
pub fn new_key() -> String {
    format_v4(random_bytes())
}

/// Lay out 16 random bytes as a version 4, RFC 4122 variant UUID.
pub fn format_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0x0f)] as char);
    }
    out
}

#[cfg(target_arch = "wasm32")]
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Only a very old browser lacks crypto; a key still needs to differ between drafts.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Native builds run only the tests; std's randomly seeded hasher is random enough there.
#[cfg(not(target_arch = "wasm32"))]
fn random_bytes() -> [u8; 16] {
    use std::hash::{BuildHasher, RandomState};
    let half = || RandomState::new().hash_one(0u8).to_le_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&half());
    bytes[8..].copy_from_slice(&half());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_version_4_uuids() {
        assert_eq!(
            format_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        let key = new_key();
        assert_eq!(key.len(), 36);
        assert_ne!(key, new_key());
    }
}
