//! Where proposals are kept: sqlx's `Any` driver, so SQLite (a file, WAL, `synchronous =
//! FULL`) and PostgreSQL run the same queries and the same migrations.
//!
//! Idempotency lives in the schema: `UNIQUE (event_id, idempotency_key)` plus
//! `INSERT ... ON CONFLICT DO NOTHING` means two racing requests with one key store one
//! row, and both answer with that row's receipt.
//!
//! A proposal is a row of `proposals` (who it is, its state, its current version's
//! number) and every version it ever had in `proposal_versions`: a change or a
//! withdrawal adds one, nothing is overwritten. The store also keeps the edit key of the
//! private links (`edit_token.rs`), made once and loaded at start-up.
//!
//! Writes go through one writer task with a connection of its own (`writer.rs`: group
//! commit, and what happens when a write fails; `changes.rs`: what each write does);
//! reads go through a small pool. Opening the database and explaining why it cannot be
//! opened is `open.rs`; a consistent copy of a live SQLite file, `backup.rs`.

mod backup;
mod changes;
mod inbox;
mod open;
mod outbox;
mod writer;

pub use backup::{backup, Backup, BackupError};
pub use inbox::{ListPage, Listed, Note, SessionRow, Version};
pub use open::mask_password;
pub use outbox::{Job, OutboxCounts, Undelivered};

use crate::edit_token::{EditKey, NoRandomness};
use crate::outbox::{Notices, What};
use crate::receipt::Receipt;
use cfp_core::Proposal;
use changes::{current_from_row, speaker_emails, ChangeKind, ChangeRow, NewRow, CURRENT};
use open::Target;
use prometheus_client::metrics::histogram::Histogram;
use serde::Serialize;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};
use writer::{WriteJob, Writer, BATCH_BUCKETS, MAX_BATCH};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    writer: mpsc::Sender<WriteJob>,
    edit_key: Arc<EditKey>,
    /// Poked by the writer after it commits queued messages (`outbox::deliver` waits).
    outbox_queued: Arc<Notify>,
    /// A SQLite file: one server process owns it (`outbox::deliver` relies on it).
    sqlite: bool,
    /// How many jobs each of the writer's transactions carried (`/metrics`).
    batch_sizes: Histogram,
}

/// A proposal as it stands: its current version. What the export lists and what the
/// speaker's private link reads (`GET /api/events/{id}/proposals/{ref}`), in one shape.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StoredProposal {
    pub id: String,
    #[serde(skip)]
    pub event_id: String,
    pub received_at: String,
    pub state: ProposalState,
    /// The current version's number, which is also how many versions there are: the
    /// first is 1, and every change and withdrawal adds one.
    pub version: i64,
    /// When the current version was saved (`received_at` for version 1).
    pub updated_at: String,
    pub proposal: Proposal,
    /// Messages about it the server gave up on (the export's; never the speaker's view).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undelivered: Vec<Undelivered>,
    /// Where it stands with the organisers (the export's; never the speaker's view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<crate::inbox::Triaged>,
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    /// Sent (and perhaps changed since): the organisers will consider it.
    Submitted,
    /// The speaker withdrew it: kept, with every version, but not counted or changed.
    Withdrawn,
}

impl ProposalState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Submitted => "submitted",
            ProposalState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<ProposalState> {
        [ProposalState::Submitted, ProposalState::Withdrawn]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A speaker who already has as many proposals as `limits.proposals_per_speaker` allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capped {
    /// The speaker's index in the proposal.
    pub speaker: usize,
    /// Their address, as counted (trimmed, lowercase).
    pub email: String,
    pub limit: u32,
}

/// What `insert` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// A new row.
    New(Receipt),
    /// The key was seen before with the same proposal: its original receipt.
    Replayed(Receipt),
    /// The key was seen before with a different proposal.
    KeyConflict,
    /// A speaker has reached the event's cap; nothing stored.
    TooManyProposals(Capped),
}

