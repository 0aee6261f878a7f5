//! Email: the SMTP transport (lettre) that the server's settings name, and a message of
//! the outbox made into an email (`compose.rs` writes it, `crate::text` has the sentences).
//!
//! Set with `--smtp-url` (`smtp://` plain on loopback, `smtp://...?tls=required` for
//! STARTTLS, `smtps://` for TLS; user and password in the URL) and `--mail-from`. The
//! URL's password is never shown: errors and the start-up line print it masked.

mod compose;

pub use compose::{answer_text, compose, Context, Letter, Listed};

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP conversation may take before it counts as failed (and is retried).
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The server's way out for email.
#[derive(Clone)]
pub struct Mailer {
    /// lettre's pooled transport: a connection is kept open between messages. Made
    /// inside the Tokio runtime (its pool starts a task).
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// For Message-IDs: the from address's domain.
    domain: String,
    /// The URL with its password masked: what logs may show.
    pub shown_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("url", &self.shown_url)
            .field("from", &self.from.to_string())
            .finish()
    }
}

/// Why the mail settings cannot be used; said at start-up, the password masked.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("--smtp-url {url} cannot be used ({detail}): write smtp://HOST:PORT, smtp://USER:PASSWORD@HOST:587?tls=required (STARTTLS) or smtps://USER:PASSWORD@HOST:465")]
    BadUrl { url: String, detail: String },
    #[error("--mail-from {from:?} is not an address to send from ({detail}): write an address such as cfp@my-conf.example.org, or \"My Conf <cfp@my-conf.example.org>\"")]
    BadFrom { from: String, detail: String },
    #[error("--smtp-url is set but --mail-from is not: give the address messages come from")]
    NoFrom,
}

/// A message that did not go, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// The SMTP server refused it for good (5xx): the address does not exist, say.
    pub permanent: bool,
    pub detail: String,
}

/// Whom a message goes to and what it says, before it is an email.
pub struct Outgoing<'a> {
    pub to: &'a str,
    /// Shown as the sender's name: the event's.
    pub from_name: &'a str,
    pub reply_to: Option<&'a str>,
    pub message_id: String,
    pub letter: Letter,
}

impl Mailer {
    pub fn new(url: &str, from: &str) -> Result<Mailer, MailSetupError> {
        let shown_url = crate::store::mask_password(url);
        let bad_url = |detail: String| MailSetupError::BadUrl {
            url: shown_url.clone(),
            detail,
        };
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            return Err(bad_url("it is neither smtp:// nor smtps://".into()));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // lettre's message may quote the URL: never with its password.
            .map_err(|e| bad_url(e.to_string().replace(url, &shown_url)))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from: Mailbox =
            from.parse()
                .map_err(|e: lettre::address::AddressError| MailSetupError::BadFrom {
                    from: from.to_owned(),
                    detail: e.to_string(),
                })?;
        let domain = from.email.domain().to_owned();
        Ok(Mailer {
            transport,
            from,
            domain,
            shown_url,
        })
    }

    /// The domain Message-IDs are made in.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Send one message; Err says whether a later try can help.
    pub async fn send(&self, out: Outgoing<'_>) -> Result<(), SendFailure> {
        let permanent = |detail: String| SendFailure {
            permanent: true,
            detail,
        };
        let to: Mailbox = out
            .to
            .parse()
            .map_err(|e| permanent(format!("{:?} is not an address: {e}", out.to)))?;
        let from = Mailbox::new(Some(out.from_name.to_owned()), self.from.email.clone());
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(out.letter.subject)
            .message_id(Some(out.message_id))
            .header(ContentType::TEXT_PLAIN);
        if let Some(reply_to) = out.reply_to {
            if let Ok(reply_to) = reply_to.parse::<Mailbox>() {
                builder = builder.reply_to(reply_to);
            }
        }
        let message = builder
            .body(out.letter.body)
            .map_err(|e| permanent(format!("cannot build the message: {e}")))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|e| SendFailure {
                permanent: e.is_permanent(),
                detail: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The transport's pool starts a task, so the settings are read inside a runtime.
    #[tokio::test]
    async fn settings_that_cannot_work_are_refused_without_showing_the_password() {
        let error = Mailer::new("http://u:hunter2@mail.example", "cfp@conf.example").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("u:****@mail.example"), "{error}");
        let error = Mailer::new("smtp://127.0.0.1:2525", "not an address").unwrap_err();
        assert!(matches!(error, MailSetupError::BadFrom { .. }), "{error}");
        let mailer =
            Mailer::new("smtp://u:hunter2@127.0.0.1:2525", "CFP <cfp@conf.example>").unwrap();
        assert_eq!(mailer.domain(), "conf.example");
        assert!(!format!("{mailer:?}").contains("hunter2"));
    }
}
