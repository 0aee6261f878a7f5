//! Reading an endpoint's answer: status, body and Retry-After become an `Answer`.
//!
//! Any 2xx is success, as generic form services answer with whatever they like; the
//! reference server's `{id, received_at}` adds a receipt number. Other 4xx are refusals
//! (retrying would get the same answer); 5xx is worth retrying.

use crate::state::{Answer, SendFailure};
use cfp_core::FieldError;
use serde::Deserialize;

#[derive(Deserialize)]
struct Created {
    id: Option<String>,
    received_at: Option<String>,
}

#[derive(Deserialize)]
struct Invalid {
    errors: Vec<FieldError>,
}

/// Classify a readable answer.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> Answer {
    match status {
        200..=299 => {
            let created = serde_json::from_str::<Created>(body).ok();
            let (id, received_at) = created.map_or((None, None), |c| (c.id, c.received_at));
            Answer::Accepted { id, received_at }
        }
        422 => match serde_json::from_str::<Invalid>(body) {
            Ok(Invalid { errors }) if !errors.is_empty() => Answer::Invalid(errors),
            _ => Answer::Refused(SendFailure::Refused(status)),
        },
        400 => Answer::Refused(SendFailure::Malformed),
        403 if body.contains("cfp_closed") => Answer::Refused(SendFailure::Closed),
        404 => Answer::Refused(SendFailure::UnknownEvent),
        413 => Answer::Refused(SendFailure::TooLarge),
        415 => Answer::Refused(SendFailure::Unsupported),
        429 => Answer::Refused(SendFailure::RateLimited {
            // An HTTP date instead of seconds is rare; the message then names no time.
            retry_after_s: retry_after.and_then(|s| s.trim().parse().ok()),
        }),
        500..=599 => Answer::Transient { offline: false },
        _ => Answer::Refused(SendFailure::Refused(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::ErrorCode;

    #[test]
    fn any_2xx_is_accepted_with_a_receipt_when_given() {
        assert_eq!(
            classify(
                201,
                r#"{"id":"p_1","received_at":"2026-11-22T18:01:02Z"}"#,
                None
            ),
            Answer::Accepted {
                id: Some("p_1".into()),
                received_at: Some("2026-11-22T18:01:02Z".into())
            }
        );
        for body in ["", "<html>Thanks!</html>", r#"{"ok":true}"#] {
            assert_eq!(
                classify(200, body, None),
                Answer::Accepted {
                    id: None,
                    received_at: None
                }
            );
        }
    }

    #[test]
    fn a_422_carries_field_errors() {
        let body = r#"{"errors":[{"field":"speakers[0].email","code":"invalid_email"},
                      {"field":"abstract","code":"too_long","limit":300,"actual":342}]}"#;
        assert_eq!(
            classify(422, body, None),
            Answer::Invalid(vec![
                FieldError::new("speakers[0].email", ErrorCode::InvalidEmail),
                FieldError::bounded("abstract", ErrorCode::TooLong, 300, 342),
            ])
        );
        assert_eq!(
            classify(422, "nonsense", None),
            Answer::Refused(SendFailure::Refused(422))
        );
    }

    #[test]
    fn refusals_and_retries() {
        let refused = |status, body, retry| match classify(status, body, retry) {
            Answer::Refused(f) => f,
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(
            refused(403, r#"{"error":"cfp_closed","message":"Closed."}"#, None),
            SendFailure::Closed
        );
        assert_eq!(refused(403, "", None), SendFailure::Refused(403));
        assert_eq!(refused(413, "", None), SendFailure::TooLarge);
        assert_eq!(
            refused(429, "", Some("120")),
            SendFailure::RateLimited {
                retry_after_s: Some(120)
            }
        );
        assert_eq!(
            refused(429, "", Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            SendFailure::RateLimited {
                retry_after_s: None
            }
        );
        assert_eq!(refused(400, "", None), SendFailure::Malformed);
        assert_eq!(refused(404, "", None), SendFailure::UnknownEvent);
        assert_eq!(refused(415, "", None), SendFailure::Unsupported);
        for status in [500, 502, 503] {
            assert_eq!(
                classify(status, "", None),
                Answer::Transient { offline: false }
            );
        }
    }
}
