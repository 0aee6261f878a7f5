//! Property tests: `validate` is total on any input, and counting ignores line-ending style
//! and surrounding whitespace.

use cfp_core::config::{Encoding, Endpoint, SpeakerRules};
use cfp_core::{
    count_chars, count_words, validate, EventConfig, Format, Limit, Limits, Proposal, Speaker,
    TalkRange, Track, Unit,
};
use proptest::prelude::*;

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

fn any_config() -> impl Strategy<Value = EventConfig> {
    (
        proptest::collection::vec(("[a-z]{1,3}", any_text()), 0..4),
        any::<bool>(),
        proptest::collection::vec(
            (
                "[a-z]{1,3}",
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
                id: "ev".into(),
                name: "Event".into(),
                opens_at: None,
                deadline: None,
                locale: "en".into(),
                endpoint: Some(Endpoint {
                    url: "/x".into(),
                    encoding: Encoding::Json,
                    response: cfp_core::ResponseMode::Readable,
                }),
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

fn any_proposal() -> impl Strategy<Value = Proposal> {
    (
        any_text(),
        proptest::option::of("[a-z]{0,3}"),
        proptest::option::of("[a-z]{0,3}"),
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
            prop_assert!(!error.field.is_empty());
            // A bounded error always says both sides of the comparison.
            prop_assert_eq!(error.limit.is_some(), error.actual.is_some());
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
