//! The outbox's rows (`migrations/0004_outbox.sql`): queueing inside the writer's
//! transaction, and what the delivery task reads and marks (`outbox/deliver.rs`).
//! Queueing is `INSERT ... ON CONFLICT DO NOTHING` on the job key, so a replay, or a
//! second `named` notice to one address on one day, queues nothing and fails nothing.

use super::{Store, StoreError, StoredProposal};
use crate::outbox::{job_key, MessageKind, Planned};
use crate::receipt::now_unix;
use sqlx::{Any, Row, Transaction};

/// A queued message, as the delivery task reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub key: String,
    pub event_id: String,
    pub proposal_id: String,
    pub version: i64,
    pub kind: MessageKind,
    pub recipient: String,
    pub language: String,
    pub created_at: i64,
    pub attempts: i64,
}

/// A message the server gave up on: what the export shows the organisers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Undelivered {
    pub to: String,
    pub kind: &'static str,
    pub error: String,
}

/// How many messages stand where (tests, metrics later).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// Queue `planned` for version `version` of proposal `proposal_id`; the number queued.
pub(crate) async fn queue(
    tx: &mut Transaction<'_, Any>,
    event_id: &str,
    proposal_id: &str,
    version: i64,
    planned: &[Planned],
) -> Result<u64, sqlx::Error> {
    let now = now_unix();
    let now_text = crate::receipt::now_rfc3339();
    let mut queued = 0;
    for message in planned {
        let done = sqlx::query(
            "INSERT INTO outbox (job_key, event_id, proposal_id, version, kind, recipient, language, created_at, due_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING",
        )
        .bind(job_key(event_id, proposal_id, version, message, &now_text))
        .bind(event_id)
        .bind(proposal_id)
        .bind(version)
        .bind(message.kind.as_str())
        .bind(&message.recipient)
        .bind(&message.language)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        queued += done.rows_affected();
    }
    Ok(queued)
}

/// A write to the outbox's bookkeeping, run by the writer in its batch.
#[derive(Debug)]
pub(crate) enum OutboxWrite {
    Lease {
        key: String,
        now: i64,
        until: i64,
    },
    /// Every lease let go (a SQLite server's delivery task, at start: it is the only
    /// process on its file, so every lease is a killed predecessor's).
    ReleaseAll,
    /// Messages not caused by a write of a proposal ("Lost your link?").
    Queue {
        event_id: String,
        proposal_id: String,
        version: i64,
        messages: Vec<Planned>,
    },
    Sent {
        key: String,
    },
    Failed {
        key: String,
        error: String,
        due_at: Option<i64>,
    },
}

impl OutboxWrite {
    /// Run it; whether it changed a row (for a lease: whether the caller has it now).
    pub(crate) async fn run(&self, tx: &mut Transaction<'_, Any>) -> Result<bool, sqlx::Error> {
        let done = match self {
            OutboxWrite::Lease { key, now, until } => {
                sqlx::query(
                    "UPDATE outbox SET leased_until = $1 \
                     WHERE job_key = $2 AND state = 'pending' AND leased_until < $3",
                )
                .bind(until)
                .bind(key)
                .bind(now)
                .execute(&mut **tx)
                .await?
            }
            OutboxWrite::Queue {
                event_id,
                proposal_id,
                version,
                messages,
            } => return Ok(queue(tx, event_id, proposal_id, *version, messages).await? > 0),
            OutboxWrite::ReleaseAll => {
                sqlx::query(
                    "UPDATE outbox SET leased_until = 0 WHERE state = 'pending' AND leased_until > 0",
                )
                .execute(&mut **tx)
                .await?;
                return Ok(true);
            }
            OutboxWrite::Sent { key } => {
                sqlx::query(
                    "UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, \
                     leased_until = 0, last_error = NULL WHERE job_key = $2",
                )
                .bind(crate::receipt::now_rfc3339())
                .bind(key)
                .execute(&mut **tx)
                .await?
            }
            OutboxWrite::Failed { key, error, due_at } => {
                sqlx::query(
                    "UPDATE outbox SET state = $1, due_at = $2, attempts = attempts + 1, \
                     leased_until = 0, last_error = $3 WHERE job_key = $4",
                )
                .bind(if due_at.is_some() {
                    "pending"
                } else {
                    "failed"
                })
                .bind(due_at.unwrap_or(0))
                .bind(error)
                .bind(key)
                .execute(&mut **tx)
                .await?
            }
        };
        Ok(done.rows_affected() == 1)
    }
}

/// The columns `job_from_row` reads.
const JOBS: &str = "SELECT job_key, event_id, proposal_id, version, kind, recipient, language, \
    created_at, attempts FROM outbox";

fn job_from_row(row: &sqlx::any::AnyRow) -> Result<Job, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(Job {
        key: row.try_get("job_key")?,
        event_id: row.try_get("event_id")?,
        proposal_id: row.try_get("proposal_id")?,
        version: row.try_get("version")?,
        kind: MessageKind::from_name(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown message kind {kind:?}").into()))?,
        recipient: row.try_get("recipient")?,
        language: row.try_get("language")?,
        created_at: row.try_get("created_at")?,
        attempts: row.try_get("attempts")?,
    })
}

