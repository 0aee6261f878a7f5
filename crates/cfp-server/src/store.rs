//! Where proposals are kept: sqlx's `Any` driver, so SQLite (a file, WAL, `synchronous =
//! FULL`) and PostgreSQL run the same queries and the same migrations.
//!
//! Idempotency lives in the schema: `UNIQUE (event_id, idempotency_key)` plus
//! `INSERT ... ON CONFLICT DO NOTHING` means two racing requests with one key store one
//! row, and both answer with that row's receipt.
//!
//! Writes go through one writer task with a connection of its own (`writer.rs`: group
//! commit, and what happens when a write fails); reads go through a small pool. Opening
//! the database and explaining why it cannot be opened is `open.rs`.

mod open;
mod writer;

pub use open::mask_password;

use crate::receipt::Receipt;
use cfp_core::Proposal;
use open::Target;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use tokio::sync::{mpsc, oneshot};
use writer::{WriteJob, Writer, MAX_BATCH};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    writer: mpsc::Sender<WriteJob>,
}

#[derive(Debug)]
struct NewRow {
    event_id: String,
    key: String,
    received_at: String,
    title: String,
    json: String,
}

/// A proposal as stored, for the export.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredProposal {
    pub id: String,
    pub event_id: String,
    pub received_at: String,
    pub proposal: Proposal,
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
        let pool = AnyPoolOptions::new()
            .max_connections(if target.is_sqlite() { 2 } else { 8 })
            .connect_lazy(&target.url)
            .map_err(|e| target.explain(e))?;
        let (writer, jobs) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(Writer::new(target, conn).run(jobs));
        Ok(Store { pool, writer })
    }

    /// Store a proposal under its idempotency key, or find the one stored before. Ok only
    /// once it is committed; `StoreError::Unavailable` when the write failed.
    pub async fn insert(
        &self,
        event_id: &str,
        idempotency_key: &str,
        received_at: &str,
        proposal: &Proposal,
    ) -> Result<Inserted, StoreError> {
        let row = NewRow {
            event_id: event_id.to_owned(),
            key: idempotency_key.to_owned(),
            received_at: received_at.to_owned(),
            title: proposal.title.clone(),
            json: serde_json::to_string(proposal)?,
        };
        let (reply, outcome) = oneshot::channel();
        self.send(WriteJob::Insert { row, reply }).await?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
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

    /// Every proposal of an event, oldest first.
    pub async fn list(&self, event_id: &str) -> Result<Vec<StoredProposal>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, event_id, received_at, proposal FROM proposals \
             WHERE event_id = $1 ORDER BY received_at, id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored_from_row).collect()
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

fn stored_from_row(row: &AnyRow) -> Result<StoredProposal, StoreError> {
    let json: String = row.try_get("proposal")?;
    Ok(StoredProposal {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        received_at: row.try_get("received_at")?,
        proposal: serde_json::from_str(&json)?,
    })
}
