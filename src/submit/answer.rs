//! Reading an endpoint's answer: status, body and Retry-After become an `Answer`.
//!
//! Any 2xx is success, as generic form services answer with whatever they like; the
//! reference server's `{id, received_at}` adds a receipt number. Other 4xx are refusals
//! (retrying would get the same answer); 5xx is worth retrying, and says, if it stays,
//! that the server answered (`storage_unavailable`: it cannot store proposals now).
//!
//! The body is read by the browser's JSON.parse (in `submit.rs`) into a `Body`: serde
//! deserializers for these few fields would cost the wasm about 2 KB compressed.

use crate::state::{Answer, SendFailure};
use cfp_core::FieldError;

/// The fields of an answer's JSON body the widget reads; whatever is missing is None.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// 2xx from the reference server.
    pub id: Option<String>,
    pub received_at: Option<String>,
    /// A new proposal's private-link token (reference server).
    pub edit_token: Option<String>,
    /// A change's answer: the version now stored.
    pub version: Option<i64>,
    /// 4xx: `cfp_closed`, `too_large`, `rate_limited`, ...
    pub error: Option<String>,
    /// 422.
    pub errors: Vec<FieldError>,
    /// The bound of a refusal that has one (`too_many_proposals`).
    pub limit: Option<u32>,
}

/// Classify a readable answer.
pub fn classify(status: u16, body: Body, retry_after: Option<&str>) -> Answer {
    match status {
        200..=299 => Answer::Accepted {
            id: body.id,
            received_at: body.received_at,
            edit_token: body.edit_token,
            version: body.version,
        },
        412 => Answer::Refused(SendFailure::Stale),
        409 => Answer::Refused(SendFailure::Withdrawn),
        422 if !body.errors.is_empty() => Answer::Invalid(body.errors),
        422 if body.error.as_deref() == Some("too_many_proposals") => {
            Answer::Refused(SendFailure::TooManyProposals { limit: body.limit })
        }
        400 => Answer::Refused(SendFailure::Malformed),
        403 if body.error.as_deref() == Some("cfp_closed") => Answer::Refused(SendFailure::Closed),
        403 if body.error.as_deref() == Some("cfp_not_open") => {
            Answer::Refused(SendFailure::NotOpen)
        }
        404 if body.error.as_deref() == Some("unknown_event") => {
            Answer::Refused(SendFailure::UnknownEvent)
        }
        // What a static host or a wrong path answers: nothing here takes proposals.
        404 | 405 | 501 => Answer::Refused(SendFailure::WrongEndpoint(status)),
        413 => Answer::Refused(SendFailure::TooLarge),
        415 => Answer::Refused(SendFailure::Unsupported),
        429 => Answer::Refused(SendFailure::RateLimited {
            // An HTTP date instead of seconds is rare; the message then names no time.
            retry_after_s: retry_after.and_then(|s| s.trim().parse().ok()),
        }),
        503 if body.error.as_deref() == Some("storage_unavailable") => Answer::Transient {
            offline: false,
            failure: SendFailure::StorageUnavailable,
        },
        // Errors that can pass; 501, 505 and the rest will answer the same next time.
        500 | 502 | 503 | 504 => Answer::Transient {
            offline: false,
            failure: SendFailure::ServerError(status),
        },
        _ => Answer::Refused(SendFailure::Refused(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::{ErrorCode, Field};

    #[test]
    fn any_2xx_is_accepted_with_a_receipt_when_given() {
        let body = Body {
            id: Some("p_1".into()),
            received_at: Some("2026-11-22T18:01:02Z".into()),
            ..Body::default()
        };
        assert_eq!(
            classify(201, body, None),
            Answer::Accepted {
                id: Some("p_1".into()),
                received_at: Some("2026-11-22T18:01:02Z".into()),
                edit_token: None,
                version: None,
            }
        );
        assert_eq!(
            classify(200, Body::default(), None),
            Answer::Accepted {
                id: None,
                received_at: None,
                edit_token: None,
                version: None,
            }
        );
    }

    #[test]
    fn a_422_carries_field_errors() {
        let errors = vec![
            FieldError::new(
                Field::from_static("speakers[0].email"),
                ErrorCode::InvalidEmail,
            ),
            FieldError::bounded(Field::from_static("abstract"), ErrorCode::TooLong, 300, 342),
        ];
        let body = Body {
            errors: errors.clone(),
            ..Body::default()
        };
        assert_eq!(classify(422, body, None), Answer::Invalid(errors));
        assert_eq!(
            classify(422, Body::default(), None),
            Answer::Refused(SendFailure::Refused(422))
        );
    }

    #[test]
    fn every_error_code_is_known_by_its_wire_name() {
        for &code in ErrorCode::ALL {
            let wire: String = serde_json::from_value(serde_json::to_value(code).unwrap()).unwrap();
            assert_eq!(ErrorCode::from_name(&wire), Some(code));
        }
        assert_eq!(ErrorCode::from_name("from_the_future"), None);
    }

    #[test]
    fn refusals_and_retries() {
        let error = |e: &str| Body {
            error: Some(e.into()),
            ..Body::default()
        };
        let refused = |status, body, retry| match classify(status, body, retry) {
            Answer::Refused(f) => f,
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(refused(403, error("cfp_closed"), None), SendFailure::Closed);
        assert_eq!(
            refused(403, error("cfp_not_open"), None),
            SendFailure::NotOpen
        );
        assert_eq!(
            refused(403, Body::default(), None),
            SendFailure::Refused(403)
        );
        assert_eq!(
            refused(413, error("too_large"), None),
            SendFailure::TooLarge
        );
        let capped = Body {
            limit: Some(3),
            ..error("too_many_proposals")
        };
        assert_eq!(
            refused(422, capped, None),
            SendFailure::TooManyProposals { limit: Some(3) }
        );
        assert_eq!(
            refused(422, error("idempotency_conflict"), None),
            SendFailure::Refused(422)
        );
        assert_eq!(
            refused(429, error("rate_limited"), Some("120")),
            SendFailure::RateLimited {
                retry_after_s: Some(120)
            }
        );
        assert_eq!(
            refused(429, Body::default(), Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            SendFailure::RateLimited {
                retry_after_s: None
            }
        );
        assert_eq!(
            refused(400, error("malformed"), None),
            SendFailure::Malformed
        );
        assert_eq!(
            refused(404, error("unknown_event"), None),
            SendFailure::UnknownEvent
        );
        for status in [404, 405, 501] {
            assert_eq!(
                refused(status, Body::default(), None),
                SendFailure::WrongEndpoint(status),
                "{status}: not a form endpoint"
            );
        }
        assert_eq!(
            refused(505, Body::default(), None),
            SendFailure::Refused(505)
        );
        assert_eq!(
            refused(415, Body::default(), None),
            SendFailure::Unsupported
        );
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify(status, Body::default(), None),
                Answer::Transient {
                    offline: false,
                    failure: SendFailure::ServerError(status)
                }
            );
        }
        assert_eq!(
            classify(503, error("storage_unavailable"), Some("30")),
            Answer::Transient {
                offline: false,
                failure: SendFailure::StorageUnavailable
            }
        );
    }
}