/// What `save` or `withdraw` did.
#[derive(Clone, Debug, PartialEq)]
pub enum Changed<P = StoredProposal> {
    /// Done, or already so (the same body again, a second withdrawal): the proposal as
    /// it now stands.
    Done(P),
    /// The If-Match named another version; this one is current.
    Stale(i64),
    /// A withdrawn proposal cannot be changed.
    Withdrawn,
    /// No such proposal in this event.
    Missing,
    /// A speaker of the changed proposal has reached the event's cap.
    TooManyProposals(Capped),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("cannot create the folder {dir} for the SQLite database ({source}). Create it yourself, or give --db a path in a folder cfp-server may write in")]
    CreateDir { dir: String, source: std::io::Error },
    #[error("cannot write in the folder {dir} ({source}). SQLite keeps its -wal and -shm files beside the database, so the user cfp-server runs as must be able to create files there: fix the folder's owner or mode, or give --db a path elsewhere")]
    DirNotWritable { dir: String, source: std::io::Error },
    #[error("the database file {path} cannot be opened for writing ({source}). Make it writable by the user cfp-server runs as (check its owner and mode, and that its disk is not mounted read-only), or give --db another file")]
    FileNotWritable {
        path: String,
        source: std::io::Error,
    },
    #[error("the disk holding {path} is full: SQLite cannot write to it ({detail}). Make room on that disk (`df -h` shows how much is left), then start cfp-server again")]
    DiskFull { path: String, detail: String },
    #[error("PostgreSQL at {url} refused the login: {detail}. Check the user name and password in --db, and that pg_hba.conf lets this host in")]
    LoginRefused { url: String, detail: String },
    #[error("PostgreSQL at {url} has no such database: {detail}. Create it (`createdb`), or name an existing one in --db")]
    NoSuchDatabase { url: String, detail: String },
    #[error("cannot reach PostgreSQL at {url} ({detail}). Check that it is running and listening at that host and port")]
    Unreachable { url: String, detail: String },
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    /// A write failed (full disk, I/O error, lost connection): nothing of it was stored.
    #[error("the database cannot store proposals right now: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("a stored proposal is not valid JSON: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("the store's writer has stopped")]
    WriterGone,
    #[error(transparent)]
    NoRandomness(#[from] NoRandomness),
    #[error("the edit key kept in the database (secrets, row edit_token) is not 64 hex digits; delete that row while the server is stopped to make a new one (every private link then stops working)")]
    BadSecret,
}

