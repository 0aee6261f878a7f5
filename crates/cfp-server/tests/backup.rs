//! `cfp-server backup` against the real binary: a copy taken while a server stores
//! proposals as fast as four clients can send them is a sound database holding exactly
//! proposals the live one has, unchanged, as many as were stored by some moment between
//! the start and the end of the backup; a server started on it serves them. And what it
//! refuses: a file that is already there, a PostgreSQL URL (pg_dump is named).

#[path = "common/process.rs"]
mod process;

use process::{exported_ids, exported_rows, proposal_json, submit, ServerProcess, BIN};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const CLIENTS: usize = 4;

fn backup(db: &str, to: &Path) -> Output {
    Command::new(BIN)
        .args(["backup", "--db", db, "--to"])
        .arg(to)
        .env_remove("RUST_LOG")
        .output()
        .expect("run cfp-server backup")
}

async fn open_read_only(path: &Path) -> sqlx::SqliteConnection {
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_under_load_is_consistent_and_a_server_restored_from_it_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let live_path = dir.path().join("cfp.sqlite");
    let live_db = format!("sqlite://{}", live_path.display());
    let copy = dir.path().join("cfp-backup.sqlite");
    let server = ServerProcess::start(&live_db, Stdio::null());
    let addr = server.addr;

    // Clients posting new proposals without a pause until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let stored = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (stop, stored, next) = (stop.clone(), stored.clone(), next.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let answer = submit(addr, &format!("backup-{n}"), proposal_json(n))
                        .await
                        .unwrap_or_else(|e| panic!("submission {n}: {e}"));
                    assert_eq!(answer.status, 201, "submission {n}: {}", answer.body);
                    stored.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    while stored.load(Ordering::Relaxed) < 40 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let before = exported_ids(addr).await.len();
    let sent_before = stored.load(Ordering::Relaxed);
    let (db, to) = (live_db.clone(), copy.clone());
    let output = tokio::task::spawn_blocking(move || backup(&db, &to))
        .await
        .unwrap();
    let sent_during = stored.load(Ordering::Relaxed) - sent_before;
    let after = exported_ids(addr).await.len();
    // And the clients go on for a while after it.
    let target = stored.load(Ordering::Relaxed) + 20;
    while stored.load(Ordering::Relaxed) < target {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client
            .await
            .expect("a client failed: every submission must get its 201");
    }

    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "backup failed: {stdout}{stderr}");
    eprintln!("{stdout}(before {before}, after {after}, sent while it ran {sent_during})");
    let bytes = std::fs::metadata(&copy).expect("the backup file").len();
    let line = stdout.trim();
    assert!(
        line.starts_with(&format!("backed up to {}: {bytes} bytes, ", copy.display())),
        "{stdout}"
    );
    let printed: usize = line
        .rsplit(", ")
        .next()
        .and_then(|tail| tail.strip_suffix(" proposals"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no proposal count in {stdout:?}"));

    let live_rows = exported_rows(addr).await;
    assert!(
        live_rows.len() > after,
        "the clients stopped with the backup"
    );
    server.stop();

    // The copy on its own: sound, and every row of it is a row of the live database.
    let mut conn = open_read_only(&copy).await;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(integrity, "ok");
    let ids: Vec<String> = sqlx::query("SELECT id FROM proposals ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ids.len(), printed, "the count it printed");
    assert!(
        (before..=after).contains(&ids.len()),
        "{} proposals in the backup, {before} stored before it and {after} after",
        ids.len()
    );
    sqlx::query("ATTACH DATABASE $1 AS live")
        .bind(live_path.to_str().unwrap())
        .execute(&mut conn)
        .await
        .unwrap();
    for table in [
        "proposals",
        "proposal_versions",
        "proposal_speakers",
        "secrets",
    ] {
        let differing: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM live.{table})"
        ))
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
        assert_eq!(
            differing, 0,
            "rows of {table} in the backup but not in the live database"
        );
    }
    let versions: i64 = sqlx::query("SELECT COUNT(*) FROM proposal_versions")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(versions as usize, ids.len(), "one version per proposal");
    conn.close().await.unwrap();

    // Restored: a server on a copy of the backup serves those proposals, as they were.
    let restored = dir.path().join("restored.sqlite");
    std::fs::copy(&copy, &restored).unwrap();
    let server = ServerProcess::start(
        &format!("sqlite://{}", restored.display()),
        Stdio::inherit(),
    );
    let rows = exported_rows(server.addr).await;
    assert_eq!(rows.keys().cloned().collect::<Vec<_>>(), ids);
    for (id, row) in &rows {
        assert_eq!(Some(row), live_rows.get(id), "proposal {id}");
    }
    server.stop();
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let first = dir.path().join("first.sqlite");
    // A database to copy, made by a server that ran on it.
    ServerProcess::start(&db, Stdio::null()).stop();
    assert!(backup(&db, &first).status.success());
    let kept = std::fs::read(&first).unwrap();

    let again = backup(&db, &first);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains(&format!("{} already exists", first.display()))
            && stderr.contains("never overwrites"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&first).unwrap(), kept, "the file was changed");

    let missing = backup(
        &format!("sqlite://{}/nothing-here.sqlite", dir.path().display()),
        &dir.path().join("second.sqlite"),
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("there is no database file at"),
        "{missing:?}"
    );
}

#[test]
fn a_postgres_url_is_sent_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("cfp.dump");
    let output = backup("postgres://cfp:s3cret@db.example:5432/cfp", &to);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "`pg_dump --format=custom --file=cfp.dump 'postgres://cfp:****@db.example:5432/cfp'`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(!to.exists());
}
