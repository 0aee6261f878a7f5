//! The private link's token: what lets a speaker read, change and withdraw their proposal
//! without an account (`Authorization: Bearer <token>`, `auth::ProposalOwner`).
//!
//! The scheme: the server has one edit key, 256 bits from the operating system's CSPRNG
//! (getrandom), drawn once when the database is first opened and kept in it (the
//! `secrets` table; `store.rs` loads it). A proposal's token is
//! `HMAC-SHA256(edit key, "cfp-edit-token" 0 event id 0 reference)`, cut to its first 128
//! bits and written as 32 hex digits. So the token is stored nowhere, neither in plain
//! text nor hashed: it is recomputed, which is how a replayed Idempotency-Key gets the
//! very same receipt, token included, and checking one costs no database read. A
//! presented token is compared with the expected one in constant time (subtle), so the
//! answer's timing says nothing about how much of a guess was right; a wrong token and
//! an unknown reference get the same 404.
//!
//! What this costs: whoever reads the database (a stolen backup) can make every link, as
//! they can read every proposal. Deleting the `edit_token` row of `secrets` (while the
//! server is stopped) makes a new key at the next start and ends every link at once. The
//! key never leaves this module in a form that prints: `Debug` shows nothing of it, and
//! it is never logged.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The bytes of a token: 128 bits.
const TOKEN_BYTES: usize = 16;

/// The server's edit key. Only `store.rs` makes one (from the database); everyone else
/// asks the store for it.
#[derive(Clone)]
pub struct EditKey([u8; 32]);

impl std::fmt::Debug for EditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EditKey(…)")
    }
}

/// The OS could not give random bytes: the server cannot make keys or tokens.
#[derive(Debug, thiserror::Error)]
#[error("the operating system gave no random bytes: {0}")]
pub struct NoRandomness(String);

/// `N` bytes from the OS's CSPRNG.
pub fn random<const N: usize>() -> Result<[u8; N], NoRandomness> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| NoRandomness(e.to_string()))?;
    Ok(bytes)
}

impl EditKey {
    /// A new key from the CSPRNG.
    pub fn generate() -> Result<EditKey, NoRandomness> {
        random().map(EditKey)
    }

    /// The key as stored (64 hex digits), and back; `None` for anything else.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<EditKey> {
        let mut key = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut key).ok()?;
        Some(EditKey(key))
    }

    /// Proposal `reference`'s token in event `event_id`: the same every time.
    pub fn token(&self, event_id: &str, reference: &str) -> String {
        hex::encode(self.mac(event_id, reference))
    }

    /// The private link of proposal `reference`: the event's page (`page_url`, the
    /// organisers' address, never a client's) with `#cfp-edit=<reference>.<token>`.
    pub fn link(&self, page_url: &str, event_id: &str, reference: &str) -> String {
        let token = self.token(event_id, reference);
        format!("{page_url}#cfp-edit={reference}.{token}")
    }

    /// Whether `presented` is that token, compared in constant time.
    pub fn verify(&self, event_id: &str, reference: &str, presented: &str) -> bool {
        let expected = self.token(event_id, reference);
        bool::from(presented.as_bytes().ct_eq(expected.as_bytes()))
    }

    fn mac(&self, event_id: &str, reference: &str) -> [u8; TOKEN_BYTES] {
        // HMAC takes a key of any length, so `new_from_slice` cannot fail for 32 bytes.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        // NUL-separated, so ("a", "b-c") and ("a-b", "c") cannot share a token.
        for part in ["cfp-edit-token", event_id, reference] {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        let full = mac.finalize().into_bytes();
        let mut token = [0u8; TOKEN_BYTES];
        token.copy_from_slice(&full[..TOKEN_BYTES]);
        token
    }
}

/// A token that opens nothing, shaped like a real one: for the made-up receipt a filled
/// honeypot gets, so a bot cannot tell it was dropped.
pub fn made_up() -> String {
    random::<TOKEN_BYTES>()
        .map(hex::encode)
        .unwrap_or_else(|_| "0".repeat(2 * TOKEN_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_128_bits_recomputable_and_bound_to_its_proposal() {
        let key = EditKey::generate().unwrap();
        let token = key.token("my-conf", "7K3MQ-9XZ2A");
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(token, key.token("my-conf", "7K3MQ-9XZ2A"), "recomputed");
        assert!(key.verify("my-conf", "7K3MQ-9XZ2A", &token));
        assert!(
            !key.verify("my-conf", "7K3MQ-9XZ2B", &token),
            "another proposal"
        );
        assert!(
            !key.verify("other-conf", "7K3MQ-9XZ2A", &token),
            "another event"
        );
        assert!(!key.verify("my-conf", "7K3MQ-9XZ2A", &token[..31]));
        assert!(!key.verify("my-conf", "7K3MQ-9XZ2A", ""));
        let other = EditKey::generate().unwrap();
        assert_ne!(token, other.token("my-conf", "7K3MQ-9XZ2A"), "another key");
        assert_ne!(key.token("a", "b-c"), key.token("a-b", "c"));
    }

    #[test]
    fn the_key_survives_its_stored_form_and_never_prints() {
        let key = EditKey::generate().unwrap();
        let stored = key.to_hex();
        assert_eq!(stored.len(), 64);
        let back = EditKey::from_hex(&stored).unwrap();
        assert_eq!(back.token("e", "r"), key.token("e", "r"));
        assert!(EditKey::from_hex("abc").is_none());
        assert!(EditKey::from_hex(&"g".repeat(64)).is_none());
        assert!(!format!("{key:?}").contains(&stored[..8]));
        assert_eq!(made_up().len(), 32);
        assert_ne!(made_up(), made_up());
    }
}