impl Store {
    /// Open the database (creating a SQLite file and its folder if needed), migrate it,
    /// and prove it takes a write; each way this can fail is a sentence (`StoreError`).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let target = Target::parse(url)?;
        target.check_files()?;
        let mut conn = target.connect().await.map_err(|e| target.explain(e))?;
        MIGRATOR.run(&mut conn).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(e) => target.explain(e),
            other => StoreError::Open {
                url: target.shown.clone(),
                source: other.into(),
            },
        })?;
        writer::beat(&mut conn)
            .await
            .map_err(|e| target.explain(e))?;
        let edit_key = Arc::new(changes::edit_key(&mut conn).await?);
        changes::backfill_speakers(&mut conn).await?;
        inbox::backfill_index(&mut conn).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(if target.is_sqlite() { 2 } else { 8 })
            .connect_lazy(&target.url)
            .map_err(|e| target.explain(e))?;
        let sqlite = target.is_sqlite();
        let (writer, jobs) = mpsc::channel(4 * MAX_BATCH);
        let outbox_queued = Arc::new(Notify::new());
        let batch_sizes = Histogram::new(BATCH_BUCKETS);
        tokio::spawn(
            Writer::new(target, conn, edit_key.clone(), outbox_queued.clone())
                .counting(batch_sizes.clone())
                .run(jobs),
        );
        Ok(Store {
            pool,
            writer,
            edit_key,
            outbox_queued,
            sqlite,
            batch_sizes,
        })
    }

    /// The histogram of the writer's batch sizes (jobs per transaction), for `/metrics`.
    pub fn batch_sizes(&self) -> Histogram {
        self.batch_sizes.clone()
    }

    /// Resolves when the writer has committed messages to the outbox since the last call.
    pub async fn outbox_queued(&self) {
        self.outbox_queued.notified().await
    }

    /// Whether this is a SQLite file, which one server process owns, rather than a
    /// PostgreSQL that several instances share.
    pub fn is_sqlite(&self) -> bool {
        self.sqlite
    }

    /// The key of the private links' tokens.
    pub fn edit_key(&self) -> &EditKey {
        &self.edit_key
    }

    /// Store a proposal under its idempotency key, or find the one stored before; refuse
    /// it if a speaker already has `cap` proposals. A new one's messages (`notices`) are
    /// queued in the same transaction. Ok only once it is committed;
    /// `StoreError::Unavailable` when the write failed.
    pub async fn insert(
        &self,
        event_id: &str,
        idempotency_key: &str,
        received_at: &str,
        proposal: &Proposal,
        cap: Option<u32>,
        notices: &Notices,
    ) -> Result<Inserted, StoreError> {
        let row = NewRow {
            event_id: event_id.to_owned(),
            key: idempotency_key.to_owned(),
            received_at: received_at.to_owned(),
            title: proposal.title.clone(),
            json: serde_json::to_string(proposal)?,
            emails: speaker_emails(proposal),
            cap,
            messages: crate::outbox::plan(What::Received, proposal, None, notices),
            index: crate::inbox::IndexRow::of(proposal),
        };
        let (reply, outcome) = oneshot::channel();
        self.send(WriteJob::Insert { row, reply }).await?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Save `proposal` as the next version of proposal `id`, if its current version is
    /// one of `expected` (the If-Match) and no speaker is over `cap`; its messages
    /// (`notices`) are queued with it.
    #[allow(clippy::too_many_arguments)]
    pub async fn save(
        &self,
        event_id: &str,
        id: &str,
        expected: Vec<i64>,
        at: &str,
        proposal: &Proposal,
        cap: Option<u32>,
        notices: &Notices,
    ) -> Result<Changed, StoreError> {
        let kind = ChangeKind::Save {
            title: proposal.title.clone(),
            json: serde_json::to_string(proposal)?,
            emails: speaker_emails(proposal),
            cap,
            index: Box::new(crate::inbox::IndexRow::of(proposal)),
        };
        self.change(event_id, id, Some(expected), at, kind, notices)
            .await
    }

    /// Withdraw proposal `id` (if its current version is one of `expected`, when given).
    pub async fn withdraw(
        &self,
        event_id: &str,
        id: &str,
        expected: Option<Vec<i64>>,
        at: &str,
        notices: &Notices,
    ) -> Result<Changed, StoreError> {
        self.change(event_id, id, expected, at, ChangeKind::Withdraw, notices)
            .await
    }

    async fn change(
        &self,
        event_id: &str,
        id: &str,
        expected: Option<Vec<i64>>,
        at: &str,
        kind: ChangeKind,
        notices: &Notices,
    ) -> Result<Changed, StoreError> {
        let row = ChangeRow {
            event_id: event_id.to_owned(),
            id: id.to_owned(),
            at: at.to_owned(),
            expected,
            kind,
            notices: notices.clone(),
        };
        let (reply, outcome) = oneshot::channel();
        self.send(WriteJob::Change { row, reply }).await?;
        Ok(match outcome.await.map_err(|_| StoreError::WriterGone)?? {
            Changed::Done(current) => Changed::Done(current.parse()?),
            Changed::Stale(version) => Changed::Stale(version),
            Changed::Withdrawn => Changed::Withdrawn,
            Changed::Missing => Changed::Missing,
            Changed::TooManyProposals(capped) => Changed::TooManyProposals(capped),
        })
    }

    /// Prove the database takes writes now: a heartbeat row committed like a proposal.
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.send(WriteJob::Heartbeat { reply }).await?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }

    async fn send(&self, job: WriteJob) -> Result<(), StoreError> {
        self.writer
            .send(job)
            .await
            .map_err(|_| StoreError::WriterGone)
    }

    /// Every proposal of an event as it stands, oldest first, with its triage and the
    /// messages about it that could not be delivered (what the organisers' export shows).
    pub async fn list(&self, event_id: &str) -> Result<Vec<StoredProposal>, StoreError> {
        let rows = sqlx::query(&format!(
            "{CURRENT} WHERE p.event_id = $1 ORDER BY p.received_at, p.id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut undelivered = self.undelivered(event_id).await?;
        rows.iter()
            .map(|row| {
                let current = current_from_row(row)?;
                let triage = current.triage.clone();
                let mut stored = current.parse()?;
                stored.undelivered = undelivered.remove(&stored.id).unwrap_or_default();
                stored.triage = Some(triage);
                Ok(stored)
            })
            .collect()
    }

    /// The proposals of an event that `address` sent (as its first speaker), as they
    /// stand: what "Lost your link?" lists. Co-speakers are not given links: anyone may
    /// type anyone's address there.
    pub async fn sent_from(
        &self,
        event_id: &str,
        address: &str,
    ) -> Result<Vec<StoredProposal>, StoreError> {
        let address = cfp_core::normalised_email(address);
        let rows = sqlx::query(&format!(
            "{CURRENT} WHERE p.event_id = $1 AND p.id IN \
             (SELECT proposal_id FROM proposal_speakers WHERE event_id = $1 AND email = $2) \
             ORDER BY p.received_at, p.id"
        ))
        .bind(event_id)
        .bind(&address)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            let stored = current_from_row(row)?.parse()?;
            let sender = stored
                .proposal
                .speakers
                .first()
                .map(|s| cfp_core::normalised_email(&s.email));
            if sender.as_deref() == Some(address.as_str()) {
                out.push(stored);
            }
        }
        Ok(out)
    }

    /// One proposal as it stands.
    pub async fn get(
        &self,
        event_id: &str,
        id: &str,
    ) -> Result<Option<StoredProposal>, StoreError> {
        self.current(event_id, id)
            .await?
            .map(|current| current.parse())
            .transpose()
    }

    async fn current(
        &self,
        event_id: &str,
        id: &str,
    ) -> Result<Option<changes::Current>, StoreError> {
        let row = sqlx::query(&format!("{CURRENT} WHERE p.event_id = $1 AND p.id = $2"))
            .bind(event_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(current_from_row).transpose()?)
    }

    /// One proposal as the organisers' inbox shows it: with its triage.
    pub async fn list_one(
        &self,
        event_id: &str,
        id: &str,
    ) -> Result<Option<StoredProposal>, StoreError> {
        let Some(current) = self.current(event_id, id).await? else {
            return Ok(None);
        };
        let triage = current.triage.clone();
        let mut stored = current.parse()?;
        stored.triage = Some(triage);
        Ok(Some(stored))
    }

    /// How many proposals an event has (health and tests).
    pub async fn count(&self, event_id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM proposals WHERE event_id = $1")
            .bind(event_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>("n")?)
    }

    /// Close the writer's connection (after what is queued) and the readers'.
    pub async fn close(&self) {
        let (reply, closed) = oneshot::channel();
        if self.send(WriteJob::Close { reply }).await.is_ok() {
            let _ = closed.await;
        }
        self.pool.close().await;
    }
}
