//! `cfp-server backup`: a copy of a SQLite database that is consistent while a server
//! keeps writing to it. SQLite's `VACUUM INTO` reads the database in one read
//! transaction on a read-only connection of its own (WAL: readers neither block the
//! writer nor are blocked by it) and writes a new, compact file from that snapshot; the
//! copy is then synced to disk (SQLite does not), opened and checked
//! (`PRAGMA integrity_check`), and its proposals counted. A file that is already there is
//! never overwritten. PostgreSQL is `pg_dump`'s job: the error says the command.

use super::open::{Backend, Target};
use super::StoreError;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::path::{Path, PathBuf};

/// A finished backup: where, how large, how many proposals it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub file: PathBuf,
    pub bytes: u64,
    pub proposals: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Url(#[from] StoreError),
    #[error("cfp-server backup copies SQLite files; back up PostgreSQL with pg_dump instead: `pg_dump --format=custom --file=cfp.dump '{0}'` (with the password where **** is, or in PGPASSWORD), restored into an empty database with `pg_restore --no-owner --dbname='{0}' cfp.dump`")]
    Postgres(String),
    #[error("there is no database file at {0}: give --db the sqlite:// URL the server runs with")]
    NoDatabase(String),
    #[error("{0} already exists: cfp-server backup never overwrites a file; give --to a new name (with the date in it, say)")]
    Exists(String),
    #[error("there is no folder {0} to write the backup in; create it first")]
    NoFolder(String),
    #[error("the backup's file name {0:?} is not valid UTF-8; give --to a plainer name")]
    NotUtf8(PathBuf),
    #[error("cannot read the database {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("cannot write the backup {path}: {detail}")]
    Write { path: String, detail: String },
    #[error(
        "the backup {path} failed its integrity check ({detail}), so it was deleted; try again"
    )]
    Damaged { path: String, detail: String },
}

/// Copy the SQLite database of `url` to the new file `to`.
pub async fn backup(url: &str, to: &Path) -> Result<Backup, BackupError> {
    let target = Target::parse(url)?;
    let Backend::Sqlite { path } = &target.backend else {
        return Err(BackupError::Postgres(target.shown));
    };
    if !path.is_file() {
        return Err(BackupError::NoDatabase(path.display().to_string()));
    }
    let shown = to.display().to_string();
    // symlink_metadata: a dangling link is a file that is there too.
    if to.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(shown));
    }
    if let Some(dir) = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        return Err(BackupError::NoFolder(dir.display().to_string()));
    }
    let into = to.to_str().ok_or_else(|| BackupError::NotUtf8(to.into()))?;
    let read = |e: sqlx::Error| BackupError::Read {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let mut source = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(read)?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(into)
        .execute(&mut source)
        .await;
    let _ = source.close().await;
    if let Err(e) = copied {
        // What VACUUM INTO left of a copy it did not finish (the file was not there).
        let _ = std::fs::remove_file(to);
        return Err(BackupError::Write {
            path: shown,
            detail: e.to_string(),
        });
    }
    sync(to).map_err(|e| BackupError::Write {
        path: shown.clone(),
        detail: format!("syncing it to disk: {e}"),
    })?;
    let (integrity, proposals) = check(to).await.map_err(|e| BackupError::Write {
        path: shown.clone(),
        detail: format!("reading it back: {e}"),
    })?;
    if integrity != "ok" {
        let _ = std::fs::remove_file(to);
        return Err(BackupError::Damaged {
            path: shown,
            detail: integrity,
        });
    }
    let bytes = std::fs::metadata(to)
        .map_err(|e| BackupError::Write {
            path: shown,
            detail: e.to_string(),
        })?
        .len();
    Ok(Backup {
        file: to.to_path_buf(),
        bytes,
        proposals,
    })
}

/// SQLite does not sync what `VACUUM INTO` writes: the file, then its folder's entry.
fn sync(file: &Path) -> std::io::Result<()> {
    std::fs::File::open(file)?.sync_all()?;
    let dir = match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    // Not every system can open a folder to sync it; the file itself is on disk.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The copy opened on its own: `PRAGMA integrity_check`'s first line, and its proposals.
async fn check(file: &Path) -> Result<(String, i64), sqlx::Error> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?
        .try_get(0)?;
    let proposals: i64 = sqlx::query("SELECT COUNT(*) FROM proposals")
        .fetch_one(&mut conn)
        .await?
        .try_get(0)?;
    let _ = conn.close().await;
    Ok((integrity, proposals))
}
