//! Webhooks: a POST to each URL of the event's `webhooks` (server settings) on every new
//! proposal, change and withdrawal, through the outbox like mail (queued with the write,
//! retried with the same backoff, given up after 26 hours or on a permanent refusal).
//!
//! Each call is signed as Stripe's and GitHub's are: `Cfp-Signature: t=<unix time>,
//! v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook's secret>`, so a receiver
//! checks both who sent it and that it is fresh (docs/organisers.md shows how).
//! `Cfp-Delivery` is the same on every attempt of one call, for receivers that drop
//! repeats. Two bodies: `json` (the proposal as the export has it) and `slack` (one line
//! of text, what Slack's, Mattermost's and Discord's `/slack` incoming webhooks take),
//! with the three characters Slack reads as markup escaped in what speakers wrote.

use crate::mail::SendFailure;
use crate::settings::{Webhook, WebhookFormat};
use crate::store::{ProposalState, StoredProposal};
use cfp_core::EventConfig;
use hmac::{Hmac, Mac};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::json;
use sha2::Sha256;
use std::time::Duration;

/// How long a receiver may take to answer before the call counts as failed.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What a call tells of.
pub fn event_type(stored: &StoredProposal) -> &'static str {
    match (stored.state, stored.version) {
        (ProposalState::Withdrawn, _) => "proposal.withdrawn",
        (_, 1) => "proposal.received",
        _ => "proposal.changed",
    }
}

/// The `Cfp-Signature` header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// The body of a call about `stored`, in the webhook's format.
pub fn body(format: WebhookFormat, event: &EventConfig, stored: &StoredProposal) -> Vec<u8> {
    let kind = event_type(stored);
    let value = match format {
        WebhookFormat::Json => json!({
            "type": kind,
            "event": { "id": event.id, "name": event.name },
            "proposal": stored,
        }),
        WebhookFormat::Slack => {
            let what = match kind {
                "proposal.received" => "New proposal",
                "proposal.withdrawn" => "Withdrawn: proposal",
                _ => "Changed: proposal",
            };
            let speakers: Vec<&str> = stored
                .proposal
                .speakers
                .iter()
                .map(|s| s.name.trim())
                .collect();
            json!({
                "text": format!(
                    "{what} {} (version {}) for {}: \u{201c}{}\u{201d} by {}",
                    stored.id,
                    stored.version,
                    slack_escape(&event.name),
                    slack_escape(&stored.proposal.title),
                    slack_escape(&speakers.join(", ")),
                )
            })
        }
    };
    value.to_string().into_bytes()
}

/// Slack's three control characters, escaped as its documentation asks.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The HTTP client for webhooks: http and https (rustls, the webpki roots).
#[derive(Clone, Debug)]
pub struct WebhookClient {
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Default for WebhookClient {
    fn default() -> Self {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        WebhookClient {
            client: Client::builder(TokioExecutor::new()).build(https),
        }
    }
}

impl WebhookClient {
    /// POST `body` to the webhook, signed at `timestamp`. A 2xx is delivered; a 4xx
    /// other than 408 and 429 is permanent (a revoked Slack hook answers 404); anything
    /// else is tried again later.
    pub async fn send(
        &self,
        hook: &Webhook,
        delivery: &str,
        kind: &str,
        body: Vec<u8>,
        timestamp: i64,
    ) -> Result<(), SendFailure> {
        let failure = |permanent, detail: String| SendFailure { permanent, detail };
        let request = hyper::Request::post(&hook.url)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(
                hyper::header::USER_AGENT,
                concat!("cfp-server/", env!("CARGO_PKG_VERSION")),
            )
            .header("cfp-signature", signature(&hook.secret, timestamp, &body))
            .header("cfp-delivery", delivery)
            .header("cfp-event", kind)
            .body(Full::new(Bytes::from(body)))
            // The URL was checked at start-up; the message names the webhook, not it.
            .map_err(|e| failure(true, format!("{}: cannot make the request: {e}", hook.id())))?;
        let answer = tokio::time::timeout(TIMEOUT, self.client.request(request))
            .await
            .map_err(|_| failure(false, format!("{}: no answer in {TIMEOUT:?}", hook.id())))?
            .map_err(|e| failure(false, format!("{}: {}", hook.id(), connect_error(&e))))?;
        let status = answer.status();
        if status.is_success() {
            return Ok(());
        }
        let permanent = status.is_client_error()
            && status != hyper::StatusCode::REQUEST_TIMEOUT
            && status != hyper::StatusCode::TOO_MANY_REQUESTS;
        Err(failure(
            permanent,
            format!("{}: answered {status}", hook.id()),
        ))
    }
}

/// A client error in words, without the URL (it may be a secret).
fn connect_error(error: &hyper_util::client::legacy::Error) -> String {
    use std::error::Error;
    let mut text = String::from("cannot reach it");
    let mut source = error.source();
    while let Some(e) = source {
        text = format!("cannot reach it ({e})");
        source = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_stripe_style_and_depend_on_time_and_body() {
        let a = signature("0123456789abcdef", 1_700_000_000, b"{}");
        assert!(a.starts_with("t=1700000000,v1="), "{a}");
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_eq!(a, signature("0123456789abcdef", 1_700_000_000, b"{}"));
        assert_ne!(a, signature("0123456789abcdef", 1_700_000_001, b"{}"));
        assert_ne!(a, signature("0123456789abcdef", 1_700_000_000, b"{ }"));
        assert_ne!(a, signature("fedcba9876543210", 1_700_000_000, b"{}"));
    }

    #[test]
    fn slack_text_escapes_what_speakers_wrote() {
        assert_eq!(slack_escape("<!channel> & co"), "&lt;!channel&gt; &amp; co");
    }
}
