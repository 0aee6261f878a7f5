//! `GET /api/events/{id}/proposals?format=json|csv`: the organisers' export, behind the
//! bearer token in `CFP_ADMIN_TOKEN` (`auth::Organiser`).

use crate::app::AppState;
use crate::auth::Organiser;
use crate::error::ApiError;
use crate::export::{render, ExportFormat};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

pub async fn export(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    if state.events.current().get(&id).is_none() {
        return Err(ApiError::UnknownEvent(id));
    }
    let format_name = query.format.unwrap_or_else(|| "json".into());
    let format: ExportFormat = format_name.parse().map_err(ApiError::UnknownExportFormat)?;
    let rows = state.store.list(&id).await?;
    Ok((
        [(header::CONTENT_TYPE, format.content_type())],
        render(&id, &rows, format),
    ))
}
