//! The outbox: every email the server owes someone, kept in the database until it is
//! delivered, so that nothing is lost and nothing waits.
//!
//! Invariant: a message is queued in the same transaction as the write it tells of
//! (`store/changes.rs` calls `store::outbox::queue` inside the writer's batch), so a
//! receipt is never given for a proposal whose messages are not queued, and never waits
//! for SMTP. What to queue is `plan`: a pure function of the proposal, the one before it
//! and the event's settings. Each message has a stable job key (the primary key, so a
//! replayed write queues nothing twice) from which its Message-ID is made.
//!
//! `deliver` (a task per server) sends what is due: it takes a lease on each job (so
//! several instances on one PostgreSQL never send one message together), sends it with
//! lettre (`mail.rs`), and marks it sent; a failure is tried again with backoff (5 s,
//! doubling, at most 5 minutes apart) for `GIVE_UP_AFTER` (26 hours), and an answer of
//! the SMTP server that is permanent (5xx) or that last attempt marks it failed, which
//! the export shows. The one window where a message can go twice: SMTP accepted it and
//! the server died before marking it sent; it then goes again with the same Message-ID.

mod deliver;

pub use deliver::{deliver, DeliveryConfig};

use cfp_core::{normalised_email, Proposal};

cfp_core::wire_names! {
    /// What a message says and to whom; stored in `outbox.kind`.
    pub enum MessageKind {
        /// To the speaker who sent it: the acknowledgement, the proposal as sent, the link.
        Received = "received",
        /// To that speaker: the proposal was changed.
        Changed = "changed",
        /// To that speaker: the proposal was withdrawn.
        Withdrawn = "withdrawn",
        /// To anyone else named on the proposal (co-speakers, a workshop's talk speakers):
        /// that they were named. Only the title, at most once a day per address and event.
        Named = "named",
        /// To each of the organisers' addresses (`notify`), with the proposal.
        OrganisersReceived = "organisers_received",
        OrganisersChanged = "organisers_changed",
        OrganisersWithdrawn = "organisers_withdrawn",
        /// "Lost your link?": every private link of the proposals an address sent, to
        /// that address. At most one an hour per address and event (the hour is in its
        /// job key); asked for an address with no proposals, nothing is queued.
        Links = "links",
        /// A call to one of the event's webhooks (`webhook.rs`); the recipient is the
        /// webhook's id, never its URL.
        Webhook = "webhook",
    }
}

/// What happened to the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Received,
    Changed,
    Withdrawn,
}

/// Who is to be told of a write, as the route knows it: whether mail is on at all, the
/// language of the speaker's messages, and the organisers' addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    /// The server has an SMTP transport; without one nothing is queued.
    pub mail: bool,
    /// `en`, `es` or `de`: the speaker's messages are written in it.
    pub language: String,
    /// The organisers' language: the event's locale, else English.
    pub organisers_language: String,
    pub organisers: Vec<String>,
    /// The ids of the event's webhooks (`settings::Webhook::id`): called whether or not
    /// mail is on.
    pub webhooks: Vec<String>,
}

impl Notices {
    /// Tell no one (mail off): what tests of the store alone use.
    pub fn none() -> Notices {
        Notices::default()
    }
}

/// One message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub kind: MessageKind,
    /// The address, trimmed, as it was typed (the key uses its normalised form).
    pub recipient: String,
    pub language: String,
}

