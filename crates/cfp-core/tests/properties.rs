//! Property tests: `validate` is total on any input (talks, answers and questions
//! included) and agrees with `question_applies`; counting ignores line-ending style and
//! surrounding whitespace; timestamps never panic the parser.

use cfp_core::config::{Encoding, Endpoint, SpeakerRules};
use cfp_core::{
    count_chars, count_words, validate, Answer, Deadline, ErrorCode, EventConfig, Field, Format,
    Limit, Limits, Proposal, Question, QuestionKind, QuestionOption, Speaker, Talk, TalkRange,
    Track, Unit,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[ \t\r\n]{0,3}[a-zA-Z0-9 ,.!—…*\r\n×'-]{0,60}[ \t\r\n]{0,3}",
        Just(String::new()),
    ]
}

fn any_limit() -> impl Strategy<Value = Option<Limit>> {
    proptest::option::of(
        (
            proptest::option::of(0u32..50),
            proptest::option::of(0u32..50),
            prop_oneof![Just(Unit::Words), Just(Unit::Chars)],
        )
            .prop_map(|(min, max, unit)| Limit { min, max, unit }),
    )
}

/// Ids from a small alphabet, so scopes, options and answers often meet their targets.
fn any_id() -> impl Strategy<Value = String> {
    "[a-c]{1,2}"
}

fn any_bound() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of(prop_oneof![
        (0u32..5).prop_map(f64::from),
        -10.0f64..10.0,
        Just(f64::NAN),
        Just(f64::INFINITY),
    ])
}

fn any_kind() -> impl Strategy<Value = QuestionKind> {
    prop_oneof![
        Just(QuestionKind::Text),
        Just(QuestionKind::LongText),
        Just(QuestionKind::Choice),
        Just(QuestionKind::MultiChoice),
        Just(QuestionKind::Bool),
        Just(QuestionKind::Number),
        Just(QuestionKind::Url),
    ]
}

fn any_question() -> impl Strategy<Value = Question> {
    (
        (any_id(), any_kind(), any::<bool>()),
        proptest::collection::vec(any_id(), 0..4),
        (any_limit(), any_bound(), any_bound()),
        proptest::collection::vec(any_id(), 0..3),
        proptest::collection::vec(any_id(), 0..3),
    )
        .prop_map(
            |((id, kind, required), options, (limit, min, max), formats, tracks)| Question {
                label: id.clone(),
                id,
                hint: None,
                kind,
                required,
                options: options
                    .into_iter()
                    .map(|id| QuestionOption {
                        label: id.clone(),
                        id,
                    })
                    .collect(),
                limit,
                min,
                max,
                formats,
                tracks,
            },
        )
}

fn any_config() -> impl Strategy<Value = EventConfig> {
    (
        base_config(),
        proptest::collection::vec(any_question(), 0..5),
        any_limit(),
    )
        .prop_map(|(mut config, questions, talk_abstract)| {
            config.questions = questions;
            config.limits.talk_abstract = talk_abstract;
            config
        })
}

fn base_config() -> impl Strategy<Value = EventConfig> {
    (
        proptest::collection::vec((any_id(), any_text()), 0..4),
        any::<bool>(),
        proptest::collection::vec(
            (
                any_id(),
                proptest::option::of(0u32..200),
                proptest::option::of((0u32..6, 0u32..6)),
            ),
            0..4,
        ),
        (any_limit(), any_limit(), any_limit(), any_limit()),
        0u32..5,
    )
        .prop_map(
            |(tracks, track_required, formats, limits, max_speakers)| EventConfig {
                schema: None,
                id: "ev".into(),
                name: "Event".into(),
                opens_at: None,
                deadline: None,
                edits_until: None,
                locale: Some("en".into()),
                endpoint: Some(Endpoint {
                    url: "/x".into(),
                    encoding: Encoding::Json,
                    response: cfp_core::ResponseMode::Readable,
                    fields: BTreeMap::new(),
                }),
                page_url: None,
                tracks: tracks
                    .into_iter()
                    .map(|(id, label)| Track { id, label })
                    .collect(),
                track_required,
                formats: formats
                    .into_iter()
                    .map(|(id, minutes, talks)| Format {
                        label: id.clone(),
                        id,
                        minutes,
                        talks: talks.map(|(min, max)| TalkRange { min, max }),
                    })
                    .collect(),
                limits: Limits {
                    title: limits.0,
                    abstract_: limits.1,
                    description: limits.2,
                    bio: limits.3,
                    talk_abstract: None,
                    proposals_per_speaker: None,
                },
                speakers: SpeakerRules { max: max_speakers },
                questions: Vec::new(),
                code_of_conduct_url: None,
                allowed_origins: Vec::new(),
                honeypot: "_gotcha".into(),
            },
        )
}

fn any_speaker() -> impl Strategy<Value = Speaker> {
    (any_text(), any_text(), any_text(), any_text()).prop_map(|(name, email, affiliation, bio)| {
        Speaker {
            name,
            email,
            affiliation,
            bio,
        }
    })
}

