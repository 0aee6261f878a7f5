//! The POST body for each `encoding` in the config, written here so that the widget sends
//! exactly what the server's intake is proven to read (`tests/round_trip.rs` in
//! cfp-server): JSON (the `Proposal` as serde writes it), or urlencoded form fields
//! flattened the way form services such as Netlify Forms read them (`speakers[0][email]`).
//!
//! `endpoint.fields` renames fields for endpoints that expect names of their own (Google
//! Forms: `entry.1234567`). Renamed, the JSON body is a flat object of the same names and
//! values as the form; fields left out of the mapping keep their own names.
//!
//! Only with the `json` feature: numbers are written by serde_json (in the widget's wasm
//! already, where `Display` for `f64` is not).
//!
//! The honeypot travels only when a bot filled it: the endpoint then answers as if it
//! accepted the proposal and drops it.

use crate::field::{Field, SpeakerField, TalkField};
use crate::proposal::{Answer, Proposal};
use std::collections::BTreeMap;

/// `endpoint.fields`: a field's path (`speakers[0].email`) to the name the endpoint expects.
pub type FieldNames = BTreeMap<String, String>;

/// One value of the flattened proposal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'p> {
    Text(&'p str),
    Bool(bool),
    Number(f64),
    Whole(u32),
    /// A multiple choice answer: one form field per pick.
    Picks(&'p [String]),
}

/// Every field of `proposal` with its value, in form order. An unset format or track is
/// empty text; a talk's unset minutes are left out.
pub fn flatten(proposal: &Proposal) -> Vec<(Field, Value<'_>)> {
    let mut out = vec![
        (Field::Title, Value::Text(&proposal.title)),
        (
            Field::Format,
            Value::Text(proposal.format.as_deref().unwrap_or_default()),
        ),
        (
            Field::Track,
            Value::Text(proposal.track.as_deref().unwrap_or_default()),
        ),
        (Field::Abstract, Value::Text(&proposal.r#abstract)),
        (Field::Description, Value::Text(&proposal.description)),
    ];
    for (i, speaker) in proposal.speakers.iter().enumerate() {
        for &f in SpeakerField::ALL {
            out.push((Field::Speaker(i, f), Value::Text(f.get(speaker))));
        }
    }
    for (i, talk) in proposal.talks.iter().enumerate() {
        for &f in TalkField::ALL {
            let value = match f.get(talk) {
                Some(text) => Value::Text(text),
                None => match talk.minutes {
                    Some(minutes) => Value::Whole(minutes),
                    None => continue,
                },
            };
            out.push((Field::Talk(i, f), value));
        }
    }
    for (id, answer) in &proposal.answers {
        let value = match answer {
            Answer::Bool(yes) => Value::Bool(*yes),
            Answer::Number(n) => Value::Number(*n),
            Answer::Text(text) => Value::Text(text),
            Answer::Choices(picks) => Value::Picks(picks),
        };
        out.push((Field::Answer(id.clone()), value));
    }
    out.push((Field::CodeOfConduct, Value::Bool(proposal.code_of_conduct)));
    out
}

/// The name a field is sent under: the mapping's, else its own form name.
fn name_of(field: &Field, names: &FieldNames) -> (String, bool) {
    match names.get(&field.to_string()) {
        Some(name) => (name.clone(), true),
        None => (field.form_name(), false),
    }
}

/// A number as JSON writes it (`2.5`, `42.0`): the shortest text that reads back the same.
fn number(n: f64) -> String {
    serde_json::to_string(&n).unwrap_or_default()
}

/// The form fields, in form order. A multiple choice answer is one field per pick:
/// `answers[topics][0]`, `answers[topics][1]` under its own name; the same name repeated
/// when mapped (as Google Forms' checkboxes expect). No picks is one empty field, so that
/// the answer reads back as no picks rather than as missing.
pub fn form_pairs(
    proposal: &Proposal,
    names: &FieldNames,
    honeypot: Option<(&str, &str)>,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (field, value) in flatten(proposal) {
        let (name, mapped) = name_of(&field, names);
        let text = match value {
            Value::Text(text) => text.to_owned(),
            Value::Bool(yes) => yes.to_string(),
            Value::Number(n) => number(n),
            Value::Whole(n) => n.to_string(),
            Value::Picks([]) => String::new(),
            Value::Picks(picks) => {
                for (j, pick) in picks.iter().enumerate() {
                    let name = if mapped {
                        name.clone()
                    } else {
                        format!("{name}[{j}]")
                    };
                    pairs.push((name, pick.clone()));
                }
                continue;
            }
        };
        pairs.push((name, text));
    }
    if let Some((name, value)) = honeypot {
        pairs.push((name.to_owned(), value.to_owned()));
    }
    pairs
}

/// The `application/x-www-form-urlencoded` body.
pub fn encode_form(
    proposal: &Proposal,
    names: &FieldNames,
    honeypot: Option<(&str, &str)>,
) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_pairs(proposal, names, honeypot))
        .finish()
}

/// The `application/json` body: the proposal itself (pretty, like the copy the speaker
/// downloads: one serializer in the wasm instead of two), or with `names`, a flat object
/// of the form's names and typed values. The honeypot key is added when it is filled.
pub fn encode_json(
    proposal: &Proposal,
    names: &FieldNames,
    honeypot: Option<(&str, &str)>,
) -> String {
    let json = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let mut body = if names.is_empty() {
        serde_json::to_string_pretty(proposal).unwrap_or_default()
    } else {
        let mut members = Vec::new();
        for (field, value) in flatten(proposal) {
            let value = match value {
                Value::Text(text) => json(text),
                Value::Bool(yes) => yes.to_string(),
                Value::Number(n) => number(n),
                Value::Whole(n) => n.to_string(),
                Value::Picks(picks) => serde_json::to_string(picks).unwrap_or_default(),
            };
            members.push(format!("{}:{value}", json(&name_of(&field, names).0)));
        }
        format!("{{{}}}", members.join(","))
    };
    if let Some((name, value)) = honeypot {
        // Both bodies are objects, so the pair goes before the closing brace; cheaper in
        // the wasm than a serde_json::Value round trip.
        if body.ends_with('}') {
            body.pop();
            body.push(',');
            body.push_str(&json(name));
            body.push(':');
            body.push_str(&json(value));
            body.push('}');
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::{Speaker, Talk};

    fn proposal() -> Proposal {
        Proposal {
            title: "Dask & \"friends\"".into(),
            format: Some("talk".into()),
            track: None,
            r#abstract: "Line one\nline two".into(),
            description: String::new(),
            speakers: vec![Speaker {
                name: "James Lamb".into(),
                email: "james@example.org".into(),
                affiliation: String::new(),
                bio: "Bio".into(),
            }],
            code_of_conduct: true,
            ..Proposal::default()
        }
    }

    fn none() -> FieldNames {
        FieldNames::new()
    }

    #[test]
    fn form_fields_are_flat_and_in_form_order() {
        let pairs = form_pairs(&proposal(), &none(), None);
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("title", "Dask & \"friends\""),
                ("format", "talk"),
                ("track", ""),
                ("abstract", "Line one\nline two"),
                ("description", ""),
                ("speakers[0][name]", "James Lamb"),
                ("speakers[0][email]", "james@example.org"),
                ("speakers[0][affiliation]", ""),
                ("speakers[0][bio]", "Bio"),
                ("code_of_conduct", "true"),
            ]
        );
        assert_eq!(
            encode_form(&proposal(), &none(), None),
            "title=Dask+%26+%22friends%22&format=talk&track=&abstract=Line+one%0Aline+two\
             &description=&speakers%5B0%5D%5Bname%5D=James+Lamb\
             &speakers%5B0%5D%5Bemail%5D=james%40example.org&speakers%5B0%5D%5Baffiliation%5D=\
             &speakers%5B0%5D%5Bbio%5D=Bio&code_of_conduct=true"
        );
    }

    #[test]
    fn every_speaker_is_numbered() {
        let mut p = proposal();
        p.speakers.push(Speaker {
            name: "Second".into(),
            ..Speaker::default()
        });
        p.code_of_conduct = false;
        let pairs = form_pairs(&p, &none(), None);
        assert!(pairs.contains(&("speakers[1][name]".into(), "Second".into())));
        assert_eq!(
            pairs.last(),
            Some(&("code_of_conduct".into(), "false".into()))
        );
    }

    #[test]
    fn talks_and_answers_are_flattened_too() {
        let mut p = proposal();
        p.talks.push(Talk {
            title: "First".into(),
            speaker_name: "A".into(),
            speaker_email: "a@example.org".into(),
            r#abstract: "About it".into(),
            minutes: Some(20),
        });
        p.talks.push(Talk::default());
        p.answers.insert("first-talk".into(), Answer::Bool(true));
        p.answers.insert("years".into(), Answer::Number(2.5));
        p.answers.insert(
            "topics".into(),
            Answer::Choices(vec!["ml".into(), "hpc".into()]),
        );
        p.answers.insert("none".into(), Answer::Choices(vec![]));
        let pairs = form_pairs(&p, &none(), None);
        let has = |k: &str, v: &str| pairs.contains(&(k.to_owned(), v.to_owned()));
        assert!(has("talks[0][title]", "First"));
        assert!(has("talks[0][minutes]", "20"));
        assert!(
            !pairs.iter().any(|(k, _)| k == "talks[1][minutes]"),
            "no minutes: no pair"
        );
        assert!(has("answers[first-talk]", "true"));
        assert!(has("answers[years]", "2.5"));
        assert!(has("answers[topics][0]", "ml"));
        assert!(has("answers[topics][1]", "hpc"));
        assert!(has("answers[none]", ""));
    }

    #[test]
    fn mapped_names_replace_the_fields_own() {
        let mut p = proposal();
        p.answers.insert(
            "topics".into(),
            Answer::Choices(vec!["ml".into(), "hpc".into()]),
        );
        let names: FieldNames = [
            ("title", "entry.1234567"),
            ("speakers[0].email", "entry.89"),
            ("answers.topics", "entry.5"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let pairs = form_pairs(&p, &names, None);
        let has = |k: &str, v: &str| pairs.contains(&(k.to_owned(), v.to_owned()));
        assert!(has("entry.1234567", "Dask & \"friends\""));
        assert!(has("entry.89", "james@example.org"));
        assert!(has("entry.5", "ml") && has("entry.5", "hpc"), "{pairs:?}");
        assert!(
            has("speakers[0][name]", "James Lamb"),
            "unmapped keep their name"
        );
        assert!(!pairs.iter().any(|(k, _)| k == "title"));

        let json: serde_json::Value =
            serde_json::from_str(&encode_json(&p, &names, Some(("_gotcha", "bot")))).unwrap();
        assert_eq!(json["entry.1234567"], "Dask & \"friends\"");
        assert_eq!(json["entry.5"], serde_json::json!(["ml", "hpc"]));
        assert_eq!(json["code_of_conduct"], true);
        assert_eq!(json["_gotcha"], "bot");
    }

    #[test]
    fn the_honeypot_travels_only_when_filled() {
        let pairs = form_pairs(&proposal(), &none(), Some(("_gotcha", "bot")));
        assert_eq!(pairs.last(), Some(&("_gotcha".into(), "bot".into())));

        let plain = encode_json(&proposal(), &none(), None);
        let back: Proposal = serde_json::from_str(&plain).unwrap();
        assert_eq!(back, proposal());
        assert!(!plain.contains("_gotcha"));

        let trapped = encode_json(&proposal(), &none(), Some(("_go\"tcha", "I am \"a\" bot")));
        let value: serde_json::Value = serde_json::from_str(&trapped).unwrap();
        assert_eq!(value["_go\"tcha"], "I am \"a\" bot");
        assert_eq!(value["title"], "Dask & \"friends\"");
    }
}
