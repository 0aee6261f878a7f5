//! The delivery task: sends what the outbox holds when it is due, and marks it.
//!
//! It wakes when the writer commits (`Store::outbox_queued`) and when the next retry is
//! due, and looks at least every `POLL`. Each job is leased for `LEASE` before it is
//! sent, so another instance on the same PostgreSQL leaves it alone; a SQLite server is
//! the only process on its file, so at start it lets go of the leases a killed
//! predecessor held, and what was queued goes at once. Every mark
//! goes through the store's one writer.

use super::MessageKind;
use crate::events::LiveEvents;
use crate::mail::{compose, Context, Listed, Mailer, Outgoing, SendFailure};
use crate::receipt::now_unix;
use crate::store::{Job, Store};
use crate::webhook::{self, WebhookClient};
use std::time::Duration;

/// Longest sleep between looks at the outbox.
const POLL: Duration = Duration::from_secs(5);
/// How long an instance holds a job it is sending (longer than an SMTP timeout).
const LEASE: i64 = 60;
/// Jobs taken per look.
const BATCH: i64 = 16;
/// After this long a message that still fails is given up on (and the export says so).
pub const GIVE_UP_AFTER: i64 = 26 * 60 * 60;
/// The first retry's delay; each later one doubles, up to `MAX_BACKOFF`.
const FIRST_BACKOFF: i64 = 5;
const MAX_BACKOFF: i64 = 5 * 60;

/// What the delivery task needs besides the store.
#[derive(Clone, Debug)]
pub struct DeliveryConfig {
    /// `None` with mail off: only webhooks are called (mail queued before is retried,
    /// and given up on like any other failure).
    pub mailer: Option<Mailer>,
    pub webhooks: WebhookClient,
    /// The events served now: each attempt takes the current set.
    pub events: LiveEvents,
}

/// Seconds to wait before attempt `attempts + 1`, after `attempts` failures.
pub fn backoff(attempts: i64) -> i64 {
    let doublings = attempts.clamp(0, 16) as u32;
    (FIRST_BACKOFF << doublings).min(MAX_BACKOFF)
}

/// Run until the process ends.
pub async fn deliver(store: Store, config: DeliveryConfig) {
    if store.is_sqlite() {
        if let Err(e) = store.release_leases().await {
            tracing::warn!(error = %e, "outbox: cannot let go of a previous run's leases");
        }
    }
    loop {
        let sent_some = match look(&store, &config).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: cannot read the queue; trying again");
                false
            }
        };
        if sent_some {
            continue;
        }
        let wait = match store.next_due().await {
            Ok(Some(due)) => {
                Duration::from_secs((due - now_unix()).clamp(1, POLL.as_secs() as i64) as u64)
            }
            _ => POLL,
        };
        tokio::select! {
            () = store.outbox_queued() => {},
            () = tokio::time::sleep(wait) => {},
        }
    }
}

/// One look: every due job this instance can lease, sent. How many were tried.
async fn look(store: &Store, config: &DeliveryConfig) -> Result<usize, crate::store::StoreError> {
    let now = now_unix();
    let jobs = store.due_jobs(now, BATCH).await?;
    let mut tried = 0;
    for job in jobs {
        if !store.lease(&job.key, now, now + LEASE).await? {
            continue;
        }
        tried += 1;
        let outcome = attempt(store, config, &job).await;
        match outcome {
            Ok(()) => {
                store.mark_sent(&job.key).await?;
                tracing::info!(event = %job.event_id, proposal = %job.proposal_id, kind = job.kind.as_str(), "mail sent");
            }
            Err(failure) => {
                let give_up = failure.permanent || now_unix() - job.created_at >= GIVE_UP_AFTER;
                let due = (!give_up).then(|| now_unix() + backoff(job.attempts));
                store.mark_failed(&job.key, &failure.detail, due).await?;
                if give_up {
                    tracing::error!(event = %job.event_id, proposal = %job.proposal_id, kind = job.kind.as_str(), attempts = job.attempts + 1, error = %failure.detail, "mail given up: the export lists it as undelivered");
                } else if job.attempts == 0 {
                    tracing::warn!(event = %job.event_id, proposal = %job.proposal_id, kind = job.kind.as_str(), error = %failure.detail, "mail not sent yet: trying again with backoff");
                }
            }
        }
    }
    Ok(tried)
}

