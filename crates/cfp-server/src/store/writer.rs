//! The one writer: it takes whatever is waiting (up to 64 jobs) and commits it in one
//! transaction on a connection of its own, so a batch costs one fsync (group commit).
//! Jobs are new proposals, changes and withdrawals (what each runs: `changes.rs`), the
//! outbox's bookkeeping (`outbox.rs`), the inbox's triage, notes and sessions
//! (`inbox.rs`), and heartbeats; they run in order, so each sees what the jobs before it wrote, and a check
//! such as the cap per speaker cannot race.
//!
//! Invariant: a job is answered Ok only after the COMMIT of its transaction returned Ok
//! on a connection whose state is known. After any failed statement or commit the
//! connection is dropped (SQLite rolls back what it had open when it closes; PostgreSQL
//! when the socket goes) and the next batch opens a fresh one. This matters: after a
//! COMMIT fails with SQLITE_FULL, SQLite may already have rolled the transaction back
//! while sqlx still counts it open, and every later "commit" on that connection only
//! releases a savepoint inside a transaction that never reaches the disk. Every job of a
//! failed batch gets `StoreError::Unavailable`; each can be sent again with its
//! Idempotency-Key (a commit that did land despite the error is then found and replayed).
//!
//! An outage starts with the first failed batch (logged once, as an ERROR with its
//! cause) and ends when a heartbeat commits: a row of `PROBE_BYTES`, as large as the
//! largest proposal the default body limit lets in. Proposals that commit meanwhile are
//! stored for real (a full SQLite disk still has the room of the WAL's failed tail), but
//! do not end it, so a disk on the edge is one outage in the log, not one per request.
//! While an outage lasts the writer probes by itself every `PROBE_EVERY`, so it ends
//! once there is room again even if nobody asks `/healthz`.

use super::changes::{self, ChangeRow, Current, NewRow};
use super::inbox::InboxWrite;
use super::open::Target;
use super::outbox::OutboxWrite;
use super::{Changed, Inserted, StoreError};
use crate::edit_token::EditKey;
use crate::receipt::now_rfc3339;
use prometheus_client::metrics::histogram::Histogram;
use sqlx::{AnyConnection, Connection};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, Notify};

/// The most jobs one transaction commits.
pub(crate) const MAX_BATCH: usize = 64;

/// The buckets of `cfp_store_batch_size`: powers of two up to `MAX_BATCH`.
pub(crate) const BATCH_BUCKETS: [f64; 7] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// The heartbeat's size: the default body limit (64 KiB), so a heartbeat that commits
/// means the largest proposal would too.
const PROBE_BYTES: usize = 64 * 1024;

/// How often the writer probes by itself during an outage.
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// Work for the writer, and where its outcome goes.
#[derive(Debug)]
pub(crate) enum WriteJob {
    Insert {
        row: NewRow,
        reply: oneshot::Sender<Result<Inserted, StoreError>>,
    },
    /// A change or a withdrawal of a stored proposal.
    Change {
        row: ChangeRow,
        reply: oneshot::Sender<Result<Changed<Current>, StoreError>>,
    },
    /// The outbox's bookkeeping (a lease, sent, failed). Through the writer like every
    /// write: on SQLite a second connection's write makes the writer's next batch fail
    /// with SQLITE_BUSY (its read snapshot is stale), which would refuse proposals.
    Outbox {
        op: OutboxWrite,
        reply: oneshot::Sender<Result<bool, StoreError>>,
    },
    /// The organisers' inbox: triage, notes, sessions.
    Inbox {
        op: InboxWrite,
        reply: oneshot::Sender<Result<bool, StoreError>>,
    },
    /// Prove the database still takes writes (health checks).
    Heartbeat {
        reply: oneshot::Sender<Result<(), StoreError>>,
    },
    /// Close the connection and stop.
    Close { reply: oneshot::Sender<()> },
}

/// Whether the store can write: an outage, from its first failed batch to the next
/// heartbeat that commits. Only the writer knows, so only the writer keeps it.
#[derive(Debug, Default)]
struct Health {
    outage: Option<Outage>,
}

#[derive(Debug)]
struct Outage {
    since: Instant,
    refused: u64,
}

