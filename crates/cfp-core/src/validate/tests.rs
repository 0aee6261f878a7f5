//! `validate`'s rules for the core fields; talks and answers have their own files.

mod answers;
mod talks;

use super::*;
use crate::config::{Limit, Unit};

fn dask() -> EventConfig {
    let mut de = serde_json::Deserializer::from_str(include_str!(
        "../../../../events/dask-summit-2021.json"
    ));
    EventConfig::parse(&mut de).unwrap()
}

fn scipy() -> EventConfig {
    let mut de =
        serde_json::Deserializer::from_str(include_str!("../../../../events/scipy-2020.json"));
    EventConfig::parse(&mut de).unwrap()
}

fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

/// A proposal the Dask config accepts.
fn good() -> Proposal {
    Proposal {
        title: "Scaling Machine Learning With Python and Dask".into(),
        format: Some("talk".into()),
        track: None,
        r#abstract: words(80),
        description: String::new(),
        speakers: vec![Speaker {
            name: "James Lamb".into(),
            email: "james@example.org".into(),
            affiliation: String::new(),
            bio: String::new(),
        }],
        code_of_conduct: true,
        ..Proposal::default()
    }
}

fn codes(config: &EventConfig, p: &Proposal) -> Vec<(String, ErrorCode)> {
    validate(config, p)
        .into_iter()
        .map(|e| (e.field.to_string(), e.code))
        .collect()
}

#[test]
fn a_good_proposal_has_no_errors() {
    assert_eq!(validate(&dask(), &good()), []);
}

#[test]
fn a_blank_proposal_lists_every_required_field_in_form_order() {
    let fields: Vec<(String, ErrorCode)> = codes(&scipy(), &Proposal::blank());
    let expected = [
        ("title", ErrorCode::Required),
        ("format", ErrorCode::Required),
        ("track", ErrorCode::Required),
        ("abstract", ErrorCode::Required),
        ("speakers[0].name", ErrorCode::Required),
        ("speakers[0].email", ErrorCode::Required),
        ("code_of_conduct", ErrorCode::Required),
    ];
    assert_eq!(fields, expected.map(|(f, c)| (f.to_string(), c)).to_vec());
}

#[test]
fn whitespace_only_is_empty() {
    let mut p = good();
    p.title = " \n\t ".into();
    assert_eq!(codes(&dask(), &p), [("title".into(), ErrorCode::Required)]);
}

#[test]
fn too_long_reports_limit_and_count_in_the_unit() {
    let mut p = good();
    p.r#abstract = words(342);
    assert_eq!(
        validate(&dask(), &p),
        [FieldError::bounded(
            Field::from_static("abstract"),
            ErrorCode::TooLong,
            300,
            342
        )]
    );
    p.r#abstract = words(300);
    assert_eq!(validate(&dask(), &p), []);

    let mut p = good();
    p.title = "x".repeat(101);
    assert_eq!(
        validate(&dask(), &p),
        [FieldError::bounded(
            Field::from_static("title"),
            ErrorCode::TooLong,
            100,
            101
        )]
    );
}

#[test]
fn too_short_only_when_something_is_written() {
    let mut p = good();
    p.r#abstract = words(29);
    assert_eq!(
        validate(&dask(), &p),
        [FieldError::bounded(
            Field::from_static("abstract"),
            ErrorCode::TooShort,
            30,
            29
        )]
    );
    p.r#abstract = words(30);
    assert_eq!(validate(&dask(), &p), []);
}

#[test]
fn an_optional_field_with_a_minimum_is_required() {
    let mut config = dask();
    config.limits.description = Some(Limit {
        min: Some(10),
        max: None,
        unit: Unit::Words,
    });
    let mut p = good();
    assert_eq!(
        codes(&config, &p),
        [("description".into(), ErrorCode::Required)]
    );
    p.description = words(9);
    assert_eq!(
        validate(&config, &p),
        [FieldError::bounded(
            Field::from_static("description"),
            ErrorCode::TooShort,
            10,
            9
        )]
    );
}

#[test]
fn unknown_format_and_track() {
    let mut p = good();
    p.format = Some("keynote".into());
    p.track = Some("finance".into());
    assert_eq!(
        codes(&dask(), &p),
        [
            ("format".into(), ErrorCode::UnknownFormat),
            ("track".into(), ErrorCode::UnknownTrack)
        ]
    );
    p.format = Some("workshop".into());
    p.track = Some("use-case".into());
    p.talks = talks::three_talks();
    assert_eq!(validate(&dask(), &p), []);
}

#[test]
fn an_empty_choice_is_no_choice() {
    let mut p = good();
    p.format = Some(String::new());
    p.track = Some(String::new());
    assert_eq!(codes(&dask(), &p), [("format".into(), ErrorCode::Required)]);
}

#[test]
fn track_is_optional_unless_required() {
    let mut p = good();
    p.track = None;
    assert_eq!(validate(&dask(), &p), []);
    p.r#abstract = words(60);
    assert_eq!(codes(&scipy(), &p), [("track".into(), ErrorCode::Required)]);
    p.track = Some("hpc".into());
    assert_eq!(validate(&scipy(), &p), []);
}

