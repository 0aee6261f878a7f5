//! Turning a request body into a `Proposal`: JSON or urlencoded form (nested fields as
//! `speakers[0][name]`, as Netlify-style forms send them), with the honeypot field taken
//! out first. Parse errors name the field that was wrong.

use crate::error::ApiError;
use cfp_core::Proposal;

/// What came in: a proposal, or a bot that filled the honeypot.
#[derive(Debug, PartialEq)]
pub enum Intake {
    Proposal(Proposal),
    Honeypot,
}

/// Parse `body` according to its content type.
pub fn parse(content_type: Option<&str>, body: &[u8], honeypot: &str) -> Result<Intake, ApiError> {
    let mime = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match mime.as_str() {
        "application/json" => parse_json(body, honeypot),
        "application/x-www-form-urlencoded" => parse_form(body, honeypot),
        "" => Err(ApiError::UnsupportedMediaType("no Content-Type".into())),
        _ => Err(ApiError::UnsupportedMediaType(mime)),
    }
}

fn parse_json(body: &[u8], honeypot: &str) -> Result<Intake, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::Malformed(format!("the body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object_mut() else {
        return Err(ApiError::Malformed(
            "the body must be a JSON object with the proposal's fields".into(),
        ));
    };
    if let Some(trap) = object.remove(honeypot) {
        if !matches!(&trap, serde_json::Value::Null)
            && trap.as_str().is_none_or(|s| !s.trim().is_empty())
        {
            return Ok(Intake::Honeypot);
        }
    }
    serde_path_to_error::deserialize(value)
        .map(Intake::Proposal)
        .map_err(|e| {
            let path = e.path().to_string();
            ApiError::Malformed(if path == "." {
                e.inner().to_string()
            } else {
                format!("{path}: {}", e.inner())
            })
        })
}

fn parse_form(body: &[u8], honeypot: &str) -> Result<Intake, ApiError> {
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(body) {
        if key == honeypot {
            if !value.trim().is_empty() {
                return Ok(Intake::Honeypot);
            }
        } else {
            kept.append_pair(&key, &value);
        }
    }
    let kept = kept.finish();
    serde_qs::Config::new()
        .use_form_encoding(true)
        .deserialize_str::<Proposal>(&kept)
        .map(Intake::Proposal)
        .map_err(|e| ApiError::Malformed(format!("the form data is not a proposal: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposal(intake: Result<Intake, ApiError>) -> Proposal {
        match intake {
            Ok(Intake::Proposal(p)) => p,
            other => panic!("expected a proposal, got {other:?}"),
        }
    }

    #[test]
    fn json_with_missing_fields_parses_for_validate_to_name_them() {
        let p = proposal(parse(
            Some("application/json"),
            br#"{"title":"T"}"#,
            "_gotcha",
        ));
        assert_eq!(p.title, "T");
        assert!(p.speakers.is_empty());
    }

    #[test]
    fn json_errors_name_the_field() {
        let err = parse(
            Some("application/json; charset=utf-8"),
            br#"{"speakers":[{"name":1}]}"#,
            "_gotcha",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("speakers[0].name: invalid type: integer `1`"),
            "{err}"
        );
        let err = parse(Some("application/json"), b"{\"title\":", "_gotcha").unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
        let err = parse(Some("application/json"), b"[1]", "_gotcha").unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
        let err = parse(Some("application/json"), br#"{"titel":"x"}"#, "_gotcha").unwrap_err();
        assert!(err.to_string().contains("unknown field `titel`"), "{err}");
    }

    #[test]
    fn form_data_unflattens_nested_fields_encoded_or_not() {
        let body = "title=Scaling+ML&format=talk&track=&abstract=A%20b&speakers%5B0%5D%5Bname%5D=James&speakers[0][email]=j%40example.org&code_of_conduct=true";
        let p = proposal(parse(
            Some("application/x-www-form-urlencoded"),
            body.as_bytes(),
            "_gotcha",
        ));
        assert_eq!(p.title, "Scaling ML");
        assert_eq!(p.format.as_deref(), Some("talk"));
        assert_eq!(p.r#abstract, "A b");
        assert_eq!(p.speakers[0].name, "James");
        assert_eq!(p.speakers[0].email, "j@example.org");
        assert!(p.code_of_conduct);
    }

    #[test]
    fn a_filled_honeypot_is_caught_in_both_encodings() {
        assert_eq!(
            parse(
                Some("application/json"),
                br#"{"title":"x","_gotcha":"spam"}"#,
                "_gotcha"
            )
            .unwrap(),
            Intake::Honeypot
        );
        assert_eq!(
            parse(
                Some("application/x-www-form-urlencoded"),
                b"title=x&website=spam",
                "website"
            )
            .unwrap(),
            Intake::Honeypot
        );
        let p = proposal(parse(
            Some("application/json"),
            br#"{"title":"x","_gotcha":""}"#,
            "_gotcha",
        ));
        assert_eq!(p.title, "x");
        let p = proposal(parse(
            Some("application/x-www-form-urlencoded"),
            b"title=x&_gotcha=",
            "_gotcha",
        ));
        assert_eq!(p.title, "x");
    }

    #[test]
    fn other_content_types_are_refused() {
        assert!(matches!(
            parse(Some("text/plain"), b"hi", "_gotcha"),
            Err(ApiError::UnsupportedMediaType(m)) if m == "text/plain"
        ));
        assert!(matches!(
            parse(None, b"hi", "_gotcha"),
            Err(ApiError::UnsupportedMediaType(_))
        ));
    }
}
