//! Where proposals are kept: sqlx's `Any` driver, so SQLite (a file, WAL, `synchronous =
//! FULL`) and PostgreSQL run the same queries and the same migrations.
//!
//! Idempotency lives in the schema: `UNIQUE (event_id, idempotency_key)` plus
//! `INSERT ... ON CONFLICT DO NOTHING` means two racing requests with one key store one
//! row, and both answer with that row's receipt.
//!
//! Writes go through one writer task that commits whatever is waiting (up to 64 proposals)
//! in one transaction: one fsync for the lot instead of one each (group commit). Every
//! receipt is still given only after its proposal's transaction committed.

use crate::receipt::{new_id, Receipt};
use cfp_core::Proposal;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};
use std::path::Path;
use tokio::sync::{mpsc, oneshot};

/// The most proposals one transaction commits.
const MAX_BATCH: usize = 64;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    writer: mpsc::Sender<WriteJob>,
}

/// One proposal waiting for the writer, and where its outcome goes.
#[derive(Debug)]
struct WriteJob {
    row: NewRow,
    reply: oneshot::Sender<Result<Inserted, StoreError>>,
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
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored proposal is not valid JSON: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("the store's writer has stopped")]
    WriterGone,
}

impl Store {
    /// Connect, create the SQLite file (and its folder) if needed, and migrate.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let is_sqlite = url.starts_with("sqlite:");
        if !is_sqlite && !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        }
        let url = if is_sqlite {
            prepare_sqlite_url(url)?
        } else {
            url.to_owned()
        };
        let pool = AnyPoolOptions::new()
            // SQLite has one writer at a time; more connections only wait in its busy
            // handler, which sleeps in steps of up to 100 ms. One connection queues fairly.
            .max_connections(if is_sqlite { 1 } else { 16 })
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // Durable: a receipt is only given for a proposal on disk.
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        if is_sqlite {
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        MIGRATOR.run(&pool).await?;
        let (writer, jobs) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_loop(pool.clone(), jobs));
        Ok(Store { pool, writer })
    }

    /// Store a proposal under its idempotency key, or find the one stored before.
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
        self.writer
            .send(WriteJob { row, reply })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
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

    /// A round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The writer: take what is waiting, commit it together, answer each job.
async fn write_loop(pool: AnyPool, mut jobs: mpsc::Receiver<WriteJob>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write_batch(&pool, &batch).await {
            Ok(outcomes) => {
                for (job, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            // Something in the batch failed (an id collision, a dropped connection): the
            // transaction is gone, so write each one alone and give each its own answer.
            Err(_) => {
                for job in batch.drain(..) {
                    let outcome = write_alone(&pool, &job.row).await;
                    let _ = job.reply.send(outcome);
                }
            }
        }
    }
}

async fn write_batch(pool: &AnyPool, batch: &[WriteJob]) -> Result<Vec<Inserted>, StoreError> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        outcomes.push(write_row(&mut tx, &job.row, &new_id()).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn write_alone(pool: &AnyPool, row: &NewRow) -> Result<Inserted, StoreError> {
    // A fresh random id can collide with an old one (50 bits); try again then.
    for _ in 0..3 {
        let mut tx = pool.begin().await?;
        match write_row(&mut tx, row, &new_id()).await {
            Ok(outcome) => {
                tx.commit().await?;
                return Ok(outcome);
            }
            Err(StoreError::Db(sqlx::Error::Database(e))) if e.is_unique_violation() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Db(sqlx::Error::Protocol(
        "could not find a free proposal id in 3 tries".into(),
    )))
}

async fn write_row(
    tx: &mut Transaction<'_, Any>,
    row: &NewRow,
    id: &str,
) -> Result<Inserted, StoreError> {
    let done = sqlx::query(
        "INSERT INTO proposals (id, event_id, idempotency_key, received_at, title, proposal) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (event_id, idempotency_key) DO NOTHING",
    )
    .bind(id)
    .bind(&row.event_id)
    .bind(&row.key)
    .bind(&row.received_at)
    .bind(&row.title)
    .bind(&row.json)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Inserted::New(Receipt {
            id: id.to_owned(),
            received_at: row.received_at.clone(),
        }));
    }
    let stored = sqlx::query(
        "SELECT id, received_at, proposal FROM proposals \
         WHERE event_id = $1 AND idempotency_key = $2",
    )
    .bind(&row.event_id)
    .bind(&row.key)
    .fetch_one(&mut **tx)
    .await?;
    let json: String = stored.try_get("proposal")?;
    if json != row.json {
        return Ok(Inserted::KeyConflict);
    }
    Ok(Inserted::Replayed(Receipt {
        id: stored.try_get("id")?,
        received_at: stored.try_get("received_at")?,
    }))
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

/// `sqlite://data/cfp.sqlite` -> create `data/` and open read-write-create.
fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::UnsupportedUrl(format!(
            "{url} (an in-memory database would lose every proposal on restart; give a file path)"
        )));
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: path.to_owned(),
            source,
        })?;
    }
    let mode = if query.contains("mode=") {
        ""
    } else {
        "mode=rwc"
    };
    let joined = [query, mode]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("&");
    Ok(format!("sqlite://{path}?{joined}"))
}
