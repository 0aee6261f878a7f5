//! Every way a request can fail, mapped to its HTTP answer in one place. Bodies are JSON:
//! `{"error": code, "message": text}`, or `{"errors": [...]}` for a proposal that breaks
//! the rules (the shape the widget already renders). Internal errors are logged and
//! answered with a generic 500 that leaks nothing.

use crate::store::{Capped, StoreError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cfp_core::FieldError;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("there is no event with the id {0:?}")]
    UnknownEvent(String),
    #[error("the call for proposals closed at {0}")]
    Closed(String),
    #[error("the call for proposals opens at {0}")]
    NotOpen(String),
    /// Changes and withdrawals ended (`edits_until`, else the deadline): a 403
    /// `cfp_closed` like the call's, in words of its own.
    #[error("changes and withdrawals closed at {0}; the proposal can still be read")]
    EditsClosed(String),
    /// An unknown reference, and a missing or wrong token, alike: nobody can tell which.
    #[error("there is no proposal {0} in this event that this link opens; use the link from the receipt or its email, whole")]
    UnknownProposal(String),
    #[error("send If-Match with the ETag of the version you changed (from the GET), so that a change made meanwhile, in another tab say, is not overwritten")]
    PreconditionRequired,
    #[error("this proposal has changed since you loaded it: it is now version {0}. Load it again and make your change on that version")]
    StaleVersion(i64),
    #[error(
        "this proposal was withdrawn, so it can no longer be changed; send a new proposal instead"
    )]
    Withdrawn,
    #[error("{} already has {} in this event, the most one speaker may have; withdraw one of them to send another", .0.email, plural(.0.limit))]
    TooManyProposals(Capped),
    #[error("the proposal has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Malformed(String),
    #[error("the request body is larger than the limit of {0} bytes")]
    TooLarge(usize),
    #[error(
        "send the proposal as application/json or application/x-www-form-urlencoded, not {0:?}"
    )]
    UnsupportedMediaType(String),
    #[error("this Idempotency-Key was already used for a different proposal; create a new key for a new proposal")]
    IdempotencyConflict,
    #[error("the Idempotency-Key header must be 1 to 255 visible ASCII characters")]
    BadIdempotencyKey,
    #[error("an organiser token is required: send Authorization: Bearer <CFP_ADMIN_TOKEN>")]
    Unauthorized,
    #[error("the metrics need their token: send Authorization: Bearer <CFP_METRICS_TOKEN>")]
    MetricsUnauthorized,
    #[error("the export is disabled: start the server with CFP_ADMIN_TOKEN set")]
    ExportDisabled,
    #[error("unknown export format {0:?}; use json or csv")]
    UnknownExportFormat(String),
    #[error("enter the email address you sent your proposal from, like name@example.org")]
    BadEmail,
    #[error("this server sends no email, so it cannot send your links; write to the organisers and give your proposal's reference")]
    MailOff,
    #[error("the request took too long to arrive or to answer (over {0} seconds); nothing was stored unless a receipt says so: send it again (with the same Idempotency-Key)")]
    RequestTimeout(u64),
    #[error("too many requests; try again in {0} seconds")]
    RateLimited(u64),
    #[error("the server cannot store proposals right now: its database is unavailable (a full disk, or a lost connection). Your proposal was not stored; send it again in a minute")]
    StorageUnavailable,
    /// Anything the client could not have caused; the source is kept for the log.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

cfp_core::wire_names! {
    /// The `error` of every answer that is not a receipt: what clients branch on, and
    /// what docs/protocol.md must list (tests/docs.rs reads it from here).
    pub enum Code {
        UnknownEvent = "unknown_event",
        Closed = "cfp_closed",
        NotOpen = "cfp_not_open",
        UnknownProposal = "unknown_proposal",
        PreconditionRequired = "precondition_required",
        StaleVersion = "stale_version",
        Withdrawn = "proposal_withdrawn",
        TooManyProposals = "too_many_proposals",
        /// A 422 carries `errors` instead, each with its own `cfp_core::ErrorCode`.
        Invalid = "invalid",
        Malformed = "malformed",
        TooLarge = "too_large",
        UnsupportedMediaType = "unsupported_media_type",
        IdempotencyConflict = "idempotency_conflict",
        BadIdempotencyKey = "bad_idempotency_key",
        Unauthorized = "unauthorized",
        ExportDisabled = "export_disabled",
        UnknownExportFormat = "unknown_format",
        BadEmail = "invalid_email",
        MailOff = "mail_off",
        RequestTimeout = "request_timeout",
        RateLimited = "rate_limited",
        StorageUnavailable = "storage_unavailable",
        Internal = "internal",
    }
}

