//! `GET /healthz`: the server is up and its database takes writes now. A heartbeat row is
//! committed like a proposal, so a full disk or a lost database connection fails it
//! (503 `storage_unavailable`) for as long as it would fail proposals.

use crate::app::AppState;
use crate::error::ApiError;
use axum::extract::State;

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.store.check_writable().await?;
    Ok("ok")
}