/// The messages a write causes. `previous` is the version before a change: only people
/// it did not name already are told they were named.
pub fn plan(
    what: What,
    proposal: &Proposal,
    previous: Option<&Proposal>,
    notices: &Notices,
) -> Vec<Planned> {
    let mut out = Vec::new();
    let webhooks = notices.webhooks.iter().map(|id| Planned {
        kind: MessageKind::Webhook,
        recipient: id.clone(),
        language: notices.organisers_language.clone(),
    });
    if !notices.mail {
        out.extend(webhooks);
        return out;
    }
    let mut to = |kind, recipient: &str, language: &str| {
        let recipient = recipient.trim();
        if cfp_core::validate::is_email(recipient)
            && !out.iter().any(|p: &Planned| {
                p.kind == kind && normalised_email(&p.recipient) == normalised_email(recipient)
            })
        {
            out.push(Planned {
                kind,
                recipient: recipient.to_owned(),
                language: language.to_owned(),
            });
        }
    };
    let sender = proposal.speakers.first().map(|s| s.email.as_str());
    let (to_sender, to_organisers) = match what {
        What::Received => (MessageKind::Received, MessageKind::OrganisersReceived),
        What::Changed => (MessageKind::Changed, MessageKind::OrganisersChanged),
        What::Withdrawn => (MessageKind::Withdrawn, MessageKind::OrganisersWithdrawn),
    };
    if let Some(sender) = sender {
        to(to_sender, sender, &notices.language);
    }
    if what != What::Withdrawn {
        let named_before: Vec<String> = previous
            .map(named)
            .unwrap_or_default()
            .iter()
            .map(|e| normalised_email(e))
            .collect();
        let sender = sender.map(normalised_email).unwrap_or_default();
        for address in named(proposal) {
            let key = normalised_email(address);
            if key != sender && !named_before.contains(&key) {
                to(MessageKind::Named, address, &notices.language);
            }
        }
    }
    for organiser in &notices.organisers {
        to(to_organisers, organiser, &notices.organisers_language);
    }
    out.extend(webhooks);
    out
}

/// Every address a proposal names besides its sender's: co-speakers, then the speakers
/// of a workshop's talks.
fn named(proposal: &Proposal) -> Vec<&str> {
    proposal
        .speakers
        .iter()
        .skip(1)
        .map(|s| s.email.as_str())
        .chain(proposal.talks.iter().map(|t| t.speaker_email.as_str()))
        .collect()
}

/// A message's job key: stable, so a replay queues nothing new, and the source of its
/// Message-ID. A `named` notice's key has the day in it instead of the proposal (and a
/// `links` message the hour), which is what makes it "at most one a day (an hour) per
/// address and event", across instances too. `now` is `now_rfc3339()`'s text.
pub fn job_key(
    event_id: &str,
    proposal_id: &str,
    version: i64,
    planned: &Planned,
    now: &str,
) -> String {
    let address = normalised_email(&planned.recipient);
    let (day, hour) = (now.get(..10).unwrap_or(now), now.get(..13).unwrap_or(now));
    match planned.kind {
        MessageKind::Named => format!("named/{event_id}/{address}/{day}"),
        MessageKind::Links => format!("links/{event_id}/{address}/{hour}"),
        kind => format!("{proposal_id}/v{version}/{}/{address}", kind.as_str()),
    }
}

/// The Message-ID of a job: the same on every attempt, so a receiver can tell a repeat.
pub fn message_id(job_key: &str, domain: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(job_key.as_bytes());
    format!("<{}@{domain}>", hex::encode(&digest[..16]))
}