#[test]
fn emails_are_checked() {
    let mut p = good();
    for bad in [
        "james",
        "james@",
        "@example.org",
        "james@example",
        "ja mes@example.org",
        "james@exa_mple.org",
        "james@-example.org",
        "a@b@example.org",
    ] {
        p.speakers[0].email = bad.into();
        assert_eq!(
            codes(&dask(), &p),
            [("speakers[0].email".into(), ErrorCode::InvalidEmail)],
            "{bad}"
        );
    }
    for good_email in [
        "james@example.org",
        "j.lamb+cfp@sub.example.co.uk",
        " james@example.org ",
        "josé@exämple.org",
    ] {
        p.speakers[0].email = good_email.into();
        assert_eq!(validate(&dask(), &p), [], "{good_email}");
    }
}

#[test]
fn speakers_are_counted_and_each_checked() {
    let mut p = good();
    p.speakers.clear();
    assert_eq!(
        codes(&dask(), &p),
        [("speakers[0].name".into(), ErrorCode::Required)]
    );

    let mut p = good();
    let extra = Speaker {
        name: "Someone".into(),
        email: "not an email".into(),
        affiliation: String::new(),
        bio: words(151),
    };
    p.speakers.extend(std::iter::repeat_n(extra, 4));
    let errors = validate(&dask(), &p);
    assert_eq!(
        errors[0],
        FieldError::bounded(Field::from_static("speakers"), ErrorCode::TooMany, 4, 5)
    );
    assert_eq!(
        errors[1],
        FieldError::new(
            Field::from_static("speakers[1].email"),
            ErrorCode::InvalidEmail
        )
    );
    assert_eq!(
        errors[2],
        FieldError::bounded(
            Field::from_static("speakers[1].bio"),
            ErrorCode::TooLong,
            150,
            151
        )
    );
    assert_eq!(errors.len(), 1 + 4 * 2);
}

#[test]
fn consent_is_required() {
    let mut p = good();
    p.code_of_conduct = false;
    assert_eq!(
        codes(&dask(), &p),
        [("code_of_conduct".into(), ErrorCode::Required)]
    );
}

#[test]
fn the_seed_talk_passes_the_dask_config() {
    let mut p = good();
    p.r#abstract = "In this talk, attendees will get an introduction to Dask, a distributed computing framework in the PyData ecosystem. The first half of the talk will describe the current state of the project and its ecosystem including distributed data collections, cloud deployment options, distributed machine learning projects, and workflow orchestration. The second half of the talk will be a live demo showing the programming model for machine learning on Dask, with specific examples using LightGBM.".into();
    assert_eq!(validate(&dask(), &p), []);
}

#[test]
fn a_repeated_speaker_email_is_a_duplicate_on_the_later_speaker() {
    let mut p = good();
    let second = |email: &str| Speaker {
        name: "Someone".into(),
        email: email.into(),
        ..Speaker::default()
    };
    p.speakers.push(second("jane@example.org"));
    p.speakers.push(second(" James@Example.ORG "));
    p.speakers.push(second("JANE@example.org"));
    assert_eq!(
        codes(&dask(), &p),
        [
            ("speakers[2].email".into(), ErrorCode::Duplicate),
            ("speakers[3].email".into(), ErrorCode::Duplicate),
        ]
    );
    // An empty or malformed repeat is reported as that, once.
    p.speakers.truncate(2);
    p.speakers.push(second(""));
    p.speakers.push(second(""));
    p.speakers[1].email = "nope".into();
    p.speakers.push(second("nope"));
    let dask = {
        let mut c = dask();
        c.speakers.max = 5;
        c
    };
    assert_eq!(
        codes(&dask, &p),
        [
            ("speakers[1].email".into(), ErrorCode::InvalidEmail),
            ("speakers[2].email".into(), ErrorCode::Required),
            ("speakers[3].email".into(), ErrorCode::Required),
            ("speakers[4].email".into(), ErrorCode::InvalidEmail),
        ]
    );
}

#[test]
fn talks_are_not_applicable_to_a_talk_format() {
    let mut p = good();
    p.talks.push(crate::proposal::Talk::default());
    assert_eq!(
        codes(&dask(), &p),
        [("talks".into(), ErrorCode::NotApplicable)]
    );
    // An unknown or missing format is the format's error, not the talks'.
    p.format = Some("keynote".into());
    assert_eq!(
        codes(&dask(), &p),
        [("format".into(), ErrorCode::UnknownFormat)]
    );
    p.format = None;
    assert_eq!(codes(&dask(), &p), [("format".into(), ErrorCode::Required)]);
}

#[test]
fn emails_are_compared_with_ascii_case_folded_only() {
    assert_eq!(super::normalised_email("  Ann@X.ORG "), "ann@x.org");
    // No Unicode case tables (they would cost the wasm 6.8 KB): told apart, not merged.
    assert_ne!(
        super::normalised_email("Ä@x.org"),
        super::normalised_email("ä@x.org")
    );
}