impl Health {
    /// A batch failed: the first failure of an outage is logged, later ones counted.
    fn failed(&mut self, cause: &str, refused: usize) {
        match self.outage.as_mut() {
            Some(outage) => outage.refused += refused as u64,
            None => {
                tracing::error!(
                    %cause,
                    "storage unavailable: proposals are refused with 503 until a write succeeds again"
                );
                self.outage = Some(Outage {
                    since: Instant::now(),
                    refused: refused as u64,
                });
            }
        }
    }

    /// A heartbeat committed: an outage, if there was one, is over.
    fn recovered(&mut self) {
        if let Some(outage) = self.outage.take() {
            tracing::warn!(
                after_seconds = format_args!("{:.1}", outage.since.elapsed().as_secs_f64()),
                refused = outage.refused,
                "storage recovered: proposals are stored again"
            );
        }
    }

    fn is_down(&self) -> bool {
        self.outage.is_some()
    }
}

pub(crate) struct Writer {
    target: Target,
    /// For the receipts' tokens.
    edit_key: Arc<EditKey>,
    /// Told after a commit that wrote proposals or changes (and so maybe messages).
    outbox_queued: Arc<Notify>,
    /// None after a failure, until the next batch opens a fresh connection.
    conn: Option<AnyConnection>,
    health: Health,
    /// Jobs per transaction (`/metrics`); a probe alone is not counted.
    batch_sizes: Option<Histogram>,
}

impl Writer {
    pub fn new(
        target: Target,
        conn: AnyConnection,
        edit_key: Arc<EditKey>,
        outbox_queued: Arc<Notify>,
    ) -> Writer {
        Writer {
            target,
            edit_key,
            outbox_queued,
            conn: Some(conn),
            health: Health::default(),
            batch_sizes: None,
        }
    }

    /// Observe each batch's size in `histogram`.
    pub fn counting(mut self, histogram: Histogram) -> Writer {
        self.batch_sizes = Some(histogram);
        self
    }

    /// Take what is waiting, commit it together, answer each job; probe while down.
    pub async fn run(mut self, mut jobs: mpsc::Receiver<WriteJob>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        loop {
            let received = if self.health.is_down() {
                tokio::select! {
                    received = jobs.recv_many(&mut batch, MAX_BATCH) => received,
                    () = tokio::time::sleep(PROBE_EVERY) => {
                        self.commit_and_answer(&mut batch, true).await;
                        continue;
                    }
                }
            } else {
                jobs.recv_many(&mut batch, MAX_BATCH).await
            };
            if received == 0 {
                return;
            }
            // A close waits for the work queued with it, which is committed first.
            let (closes, work): (Vec<WriteJob>, Vec<WriteJob>) = batch
                .drain(..)
                .partition(|job| matches!(job, WriteJob::Close { .. }));
            batch.extend(work);
            if !batch.is_empty() {
                self.commit_and_answer(&mut batch, false).await;
            }
            if !closes.is_empty() {
                if let Some(conn) = self.conn.take() {
                    let _ = conn.close().await;
                }
                closes
                    .into_iter()
                    .for_each(|close| close.fail(StoreError::WriterGone));
                return;
            }
        }
    }

