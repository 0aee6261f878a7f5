//! `GET /api/openapi.json`: the description of every route (`openapi.rs`), made once at
//! start.

use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// The description, as JSON text.
#[derive(Clone)]
pub struct Description(pub Bytes);

pub async fn description(Extension(Description(json)): Extension<Description>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}