/// The language a message is written in: `tag`'s (an HTTP Content-Language, or the
/// event's locale) when there is a catalogue for it, else English.
pub fn language(tag: Option<&str>) -> &'static str {
    let primary = tag
        .and_then(|t| t.split([',', '-', '_', ';']).next())
        .map(|p| p.trim().to_ascii_lowercase());
    match primary.as_deref() {
        Some("es") => "es",
        Some("de") => "de",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::{Speaker, Talk};

    fn speaker(email: &str) -> Speaker {
        Speaker {
            email: email.into(),
            ..Speaker::default()
        }
    }

    fn notices() -> Notices {
        Notices {
            mail: true,
            language: "es".into(),
            organisers_language: "en".into(),
            organisers: vec!["programme@conf.example".into()],
            webhooks: vec!["webhook:0badf00d".into()],
        }
    }

    fn kinds(planned: &[Planned]) -> Vec<(MessageKind, &str, &str)> {
        planned
            .iter()
            .map(|p| (p.kind, p.recipient.as_str(), p.language.as_str()))
            .collect()
    }

    #[test]
    fn a_new_proposal_tells_its_sender_the_named_and_the_organisers() {
        let mut p = Proposal {
            speakers: vec![
                speaker(" Ada@Example.org "),
                speaker("grace@example.org"),
                speaker("GRACE@example.org"),
                speaker("not an address"),
            ],
            ..Proposal::default()
        };
        p.talks.push(Talk {
            speaker_email: "ada@example.org".into(),
            ..Talk::default()
        });
        p.talks.push(Talk {
            speaker_email: "linus@example.org".into(),
            ..Talk::default()
        });
        assert_eq!(
            kinds(&plan(What::Received, &p, None, &notices())),
            [
                (MessageKind::Received, "Ada@Example.org", "es"),
                (MessageKind::Named, "grace@example.org", "es"),
                (MessageKind::Named, "linus@example.org", "es"),
                (
                    MessageKind::OrganisersReceived,
                    "programme@conf.example",
                    "en"
                ),
                (MessageKind::Webhook, "webhook:0badf00d", "en"),
            ]
        );
        assert!(plan(What::Received, &p, None, &Notices::none()).is_empty());
        let webhooks_only = Notices {
            mail: false,
            ..notices()
        };
        assert_eq!(
            kinds(&plan(What::Received, &p, None, &webhooks_only)),
            [(MessageKind::Webhook, "webhook:0badf00d", "en")]
        );
    }

    #[test]
    fn a_change_names_only_the_newly_named_and_a_withdrawal_no_one_else() {
        let before = Proposal {
            speakers: vec![speaker("ada@example.org"), speaker("grace@example.org")],
            ..Proposal::default()
        };
        let mut after = before.clone();
        after.speakers.push(speaker("linus@example.org"));
        assert_eq!(
            kinds(&plan(What::Changed, &after, Some(&before), &notices())),
            [
                (MessageKind::Changed, "ada@example.org", "es"),
                (MessageKind::Named, "linus@example.org", "es"),
                (
                    MessageKind::OrganisersChanged,
                    "programme@conf.example",
                    "en"
                ),
                (MessageKind::Webhook, "webhook:0badf00d", "en"),
            ]
        );
        assert_eq!(
            kinds(&plan(What::Withdrawn, &after, Some(&after), &notices())),
            [
                (MessageKind::Withdrawn, "ada@example.org", "es"),
                (
                    MessageKind::OrganisersWithdrawn,
                    "programme@conf.example",
                    "en"
                ),
                (MessageKind::Webhook, "webhook:0badf00d", "en"),
            ]
        );
    }

    #[test]
    fn keys_are_stable_and_named_notices_are_daily() {
        let planned = Planned {
            kind: MessageKind::Received,
            recipient: "Ada@Example.org".into(),
            language: "en".into(),
        };
        assert_eq!(
            job_key("ev", "7K3MQ-9XZ2A", 1, &planned, "2026-12-01T10:11:12Z"),
            "7K3MQ-9XZ2A/v1/received/ada@example.org"
        );
        let named = Planned {
            kind: MessageKind::Named,
            ..planned.clone()
        };
        assert_eq!(
            job_key("ev", "7K3MQ-9XZ2A", 3, &named, "2026-12-01T10:11:12Z"),
            "named/ev/ada@example.org/2026-12-01"
        );
        let links = Planned {
            kind: MessageKind::Links,
            ..planned
        };
        assert_eq!(
            job_key("ev", "7K3MQ-9XZ2A", 3, &links, "2026-12-01T10:11:12Z"),
            "links/ev/ada@example.org/2026-12-01T10"
        );
        let id = message_id("a", "conf.example");
        assert_eq!(id, message_id("a", "conf.example"));
        assert_ne!(id, message_id("b", "conf.example"));
        assert!(
            id.starts_with('<') && id.ends_with("@conf.example>"),
            "{id}"
        );
    }

    #[test]
    fn languages_fall_back_to_english() {
        assert_eq!(language(Some("de-CH")), "de");
        assert_eq!(language(Some("es")), "es");
        assert_eq!(language(Some("fr")), "en");
        assert_eq!(language(Some("")), "en");
        assert_eq!(language(None), "en");
    }
}
