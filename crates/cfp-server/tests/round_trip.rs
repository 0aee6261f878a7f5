//! What the widget writes, the server reads: for arbitrary valid proposals (talks,
//! co-speakers, every kind of answer, text with non-ASCII, `&`, `=`, `[`, `+`, `%` and
//! line breaks), the body cfp-core's encoders write (the widget's own code) read by the
//! server's real intake (`intake::read`, as the proposal route calls it) is the proposal
//! again, for the form encoding and for JSON, 10,000 cases each.

use cfp_core::encode::{encode_form, encode_json, FieldNames};
use cfp_core::{validate, Answer, EventConfig, Proposal, QuestionKind, Speaker, Talk};
use cfp_server::intake::{read, Intake};
use proptest::prelude::*;
use std::sync::OnceLock;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A call with every field the proposal can carry: three formats (one a workshop block of
/// up to five talks), tracks, four speakers, one question of each kind, no length limits
/// (lengths are `validate`'s to test, not the encoding's).
fn config() -> &'static EventConfig {
    static CONFIG: OnceLock<EventConfig> = OnceLock::new();
    CONFIG.get_or_init(|| {
        EventConfig::from_json(
            r#"{"id":"ev","name":"Event","endpoint":{"url":"/x","encoding":"form"},
            "formats":[{"id":"talk","label":"Talk","minutes":25},
                       {"id":"poster","label":"Poster"},
                       {"id":"workshop","label":"Workshop","minutes":120,"talks":{"min":1,"max":5}}],
            "tracks":[{"id":"data","label":"Data"},{"id":"web","label":"Web"}],
            "speakers":{"max":4},
            "questions":[
              {"id":"why","label":"Why?","kind":"text"},
              {"id":"story","label":"Story","kind":"long_text"},
              {"id":"level","label":"Level","kind":"choice",
               "options":[{"id":"intro","label":"Intro"},{"id":"deep","label":"Deep"}]},
              {"id":"topics","label":"Topics","kind":"multi_choice",
               "options":[{"id":"ml","label":"ML"},{"id":"hpc","label":"HPC"},{"id":"viz","label":"Viz"}]},
              {"id":"first-talk","label":"First talk?","kind":"bool"},
              {"id":"years","label":"Years","kind":"number","min":-1000,"max":1000000},
              {"id":"slides","label":"Slides","kind":"url"}]}"#,
        )
        .expect("the round-trip config is valid")
    })
}

/// Any text, blank included: what the characters that forms and JSON escape look like.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 &=\\[\\]%+#?;,.'\"\\\\/é日本ßÆ—…\n\r\t]{0,30}",
        ".{0,20}",
        Just(String::new()),
        Just("true".to_owned()),
        Just("a=b&c[0]=d".to_owned()),
    ]
}

/// Text with something in it besides whitespace, for required fields.
fn filled() -> impl Strategy<Value = String> {
    ("[a-zé日Ω&=\\[]", text()).prop_map(|(first, rest)| format!("{first}{rest}"))
}

fn email(n: usize) -> impl Strategy<Value = String> {
    "[a-z0-9.+_'-]{0,10}".prop_map(move |local| format!("s{n}{local}@example.org"))
}

fn speaker(n: usize) -> impl Strategy<Value = Speaker> {
    (filled(), email(n), text(), text()).prop_map(|(name, email, affiliation, bio)| Speaker {
        name,
        email,
        affiliation,
        bio,
    })
}

fn talk() -> impl Strategy<Value = Talk> {
    (filled(), filled(), email(9), filled(), 1u32..=24).prop_map(
        |(title, speaker_name, speaker_email, r#abstract, minutes)| Talk {
            title,
            speaker_name,
            speaker_email,
            r#abstract,
            minutes: Some(minutes),
        },
    )
}

