//! Answers to custom questions: each kind's rules, `required`, and scope.

use super::{codes, dask, good, words};
use crate::config::EventConfig;
use crate::field::Field;
use crate::field_error::{ErrorCode, FieldError};
use crate::proposal::{Answer, Proposal};
use crate::validate;

/// The Dask config with one question of each kind, plus a scoped one.
fn config() -> EventConfig {
    let mut config = dask();
    config.questions = serde_json::from_str(
        r#"[
        {"id":"city","label":"City","kind":"text"},
        {"id":"why","label":"Why","kind":"long_text","limit":{"min":3,"max":10,"unit":"words"}},
        {"id":"paper","label":"Paper","kind":"choice",
         "options":[{"id":"yes","label":"Yes"},{"id":"no","label":"No"}]},
        {"id":"topics","label":"Topics","kind":"multi_choice","min":1,"max":2,
         "options":[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}]},
        {"id":"first","label":"First talk","kind":"bool"},
        {"id":"years","label":"Years","kind":"number","min":0.5,"max":40},
        {"id":"slides","label":"Slides","kind":"url"},
        {"id":"room","label":"Room","kind":"text","formats":["workshop"],"tracks":["use-case"]}
    ]"#,
    )
    .unwrap();
    config
}

fn answering(answers: &[(&str, Answer)]) -> Proposal {
    let mut p = good();
    for (id, answer) in answers {
        p.answers.insert((*id).into(), answer.clone());
    }
    p
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn picks(ids: &[&str]) -> Answer {
    Answer::Choices(ids.iter().map(|s| (*s).into()).collect())
}

fn errors_for(id: &str, answer: Answer) -> Vec<(String, ErrorCode)> {
    codes(&config(), &answering(&[(id, answer)]))
}

fn one(id: &str, code: ErrorCode) -> Vec<(String, ErrorCode)> {
    vec![(format!("answers.{id}"), code)]
}

#[test]
fn good_answers_of_every_kind_pass() {
    let p = answering(&[
        ("city", text("Lyon")),
        ("why", text("because it is fun")),
        ("paper", text("yes")),
        ("topics", picks(&["a", "c"])),
        ("first", Answer::Bool(false)),
        ("years", Answer::Number(0.5)),
        ("slides", text(" https://example.org/slides?v=1#p2 ")),
    ]);
    assert_eq!(validate(&config(), &p), []);
    assert_eq!(validate(&config(), &good()), [], "no question is required");
}

#[test]
fn required_questions_need_a_non_empty_answer() {
    let mut config = config();
    for q in &mut config.questions {
        q.required = true;
    }
    let p = answering(&[
        ("city", text("  ")),
        ("topics", picks(&[])),
        ("first", Answer::Bool(false)),
        ("years", Answer::Number(0.5)),
    ]);
    assert_eq!(
        codes(&config, &p),
        ["city", "why", "paper", "topics", "slides"]
            .map(|id| (format!("answers.{id}"), ErrorCode::Required))
            .to_vec(),
        "a false or a number is an answer; blank text and no picks are not"
    );
}

#[test]
fn the_wrong_type_of_answer_is_invalid() {
    let wrong = [
        ("city", Answer::Number(1.0)),
        ("why", picks(&["a"])),
        ("paper", picks(&["yes"])),
        ("topics", text("a")),
        ("first", text("true")),
        ("years", text("12")),
        ("years", Answer::Number(f64::NAN)),
        ("years", Answer::Number(f64::INFINITY)),
        ("slides", Answer::Bool(true)),
    ];
    for (id, answer) in wrong {
        assert_eq!(
            errors_for(id, answer.clone()),
            one(id, ErrorCode::Invalid),
            "{answer:?}"
        );
    }
}

#[test]
fn choices_must_be_among_the_options() {
    assert_eq!(
        errors_for("paper", text("perhaps")),
        one("paper", ErrorCode::UnknownChoice)
    );
    assert_eq!(
        errors_for("topics", picks(&["a", "z"])),
        one("topics", ErrorCode::UnknownChoice)
    );
    assert_eq!(
        errors_for("topics", picks(&["a", "a"])),
        one("topics", ErrorCode::Invalid)
    );
}

#[test]
fn multi_choice_picks_are_counted() {
    let config = {
        let mut c = config();
        c.questions[3].min = Some(2.0);
        c
    };
    let check = |answer| validate(&config, &answering(&[("topics", answer)]));
    assert_eq!(
        check(picks(&["a"])),
        [FieldError::bounded(
            Field::from_static("answers.topics"),
            ErrorCode::TooFew,
            2,
            1
        )]
    );
    assert_eq!(check(picks(&["a", "b"])), []);
    assert_eq!(
        validate(&config, &answering(&[("topics", picks(&["a", "b", "c"]))])),
        [FieldError::bounded(
            Field::from_static("answers.topics"),
            ErrorCode::TooMany,
            2,
            3
        )]
    );
}

#[test]
fn numbers_are_within_bounds() {
    assert_eq!(
        errors_for("years", Answer::Number(0.49)),
        one("years", ErrorCode::TooSmall)
    );
    assert_eq!(errors_for("years", Answer::Number(40.0)), []);
    assert_eq!(
        errors_for("years", Answer::Number(-0.0)),
        one("years", ErrorCode::TooSmall)
    );
    let errors = validate(&config(), &answering(&[("years", Answer::Number(40.01))]));
    // Bounds may be fractional, so the error carries none: the config has them.
    assert_eq!(
        errors,
        [FieldError::new(
            Field::from_static("answers.years"),
            ErrorCode::TooLarge
        )]
    );
}

#[test]
fn long_text_is_counted_by_its_limit() {
    assert_eq!(
        validate(&config(), &answering(&[("why", text(&words(11)))])),
        [FieldError::bounded(
            Field::from_static("answers.why"),
            ErrorCode::TooLong,
            10,
            11
        )]
    );
    assert_eq!(
        validate(&config(), &answering(&[("why", text(&words(2)))])),
        [FieldError::bounded(
            Field::from_static("answers.why"),
            ErrorCode::TooShort,
            3,
            2
        )]
    );
    assert_eq!(errors_for("why", text(&words(10))), []);
}

#[test]
fn urls_are_http_with_a_host() {
    for good_url in [
        "https://example.org",
        "http://example.org/",
        "HTTPS://Example.org:8443/a/b?c=d#e",
        "https://localhost:8080",
        "https://[::1]:8080/x",
        "https://[2001:db8::1]",
        "https://münchen.de/vortrag",
        "https://example.org./",
    ] {
        assert_eq!(errors_for("slides", text(good_url)), [], "{good_url}");
    }
    for bad in [
        "example.org",
        "ftp://example.org",
        "javascript://example.org/%0Aalert(1)x",
        "https://",
        "https:///path",
        "https://exa mple.org",
        "https://user:pw@example.org",
        "https://example..org",
        "https://-example.org",
        "https://example.org:80a",
        "https://example.org:123456",
        "https://[::1",
        "https://[]",
        "https://[::1]x",
        "mailto:ada@example.org",
    ] {
        assert_eq!(
            errors_for("slides", text(bad)),
            one("slides", ErrorCode::InvalidUrl),
            "{bad}"
        );
    }
}

#[test]
fn scoped_questions_apply_only_to_their_formats_and_tracks() {
    let config = config();
    let room = config.question("room").unwrap();
    let mut p = answering(&[("room", text("A1"))]);
    assert!(!config.question_applies(room, &p));
    assert_eq!(codes(&config, &p), one("room", ErrorCode::NotApplicable));

    // The right format but no track: tracks is a scope too.
    p.format = Some("workshop".into());
    assert!(!config.question_applies(room, &p));
    p.track = Some("development".into());
    assert!(!config.question_applies(room, &p));
    p.track = Some("use-case".into());
    assert!(config.question_applies(room, &p));
    p.talks = super::talks::three_talks();
    assert_eq!(validate(&config, &p), []);

    // An empty scope applies to everything, even no format at all.
    let city = config.question("city").unwrap();
    assert!(config.question_applies(city, &Proposal::default()));
}

#[test]
fn answers_to_unknown_questions_are_not_applicable() {
    assert_eq!(
        errors_for("colour", text("blue")),
        one("colour", ErrorCode::NotApplicable)
    );
    // Even an empty one: the form never sends answers it did not ask.
    assert_eq!(
        errors_for("colour", text("")),
        one("colour", ErrorCode::NotApplicable)
    );
}

#[test]
fn without_inapplicable_keeps_only_what_is_asked() {
    let config = config();
    let mut p = answering(&[
        ("city", text("Lyon")),
        ("room", text("A1")),
        ("colour", text("blue")),
    ]);
    p.talks = super::talks::three_talks();
    let sendable = config.without_inapplicable(&p);
    assert_eq!(sendable.answers.keys().collect::<Vec<_>>(), ["city"]);
    assert!(sendable.talks.is_empty(), "a talk format has no talks");
    assert_eq!(validate(&config, &sendable), []);

    p.format = Some("workshop".into());
    p.track = Some("use-case".into());
    let sendable = config.without_inapplicable(&p);
    assert_eq!(
        sendable.answers.keys().collect::<Vec<_>>(),
        ["city", "room"]
    );
    assert_eq!(sendable.talks.len(), 3);
    assert_eq!(validate(&config, &sendable), []);
}

#[test]
fn answers_follow_talks_in_form_order_and_questions_in_config_order() {
    let mut p = answering(&[
        ("slides", text("nope")),
        ("city", Answer::Bool(true)),
        ("aaa", text("x")),
    ]);
    p.code_of_conduct = false;
    assert_eq!(
        codes(&config(), &p),
        [
            ("answers.city".into(), ErrorCode::Invalid),
            ("answers.slides".into(), ErrorCode::InvalidUrl),
            ("answers.aaa".into(), ErrorCode::NotApplicable),
            ("code_of_conduct".into(), ErrorCode::Required),
        ]
    );
}

#[test]
fn answers_travel_as_plain_json() {
    let p = answering(&[
        ("first", Answer::Bool(true)),
        ("years", Answer::Number(3.0)),
        ("paper", text("yes")),
        ("topics", picks(&["a", "b"])),
    ]);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["answers"],
        serde_json::json!({"first": true, "paper": "yes", "topics": ["a", "b"], "years": 3.0})
    );
    let back: Proposal = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
    let from_int: Proposal = serde_json::from_str(r#"{"answers":{"years":3}}"#).unwrap();
    assert_eq!(from_int.answers["years"], Answer::Number(3.0));
    assert!(serde_json::from_str::<Proposal>(r#"{"answers":{"x":{"a":1}}}"#).is_err());
    assert!(serde_json::from_str::<Proposal>(r#"{"talks":[{"titel":"x"}]}"#).is_err());
}
