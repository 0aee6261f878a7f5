//! Each message of the outbox written out: its subject and plain-text body, in the
//! message's language (`text.rs`), from the proposal at the version the message is about.
//!
//! Plain text only, so nothing a speaker wrote can be markup; lettre encodes the subject
//! and body (RFC 2047, quoted-printable), and line breaks are taken out of what goes in
//! the subject. A `named` notice carries nothing of the proposal but its title and
//! reference: anyone can type any address as a co-speaker.

use crate::outbox::MessageKind;
use crate::store::StoredProposal;
use crate::text::Text;
use cfp_core::{Answer, EventConfig, Proposal};

/// A message's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// What a message is written from.
pub struct Context<'a> {
    pub kind: MessageKind,
    pub language: &'a str,
    pub recipient: &'a str,
    pub event: &'a EventConfig,
    /// The proposal at the message's version.
    pub stored: &'a StoredProposal,
    /// The private link, for the speaker's acknowledgement (`None` without `page_url`).
    pub link: Option<&'a str>,
    /// For a `links` message: every proposal the address sent, with its link.
    pub listed: &'a [Listed],
}

/// One proposal of a `links` message.
pub struct Listed {
    pub stored: StoredProposal,
    pub link: Option<String>,
}

pub fn compose(cx: &Context<'_>) -> Letter {
    let text = Text::new(cx.language);
    let p = &cx.stored.proposal;
    let version = cx.stored.version.to_string();
    let at = cx.stored.updated_at.as_str();
    let args = [
        ("event", cx.event.name.as_str()),
        ("title", p.title.as_str()),
        ("reference", cx.stored.id.as_str()),
        ("version", version.as_str()),
        ("at", at),
        ("address", cx.recipient),
    ];
    let say = |key: &str| text.say(key, &args);
    let subject = one_line(&say(&format!("subject.{}", cx.kind.as_str())));
    let mut body = String::new();
    let mut para = |s: String| {
        body.push_str(&s);
        body.push_str("\n\n");
    };
    let sender_name = p.speakers.first().map(|s| s.name.trim()).unwrap_or("");
    match cx.kind {
        MessageKind::Received | MessageKind::Changed | MessageKind::Withdrawn => {
            para(text.say("greeting", &[("name", sender_name)]));
            match cx.kind {
                MessageKind::Received => {
                    para(text.say(
                        "received.intro",
                        &[
                            ("event", &cx.event.name),
                            ("title", &p.title),
                            ("reference", &cx.stored.id),
                            ("at", &cx.stored.received_at),
                        ],
                    ));
                }
                MessageKind::Changed => para(say("changed.intro")),
                _ => para(say("withdrawn.intro")),
            }
            if cx.kind != MessageKind::Withdrawn {
                match cx.link {
                    Some(link) => {
                        let until = cx.event.edits_end().map(|d| d.as_str().to_owned());
                        let intro = match &until {
                            Some(until) => text.say("link.until", &[("until", until)]),
                            None => say("link.always"),
                        };
                        para(format!("{intro}\n{link}"));
                        para(say("link.keep"));
                    }
                    None => para(say("link.none")),
                }
            }
            if cx.kind == MessageKind::Received {
                para(say("received.copy"));
                para(proposal_text(&text, cx.event, p));
            } else {
                para(say("not_you"));
            }
        }
        // Not mail: `webhook.rs` writes its body.
        MessageKind::Webhook => {}
        MessageKind::Links => {
            para(say("links.intro"));
            for listed in cx.listed {
                let state = text.say(&format!("state.{}", listed.stored.state.as_str()), &[]);
                let line = text.say(
                    "links.line",
                    &[
                        ("title", &listed.stored.proposal.title),
                        ("reference", &listed.stored.id),
                        ("state", &state),
                    ],
                );
                match &listed.link {
                    Some(link) => para(format!("{line}\n{link}")),
                    None => para(format!("{line}\n{}", say("link.none"))),
                }
            }
            para(say("link.keep"));
            para(say("links.ignore"));
        }
        MessageKind::Named => {
            para(say("named.intro"));
            para(say("named.nothing"));
            para(say("named.report"));
        }
        MessageKind::OrganisersReceived
        | MessageKind::OrganisersChanged
        | MessageKind::OrganisersWithdrawn => {
            let key = match cx.kind {
                MessageKind::OrganisersReceived => "organisers.received",
                MessageKind::OrganisersChanged => "organisers.changed",
                _ => "organisers.withdrawn",
            };
            para(say(key));
            para(say("organisers.current"));
            para(proposal_text(&text, cx.event, p));
        }
    }
    body.push_str(&format!("-- \n{}\n", cx.event.name));
    Letter { subject, body }
}

