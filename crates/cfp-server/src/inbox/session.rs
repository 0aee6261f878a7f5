//! Signing in to the inbox: an organiser token from the server's settings, exchanged on
//! the sign-in form for a session cookie, and the CSRF token every form then carries.
//!
//! The tokens: `--admin-token` opens every event (and keeps opening the export for
//! scripts); an event's `organiser_tokens` in its `*.server.json` (each the SHA-256 of a
//! token, in hex, so the settings file holds no secret) open that event alone. A session
//! keeps the SHA-256 of the token it was opened with, and each request works out again
//! what that token opens: a token taken out of the settings ends its sessions at the
//! next reload.
//!
//! The cookie holds 32 random bytes; the database keeps only their SHA-256. It is
//! `HttpOnly`, `SameSite=Strict`, `Path=/admin`, expires with the session (12 hours), and
//! is `Secure` when a trusted proxy says the request came over https. The CSRF token is
//! the SHA-256 of the cookie's token under a label of its own: the page's forms can carry
//! it, nobody without the cookie can make it, and nothing more has to be kept.
//! **Invariant: every organiser page takes `SignedIn`, and every form that changes
//! something checks its CSRF token (`SignedIn::check`) before it does.**

use super::pages::Lang;
use crate::app::AppState;
use crate::client_addr::RequestScheme;
use crate::store::{SessionRow, StoreError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use sha2::{Digest, Sha256};
use std::time::Duration;
use subtle::ConstantTimeEq;

/// The session cookie's name.
pub const COOKIE: &str = "cfp_inbox";

/// How long a session lasts.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// The SHA-256 of `secret`, in hex: how tokens and session cookies are kept.
pub fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// What a token opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `--admin-token`: every event.
    All,
    /// Tokens of these events' `organiser_tokens`.
    Events(Vec<String>),
}

impl Scope {
    /// What the token whose SHA-256 is `token_sha256` opens now; None: nothing (a
    /// wrong token, or one taken out of the settings). Compared in constant time.
    pub fn of(state: &AppState, token_sha256: &str) -> Option<Scope> {
        let same = |a: &str, b: &str| bool::from(a.as_bytes().ct_eq(b.as_bytes()));
        if let Some(admin) = &state.admin_token {
            if same(&sha256_hex(admin), token_sha256) {
                return Some(Scope::All);
            }
        }
        let events = state.events.current();
        let opened: Vec<String> = events
            .iter()
            .filter(|e| {
                let settings = events.settings(&e.id);
                // Every one compared, so the time says nothing of which matched.
                settings
                    .organiser_tokens
                    .iter()
                    .fold(false, |found, hash| same(hash, token_sha256) | found)
            })
            .map(|e| e.id.clone())
            .collect();
        (!opened.is_empty()).then_some(Scope::Events(opened))
    }

    pub fn opens(&self, event_id: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Events(ids) => ids.iter().any(|id| id == event_id),
        }
    }
}

/// A signed-in organiser: what every inbox page takes.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The name they gave at sign-in: shown with the states they set and their notes.
    pub organiser: String,
    pub lang: Lang,
    /// Names, addresses, affiliations and bios hidden everywhere.
    pub anonymised: bool,
    pub scope: Scope,
    /// The CSRF token the page's forms carry.
    pub csrf: String,
    session_sha256: String,
}

/// Why a request has no `SignedIn`.
#[derive(Debug)]
pub enum NotSignedIn {
    /// No cookie, or one of no session (expired, signed out, token withdrawn): to the
    /// sign-in page, and back to `next` after it.
    Nobody {
        next: String,
    },
    Store(StoreError),
}

impl SignedIn {
    /// Whether `sent` (a form's `csrf`) is this session's CSRF token.
    pub fn check(&self, sent: &str) -> bool {
        bool::from(sent.as_bytes().ct_eq(self.csrf.as_bytes()))
    }

    /// The key of this session's row.
    pub fn session_sha256(&self) -> &str {
        &self.session_sha256
    }
}

/// The CSRF token of the session whose cookie holds `session_token`.
fn csrf_of(session_token: &str) -> String {
    sha256_hex(&format!("cfp-inbox-csrf\n{session_token}"))
}

