//! Who may read what was received, as extractors, so a handler that takes one cannot run
//! without its proof: `Organiser`, the organisers' bearer token (`CFP_ADMIN_TOKEN`), and
//! `ProposalOwner`, the private link's token of the one proposal in the path
//! (`edit_token.rs`), and `MetricsReader`, the `/metrics` token (`CFP_METRICS_TOKEN`).
//! All are compared in constant time, so the answer's timing says nothing about how
//! much of a guess was right.

use crate::app::AppState;
use crate::error::ApiError;
use crate::events::Events;
use crate::metrics::Metrics;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use cfp_core::EventConfig;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Proof that the request carried the organisers' token.
pub struct Organiser;

impl FromRequestParts<AppState> for Organiser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = &state.admin_token else {
            return Err(ApiError::ExportDisabled);
        };
        if bearer_is(parts, token) {
            Ok(Organiser)
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}

/// Proof that the request carried the metrics' token; the server's metrics with it.
/// Without `--metrics-token` there is no `/metrics` route at all (a 404), and this
/// answers the same.
pub struct MetricsReader(pub Arc<Metrics>);

impl FromRequestParts<AppState> for MetricsReader {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(metrics) = &state.metrics else {
            return Err(StatusCode::NOT_FOUND.into_response());
        };
        if bearer_is(parts, metrics.token()) {
            Ok(MetricsReader(metrics.clone()))
        } else {
            Err(ApiError::MetricsUnauthorized.into_response())
        }
    }
}

/// Whether the request's bearer token is `token`, compared in constant time.
fn bearer_is(parts: &Parts, token: &str) -> bool {
    bool::from(bearer(parts).as_bytes().ct_eq(token.as_bytes()))
}

/// Proof that the request carried the token of the proposal its path names
/// (`/api/events/{id}/proposals/{reference}`): that event, that proposal.
pub struct ProposalOwner {
    pub event: Arc<EventConfig>,
    /// The set of events `event` was found in: the request's one view of them.
    pub events: Arc<Events>,
    pub reference: String,
}

impl FromRequestParts<AppState> for ProposalOwner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Path((event_id, reference)) =
            Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::Malformed(e.body_text()))?;
        let events = state.events.current();
        let event = events
            .get(&event_id)
            .cloned()
            .ok_or(ApiError::UnknownEvent(event_id))?;
        // References are read aloud and retyped: Crockford's base32 ignores case.
        let reference = reference.to_ascii_uppercase();
        // No database read: whether the proposal exists is only asked once the token is
        // right, so an unknown reference and a wrong token look and take the same.
        if state
            .store
            .edit_key()
            .verify(&event.id, &reference, bearer(parts))
        {
            Ok(ProposalOwner {
                event,
                events,
                reference,
            })
        } else {
            Err(ApiError::UnknownProposal(reference))
        }
    }
}

/// The bearer token of `Authorization: Bearer <token>`; "" when there is none.
fn bearer(parts: &Parts) -> &str {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
}
