//! `GET /healthz`: the server is up and its database answers.

use crate::app::AppState;
use crate::error::ApiError;
use axum::extract::State;

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state
        .store
        .ping()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok("ok")
}
