//! A speaker's own proposal, through its private link (`auth::ProposalOwner`):
//! `GET /api/events/{id}/proposals/{ref}` reads it as it stands, `PUT` saves a change
//! (the body a submission sends, through the same `intake::read` and `validate`), and
//! `POST .../{ref}/withdraw` withdraws it, keeping it and every version.
//!
//! Every answer carries the version as a strong ETag (`"v3"`). A PUT must send it back
//! in `If-Match`: without one 428 `precondition_required`, with another version 412
//! `stale_version`, so two tabs cannot overwrite each other silently; the writer
//! compares inside the transaction that saves (`store/changes.rs`). A withdrawal takes
//! If-Match too, but does not need it. Changes and withdrawals end at `edits_until`
//! (else the deadline) by the server's clock: 403 `cfp_closed`, and GET still answers.

use crate::app::AppState;
use crate::auth::ProposalOwner;
use crate::error::ApiError;
use crate::intake::Intake;
use crate::receipt::{now_rfc3339, now_unix};
use crate::routes::proposals;
use crate::routes::Body;
use crate::store::{Changed, StoredProposal};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A version's entity tag: `"v3"`.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

pub async fn read(
    owner: ProposalOwner,
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let stored = state
        .store
        .get(&owner.event.id, &owner.reference)
        .await?
        .ok_or(ApiError::UnknownProposal(owner.reference))?;
    Ok(view(stored))
}

pub async fn save(
    owner: ProposalOwner,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body<cfp_core::Proposal>,
) -> Result<Response, ApiError> {
    edits_open(&owner)?;
    let expected = if_match(&headers).ok_or(ApiError::PreconditionRequired)?;
    let proposal = match proposals::checked(&owner.event, &headers, &body.bytes)? {
        Intake::Proposal(proposal) => proposal,
        // As for a submission: answered as if saved, so a bot learns nothing; nothing
        // stored, and the proposal as it stands is the answer.
        Intake::Honeypot => {
            tracing::info!(event = %owner.event.id, "honeypot filled in a change; dropped");
            return read(owner, State(state)).await;
        }
    };
    let changed = state
        .store
        .save(
            &owner.event.id,
            &owner.reference,
            expected,
            &now_rfc3339(),
            &proposal,
            owner.event.limits.proposals_per_speaker,
            &proposals::notices(&state, &owner.events, &owner.event, &headers),
        )
        .await?;
    if let Changed::Done(stored) = &changed {
        tracing::info!(event = %owner.event.id, proposal = %stored.id, version = stored.version, "changed");
    }
    answer(changed, owner.reference)
}

pub async fn withdraw(
    owner: ProposalOwner,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    edits_open(&owner)?;
    let changed = state
        .store
        .withdraw(
            &owner.event.id,
            &owner.reference,
            if_match(&headers),
            &now_rfc3339(),
            &proposals::notices(&state, &owner.events, &owner.event, &headers),
        )
        .await?;
    if let Changed::Done(stored) = &changed {
        tracing::info!(event = %owner.event.id, proposal = %stored.id, version = stored.version, "withdrawn");
    }
    answer(changed, owner.reference)
}

/// The server's clock against `edits_until` (else the deadline).
fn edits_open(owner: &ProposalOwner) -> Result<(), ApiError> {
    if owner.event.edits_open_at(now_unix()) {
        return Ok(());
    }
    let end = owner.event.edits_end().map(|d| d.as_str()).unwrap_or("");
    Err(ApiError::EditsClosed(end.to_owned()))
}

/// The versions an `If-Match` names; `None` without one. `*` counts as none, since it
/// matches whatever version is there. A weak tag (`W/"v3"`) or one of another shape
/// names no version (If-Match compares strongly), so it never matches.
fn if_match(headers: &HeaderMap) -> Option<Vec<i64>> {
    let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
    values.peek()?;
    let mut versions = Vec::new();
    for value in values {
        for tag in value.to_str().unwrap_or("").split(',').map(str::trim) {
            if tag == "*" {
                return None;
            }
            if let Some(version) = tag
                .strip_prefix("\"v")
                .and_then(|t| t.strip_suffix('"'))
                .and_then(|n| n.parse().ok())
            {
                versions.push(version);
            }
        }
    }
    Some(versions)
}

fn answer(changed: Changed, reference: String) -> Result<Response, ApiError> {
    match changed {
        Changed::Done(stored) => Ok(view(stored)),
        Changed::Stale(version) => Err(ApiError::StaleVersion(version)),
        Changed::Withdrawn => Err(ApiError::Withdrawn),
        Changed::Missing => Err(ApiError::UnknownProposal(reference)),
        Changed::TooManyProposals(capped) => Err(ApiError::TooManyProposals(capped)),
    }
}

/// The proposal as it stands, with its version's ETag; never cached (it is private).
fn view(stored: StoredProposal) -> Response {
    let mut response = Json(&stored).into_response();
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag(stored.version)) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(header::IF_MATCH, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn if_match_names_strong_versions_only() {
        assert_eq!(if_match(&headers(&[])), None);
        assert_eq!(if_match(&headers(&["\"v3\""])), Some(vec![3]));
        assert_eq!(
            if_match(&headers(&["\"v3\", \"v4\"", "\"v7\""])),
            Some(vec![3, 4, 7])
        );
        assert_eq!(if_match(&headers(&["*"])), None);
        assert_eq!(if_match(&headers(&["W/\"v3\""])), Some(vec![]));
        assert_eq!(if_match(&headers(&["v3", "\"3\"", "\"vx\""])), Some(vec![]));
        assert_eq!(etag(12), "\"v12\"");
    }
}
