//! `POST /api/events/{id}/proposals`: check a proposal with cfp-core and store it once;
//! and the steps a change (`edit.rs`) shares with it: the body, `intake` and `validate`.

use crate::app::AppState;
use crate::edit_token;
use crate::error::ApiError;
use crate::events::Events;
use crate::intake::{self, Intake};
use crate::metrics::Submitted;
use crate::outbox::{self, Notices};
use crate::receipt::{new_id, now_rfc3339, now_unix, Receipt};
use crate::routes::{Body, EventPath, PathOf};
use crate::store::Inserted;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::{Extension, Json};
use cfp_core::CallState;

pub async fn submit(
    State(state): State<AppState>,
    PathOf(EventPath { id }): PathOf<EventPath>,
    headers: HeaderMap,
    body: Body<cfp_core::Proposal>,
) -> Result<(StatusCode, Extension<Submitted>, Json<Receipt>), ApiError> {
    // One set of events for the whole request, however the folder is reloaded meanwhile.
    let events = state.events.current();
    let config = events
        .get(&id)
        .ok_or_else(|| ApiError::UnknownEvent(id.clone()))?;
    // The server's own clock decides, whatever the page's clock said.
    check_open(config)?;
    let key = idempotency_key(&headers)?;
    let proposal = match checked(config, &headers, &body.bytes)? {
        Intake::Proposal(p) => p,
        // Answer a bot as if it succeeded, so it learns nothing; store nothing.
        Intake::Honeypot => {
            tracing::info!(event = %id, "honeypot filled; dropped");
            return Ok((
                StatusCode::CREATED,
                Extension(Submitted::Honeypot),
                Json(Receipt {
                    id: new_id(),
                    received_at: now_rfc3339(),
                    edit_token: edit_token::made_up(),
                }),
            ));
        }
    };
    // Without a key every request is new; the widget always sends one.
    let key = key.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    match state
        .store
        .insert(
            &id,
            &key,
            &now_rfc3339(),
            &proposal,
            config.limits.proposals_per_speaker,
            &notices(&state, &events, config, &headers),
        )
        .await?
    {
        Inserted::New(receipt) => {
            tracing::info!(event = %id, proposal = %receipt.id, "stored");
            Ok((
                StatusCode::CREATED,
                Extension(Submitted::Stored),
                Json(receipt),
            ))
        }
        Inserted::Replayed(receipt) => Ok((
            StatusCode::CREATED,
            Extension(Submitted::Replayed),
            Json(receipt),
        )),
        Inserted::KeyConflict => Err(ApiError::IdempotencyConflict),
        Inserted::TooManyProposals(capped) => Err(ApiError::TooManyProposals(capped)),
    }
}

/// The body as a proposal (`intake::read`) that `cfp_core::validate` accepts: what a
/// submission and a change both send.
pub(crate) fn checked(
    config: &cfp_core::EventConfig,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Intake, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let intake = intake::read(config, content_type, body)?;
    if let Intake::Proposal(proposal) = &intake {
        let errors = cfp_core::validate(config, proposal);
        if !errors.is_empty() {
            return Err(ApiError::Invalid(errors));
        }
    }
    Ok(intake)
}

/// Who a write tells, and in which language: the speaker's messages in the language the
/// widget spoke (its `Content-Language`), else the event's; the organisers' in the event's.
pub(crate) fn notices(
    state: &AppState,
    events: &Events,
    config: &cfp_core::EventConfig,
    headers: &HeaderMap,
) -> Notices {
    let event_language = config.locale.as_deref();
    let settings = events.settings(&config.id);
    let sent_in = headers
        .get(header::CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Notices {
        mail: state.mail,
        language: outbox::language(sent_in.or(event_language)).to_owned(),
        organisers_language: outbox::language(event_language).to_owned(),
        organisers: settings.notify.clone(),
        webhooks: settings.webhooks.iter().map(|w| w.id()).collect(),
    }
}

/// The server's clock against the event's schedule: a 403 unless the call is open.
pub(crate) fn check_open(config: &cfp_core::EventConfig) -> Result<(), ApiError> {
    match config.state_at(now_unix()) {
        CallState::Open => Ok(()),
        CallState::NotYetOpen => {
            let opens = config.opens_at.as_ref().map(|d| d.as_str()).unwrap_or("");
            Err(ApiError::NotOpen(opens.to_owned()))
        }
        CallState::Closed => {
            let deadline = config.deadline.as_ref().map(|d| d.as_str()).unwrap_or("");
            Err(ApiError::Closed(deadline.to_owned()))
        }
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| ApiError::BadIdempotencyKey)?
        .trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::BadIdempotencyKey);
    }
    Ok(Some(key.to_owned()))
}
