//! `GET /api/events/{id}`: an event's public config, for widgets that load it by URL.

use crate::app::AppState;
use crate::error::ApiError;
use crate::routes::{EventPath, PathOf};
use axum::extract::State;
use axum::Json;
use cfp_core::EventConfig;

pub async fn public_config(
    State(state): State<AppState>,
    PathOf(EventPath { id }): PathOf<EventPath>,
) -> Result<Json<EventConfig>, ApiError> {
    let events = state.events.current();
    let config = events.get(&id).ok_or(ApiError::UnknownEvent(id))?;
    Ok(Json(EventConfig::clone(config)))
}