/// A valid answer of the question's kind.
fn answer(kind: QuestionKind) -> BoxedStrategy<Answer> {
    match kind {
        QuestionKind::Text | QuestionKind::LongText => text().prop_map(Answer::Text).boxed(),
        QuestionKind::Choice => prop_oneof![Just("intro"), Just("deep")]
            .prop_map(|id| Answer::Text(id.into()))
            .boxed(),
        QuestionKind::MultiChoice => proptest::sample::subsequence(vec!["ml", "hpc", "viz"], 0..=3)
            .prop_map(|picks| Answer::Choices(picks.into_iter().map(String::from).collect()))
            .boxed(),
        QuestionKind::Bool => any::<bool>().prop_map(Answer::Bool).boxed(),
        QuestionKind::Number => prop_oneof![
            (-1000i32..=1_000_000).prop_map(f64::from),
            -1000.0f64..1_000_000.0,
            Just(0.1),
            Just(-0.0),
        ]
        .prop_map(Answer::Number)
        .boxed(),
        QuestionKind::Url => "[a-z0-9/?=&%._~-]{0,20}"
            .prop_map(|path| Answer::Text(format!("https://example.org/{path}")))
            .boxed(),
    }
}

fn answers() -> impl Strategy<Value = Vec<(String, Answer)>> {
    let per_question: Vec<_> = config()
        .questions
        .iter()
        .map(|q| {
            let id = q.id.clone();
            proptest::option::of(answer(q.kind)).prop_map(move |a| a.map(|a| (id.clone(), a)))
        })
        .collect();
    per_question.prop_map(|answers| answers.into_iter().flatten().collect())
}

fn proposal() -> impl Strategy<Value = Proposal> {
    (
        (
            filled(),
            prop_oneof![Just("talk"), Just("poster"), Just("workshop")],
        ),
        proptest::option::of(prop_oneof![Just("data"), Just("web")]),
        (filled(), text()),
        (1usize..=4).prop_flat_map(|n| (0..n).map(speaker).collect::<Vec<_>>()),
        proptest::collection::vec(talk(), 1..=5),
        answers(),
    )
        .prop_map(
            |((title, format), track, (r#abstract, description), speakers, talks, answers)| {
                Proposal {
                    title,
                    format: Some(format.into()),
                    track: track.map(String::from),
                    r#abstract,
                    description,
                    speakers,
                    talks: if format == "workshop" {
                        talks
                    } else {
                        Vec::new()
                    },
                    answers: answers.into_iter().collect(),
                    code_of_conduct: true,
                }
            },
        )
}

fn read_back(content_type: &str, body: &str) -> Proposal {
    match read(config(), Some(content_type), body.as_bytes()) {
        Ok(Intake::Proposal(p)) => p,
        other => panic!("{content_type} body not read as a proposal: {other:?}\n{body}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn the_form_the_widget_writes_is_the_proposal_the_server_reads(p in proposal()) {
        prop_assert_eq!(validate(config(), &p), vec![], "the generator makes valid proposals");
        let body = encode_form(&p, &FieldNames::new(), None);
        prop_assert_eq!(read_back(FORM, &body), p);
    }

    #[test]
    fn the_json_the_widget_writes_is_the_proposal_the_server_reads(p in proposal()) {
        prop_assert_eq!(validate(config(), &p), vec![], "the generator makes valid proposals");
        let body = encode_json(&p, &FieldNames::new(), None);
        prop_assert_eq!(read_back(JSON, &body), p);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_filled_honeypot_is_caught_in_both_encodings(p in proposal(), trap in filled()) {
        let honeypot = Some((config().honeypot.as_str(), trap.as_str()));
        for (content_type, body) in [
            (FORM, encode_form(&p, &FieldNames::new(), honeypot)),
            (JSON, encode_json(&p, &FieldNames::new(), honeypot)),
        ] {
            prop_assert_eq!(
                read(config(), Some(content_type), body.as_bytes()).ok(),
                Some(Intake::Honeypot)
            );
        }
    }
}