/// An answer as words: yes or no, the number, the text, the picks' labels.
pub fn answer_text(text: &Text, question: &cfp_core::Question, answer: &Answer) -> String {
    let say = |key: &str| text.say(key, &[]);
    let label_of = |id: &str| {
        question
            .options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_owned(), |o| o.label.clone())
    };
    match answer {
        Answer::Bool(true) => say("answer.yes"),
        Answer::Bool(false) => say("answer.no"),
        Answer::Number(n) => n.to_string(),
        Answer::Text(t) if t.trim().is_empty() => say("answer.none"),
        Answer::Text(t) => t.clone(),
        Answer::Choices(picks) if picks.is_empty() => say("answer.none"),
        Answer::Choices(picks) => picks
            .iter()
            .map(|id| label_of(id))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Line breaks and other controls out, for a header.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The whole proposal as labelled text, as the widget's form asked for it.
fn proposal_text(text: &Text, event: &EventConfig, p: &Proposal) -> String {
    let mut out = String::new();
    let mut field = |label: String, value: &str, indent: &str| {
        let value = value.trim();
        if value.contains('\n') || value.is_empty() {
            out.push_str(&format!("{indent}{label}:\n"));
            for line in value.lines() {
                out.push_str(&format!("{indent}  {line}\n"));
            }
        } else {
            out.push_str(&format!("{indent}{label}: {value}\n"));
        }
    };
    let say = |key: &str| text.say(key, &[]);
    field(say("field.title"), &p.title, "");
    if let Some(format) = &p.format {
        let label = event.format(format).map_or(format.as_str(), |f| &f.label);
        field(say("field.format"), label, "");
    }
    if let Some(track) = &p.track {
        let label = event
            .tracks
            .iter()
            .find(|t| t.id == *track)
            .map_or(track.as_str(), |t| &t.label);
        field(say("field.track"), label, "");
    }
    field(say("field.abstract"), &p.r#abstract, "");
    if !p.description.trim().is_empty() {
        field(say("field.description"), &p.description, "");
    }
    for (i, s) in p.speakers.iter().enumerate() {
        let n = (i + 1).to_string();
        field(text.say("field.speaker", &[("n", &n)]), "", "");
        field(say("field.name"), &s.name, "  ");
        field(say("field.email"), &s.email, "  ");
        if !s.affiliation.trim().is_empty() {
            field(say("field.affiliation"), &s.affiliation, "  ");
        }
        if !s.bio.trim().is_empty() {
            field(say("field.bio"), &s.bio, "  ");
        }
    }
    for (i, t) in p.talks.iter().enumerate() {
        let n = (i + 1).to_string();
        field(text.say("field.talk", &[("n", &n)]), &t.title, "");
        let speaker = format!("{} <{}>", t.speaker_name.trim(), t.speaker_email.trim());
        field(say("field.speaker_of_talk"), &speaker, "  ");
        if let Some(minutes) = t.minutes {
            field(say("field.minutes"), &minutes.to_string(), "  ");
        }
        field(say("field.abstract"), &t.r#abstract, "  ");
    }
    for question in &event.questions {
        let Some(answer) = p.answers.get(&question.id) else {
            continue;
        };
        let value = answer_text(text, question, answer);
        field(question.label.clone(), &value, "");
    }
    let yes_no = if p.code_of_conduct {
        say("answer.yes")
    } else {
        say("answer.no")
    };
    field(say("field.code_of_conduct"), &yes_no, "");
    out.trim_end().to_owned()
}
