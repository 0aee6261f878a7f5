use super::*;
use crate::field::Field;

fn parse(text: &str) -> Result<EventConfig, Vec<ConfigError>> {
    let mut de = serde_json::Deserializer::from_str(text);
    EventConfig::parse(&mut de)
}

fn messages(text: &str) -> Vec<String> {
    parse(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

const MINIMAL: &str =
    r#"{"id":"ev","name":"Ev","formats":[{"id":"talk","label":"Talk","minutes":25}]}"#;

#[test]
fn the_shipped_events_parse() {
    let dask = parse(include_str!("../../../../events/dask-summit-2021.json")).unwrap();
    assert_eq!(dask.name, "Dask User Summit 2021");
    assert_eq!(dask.deadline, None);
    assert_eq!(
        dask.format("workshop").unwrap().talks,
        Some(TalkRange { min: 3, max: 5 })
    );
    assert_eq!(dask.speakers.max, 4);

    let scipy = parse(include_str!("../../../../events/scipy-2020.json")).unwrap();
    assert!(scipy.track_required);
    assert_eq!(scipy.tracks[0].label, "High Performance Python");
    assert_eq!(scipy.format("poster").unwrap().minutes, None);
    let deadline = scipy.deadline.unwrap();
    assert_eq!(deadline.offset_minutes(), -360);
    assert_eq!(deadline.as_str(), "2020-02-11T23:59:59-06:00");
}

#[test]
fn defaults_fill_what_is_left_out() {
    let config = parse(MINIMAL).unwrap();
    assert_eq!(config.locale, None);
    assert!(config.tracks.is_empty());
    assert!(!config.track_required);
    assert_eq!(config.speakers.max, 1);
    assert_eq!(config.limits, Limits::default());
    assert_eq!(config.endpoint, None);
}

#[test]
fn a_wrong_type_names_its_json_path() {
    let text = r#"{"id":"ev","name":"Ev","formats":[
        {"id":"talk","label":"Talk","minutes":25},
        {"id":"poster","label":"Poster","minutes":"25"}]}"#;
    assert_eq!(
        messages(text),
        [
            r#"formats[1].minutes: expected a whole number (0 or more), found string "25" (line 3, column 54)"#
        ]
    );
}

#[test]
fn unknown_keys_are_refused_with_their_path() {
    let text = r#"{"id":"ev","name":"Ev","formats":[{"id":"talk","label":"Talk","minutse":25}]}"#;
    let errors = parse(text).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "formats[0].minutse");
    assert!(errors[0]
        .message
        .starts_with("unknown field `minutse`, expected one of"));

    let errors =
        parse(&MINIMAL.replace("\"id\":\"ev\"", "\"id\":\"ev\",\"colour\":1")).unwrap_err();
    assert_eq!(errors[0].path, "colour");
}

