//! Workshop blocks: the count of talks, their total minutes, and each talk's fields.

use super::{codes, dask, good, words};
use crate::field::Field;
use crate::field_error::{ErrorCode, FieldError};
use crate::proposal::{Proposal, Talk};
use crate::validate;

fn talk(minutes: u32) -> Talk {
    Talk {
        title: "Dask at the telescope".into(),
        speaker_name: "Ada".into(),
        speaker_email: "ada@example.org".into(),
        r#abstract: words(40),
        minutes: Some(minutes),
    }
}

/// Three good 20-minute talks.
pub(super) fn three_talks() -> Vec<Talk> {
    vec![talk(20); 3]
}

/// A Dask workshop (3 to 5 talks in 120 minutes) with `n` talks of `minutes` each.
fn workshop(n: usize, minutes: u32) -> Proposal {
    Proposal {
        format: Some("workshop".into()),
        talks: vec![talk(minutes); n],
        ..good()
    }
}

#[test]
fn a_workshop_holds_between_min_and_max_talks() {
    assert_eq!(
        validate(&dask(), &workshop(2, 20)),
        [FieldError::bounded(
            Field::from_static("talks"),
            ErrorCode::TooFew,
            3,
            2
        )]
    );
    assert_eq!(validate(&dask(), &workshop(3, 20)), []);
    assert_eq!(validate(&dask(), &workshop(5, 20)), []);
    assert_eq!(
        validate(&dask(), &workshop(6, 20)),
        [FieldError::bounded(
            Field::from_static("talks"),
            ErrorCode::TooMany,
            5,
            6
        )]
    );
    assert_eq!(
        validate(&dask(), &workshop(0, 20)),
        [FieldError::bounded(
            Field::from_static("talks"),
            ErrorCode::TooFew,
            3,
            0
        )]
    );
}

#[test]
fn the_talks_fit_in_the_block() {
    assert_eq!(validate(&dask(), &workshop(4, 30)), []);
    let mut p = workshop(4, 30);
    p.talks[3].minutes = Some(31);
    assert_eq!(
        validate(&dask(), &p),
        [FieldError::bounded(
            Field::from_static("talks"),
            ErrorCode::OverTime,
            120,
            121
        )]
    );
    // Too many talks and too long: both are said.
    assert_eq!(
        codes(&dask(), &workshop(6, 30)),
        [
            ("talks".into(), ErrorCode::TooMany),
            ("talks".into(), ErrorCode::OverTime)
        ]
    );
    // Sums saturate rather than wrap.
    let mut p = workshop(3, u32::MAX);
    p.talks[0].minutes = Some(1);
    assert_eq!(
        validate(&dask(), &p),
        [FieldError::bounded(
            Field::from_static("talks"),
            ErrorCode::OverTime,
            120,
            u32::MAX
        )]
    );
}

#[test]
fn each_talk_names_its_own_fields() {
    let mut p = workshop(3, 20);
    p.talks[2] = Talk::default();
    assert_eq!(
        codes(&dask(), &p),
        [
            ("talks[2].title".into(), ErrorCode::Required),
            ("talks[2].speaker_name".into(), ErrorCode::Required),
            ("talks[2].speaker_email".into(), ErrorCode::Required),
            ("talks[2].abstract".into(), ErrorCode::Required),
            ("talks[2].minutes".into(), ErrorCode::Required),
        ]
    );
    p.talks[2] = Talk {
        speaker_email: "ada@".into(),
        minutes: Some(0),
        title: "  ".into(),
        ..talk(0)
    };
    assert_eq!(
        validate(&dask(), &p),
        [
            FieldError::new(Field::from_static("talks[2].title"), ErrorCode::Required),
            FieldError::new(
                Field::from_static("talks[2].speaker_email"),
                ErrorCode::InvalidEmail
            ),
            FieldError::bounded(
                Field::from_static("talks[2].minutes"),
                ErrorCode::TooSmall,
                1,
                0
            ),
        ]
    );
}

#[test]
fn a_talk_abstract_has_its_own_limit() {
    let mut p = workshop(3, 20);
    p.talks[0].r#abstract = words(201);
    p.talks[1].r#abstract = words(29);
    p.talks[2].r#abstract = words(200);
    assert_eq!(
        validate(&dask(), &p),
        [
            FieldError::bounded(
                Field::from_static("talks[0].abstract"),
                ErrorCode::TooLong,
                200,
                201
            ),
            FieldError::bounded(
                Field::from_static("talks[1].abstract"),
                ErrorCode::TooShort,
                30,
                29
            ),
        ]
    );
    // Without a talk_abstract limit, only presence is checked.
    let mut config = dask();
    config.limits.talk_abstract = None;
    p.talks[0].r#abstract = words(2_000);
    p.talks[1].r#abstract = "x".into();
    assert_eq!(validate(&config, &p), []);
}

#[test]
fn talks_come_after_speakers_in_form_order() {
    let mut p = workshop(2, 20);
    p.speakers[0].email = String::new();
    p.code_of_conduct = false;
    assert_eq!(
        codes(&dask(), &p),
        [
            ("speakers[0].email".into(), ErrorCode::Required),
            ("talks".into(), ErrorCode::TooFew),
            ("code_of_conduct".into(), ErrorCode::Required),
        ]
    );
}
