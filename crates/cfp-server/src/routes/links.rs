//! `POST /api/events/{id}/links`: "Lost your link?". A speaker gives an email address;
//! if proposals to this event were sent from it, one message with every one of their
//! private links goes to that address (`outbox::MessageKind::Links`).
//!
//! The answer is the same 202 whether or not the address sent anything, so the route
//! tells nobody who has proposals; the links go only to the address itself. It shares
//! the submissions' per-IP rate limit, and an address gets at most one such message an
//! hour (the hour is in the job key), so it cannot be used to flood someone's inbox.

use crate::app::AppState;
use crate::error::ApiError;
use crate::outbox::{MessageKind, Planned};
use crate::routes::{proposals, Body, EventPath, PathOf};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

/// Whose links to send: the address the proposals were sent from.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct LinksRequest {
    email: String,
}

/// The same answer whether or not any proposal was sent from the address.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LinksAccepted {
    /// Always `accepted`.
    status: &'static str,
    message: String,
}

pub async fn send_links(
    State(state): State<AppState>,
    PathOf(EventPath { id }): PathOf<EventPath>,
    headers: HeaderMap,
    body: Body<LinksRequest>,
) -> Result<(StatusCode, Json<LinksAccepted>), ApiError> {
    let events = state.events.current();
    let config = events
        .get(&id)
        .ok_or_else(|| ApiError::UnknownEvent(id.clone()))?;
    if !state.mail {
        return Err(ApiError::MailOff);
    }
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let request: LinksRequest = if form {
        serde_qs::from_bytes(&body.bytes).map_err(|e| ApiError::Malformed(e.to_string()))?
    } else {
        serde_json::from_slice(&body.bytes).map_err(|e| ApiError::Malformed(e.to_string()))?
    };
    let email = request.email.trim();
    if !cfp_core::validate::is_email(email) {
        return Err(ApiError::BadEmail);
    }
    // In the language the widget speaks, as a receipt's messages are.
    let notices = proposals::notices(&state, &events, config, &headers);
    let sent = state.store.sent_from(&id, email).await?;
    if let Some(latest) = sent.last() {
        let message = Planned {
            kind: MessageKind::Links,
            recipient: email.to_owned(),
            language: notices.language.clone(),
        };
        if state
            .store
            .queue_messages(&id, &latest.id, latest.version, vec![message])
            .await?
        {
            tracing::info!(event = %id, "links queued");
        }
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(LinksAccepted {
            status: "accepted",
            message: format!("if proposals to {} were sent from {email}, a message with their links is on its way to that address (at most one an hour)", config.name),
        }),
    ))
}
