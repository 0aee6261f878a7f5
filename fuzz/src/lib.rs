//! What the fuzz targets share: the fixed event configs the intake targets read bodies
//! against, and the export's rows built from fuzzer bytes.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use cfp_core::{Answer, EventConfig, Proposal, Speaker, Talk};
use cfp_server::store::{ProposalState, StoredProposal};

/// The configs an intake body is read against: the Dask demo event (`events/`), and one
/// with a question of every kind, scoped questions, three formats and a honeypot of its
/// own (`src/every-kind.json`), so `as_sent_in_json` and every answer rule are reached.
pub fn configs() -> &'static [EventConfig] {
    static CONFIGS: OnceLock<Vec<EventConfig>> = OnceLock::new();
    CONFIGS.get_or_init(|| {
        [
            include_str!("../../events/dask-summit-2021.json"),
            include_str!("every-kind.json"),
        ]
        .into_iter()
        .map(|text| EventConfig::from_json(text).expect("a fixed config is valid"))
        .collect()
    })
}

/// The export's rows for `data`: a JSON proposal or array of proposals (the seeds are
/// these), else rows built by `arbitrary` from the bytes.
pub fn rows(data: &[u8]) -> Vec<StoredProposal> {
    if let Ok(proposals) = serde_json::from_slice::<OneOrMany>(data) {
        let proposals = match proposals {
            OneOrMany::One(p) => vec![p],
            OneOrMany::Many(ps) => ps,
        };
        return proposals
            .into_iter()
            .enumerate()
            .map(|(i, proposal)| StoredProposal {
                id: format!("7K3MQ-9XZ{i:02}"),
                event_id: "ev".into(),
                received_at: "2026-11-22T18:00:00Z".into(),
                state: ProposalState::Submitted,
                version: 1,
                updated_at: "2026-11-22T18:00:00Z".into(),
                proposal,
                undelivered: Vec::new(),
            })
            .collect();
    }
    Vec::<Row>::arbitrary_take_rest(Unstructured::new(data))
        .unwrap_or_default()
        .into_iter()
        .map(Row::into_stored)
        .collect()
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Proposal),
    Many(Vec<Proposal>),
}

#[derive(Arbitrary, Debug)]
struct Row {
    id: String,
    received_at: String,
    withdrawn: bool,
    version: i64,
    updated_at: String,
    undelivered: Vec<(u8, String, String)>,
    title: String,
    format: Option<String>,
    track: Option<String>,
    r#abstract: String,
    description: String,
    speakers: Vec<[String; 4]>,
    talks: Vec<([String; 4], Option<u32>)>,
    answers: Vec<(String, ArbAnswer)>,
    code_of_conduct: bool,
}

#[derive(Arbitrary, Debug)]
enum ArbAnswer {
    Bool(bool),
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

impl Row {
    fn into_stored(self) -> StoredProposal {
        const KINDS: [&str; 4] = ["received", "changed", "named", "notify"];
        StoredProposal {
            id: self.id,
            event_id: "ev".into(),
            received_at: self.received_at,
            state: if self.withdrawn {
                ProposalState::Withdrawn
            } else {
                ProposalState::Submitted
            },
            version: self.version,
            updated_at: self.updated_at,
            undelivered: self
                .undelivered
                .into_iter()
                .map(|(kind, to, error)| cfp_server::store::Undelivered {
                    kind: KINDS[usize::from(kind) % KINDS.len()],
                    to,
                    error,
                })
                .collect(),
            proposal: Proposal {
                title: self.title,
                format: self.format,
                track: self.track,
                r#abstract: self.r#abstract,
                description: self.description,
                speakers: self
                    .speakers
                    .into_iter()
                    .map(|[name, email, affiliation, bio]| Speaker {
                        name,
                        email,
                        affiliation,
                        bio,
                    })
                    .collect(),
                talks: self
                    .talks
                    .into_iter()
                    .map(
                        |([title, speaker_name, speaker_email, r#abstract], minutes)| Talk {
                            title,
                            speaker_name,
                            speaker_email,
                            r#abstract,
                            minutes,
                        },
                    )
                    .collect(),
                answers: self
                    .answers
                    .into_iter()
                    .map(|(id, answer)| {
                        let answer = match answer {
                            ArbAnswer::Bool(b) => Answer::Bool(b),
                            ArbAnswer::Number(n) => Answer::Number(n),
                            ArbAnswer::Text(t) => Answer::Text(t),
                            ArbAnswer::Choices(c) => Answer::Choices(c),
                        };
                        (id, answer)
                    })
                    .collect(),
                code_of_conduct: self.code_of_conduct,
            },
        }
    }
}

/// `intake::read` of `body` as `content_type` against each of `configs()`, then
/// `validate` on the proposal it returns: neither panics, both are deterministic, and
/// each error's field is written as a path that `Field::parse` reads back.
pub fn intake(body: &[u8], content_type: &str) {
    use cfp_server::intake::{read, Intake};
    for config in configs() {
        let Ok(intake) = read(config, Some(content_type), body) else {
            continue;
        };
        let Intake::Proposal(proposal) = intake else {
            continue;
        };
        let errors = cfp_core::validate(config, &proposal);
        assert_eq!(
            cfp_core::validate(config, &proposal),
            errors,
            "validate is deterministic"
        );
        for error in &errors {
            let path = error.field.to_string();
            assert_eq!(
                cfp_core::Field::parse(&path).as_ref(),
                Some(&error.field),
                "{path}"
            );
        }
    }
}