/// The cookie `name`'s value, if the request has one.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// `next` if it is a page of the inbox (`/admin/...`), else the events page: the sign-in
/// form never sends anyone off the site.
pub fn local_next(next: &str) -> String {
    let safe = next.starts_with("/admin/")
        && !next.contains("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if safe { next } else { "/admin/" }.to_owned()
}

/// The sign-in form's own CSRF cookie (double submit: the form carries the same value),
/// for the one form that has no session yet.
pub const SIGN_IN_COOKIE: &str = "cfp_inbox_sign_in";

/// A fresh value for the sign-in form and its `Set-Cookie` (an hour).
pub fn sign_in_token(
    scheme: RequestScheme,
) -> Result<(String, HeaderValue), crate::edit_token::NoRandomness> {
    let token = hex::encode(crate::edit_token::random::<16>()?);
    let cookie = set_cookie(SIGN_IN_COOKIE, &token, 3600, scheme);
    Ok((token, cookie))
}

/// Whether a sign-in form's `sent` token is the one its cookie holds.
pub fn sign_in_token_matches(parts: &Parts, sent: &str) -> bool {
    cookie(parts, SIGN_IN_COOKIE)
        .is_some_and(|kept| !kept.is_empty() && bool::from(kept.as_bytes().ct_eq(sent.as_bytes())))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotSignedIn> {
        let nobody = || NotSignedIn::Nobody {
            // Back to the page asked for; after a form, to the events.
            next: if parts.method == axum::http::Method::GET {
                local_next(parts.uri.path_and_query().map_or("", |p| p.as_str()))
            } else {
                "/admin/".to_owned()
            },
        };
        let Some(token) = cookie(parts, COOKIE).filter(|t| !t.is_empty()) else {
            return Err(nobody());
        };
        let row = state
            .store
            .session(&sha256_hex(token), crate::receipt::now_unix())
            .await
            .map_err(NotSignedIn::Store)?
            .ok_or_else(nobody)?;
        let scope = Scope::of(state, &row.token_sha256).ok_or_else(nobody)?;
        Ok(SignedIn {
            organiser: row.organiser,
            lang: Lang::from_name(&row.language).unwrap_or_default(),
            anonymised: row.anonymised,
            scope,
            csrf: csrf_of(token),
            session_sha256: row.session_sha256,
        })
    }
}

/// A new session for `organiser`, signed in with the token whose SHA-256 is
/// `token_sha256`: its row to keep, and the `Set-Cookie` for the answer.
pub fn open(
    organiser: &str,
    token_sha256: String,
    lang: Lang,
    scheme: RequestScheme,
) -> Result<(SessionRow, HeaderValue), crate::edit_token::NoRandomness> {
    let token = hex::encode(crate::edit_token::random::<32>()?);
    let now = crate::receipt::now_unix();
    let row = SessionRow {
        session_sha256: sha256_hex(&token),
        token_sha256,
        organiser: organiser.to_owned(),
        language: lang.as_str().to_owned(),
        anonymised: false,
        created_at: now,
        expires_at: now + LIFETIME.as_secs() as i64,
    };
    Ok((row, set_cookie(COOKIE, &token, LIFETIME.as_secs(), scheme)))
}

/// The `Set-Cookie` that ends cookie `name` in the browser.
pub fn clear(name: &str, scheme: RequestScheme) -> HeaderValue {
    set_cookie(name, "", 0, scheme)
}

fn set_cookie(name: &str, value: &str, max_age: u64, scheme: RequestScheme) -> HeaderValue {
    let secure = if scheme == RequestScheme::Https {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{name}={value}; Path=/admin; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    );
    // Hex digits and fixed ASCII: always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_https() {
        let (row, cookie) = open("Ana", sha256_hex("t"), Lang::En, RequestScheme::Https).unwrap();
        let cookie = cookie.to_str().unwrap();
        let token = cookie
            .strip_prefix("cfp_inbox=")
            .and_then(|rest| rest.split(';').next())
            .unwrap();
        assert_eq!(token.len(), 64);
        assert_eq!(
            row.session_sha256,
            sha256_hex(token),
            "only the hash is kept"
        );
        assert!(cookie.ends_with("; Path=/admin; Max-Age=43200; HttpOnly; SameSite=Strict; Secure"));
        let (_, plain) = open("Ana", sha256_hex("t"), Lang::En, RequestScheme::Http).unwrap();
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert_eq!(
            clear(COOKIE, RequestScheme::Http),
            "cfp_inbox=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict"
        );
        assert_ne!(csrf_of(token), csrf_of("another"));
        assert_ne!(csrf_of(token), row.session_sha256);
    }

    #[test]
    fn sign_in_sends_nobody_off_the_inbox() {
        assert_eq!(local_next("/admin/events/x/?q=a"), "/admin/events/x/?q=a");
        for bad in [
            "https://evil.example/",
            "//evil.example/admin/",
            "/admin//evil",
            "/api/x",
            "/admin/\\x",
            "",
        ] {
            assert_eq!(local_next(bad), "/admin/", "{bad}");
        }
    }
}