#[test]
fn missing_required_keys_are_named() {
    assert_eq!(
        messages(r#"{"id":"ev","name":"Ev"}"#),
        ["missing field `formats` (line 1, column 23)"]
    );
    let errors = parse(r#"{"id":"ev","name":"Ev","formats":[{"id":"talk"}]}"#).unwrap_err();
    assert_eq!(errors[0].path, "formats[0]");
    assert_eq!(
        errors[0].message,
        "missing field `label` (line 1, column 47)"
    );
}

#[test]
fn a_bad_unit_or_deadline_is_explained() {
    let text = MINIMAL.replace(
        "\"formats\"",
        r#""limits":{"abstract":{"max":300,"unit":"lines"}},"formats""#,
    );
    let errors = parse(&text).unwrap_err();
    assert_eq!(errors[0].path, "limits.abstract.unit");
    assert!(
        errors[0].message.contains("unknown variant `lines`"),
        "{:?}",
        errors
    );

    let text = MINIMAL.replace(
        "\"formats\"",
        r#""deadline":"2020-02-11T23:59:59","formats""#,
    );
    let errors = parse(&text).unwrap_err();
    assert_eq!(errors[0].path, "deadline");
    assert!(
        errors[0].message.contains("offset is missing"),
        "{:?}",
        errors
    );
}

#[test]
fn semantic_problems_are_all_listed() {
    let text = r#"{
        "id": "Bad Id", "name": " ",
        "tracks": [{"id":"a","label":"A"},{"id":"a","label":""}],
        "formats": [
            {"id":"talk","label":"Talk","minutes":0},
            {"id":"talk","label":"Again","minutes":25},
            {"id":"ws","label":"Workshop","talks":{"min":5,"max":3}}
        ],
        "limits": {"title":{"min":10,"max":5},"bio":{"unit":"words"},"abstract":{"max":0}},
        "speakers": {"max": 0}
    }"#;
    let paths: Vec<String> = parse(text)
        .unwrap_err()
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(
        paths,
        [
            "id",
            "name",
            "formats[0].minutes",
            "formats[1].id",
            "formats[2].talks",
            "formats[2].minutes",
            "tracks[1].id",
            "tracks[1].label",
            "limits.title",
            "limits.abstract.max",
            "limits.bio",
            "speakers.max",
        ]
    );
}

#[test]
fn track_required_needs_tracks() {
    let text = MINIMAL.replace("\"formats\"", r#""track_required":true,"formats""#);
    assert_eq!(
        messages(&text),
        ["track_required: is true but there are no tracks; add tracks or set it to false"]
    );
}

#[test]
fn no_formats_is_an_error() {
    assert_eq!(
        messages(r#"{"id":"ev","name":"Ev","formats":[]}"#),
        ["formats: must list at least one format"]
    );
}

#[test]
fn limit_for_finds_the_leaf() {
    let config = parse(include_str!("../../../../events/dask-summit-2021.json")).unwrap();
    assert_eq!(
        config
            .limit_for(&Field::from_static("abstract"))
            .unwrap()
            .max,
        Some(300)
    );
    assert_eq!(
        config
            .limit_for(&Field::from_static("speakers[2].bio"))
            .unwrap()
            .unit,
        Unit::Words
    );
    assert!(config
        .limit_for(&Field::from_static("speakers[0].name"))
        .is_none());
}

#[cfg(feature = "json")]
#[test]
fn from_json_refuses_trailing_text() {
    assert!(EventConfig::from_json(MINIMAL).is_ok());
    let errors = EventConfig::from_json(&format!("{MINIMAL} x")).unwrap_err();
    assert!(errors[0].message.starts_with("trailing characters"));
}

#[test]
fn round_trips_through_json() {
    let config = parse(include_str!("../../../../events/scipy-2020.json")).unwrap();
    let again = parse(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(config, again);
}

#[test]
fn origins_and_honeypot_are_checked() {
    let text = MINIMAL.replace(
        "\"formats\"",
        r#""allowed_origins":["https://summit.dask.org","http://127.0.0.1:8080","https://x.org/cfp","ftp://x.org"],"honeypot":"title","formats""#,
    );
    let paths: Vec<String> = parse(&text)
        .unwrap_err()
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(
        paths,
        ["allowed_origins[2]", "allowed_origins[3]", "honeypot"]
    );
    let config = parse(MINIMAL).unwrap();
    assert_eq!(config.honeypot, "_gotcha");
    assert!(config.allowed_origins.is_empty());
}

#[test]
fn closing_is_after_the_deadline_second() {
    let config = parse(include_str!("../../../../events/scipy-2020.json")).unwrap();
    let deadline = config.deadline.as_ref().unwrap().unix_seconds();
    assert!(!config.is_closed(deadline));
    assert!(config.is_closed(deadline + 1));
    assert!(!parse(MINIMAL).unwrap().is_closed(i64::MAX));
}

#[test]
fn endpoint_response_mode_defaults_to_readable() {
    let text = MINIMAL.replace(
        "\"formats\"",
        r#""endpoint":{"url":"https://docs.google.com/forms/x","encoding":"form","response":"opaque"},"formats""#,
    );
    let endpoint = parse(&text).unwrap().endpoint.unwrap();
    assert_eq!(endpoint.encoding, Encoding::Form);
    assert_eq!(endpoint.response, ResponseMode::Opaque);
    let dask = parse(include_str!("../../../../events/dask-summit-2021.json")).unwrap();
    assert_eq!(dask.endpoint.unwrap().response, ResponseMode::Readable);
}

fn paths(text: &str) -> Vec<String> {
    parse(text)
        .unwrap_err()
        .into_iter()
        .map(|e| e.path)
        .collect()
}

/// MINIMAL with a track and these questions.
fn with_questions(questions: &str) -> String {
    MINIMAL.replace(
        "\"formats\"",
        &format!(r#""tracks":[{{"id":"ml","label":"ML"}}],"questions":{questions},"formats""#),
    )
}

#[test]
fn every_question_kind_parses() {
    let config = parse(&with_questions(
        r#"[
        {"id":"bio-link","label":"Your site","kind":"url"},
        {"id":"why","label":"Why?","hint":"Be brief","kind":"long_text","required":true,
         "limit":{"max":100,"unit":"words"}},
        {"id":"paper","label":"Paper?","kind":"choice","formats":["talk"],"tracks":["ml"],
         "options":[{"id":"yes","label":"Yes"},{"id":"no","label":"No"}]},
        {"id":"topics","label":"Topics","kind":"multi_choice","min":1,"max":2,
         "options":[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}]},
        {"id":"first","label":"First talk?","kind":"bool"},
        {"id":"years","label":"Years of Python","kind":"number","min":0,"max":40.5},
        {"id":"city","label":"City","kind":"text"}
    ]"#,
    ))
    .unwrap();
    let kinds: Vec<_> = config.questions.iter().map(|q| q.kind).collect();
    use crate::question::QuestionKind::*;
    assert_eq!(
        kinds,
        [Url, LongText, Choice, MultiChoice, Bool, Number, Text]
    );
    assert!(config.questions[1].required && !config.questions[0].required);
    assert_eq!(config.questions[5].max, Some(40.5));
    assert_eq!(
        config
            .limit_for(&Field::from_static("answers.why"))
            .unwrap()
            .max,
        Some(100)
    );
    assert!(config
        .limit_for(&Field::from_static("answers.city"))
        .is_none());
    assert!(config
        .limit_for(&Field::from_static("answers.nope"))
        .is_none());
    assert_eq!(
        config
            .question("paper")
            .unwrap()
            .option("no")
            .unwrap()
            .label,
        "No"
    );
    let again = parse(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(config, again);
}

#[test]
fn an_unknown_kind_or_key_names_its_path() {
    let errors = parse(&with_questions(r#"[{"id":"q","label":"Q","kind":"date"}]"#)).unwrap_err();
    assert_eq!(errors[0].path, "questions[0].kind");
    assert!(
        errors[0].message.contains("unknown variant `date`"),
        "{errors:?}"
    );
    let errors = parse(&with_questions(
        r#"[{"id":"q","label":"Q","kind":"text","requird":true}]"#,
    ))
    .unwrap_err();
    assert_eq!(errors[0].path, "questions[0].requird");
}

#[test]
fn questions_use_only_the_keys_of_their_kind() {
    let text = with_questions(
        r#"[
        {"id":"a","label":"A","kind":"choice"},
        {"id":"b","label":"B","kind":"multi_choice","min":3,"max":1.5,
         "options":[{"id":"x","label":"X"},{"id":"x","label":""}]},
        {"id":"c","label":"C","kind":"bool","options":[{"id":"y","label":"Y"}],"min":1},
        {"id":"d","label":"D","kind":"text","limit":{"max":10}},
        {"id":"e","label":"E","kind":"long_text","limit":{"min":10,"max":5}},
        {"id":"f","label":"F","kind":"number","min":10,"max":5},
        {"id":"a","label":" ","kind":"url","formats":["talk","keynote"],"tracks":["hpc"]},
        {"id":"Bad","label":"G","kind":"text"}
    ]"#,
    );
    assert_eq!(
        paths(&text),
        [
            "questions[0].options",
            "questions[1].options[1].id",
            "questions[1].options[1].label",
            "questions[1].min",
            "questions[1].max",
            "questions[1].min",
            "questions[2].options",
            "questions[2].min",
            "questions[3].limit",
            "questions[4].limit",
            "questions[5].min",
            "questions[6].id",
            "questions[6].label",
            "questions[6].formats[1]",
            "questions[6].tracks[0]",
            "questions[7].id",
        ]
    );
}

#[test]
fn the_talk_abstract_limit_is_checked_like_the_others() {
    let text = MINIMAL.replace(
        "\"formats\"",
        r#""limits":{"talk_abstract":{"min":200,"max":30,"unit":"words"}},"formats""#,
    );
    assert_eq!(paths(&text), ["limits.talk_abstract"]);
    let dask = parse(include_str!("../../../../events/dask-summit-2021.json")).unwrap();
    let talk_abstract = dask.limits.talk_abstract.unwrap();
    assert_eq!(
        dask.limit_for(&Field::from_static("talks[2].abstract")),
        Some(&talk_abstract)
    );
    assert_eq!(dask.limit_for(&Field::from_static("talks[2].title")), None);
    assert_eq!(
        dask.limit_for(&Field::from_static("abstract")).unwrap().max,
        Some(300)
    );
}

#[test]
fn the_call_opens_before_it_closes() {
    let schedule = |opens: &str, closes: &str| {
        MINIMAL.replace(
            "\"formats\"",
            &format!(r#""opens_at":"{opens}","deadline":"{closes}","formats""#),
        )
    };
    let config = parse(&schedule("2021-03-01T00:00:00Z", "2021-04-01 AoE")).unwrap();
    let opens = config.opens_at.as_ref().unwrap().unix_seconds();
    let closes = config.deadline.as_ref().unwrap().unix_seconds();
    assert_eq!(config.state_at(opens - 1), CallState::NotYetOpen);
    assert!(config.is_not_yet_open(opens - 1) && !config.is_open_at(opens - 1));
    assert_eq!(config.state_at(opens), CallState::Open);
    assert!(config.is_open_at(closes));
    assert_eq!(config.state_at(closes + 1), CallState::Closed);
    assert!(config.is_closed(closes + 1) && !config.is_open_at(closes + 1));

    for (opens, closes) in [
        ("2021-04-01T12:00:00-12:00", "2021-04-01T12:00:00-12:00"),
        ("2021-04-02T12:00:00Z", "2021-04-01 AoE"),
    ] {
        assert_eq!(
            messages(&schedule(opens, closes)),
            ["opens_at: must be before the deadline; the call would never be open"]
        );
    }
    // Opening without a deadline is fine: the call then stays open.
    let text = MINIMAL.replace("\"formats\"", r#""opens_at":"2021-03-01 AoE","formats""#);
    let config = parse(&text).unwrap();
    assert!(config.is_open_at(i64::MAX) && !config.is_open_at(0));
    assert!(parse(MINIMAL).unwrap().is_open_at(i64::MIN));
}

#[test]
fn the_honeypot_cannot_shadow_the_new_fields() {
    for name in ["talks", "answers"] {
        let text = MINIMAL.replace("\"formats\"", &format!(r#""honeypot":"{name}","formats""#));
        assert_eq!(paths(&text), ["honeypot"]);
    }
}

#[test]
fn endpoint_fields_name_fields_the_form_sends_under_names_the_endpoint_can_tell_apart() {
    let with_fields = |fields: &str| {
        include_str!("../../../../events/dask-summit-2021.json").replace(
            r#""encoding": "json""#,
            &format!(r#""encoding": "form", "response": "opaque", "fields": {fields}"#),
        )
    };
    let good = with_fields(
        r#"{"title": "entry.1", "speakers[0].email": "entry.2", "talks[4].minutes": "entry.3",
            "answers.first-talk": "entry.4"}"#,
    );
    let endpoint = parse(&good).unwrap().endpoint.unwrap();
    assert_eq!(endpoint.fields["speakers[0].email"], "entry.2");

    let problems = parse(&with_fields(
        r#"{"titel": "entry.1", "speakers": "entry.2", "speakers[4].email": "entry.3",
            "talks[5].title": "entry.4", "answers.nope": "entry.5", "abstract": " ",
            "description": "entry.6", "track": "entry.6", "format": "_gotcha",
            "speakers[0].bio": "code_of_conduct"}"#,
    ))
    .unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    for expected in [
        r#"endpoint.fields["titel"]: is not a field of a proposal"#,
        r#"endpoint.fields["speakers"]: names a whole list"#,
        r#"endpoint.fields["speakers[4].email"]: is never sent: speakers.max is 4, so the form has no speaker 5"#,
        r#"endpoint.fields["talks[5].title"]: is never sent: no format has more than 5 talks"#,
        r#"endpoint.fields["answers.nope"]: is not the id of one of the event's questions"#,
        r#"endpoint.fields["abstract"]: must be the name the endpoint expects"#,
        r#"endpoint.fields["track"]: is also the name of "description""#,
        r#"endpoint.fields["format"]: is the honeypot's name"#,
        r#"endpoint.fields["speakers[0].bio"]: is the name another field is sent under"#,
    ] {
        assert!(
            shown.iter().any(|s| s.starts_with(expected)),
            "{expected}\nnot in {shown:#?}"
        );
    }
    assert_eq!(shown.len(), 9, "{shown:#?}");
}

/// Found reading `config/check/fields.rs` for the fuzz target `config` and confirmed with
/// it: the largest index a path can carry overflowed `i + 1` in the message (a panic with
/// debug assertions, "no speaker 0" without). Now it saturates: still true, as there is
/// no speaker usize::MAX either.
#[test]
fn a_speaker_index_as_large_as_a_path_can_carry_is_named_whole() {
    let text = MINIMAL.replace(
        "\"formats\"",
        r#""endpoint":{"url":"/x","fields":{"speakers[18446744073709551615].name":"entry.1"}},"formats""#,
    );
    let shown: Vec<String> = parse(&text)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        shown,
        [
            r#"endpoint.fields["speakers[18446744073709551615].name"]: is never sent: speakers.max is 1, so the form has no speaker 18446744073709551615"#
        ]
    );
}

#[test]
fn page_url_must_be_an_http_address_without_a_fragment() {
    let with_page =
        |url: &str| MINIMAL.replace("\"formats\"", &format!(r#""page_url":{url:?},"formats""#));
    for good in [
        "https://my-conf.example.org/cfp/",
        "http://localhost:8080/events/x/",
        "https://example.org",
        "https://example.org/cfp?lang=de",
    ] {
        let config = parse(&with_page(good)).unwrap_or_else(|e| panic!("{good}: {e:?}"));
        assert_eq!(config.page_url.as_deref(), Some(good));
    }
    for bad in [
        "/cfp/",
        "ftp://example.org/",
        "javascript://alert(1)//",
        "https://",
        "https:///cfp",
        "https://example.org/cfp#form",
        "https://example.org/my cfp",
        "",
    ] {
        let errors = messages(&with_page(bad));
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
        assert!(
            errors[0].starts_with("page_url: must be the full address of the page"),
            "{bad}: {errors:?}"
        );
    }
}

#[test]
fn edits_until_defaults_to_the_deadline_and_may_not_end_before_it() {
    let with = |keys: &str| MINIMAL.replace("\"formats\"", &format!("{keys},\"formats\""));
    let config = parse(&with(r#""deadline":"2026-04-01T00:00:00Z""#)).unwrap();
    let deadline = config.deadline.as_ref().unwrap().unix_seconds();
    assert_eq!(config.edits_end(), config.deadline.as_ref());
    assert!(
        config.edits_open_at(deadline),
        "the deadline's second is still open"
    );
    assert!(!config.edits_open_at(deadline + 1));

    let later = parse(&with(
        r#""deadline":"2026-04-01T00:00:00Z","edits_until":"2026-04-15 AoE""#,
    ))
    .unwrap();
    assert_eq!(later.edits_end().unwrap().as_str(), "2026-04-15 AoE");
    assert!(later.edits_open_at(deadline + 86_400));
    assert!(
        later.is_closed(deadline + 1),
        "the call itself still closes"
    );

    assert_eq!(
        messages(&with(
            r#""deadline":"2026-04-01T00:00:00Z","edits_until":"2026-03-31T23:59:59Z""#
        )),
        ["edits_until: must not be before the deadline: speakers could still send new proposals but not change them; leave it out to end changes with the call"]
    );
    assert_eq!(
        paths(&with(r#""edits_until":"2026-03-31T23:59:59Z""#)),
        ["edits_until"]
    );
    let open_forever = parse(MINIMAL).unwrap();
    assert_eq!(open_forever.edits_end(), None);
    assert!(open_forever.edits_open_at(i64::MAX));
}

#[test]
fn the_cap_per_speaker_is_one_or_more() {
    let with = |cap: &str| {
        MINIMAL.replace(
            "\"formats\"",
            &format!(r#""limits":{{"proposals_per_speaker":{cap}}},"formats""#),
        )
    };
    assert_eq!(
        parse(&with("3")).unwrap().limits.proposals_per_speaker,
        Some(3)
    );
    assert_eq!(
        messages(&with("0")),
        ["limits.proposals_per_speaker: must be 1 or more, or left out for no cap"]
    );
    assert_eq!(parse(MINIMAL).unwrap().limits.proposals_per_speaker, None);
}
