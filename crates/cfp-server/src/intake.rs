//! Turning a request body into a `Proposal`: JSON or urlencoded form (nested fields as
//! `speakers[0][name]`, as Netlify-style forms send them), with the honeypot field taken
//! out first. Parse errors name the field that was wrong.

use crate::error::ApiError;
use cfp_core::{Answer, EventConfig, Proposal, QuestionKind};

/// What came in: a proposal, or a bot that filled the honeypot.
#[derive(Debug, PartialEq)]
pub enum Intake {
    Proposal(Proposal),
    Honeypot,
}

/// What the proposal route reads: `body` parsed by its content type, then, for a form, its
/// text read as the JSON types the same proposal would have had (`as_sent_in_json`).
pub fn read(
    config: &EventConfig,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Intake, ApiError> {
    let mut intake = parse(content_type, body, &config.honeypot)?;
    if let (Intake::Proposal(proposal), true) = (&mut intake, is_form(content_type)) {
        as_sent_in_json(config, proposal);
    }
    Ok(intake)
}

/// Parse `body` according to its content type.
pub fn parse(content_type: Option<&str>, body: &[u8], honeypot: &str) -> Result<Intake, ApiError> {
    let mime = mime(content_type);
    let intake = match mime.as_str() {
        "application/json" => parse_json(body, honeypot),
        "application/x-www-form-urlencoded" => parse_form(body, honeypot),
        "" => Err(ApiError::UnsupportedMediaType("no Content-Type".into())),
        _ => Err(ApiError::UnsupportedMediaType(mime)),
    }?;
    if let Intake::Proposal(proposal) = &intake {
        // `answers.` names no field (`Field::parse`), so `validate` could not name the
        // answer to a speaker, nor a client read its error back: not a proposal.
        if proposal.answers.contains_key("") {
            return Err(ApiError::Malformed(
                "answers: an answer must be under its question's id, and one has none".into(),
            ));
        }
    }
    Ok(intake)
}

/// `application/json; charset=utf-8` -> `application/json`.
fn mime(content_type: Option<&str>) -> String {
    content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether the body was an urlencoded form (whose answers arrive as text).
pub fn is_form(content_type: Option<&str>) -> bool {
    mime(content_type) == "application/x-www-form-urlencoded"
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

/// Form values are all text, and a form cannot leave a field out the way JSON's `null`
/// does: an empty format or track is none chosen, and each answer is read as its
/// question's kind asks (`true` for a yes/no question, `2.5` for a number, one pick or
/// none for a multiple choice). So a form-encoded proposal is exactly the same proposal
/// sent as JSON (`tests/round_trip.rs`). Text that does not read as the kind is left
/// alone, for `validate` to report as `invalid`.
pub fn as_sent_in_json(config: &EventConfig, proposal: &mut Proposal) {
    for choice in [&mut proposal.format, &mut proposal.track] {
        if choice.as_deref() == Some("") {
            *choice = None;
        }
    }
    for (id, answer) in proposal.answers.iter_mut() {
        let (Some(question), Answer::Text(text)) = (config.question(id), &*answer) else {
            continue;
        };
        let text = text.trim();
        let read = match question.kind {
            QuestionKind::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(Answer::Bool(true)),
                "false" | "no" | "off" => Some(Answer::Bool(false)),
                _ => None,
            },
            QuestionKind::Number if !text.is_empty() => text.parse().ok().map(Answer::Number),
            QuestionKind::MultiChoice if text.is_empty() => Some(Answer::Choices(Vec::new())),
            QuestionKind::MultiChoice => Some(Answer::Choices(vec![text.to_owned()])),
            _ => None,
        };
        if let Some(read) = read {
            *answer = read;
        }
    }
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
    fn form_answers_are_read_as_their_questions_kinds() {
        let config = EventConfig::from_json(
            r#"{"id":"ev","name":"Ev","formats":[{"id":"talk","label":"Talk","minutes":25}],
                "questions":[
                  {"id":"first","label":"First?","kind":"bool"},
                  {"id":"years","label":"Years","kind":"number"},
                  {"id":"topics","label":"Topics","kind":"multi_choice",
                   "options":[{"id":"ml","label":"ML"},{"id":"hpc","label":"HPC"}]},
                  {"id":"one","label":"One","kind":"multi_choice",
                   "options":[{"id":"ml","label":"ML"}]},
                  {"id":"why","label":"Why","kind":"text"}]}"#,
        )
        .unwrap();
        let body = "title=T&answers%5Bfirst%5D=true&answers%5Byears%5D=2.5\
            &answers%5Btopics%5D%5B0%5D=ml&answers%5Btopics%5D%5B1%5D=hpc\
            &answers%5Bone%5D=ml&answers%5Bwhy%5D=true&talks%5B0%5D%5Btitle%5D=A&talks%5B0%5D%5Bminutes%5D=20";
        let mut p = proposal(parse(
            Some("application/x-www-form-urlencoded"),
            body.as_bytes(),
            "_gotcha",
        ));
        as_sent_in_json(&config, &mut p);
        assert_eq!(p.answers["first"], Answer::Bool(true));
        assert_eq!(p.answers["years"], Answer::Number(2.5));
        assert_eq!(
            p.answers["topics"],
            Answer::Choices(vec!["ml".into(), "hpc".into()])
        );
        assert_eq!(p.answers["one"], Answer::Choices(vec!["ml".into()]));
        assert_eq!(
            p.answers["why"],
            Answer::Text("true".into()),
            "text stays text"
        );
        assert_eq!(p.talks[0].title, "A");
        assert_eq!(p.talks[0].minutes, Some(20));
        assert!(is_form(Some(
            "application/x-www-form-urlencoded; charset=UTF-8"
        )));
        assert!(!is_form(Some("application/json")));
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

    /// Found by the fuzz targets `intake_json` and `intake_form` (`cargo xtask fuzz`):
    /// an answer under an empty id reached `validate`, whose `not_applicable` error named
    /// `answers.`, a path `Field::parse` (and so a client reading the 422) refuses.
    #[test]
    fn an_answer_without_a_question_id_is_refused() {
        let found_json: &[u8] = br#"{"title":"T","format":"talk","speakers":[{"name":"A","email":"a@example.org"}],"answers":{"years":"2.5","popics":["ml","viz"],"slides":"https://e.ample@org/s?x=1#y","":"new","why":"Becauske"},"code_of_conduct":true}"#;
        let found_form: &[u8] = b"title=T&format=work\x00\x00at=worksho&answers=slides]=http:/mat=w/\x8a\x8a\x00\x00\x00\x00-\x00\x00\x00\x00\x00\x00\x00\x00\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x8a\x93\x8a\x8a\x8a\x8aite=e_of_cond0cttrue";
        for (content_type, body) in [
            ("application/json", found_json),
            ("application/json", br#"{"answers":{"":true}}"#),
            ("application/x-www-form-urlencoded", found_form),
            ("application/x-www-form-urlencoded", b"title=T&answers=x"),
        ] {
            match parse(Some(content_type), body, "_gotcha") {
                Err(ApiError::Malformed(m)) => assert!(m.starts_with("answers: "), "{m}"),
                other => panic!(
                    "{content_type} {:?}: {other:?}",
                    String::from_utf8_lossy(body)
                ),
            }
        }
        let p = proposal(parse(
            Some("application/json"),
            br#"{"answers":{"first-talk":true}}"#,
            "_gotcha",
        ));
        assert_eq!(p.answers["first-talk"], Answer::Bool(true));
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
