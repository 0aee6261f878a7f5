//! `GET /metrics` (only with `--metrics-token`, behind `auth::MetricsReader`): the
//! outbox's figures read from the database, then every metric (`metrics.rs`) in
//! Prometheus's text format.

use crate::app::AppState;
use crate::auth::MetricsReader;
use crate::error::ApiError;
use crate::metrics::CONTENT_TYPE;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn scrape(
    MetricsReader(metrics): MetricsReader,
    State(state): State<AppState>,
) -> Response {
    // During an outage the rest still answers: the outbox's figures stay as last read.
    match state.store.outbox_counts().await {
        Ok(counts) => metrics.set_outbox(counts),
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the outbox's figures"),
    }
    match metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(e) => ApiError::internal(format!("rendering the metrics: {e}")).into_response(),
    }
}
