//! `GET /api/events/{id}/proposals?format=json|csv`: the organisers' export, behind the
//! bearer token in `CFP_ADMIN_TOKEN` (`auth::Organiser`).

use crate::app::AppState;
use crate::auth::Organiser;
use crate::error::ApiError;
use crate::export::{render, ExportFormat};
use crate::routes::{EventPath, PathOf, QueryOf};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, schemars::JsonSchema)]
pub struct ExportQuery {
    /// `json` (the default) or `csv`; another name is a 400 `unknown_format`.
    #[schemars(with = "Option<ExportFormat>")]
    format: Option<String>,
}

pub async fn export(
    _: Organiser,
    State(state): State<AppState>,
    PathOf(EventPath { id }): PathOf<EventPath>,
    QueryOf(query): QueryOf<ExportQuery>,
) -> Result<Response, ApiError> {
    if state.events.current().get(&id).is_none() {
        return Err(ApiError::UnknownEvent(id));
    }
    let format = match query.format {
        None => ExportFormat::Json,
        Some(name) => name.parse().map_err(ApiError::UnknownExportFormat)?,
    };
    let rows = state.store.list(&id).await?;
    Ok((
        [(header::CONTENT_TYPE, format.content_type())],
        render(&id, &rows, format),
    )
        .into_response())
}
