//! `GET /api/events/{id}/proposals?format=json|csv`: the organisers' export, behind the
//! bearer token in `CFP_ADMIN_TOKEN`, compared in constant time.

use crate::app::AppState;
use crate::error::ApiError;
use crate::export::{render, ExportFormat};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use serde::Deserialize;
use subtle::ConstantTimeEq;

#[derive(Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let Some(token) = &state.admin_token else {
        return Err(ApiError::ExportDisabled);
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !bool::from(presented.as_bytes().ct_eq(token.as_bytes())) {
        return Err(ApiError::Unauthorized);
    }
    if state.events.get(&id).is_none() {
        return Err(ApiError::UnknownEvent(id));
    }
    let format_name = query.format.unwrap_or_else(|| "json".into());
    let format: ExportFormat = format_name.parse().map_err(ApiError::UnknownExportFormat)?;
    let rows = state
        .store
        .list(&id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, format.content_type())],
        render(&id, &rows, format),
    ))
}