/// Write the job's message and send it.
async fn attempt(store: &Store, config: &DeliveryConfig, job: &Job) -> Result<(), SendFailure> {
    let permanent = |detail: String| SendFailure {
        permanent: true,
        detail,
    };
    let events = config.events.current();
    let event = events
        .get(&job.event_id)
        .ok_or_else(|| permanent(format!("the event {:?} is no longer served", job.event_id)))?;
    let stored = store
        .at_version(&job.event_id, &job.proposal_id, job.version)
        .await
        .map_err(|e| SendFailure {
            permanent: false,
            detail: format!("cannot read the proposal: {e}"),
        })?
        .ok_or_else(|| {
            permanent(format!(
                "proposal {} version {} is not stored",
                job.proposal_id, job.version
            ))
        })?;
    let link_of = |id: &str| {
        event
            .page_url
            .as_deref()
            .map(|page| store.edit_key().link(page, &job.event_id, id))
    };
    let link = match job.kind {
        MessageKind::Received | MessageKind::Changed => link_of(&job.proposal_id),
        _ => None,
    };
    // "Lost your link?": the address's proposals as they stand when the message goes.
    let listed: Vec<Listed> = if job.kind == MessageKind::Links {
        store
            .sent_from(&job.event_id, &job.recipient)
            .await
            .map_err(|e| SendFailure {
                permanent: false,
                detail: format!("cannot read the proposals: {e}"),
            })?
            .into_iter()
            .map(|stored| Listed {
                link: link_of(&stored.id),
                stored,
            })
            .collect()
    } else {
        Vec::new()
    };
    let letter = compose(&Context {
        kind: job.kind,
        language: &job.language,
        recipient: &job.recipient,
        event,
        stored: &stored,
        link: link.as_deref(),
        listed: &listed,
    });
    let settings = events.settings(&job.event_id);
    let message_id = super::message_id(&job.key, mailer_domain(config));
    if job.kind == MessageKind::Webhook {
        let hook = settings
            .webhooks
            .iter()
            .find(|w| w.id() == job.recipient)
            .ok_or_else(|| {
                permanent(format!(
                    "{} is no longer in the event's settings",
                    job.recipient
                ))
            })?;
        let delivery = message_id.trim_matches(['<', '>']).to_owned();
        let body = webhook::body(hook.format, event, &stored);
        return config
            .webhooks
            .send(
                hook,
                &delivery,
                webhook::event_type(&stored),
                body,
                now_unix(),
            )
            .await;
    }
    let Some(mailer) = &config.mailer else {
        return Err(SendFailure {
            permanent: false,
            detail: "mail is off (no --smtp-url)".into(),
        });
    };
    mailer
        .send(Outgoing {
            to: &job.recipient,
            from_name: &event.name,
            reply_to: settings.reply_to.as_deref(),
            message_id,
            letter,
        })
        .await
}

/// The domain of Message-IDs (and webhook delivery ids): the from address's.
fn mailer_domain(config: &DeliveryConfig) -> &str {
    config
        .mailer
        .as_ref()
        .map_or("cfp-server.invalid", Mailer::domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_five_minutes_and_last_over_a_day() {
        let delays: Vec<i64> = (0..8).map(backoff).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160, 300, 300]);
        assert_eq!(backoff(1_000), 300);
        // Attempts within GIVE_UP_AFTER: over 300 at five minutes apart.
        const { assert!(GIVE_UP_AFTER / MAX_BACKOFF > 300) };
    }
}
