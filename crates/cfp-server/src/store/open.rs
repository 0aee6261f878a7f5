//! Opening the database, and saying in a sentence why it could not be opened: a folder
//! that cannot be created or written, a file that is read-only, a full disk, a
//! PostgreSQL that refuses the login or cannot be reached. URLs are shown with their
//! password masked, since these sentences go to the log.

use super::StoreError;
use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, ConnectOptions, Executor};
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// How long one connection attempt may take before the database counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite's primary result codes the sentences need (the low byte of an extended code).
const SQLITE_READONLY: u32 = 8;
const SQLITE_CANTOPEN: u32 = 14;
const SQLITE_FULL: u32 = 13;

/// A database URL, checked, with what the sentences need to name it.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// What sqlx connects to (SQLite: with `mode=rwc`).
    pub url: String,
    /// The URL with its password masked, for messages.
    pub shown: String,
    pub backend: Backend,
}

#[derive(Clone, Debug)]
pub(crate) enum Backend {
    Sqlite { path: PathBuf },
    Postgres,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, StoreError> {
        if url.starts_with("sqlite:") {
            let (url, path) = sqlite_url(url)?;
            return Ok(Target {
                shown: url.clone(),
                url,
                backend: Backend::Sqlite { path },
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target {
                url: url.to_owned(),
                shown: mask_password(url),
                backend: Backend::Postgres,
            });
        }
        Err(StoreError::UnsupportedUrl(mask_password(url)))
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self.backend, Backend::Sqlite { .. })
    }

    /// Before SQLite opens anything: the folder exists (or is made), cfp-server can write
    /// in it, and an existing database file opens for writing. SQLite itself would only
    /// say "unable to open database file".
    pub fn check_files(&self) -> Result<(), StoreError> {
        let Backend::Sqlite { path } = &self.backend else {
            return Ok(());
        };
        let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        if !dir.is_dir() {
            std::fs::create_dir_all(&dir).map_err(|source| StoreError::CreateDir {
                dir: dir.display().to_string(),
                source,
            })?;
        }
        probe_folder(&dir).map_err(|source| StoreError::DirNotWritable {
            dir: dir.display().to_string(),
            source,
        })?;
        if path.exists() {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .map_err(|source| StoreError::FileNotWritable {
                    path: path.display().to_string(),
                    source,
                })?;
        }
        Ok(())
    }

    /// A connection of its own for the writer, set up for durable writes.
    pub async fn connect(&self) -> Result<AnyConnection, sqlx::Error> {
        let options = AnyConnectOptions::from_str(&self.url)?;
        let mut conn = tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)??;
        if self.is_sqlite() {
            // Durable: a receipt is only given for a proposal on disk.
            conn.execute("PRAGMA journal_mode = WAL").await?;
            conn.execute("PRAGMA synchronous = FULL").await?;
            conn.execute("PRAGMA foreign_keys = ON").await?;
        }
        Ok(conn)
    }

    /// Why the database could not be opened, migrated or written at start-up.
    pub fn explain(&self, error: sqlx::Error) -> StoreError {
        match (&self.backend, &error) {
            (Backend::Sqlite { path }, sqlx::Error::Database(db)) => {
                let path = path.display().to_string();
                match sqlite_primary_code(db.as_ref()) {
                    Some(SQLITE_FULL) => StoreError::DiskFull {
                        path,
                        detail: db.message().to_owned(),
                    },
                    Some(SQLITE_READONLY | SQLITE_CANTOPEN) => StoreError::FileNotWritable {
                        path,
                        source: io::Error::other(db.message().to_owned()),
                    },
                    _ => StoreError::Open {
                        url: self.shown.clone(),
                        source: error,
                    },
                }
            }
            (Backend::Postgres, sqlx::Error::Database(db))
                if matches!(db.code().as_deref(), Some("28P01" | "28000")) =>
            {
                StoreError::LoginRefused {
                    url: self.shown.clone(),
                    detail: db.message().to_owned(),
                }
            }
            (Backend::Postgres, sqlx::Error::Database(db))
                if db.code().as_deref() == Some("3D000") =>
            {
                StoreError::NoSuchDatabase {
                    url: self.shown.clone(),
                    detail: db.message().to_owned(),
                }
            }
            (Backend::Postgres, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut) => {
                StoreError::Unreachable {
                    url: self.shown.clone(),
                    detail: match &error {
                        sqlx::Error::PoolTimedOut => {
                            format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())
                        }
                        other => other.to_string(),
                    },
                }
            }
            _ => StoreError::Open {
                url: self.shown.clone(),
                source: error,
            },
        }
    }
}

/// SQLite's primary result code of a database error (`13` for SQLITE_FULL), whatever
/// extended code it came as.
pub(crate) fn sqlite_primary_code(db: &dyn sqlx::error::DatabaseError) -> Option<u32> {
    db.code()?.parse::<u32>().ok().map(|code| code & 0xff)
}

/// Create and delete a file in `dir`: the one reliable test that it can be written
/// (permissions, read-only mounts, and as root, which `access(2)` answers wrongly for).
fn probe_folder(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".cfp-server-probe-{}", std::process::id()));
    std::fs::File::create(&probe)?;
    std::fs::remove_file(&probe)
}

/// `sqlite://data/cfp.sqlite` -> the URL sqlx opens (read-write-create) and the path.
fn sqlite_url(url: &str) -> Result<(String, PathBuf), StoreError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::UnsupportedUrl(format!(
            "{url} (an in-memory database would lose every proposal on restart; give a file path)"
        )));
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
    Ok((format!("sqlite://{path}?{joined}"), PathBuf::from(path)))
}

/// `postgres://cfp:secret@db:5432/cfp?password=x` -> `postgres://cfp:****@db:5432/cfp?password=****`.
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:****@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=****")
                    }
                    _ => pair.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("&");
            format!("{path}?{query}")
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_wherever_a_url_carries_them() {
        assert_eq!(
            mask_password("postgres://cfp:s3cr%40t@db.example:5432/cfp"),
            "postgres://cfp:****@db.example:5432/cfp"
        );
        assert_eq!(
            mask_password("postgres://cfp@127.0.0.1/cfp?sslmode=require&password=hunter2"),
            "postgres://cfp@127.0.0.1/cfp?sslmode=require&password=****"
        );
        assert_eq!(mask_password("postgresql://u:p@h"), "postgresql://u:****@h");
        assert_eq!(mask_password("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn sqlite_urls_open_read_write_create_unless_a_mode_is_given() {
        let (url, path) = sqlite_url("sqlite://data/cfp.sqlite").unwrap();
        assert_eq!(url, "sqlite://data/cfp.sqlite?mode=rwc");
        assert_eq!(path, PathBuf::from("data/cfp.sqlite"));
        let (url, _) = sqlite_url("sqlite:///tmp/x.db?mode=ro").unwrap();
        assert_eq!(url, "sqlite:///tmp/x.db?mode=ro");
    }
}
