//! A proposal already sent, opened through its private link (`#cfp-edit=<ref>.<token>`):
//! the form then changes that proposal instead of making a new one. It opens on the
//! version the server has (never silently on a local draft: changes this browser did not
//! save are offered, and the speaker chooses), Submit saves a new version (`PUT` with the
//! version in `If-Match`), and a withdrawal asks first, naming what it does.

use cfp_core::Proposal;

/// Where the private link stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading the proposal from the server.
    Opening,
    /// Open for changes, from this stored version.
    Open { version: i64 },
    /// Withdrawn: readable, never changed again.
    Withdrawn,
    /// No proposal answers to this link (a wrong or cut token, an unknown reference).
    NotFound,
    /// The server did not answer.
    Unreachable,
}

/// The private link's part of the form's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Changing {
    pub reference: String,
    pub token: String,
    pub stage: Stage,
    /// "Withdraw this proposal?" is on screen.
    pub confirming: bool,
    /// The request under way (or last answered) withdraws the proposal.
    pub withdrawing: bool,
    /// Changes this browser kept but did not save, waiting for the speaker's choice.
    pub unsaved: Option<Box<Proposal>>,
}

impl Changing {
    pub fn new(reference: String, token: String) -> Self {
        Changing {
            reference,
            token,
            stage: Stage::Opening,
            confirming: false,
            withdrawing: false,
            unsaved: None,
        }
    }

    /// The version the form was opened on, once it is open.
    pub fn version(&self) -> Option<i64> {
        match self.stage {
            Stage::Open { version } => Some(version),
            _ => None,
        }
    }
}

/// What the server answered to the link's `GET`.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    Proposal {
        version: i64,
        withdrawn: bool,
        proposal: Box<Proposal>,
    },
    NotFound,
    Unreachable,
}

/// A proposal this browser sent, remembered for "Your proposals" (localStorage).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Yours {
    pub reference: String,
    pub token: String,
    pub title: String,
}

/// The private link of a proposal: the event's page with its fragment.
pub fn link(page_url: &str, reference: &str, token: &str) -> String {
    format!("{page_url}#cfp-edit={reference}.{token}")
}

/// A private link from the page's address fragment: `#cfp-edit=7K3MQ-9XZ2A.<32 hex>`.
pub fn parse_fragment(hash: &str) -> Option<(String, String)> {
    let value = hash.strip_prefix("#cfp-edit=")?;
    let (reference, token) = value.split_once('.')?;
    let plain = |s: &str, ok: fn(char) -> bool| !s.is_empty() && s.len() <= 64 && s.chars().all(ok);
    (plain(reference, |c| c.is_ascii_alphanumeric() || c == '-')
        && plain(token, |c| c.is_ascii_hexdigit()))
    .then(|| (reference.to_owned(), token.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_a_reference_and_a_token() {
        assert_eq!(
            parse_fragment("#cfp-edit=7K3MQ-9XZ2A.0123abcdef"),
            Some(("7K3MQ-9XZ2A".into(), "0123abcdef".into()))
        );
        for bad in [
            "",
            "#cfp-edit=",
            "#cfp-edit=7K3MQ",
            "#cfp-edit=.ab",
            "#cfp-edit=a.xyz",
            "#other=a.b",
            "#cfp-edit=a/b.ab",
        ] {
            assert_eq!(parse_fragment(bad), None, "{bad}");
        }
    }
}