/// How long a client should wait before sending again while storage is unavailable.
pub const STORAGE_RETRY_AFTER_S: u64 = 30;

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::UnknownEvent(_) => StatusCode::NOT_FOUND,
            ApiError::Closed(_) | ApiError::NotOpen(_) | ApiError::EditsClosed(_) => {
                StatusCode::FORBIDDEN
            }
            ApiError::Invalid(_)
            | ApiError::IdempotencyConflict
            | ApiError::TooManyProposals(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UnknownProposal(_) => StatusCode::NOT_FOUND,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::StaleVersion(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::Withdrawn => StatusCode::CONFLICT,
            ApiError::Malformed(_)
            | ApiError::BadIdempotencyKey
            | ApiError::UnknownExportFormat(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized | ApiError::MetricsUnauthorized => StatusCode::UNAUTHORIZED,
            ApiError::ExportDisabled => StatusCode::FORBIDDEN,
            ApiError::BadEmail => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MailOff => StatusCode::NOT_IMPLEMENTED,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::StorageUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable identifier clients branch on.
    pub fn code(&self) -> Code {
        match self {
            ApiError::UnknownEvent(_) => Code::UnknownEvent,
            ApiError::Closed(_) => Code::Closed,
            ApiError::NotOpen(_) => Code::NotOpen,
            ApiError::EditsClosed(_) => Code::Closed,
            ApiError::UnknownProposal(_) => Code::UnknownProposal,
            ApiError::PreconditionRequired => Code::PreconditionRequired,
            ApiError::StaleVersion(_) => Code::StaleVersion,
            ApiError::Withdrawn => Code::Withdrawn,
            ApiError::TooManyProposals(_) => Code::TooManyProposals,
            ApiError::Invalid(_) => Code::Invalid,
            ApiError::Malformed(_) => Code::Malformed,
            ApiError::TooLarge(_) => Code::TooLarge,
            ApiError::UnsupportedMediaType(_) => Code::UnsupportedMediaType,
            ApiError::IdempotencyConflict => Code::IdempotencyConflict,
            ApiError::BadIdempotencyKey => Code::BadIdempotencyKey,
            ApiError::Unauthorized | ApiError::MetricsUnauthorized => Code::Unauthorized,
            ApiError::ExportDisabled => Code::ExportDisabled,
            ApiError::UnknownExportFormat(_) => Code::UnknownExportFormat,
            ApiError::BadEmail => Code::BadEmail,
            ApiError::MailOff => Code::MailOff,
            ApiError::RequestTimeout(_) => Code::RequestTimeout,
            ApiError::RateLimited(_) => Code::RateLimited,
            ApiError::StorageUnavailable => Code::StorageUnavailable,
            ApiError::Internal(_) => Code::Internal,
        }
    }

    /// One of each kind of refusal, with made-up details: what the OpenAPI description
    /// lists by status (`openapi.rs`). A test keeps every `Code` among them.
    pub fn examples() -> Vec<ApiError> {
        let event = || "dask-summit-2021".to_owned();
        vec![
            ApiError::UnknownEvent(event()),
            ApiError::Closed("2021-03-01T00:00:00Z".into()),
            ApiError::NotOpen("2021-01-01T00:00:00Z".into()),
            ApiError::EditsClosed("2021-03-01T00:00:00Z".into()),
            ApiError::UnknownProposal("7K3MQ-9XZ2A".into()),
            ApiError::PreconditionRequired,
            ApiError::StaleVersion(2),
            ApiError::Withdrawn,
            ApiError::TooManyProposals(Capped {
                speaker: 0,
                email: "ada@example.org".into(),
                limit: 3,
            }),
            ApiError::Invalid(Vec::new()),
            ApiError::Malformed("the body is not valid JSON".into()),
            ApiError::TooLarge(65_536),
            ApiError::UnsupportedMediaType("text/plain".into()),
            ApiError::IdempotencyConflict,
            ApiError::BadIdempotencyKey,
            ApiError::Unauthorized,
            ApiError::MetricsUnauthorized,
            ApiError::ExportDisabled,
            ApiError::UnknownExportFormat("xml".into()),
            ApiError::BadEmail,
            ApiError::MailOff,
            ApiError::RequestTimeout(30),
            ApiError::RateLimited(2),
            ApiError::StorageUnavailable,
            ApiError::internal("an example"),
        ]
    }

    /// An internal error from anything that describes itself: an error, or a sentence.
    pub fn internal(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ApiError::Internal(source.into())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // Logged by the store once per outage, not here once per request.
            StoreError::Unavailable(_) => ApiError::StorageUnavailable,
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            ApiError::Invalid(errors) => json!({ "errors": errors }),
            // Which speaker, for a form to point at, and the cap.
            ApiError::TooManyProposals(capped) => json!({
                "error": self.code().as_str(),
                "message": self.to_string(),
                "field": cfp_core::Field::Speaker(capped.speaker, cfp_core::SpeakerField::Email).to_string(),
                "limit": capped.limit,
            }),
            ApiError::Internal(source) => {
                tracing::error!(detail = %chain(source.as_ref()), "internal error");
                json!({ "error": self.code().as_str(), "message": "something went wrong on the server; your proposal was not stored, please try again" })
            }
            _ => json!({ "error": self.code().as_str(), "message": self.to_string() }),
        };
        let mut response = (status, Json(body)).into_response();
        match &self {
            ApiError::RateLimited(seconds) => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
            }
            ApiError::StorageUnavailable => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(STORAGE_RETRY_AFTER_S),
                );
            }
            ApiError::Unauthorized | ApiError::MetricsUnauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            // The version that is current now, to load again.
            ApiError::StaleVersion(version) => {
                if let Ok(etag) = HeaderValue::from_str(&crate::routes::edit::etag(*version)) {
                    response.headers_mut().insert(header::ETAG, etag);
                }
            }
            _ => {}
        }
        // What `/metrics` counts refusals by (`metrics::track`): every one passes here.
        response.extensions_mut().insert(self.code());
        response
    }
}