    /// Commit `batch` (plus a heartbeat if one was asked for, or `probe`) and answer it.
    async fn commit_and_answer(&mut self, batch: &mut Vec<WriteJob>, probe: bool) {
        let heartbeat = probe
            || batch
                .iter()
                .any(|job| matches!(job, WriteJob::Heartbeat { .. }));
        if let Some(sizes) = self.batch_sizes.as_ref().filter(|_| !batch.is_empty()) {
            sizes.observe(batch.len() as f64);
        }
        match self.commit(batch, heartbeat).await {
            Ok(mut outcomes) => {
                if heartbeat {
                    self.health.recovered();
                }
                if batch
                    .iter()
                    .any(|job| matches!(job, WriteJob::Insert { .. } | WriteJob::Change { .. }))
                {
                    self.outbox_queued.notify_one();
                }
                for job in batch.drain(..) {
                    // One outcome per insert or change, in order (commit makes them so).
                    match job {
                        WriteJob::Insert { reply, .. } => {
                            let outcome = match outcomes.next() {
                                Some(Outcome::Inserted(inserted)) => Ok(inserted),
                                _ => Err(StoreError::WriterGone),
                            };
                            let _ = reply.send(outcome);
                        }
                        WriteJob::Change { reply, .. } => {
                            let outcome = match outcomes.next() {
                                Some(Outcome::Changed(changed)) => Ok(changed),
                                _ => Err(StoreError::WriterGone),
                            };
                            let _ = reply.send(outcome);
                        }
                        WriteJob::Outbox { reply, .. } | WriteJob::Inbox { reply, .. } => {
                            let outcome = match outcomes.next() {
                                Some(Outcome::Done(done)) => Ok(done),
                                _ => Err(StoreError::WriterGone),
                            };
                            let _ = reply.send(outcome);
                        }
                        WriteJob::Heartbeat { reply } => {
                            let _ = reply.send(Ok(()));
                        }
                        WriteJob::Close { .. } => {}
                    }
                }
            }
            Err(error) => {
                // `commit` dropped the connection: no later job relies on its state.
                let cause = error.to_string();
                self.health.failed(&cause, batch.len());
                for job in batch.drain(..) {
                    job.fail(StoreError::Unavailable(cause.clone()));
                }
            }
        }
    }

    /// One transaction: every insert and change of the batch, and the heartbeat if asked.
    async fn commit(
        &mut self,
        batch: &[WriteJob],
        heartbeat: bool,
    ) -> Result<std::vec::IntoIter<Outcome>, sqlx::Error> {
        // Taken out, and put back only after the commit: on any error it is dropped.
        let mut conn = match self.conn.take() {
            Some(conn) => conn,
            None => self.target.connect().await?,
        };
        let mut tx = conn.begin().await?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for job in batch {
            match job {
                WriteJob::Insert { row, .. } => outcomes.push(Outcome::Inserted(
                    changes::insert(&mut tx, &self.edit_key, row).await?,
                )),
                WriteJob::Change { row, .. } => {
                    outcomes.push(Outcome::Changed(changes::change(&mut tx, row).await?))
                }
                WriteJob::Outbox { op, .. } => outcomes.push(Outcome::Done(op.run(&mut tx).await?)),
                WriteJob::Inbox { op, .. } => outcomes.push(Outcome::Done(op.run(&mut tx).await?)),
                WriteJob::Heartbeat { .. } | WriteJob::Close { .. } => {}
            }
        }
        if heartbeat {
            beat(&mut tx).await?;
        }
        tx.commit().await?;
        self.conn = Some(conn);
        Ok(outcomes.into_iter())
    }
}

/// What one insert or change did, before its reply is sent.
#[derive(Debug)]
enum Outcome {
    Inserted(Inserted),
    Changed(Changed<Current>),
    /// An outbox or inbox write: whether it found what it was about.
    Done(bool),
}

impl WriteJob {
    fn fail(self, error: StoreError) {
        match self {
            WriteJob::Insert { reply, .. } => {
                let _ = reply.send(Err(error));
            }
            WriteJob::Change { reply, .. } => {
                let _ = reply.send(Err(error));
            }
            WriteJob::Outbox { reply, .. } | WriteJob::Inbox { reply, .. } => {
                let _ = reply.send(Err(error));
            }
            WriteJob::Heartbeat { reply } => {
                let _ = reply.send(Err(error));
            }
            // A close has nothing to fail: it is answered once the connection is closed.
            WriteJob::Close { reply } => {
                let _ = reply.send(());
            }
        }
    }
}

/// Rewrite the heartbeat row with `PROBE_BYTES` of filler: a write like a large
/// proposal, so it fails when one would.
pub(crate) async fn beat(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO heartbeat (id, beat_at, room) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at, room = excluded.room",
    )
    .bind(now_rfc3339())
    .bind(filler())
    .execute(conn)
    .await?;
    Ok(())
}

/// Text that neither SQLite nor PostgreSQL (TOAST compresses) can store in less room
/// than its length, and different each time (SQLite skips rewriting overflow pages whose
/// content did not change): xorshift noise in 64 letters, seeded by a random UUID.
fn filler() -> String {
    let mut x = (uuid::Uuid::new_v4().as_u128() as u64) | 1;
    (0..PROBE_BYTES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    [(x & 63) as usize],
            )
        })
        .collect()
}