impl Store {
    /// Up to `limit` pending jobs that are due at `now` and leased by no one, oldest first.
    pub async fn due_jobs(&self, now: i64, limit: i64) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query(&format!(
            "{JOBS} WHERE state = 'pending' AND due_at <= $1 AND leased_until < $1 \
             ORDER BY due_at, created_at LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(job_from_row).collect::<Result<_, _>>()?)
    }

    /// When the next pending job is due, if any (for the delivery task's sleep).
    pub async fn next_due(&self) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "SELECT MIN(CASE WHEN due_at > leased_until THEN due_at ELSE leased_until END) AS due \
             FROM outbox WHERE state = 'pending'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<Option<i64>, _>("due")?)
    }

    /// Take job `key` until `until`, if no one holds it: whether this caller has it.
    pub async fn lease(&self, key: &str, now: i64, until: i64) -> Result<bool, StoreError> {
        self.outbox_write(OutboxWrite::Lease {
            key: key.to_owned(),
            now,
            until,
        })
        .await
    }

    /// Queue `messages` about version `version` of proposal `id`, outside any change of
    /// it; whether anything new was queued (a key seen before queues nothing).
    pub async fn queue_messages(
        &self,
        event_id: &str,
        id: &str,
        version: i64,
        messages: Vec<Planned>,
    ) -> Result<bool, StoreError> {
        let queued = self
            .outbox_write(OutboxWrite::Queue {
                event_id: event_id.to_owned(),
                proposal_id: id.to_owned(),
                version,
                messages,
            })
            .await?;
        if queued {
            self.outbox_queued.notify_one();
        }
        Ok(queued)
    }

    /// Let go of every lease: only for the one process of a SQLite file, at its start.
    pub async fn release_leases(&self) -> Result<(), StoreError> {
        self.outbox_write(OutboxWrite::ReleaseAll).await.map(drop)
    }

    /// Job `key` was delivered.
    pub async fn mark_sent(&self, key: &str) -> Result<(), StoreError> {
        self.outbox_write(OutboxWrite::Sent {
            key: key.to_owned(),
        })
        .await
        .map(drop)
    }

    /// Job `key` failed this time: try again at `due_at`, or never (`None`: given up).
    pub async fn mark_failed(
        &self,
        key: &str,
        error: &str,
        due_at: Option<i64>,
    ) -> Result<(), StoreError> {
        self.outbox_write(OutboxWrite::Failed {
            key: key.to_owned(),
            error: error.to_owned(),
            due_at,
        })
        .await
        .map(drop)
    }

    async fn outbox_write(&self, op: OutboxWrite) -> Result<bool, StoreError> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        self.send(super::writer::WriteJob::Outbox { op, reply })
            .await?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Proposal `id` as it was at `version` (what a message about that version tells).
    pub async fn at_version(
        &self,
        event_id: &str,
        id: &str,
        version: i64,
    ) -> Result<Option<StoredProposal>, StoreError> {
        let row = sqlx::query(
            "SELECT p.id, p.event_id, p.received_at, v.version, v.state, p.triage, p.triage_by, \
             p.triage_at, v.saved_at, v.proposal \
             FROM proposals p JOIN proposal_versions v ON v.proposal_id = p.id \
             WHERE p.event_id = $1 AND p.id = $2 AND v.version = $3",
        )
        .bind(event_id)
        .bind(id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|row| super::changes::current_from_row(row)?.parse())
            .transpose()
    }

    /// The messages of an event given up on, by proposal.
    pub async fn undelivered(
        &self,
        event_id: &str,
    ) -> Result<std::collections::BTreeMap<String, Vec<Undelivered>>, StoreError> {
        let rows = sqlx::query(
            "SELECT proposal_id, kind, recipient, last_error FROM outbox \
             WHERE event_id = $1 AND state = 'failed' ORDER BY created_at, job_key",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = std::collections::BTreeMap::<String, Vec<Undelivered>>::new();
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            out.entry(row.try_get("proposal_id")?)
                .or_default()
                .push(Undelivered {
                    to: row.try_get("recipient")?,
                    kind: MessageKind::from_name(&kind).map_or("unknown", MessageKind::as_str),
                    error: row
                        .try_get::<Option<String>, _>("last_error")?
                        .unwrap_or_default(),
                });
        }
        Ok(out)
    }

    /// How many messages are pending, sent and failed, over all events.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
            .fetch_all(&self.pool)
            .await?;
        let mut counts = OutboxCounts::default();
        for row in &rows {
            let state: String = row.try_get("state")?;
            let n: i64 = row.try_get("n")?;
            match state.as_str() {
                "pending" => counts.pending = n,
                "sent" => counts.sent = n,
                _ => counts.failed += n,
            }
        }
        Ok(counts)
    }

    /// Every job of an event, any state (tests).
    pub async fn jobs(&self, event_id: &str) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query(&format!(
            "{JOBS} WHERE event_id = $1 ORDER BY created_at, job_key"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(job_from_row).collect::<Result<_, _>>()?)
    }
}
