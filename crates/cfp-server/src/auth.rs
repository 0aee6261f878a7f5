//! Who may read what was received: the organisers' bearer token (`CFP_ADMIN_TOKEN`) as an
//! extractor, so a handler that takes `Organiser` cannot run without it. Compared in
//! constant time, so the answer's timing says nothing about how much of a guess was right.

use crate::app::AppState;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use subtle::ConstantTimeEq;

/// Proof that the request carried the organisers' token.
pub struct Organiser;

impl FromRequestParts<AppState> for Organiser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = &state.admin_token else {
            return Err(ApiError::ExportDisabled);
        };
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if bool::from(presented.as_bytes().ct_eq(token.as_bytes())) {
            Ok(Organiser)
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}
