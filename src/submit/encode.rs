//! The POST body for each `encoding` in the config: JSON (the `Proposal` as cfp-core
//! serialises it), or form fields flattened the way form services such as Netlify Forms
//! read them (`speakers[0][email]`).
//!
//! The honeypot travels only when a bot filled it: the endpoint then answers as if it
//! accepted the proposal and drops it.

use cfp_core::{Answer, Proposal};

/// The JSON body: the proposal, plus the honeypot key when it is filled.
/// Pretty, like the copy the speaker downloads: one serializer in the wasm instead of two.
pub fn json_body(proposal: &Proposal, honeypot: Option<(&str, &str)>) -> String {
    let json = |v: &str| serde_json::to_string_pretty(v).unwrap_or_default();
    let mut body = serde_json::to_string_pretty(proposal).unwrap_or_default();
    if let Some((name, value)) = honeypot {
        // A Proposal always serialises as an object, so the pair goes before its `}`;
        // cheaper in the wasm than a serde_json::Value round trip.
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

/// The form fields, in form order; an unset format or track is an empty value.
pub fn form_pairs(proposal: &Proposal, honeypot: Option<(&str, &str)>) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("title".to_owned(), proposal.title.clone()),
        (
            "format".to_owned(),
            proposal.format.clone().unwrap_or_default(),
        ),
        (
            "track".to_owned(),
            proposal.track.clone().unwrap_or_default(),
        ),
        ("abstract".to_owned(), proposal.r#abstract.clone()),
        ("description".to_owned(), proposal.description.clone()),
    ];
    for (i, speaker) in proposal.speakers.iter().enumerate() {
        for (key, value) in [
            ("name", &speaker.name),
            ("email", &speaker.email),
            ("affiliation", &speaker.affiliation),
            ("bio", &speaker.bio),
        ] {
            pairs.push((format!("speakers[{i}][{key}]"), value.clone()));
        }
    }
    for (i, talk) in proposal.talks.iter().enumerate() {
        for (key, value) in [
            ("title", &talk.title),
            ("speaker_name", &talk.speaker_name),
            ("speaker_email", &talk.speaker_email),
            ("abstract", &talk.r#abstract),
        ] {
            pairs.push((format!("talks[{i}][{key}]"), value.clone()));
        }
        if let Some(minutes) = talk.minutes {
            pairs.push((format!("talks[{i}][minutes]"), minutes.to_string()));
        }
    }
    for (id, answer) in &proposal.answers {
        let key = format!("answers[{id}]");
        match answer {
            Answer::Bool(yes) => pairs.push((key, yes.to_string())),
            // serde_json's number formatting is in the wasm already; Display for f64 is not.
            Answer::Number(n) => pairs.push((key, serde_json::to_string(n).unwrap_or_default())),
            Answer::Text(text) => pairs.push((key, text.clone())),
            Answer::Choices(picks) => {
                for (j, pick) in picks.iter().enumerate() {
                    pairs.push((format!("{key}[{j}]"), pick.clone()));
                }
            }
        }
    }
    pairs.push((
        "code_of_conduct".to_owned(),
        proposal.code_of_conduct.to_string(),
    ));
    if let Some((name, value)) = honeypot {
        pairs.push((name.to_owned(), value.to_owned()));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::Speaker;

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

    #[test]
    fn form_fields_are_flat_and_in_form_order() {
        let pairs = form_pairs(&proposal(), None);
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
    }

    #[test]
    fn every_speaker_is_numbered() {
        let mut p = proposal();
        p.speakers.push(Speaker {
            name: "Second".into(),
            ..Speaker::default()
        });
        p.code_of_conduct = false;
        let pairs = form_pairs(&p, None);
        assert!(pairs.contains(&("speakers[1][name]".into(), "Second".into())));
        assert_eq!(
            pairs.last(),
            Some(&("code_of_conduct".into(), "false".into()))
        );
    }

    #[test]
    fn talks_and_answers_are_flattened_too() {
        let mut p = proposal();
        p.talks.push(cfp_core::Talk {
            title: "First".into(),
            speaker_name: "A".into(),
            speaker_email: "a@example.org".into(),
            r#abstract: "About it".into(),
            minutes: Some(20),
        });
        p.talks.push(cfp_core::Talk::default());
        p.answers.insert("first-talk".into(), Answer::Bool(true));
        p.answers.insert("years".into(), Answer::Number(2.5));
        p.answers.insert(
            "topics".into(),
            Answer::Choices(vec!["ml".into(), "hpc".into()]),
        );
        let pairs = form_pairs(&p, None);
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
    }

    #[test]
    fn the_honeypot_travels_only_when_filled() {
        let pairs = form_pairs(&proposal(), Some(("_gotcha", "bot")));
        assert_eq!(pairs.last(), Some(&("_gotcha".into(), "bot".into())));

        let plain = json_body(&proposal(), None);
        let back: Proposal = serde_json::from_str(&plain).unwrap();
        assert_eq!(back, proposal());
        assert!(!plain.contains("_gotcha"));

        let trapped = json_body(&proposal(), Some(("_go\"tcha", "I am \"a\" bot")));
        let value: serde_json::Value = serde_json::from_str(&trapped).unwrap();
        assert_eq!(value["_go\"tcha"], "I am \"a\" bot");
        assert_eq!(value["title"], "Dask & \"friends\"");
    }
}