fn any_talk() -> impl Strategy<Value = Talk> {
    (
        (any_text(), any_text(), any_text(), any_text()),
        proptest::option::of(prop_oneof![0u32..90, Just(u32::MAX)]),
    )
        .prop_map(
            |((title, speaker_name, speaker_email, r#abstract), minutes)| Talk {
                title,
                speaker_name,
                speaker_email,
                r#abstract,
                minutes,
            },
        )
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        any::<bool>().prop_map(Answer::Bool),
        prop_oneof![-5.0f64..50.0, Just(f64::NAN), Just(0.0)].prop_map(Answer::Number),
        prop_oneof![
            any_text(),
            any_id(),
            Just("https://example.org/x".to_owned())
        ]
        .prop_map(Answer::Text),
        proptest::collection::vec(any_id(), 0..4).prop_map(Answer::Choices),
    ]
}

fn any_proposal() -> impl Strategy<Value = Proposal> {
    (
        base_proposal(),
        proptest::collection::vec(any_talk(), 0..7),
        proptest::collection::btree_map(any_id(), any_answer(), 0..5),
    )
        .prop_map(|(mut proposal, talks, answers)| {
            proposal.talks = talks;
            proposal.answers = answers;
            proposal
        })
}

fn base_proposal() -> impl Strategy<Value = Proposal> {
    (
        any_text(),
        proptest::option::of("[a-c]{0,2}"),
        proptest::option::of("[a-c]{0,2}"),
        (any_text(), any_text()),
        proptest::collection::vec(any_speaker(), 0..6),
        any::<bool>(),
    )
        .prop_map(
            |(title, format, track, (r#abstract, description), speakers, code_of_conduct)| {
                Proposal {
                    title,
                    format,
                    track,
                    r#abstract,
                    description,
                    speakers,
                    code_of_conduct,
                    ..Proposal::default()
                }
            },
        )
}

proptest! {
    #[test]
    fn validate_is_total_and_deterministic(config in any_config(), proposal in any_proposal()) {
        let first = validate(&config, &proposal);
        let second = validate(&config, &proposal);
        prop_assert_eq!(&first, &second);
        for error in &first {
            // Every path is one the wire format can carry and read back.
            let path = error.field.to_string();
            prop_assert_eq!(Field::parse(&path), Some(error.field.clone()), "{}", path);
            // A bounded error always says both sides of the comparison.
            prop_assert_eq!(error.limit.is_some(), error.actual.is_some());
        }
    }

    #[test]
    fn not_applicable_answers_are_exactly_those_question_applies_refuses(
        config in any_config(),
        proposal in any_proposal(),
    ) {
        let errors = validate(&config, &proposal);
        for id in proposal.answers.keys() {
            let field = Field::Answer(id.clone());
            let refused = errors
                .iter()
                .any(|e| e.field == field && e.code == ErrorCode::NotApplicable);
            // The first question with an id is the one asked (duplicates are a config error).
            let applies = config
                .question(id)
                .is_some_and(|q| config.question_applies(q, &proposal));
            prop_assert_eq!(refused, !applies, "{}", field.to_string());
        }
    }

    #[test]
    fn what_without_inapplicable_keeps_is_never_out_of_scope(
        config in any_config(),
        proposal in any_proposal(),
    ) {
        let sendable = config.without_inapplicable(&proposal);
        let errors = validate(&config, &sendable);
        prop_assert!(errors.iter().all(|e| e.code != ErrorCode::NotApplicable), "{:?}", errors);
        // Everything else about the proposal is left alone.
        let untouched = Proposal {
            answers: BTreeMap::new(),
            talks: Vec::new(),
            ..proposal.clone()
        };
        prop_assert_eq!(
            Proposal { answers: BTreeMap::new(), talks: Vec::new(), ..sendable },
            untouched
        );
    }

    #[test]
    fn timestamps_never_panic_the_parser(text in "[0-9T:. +AoEZz-]{0,30}|.{0,30}") {
        if let Ok(deadline) = text.parse::<Deadline>() {
            prop_assert_eq!(deadline.as_str(), text.as_str());
        }
    }

    #[test]
    fn counting_ignores_line_endings(text in any_text()) {
        // Lone CRs are ordinary characters, so build both styles from text without them.
        let lf = text.replace('\r', "");
        let crlf = lf.replace('\n', "\r\n");
        prop_assert_eq!(count_chars(&lf), count_chars(&crlf));
        prop_assert_eq!(count_words(&lf), count_words(&crlf));
    }

    #[test]
    fn counting_ignores_surrounding_whitespace(text in any_text(), before in "[ \t\r\n]{0,4}", after in "[ \t\r\n]{0,4}") {
        let padded = format!("{before}{text}{after}");
        prop_assert_eq!(count_chars(&padded), count_chars(&text));
        prop_assert_eq!(count_words(&padded), count_words(&text));
    }

    #[test]
    fn config_parsing_never_panics(text in ".{0,200}") {
        let mut de = serde_json::Deserializer::from_str(&text);
        let _ = EventConfig::parse(&mut de);
    }
}
