//! HTTP handlers, one file per resource; and the extractors they share, which answer a
//! request they cannot read with a JSON `ApiError` like every other refusal (axum's own
//! rejections are plain text): `PathOf`, `QueryOf` and `Body`.

pub mod edit;
pub mod events;
pub mod export;
pub mod health;
pub mod inbox;
pub mod links;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod proposals;

use crate::app::AppState;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::marker::PhantomData;

/// `/api/events/{id}...`
#[derive(Deserialize, JsonSchema)]
pub struct EventPath {
    /// The event's id, as in its config.
    pub id: String,
}

/// `/api/events/{id}/proposals/{reference}...`
#[derive(Deserialize, JsonSchema)]
pub struct ProposalPath {
    /// The event's id, as in its config.
    pub id: String,
    /// The proposal's reference from its receipt (`7K3MQ-9XZ2A`), in any case.
    pub reference: String,
}

/// The path's parameters; one that does not decode (not UTF-8, say) is a 400 `malformed`.
pub struct PathOf<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for PathOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| PathOf(value))
            .map_err(|e| ApiError::Malformed(e.body_text()))
    }
}

/// The query string's parameters; one that does not fit `T` (an unknown value, a
/// parameter twice) is a 400 `malformed`.
pub struct QueryOf<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for QueryOf<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| QueryOf(value))
            .map_err(|e| ApiError::Malformed(e.body_text()))
    }
}

/// A request's whole body, meant as a `T` (JSON, or a form where `T` allows one:
/// `openapi::FormFields`), read within `--max-body` and `--body-timeout`; which of them
/// it is, and whether it fits the event, the handler works out (`intake.rs`).
pub struct Body<T> {
    pub bytes: Bytes,
    meant_as: PhantomData<fn() -> T>,
}

impl<T> FromRequest<AppState> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| body_refused(state, rejection))?;
        Ok(Body {
            bytes,
            meant_as: PhantomData,
        })
    }
}

/// Why the body could not be read: too large, cut short by the body timeout, or broken.
fn body_refused(state: &AppState, rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge(state.limits.body_bytes)
    } else if timed_out(&rejection) {
        ApiError::RequestTimeout(state.limits.body_timeout.as_secs())
    } else {
        ApiError::Malformed(rejection.body_text())
    }
}

/// Whether the body stopped because it took longer than `--body-timeout`.
fn timed_out(rejection: &BytesRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}