/// "1 proposal", "3 proposals".
fn plural(n: u32) -> String {
    if n == 1 {
        "1 proposal".to_owned()
    } else {
        format!("{n} proposals")
    }
}

/// An error and its sources, outermost first: "reading dist/index.html: No such file".
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        out.push_str(": ");
        out.push_str(&e.to_string());
        source = e.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_failed_write_is_a_503_to_retry_that_leaks_nothing_of_its_cause() {
        let error = ApiError::from(StoreError::Unavailable(
            "(code: 13) database or disk is full at /srv/cfp/cfp.sqlite".into(),
        ));
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers().get(header::RETRY_AFTER).unwrap(),
            &STORAGE_RETRY_AFTER_S.to_string()
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "storage_unavailable");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("not stored"), "{message}");
        assert!(!message.contains("/srv/cfp"), "{message}");
    }

    #[test]
    fn the_examples_have_every_code() {
        let shown: Vec<Code> = ApiError::examples().iter().map(ApiError::code).collect();
        for code in Code::ALL {
            assert!(shown.contains(code), "{code:?} has no example");
        }
    }

    #[test]
    fn an_internal_error_keeps_its_source_for_the_log() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no index.html");
        let error = ApiError::from(StoreError::CreateDir {
            dir: "/srv/cfp".into(),
            source: io,
        });
        let ApiError::Internal(source) = &error else {
            panic!("{error:?}");
        };
        let logged = chain(source.as_ref());
        assert!(
            logged.contains("/srv/cfp") && logged.ends_with(": no index.html"),
            "{logged}"
        );
        assert_eq!(error.code(), Code::Internal);
    }
}
