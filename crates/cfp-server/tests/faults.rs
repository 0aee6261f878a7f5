//! Faults made real against the real binary: a database disk that fills up under load, a
//! log disk that is full, a stderr pipe nobody reads, kill -9 under load, and start-up
//! on folders and files it cannot write. The invariant under test: a 201 is given only
//! for a proposal that is found after a restart, and a refusal says why.
//!
//! Tests named `tmpfs_*` mount small tmpfs disks and so need root; `cargo xtask test`
//! runs them as root (as CI does) and prints why it skips them otherwise. Figures are
//! printed (`--nocapture` shows them) for the session notes.

#[path = "common/process.rs"]
mod process;

use process::*;
use std::collections::BTreeSet;
use std::fs::File;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What one POST got.
#[derive(Debug)]
enum Outcome {
    Stored(String),
    Refused(Answer),
    Failed(String),
}

/// `total` distinct proposals posted by `clients` concurrent clients; each key with what
/// it got.
async fn post_many(addr: SocketAddr, total: usize, clients: usize) -> Vec<(String, Outcome)> {
    let next = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (next, results) = (next.clone(), results.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let key = format!("fault-{n}");
                let outcome = classify(submit(addr, &key, proposal_json(n)).await);
                results.lock().unwrap().push((key, outcome));
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut results = std::mem::take(&mut *results.lock().unwrap());
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

fn classify(answer: Result<Answer, String>) -> Outcome {
    match answer {
        Ok(a) if a.status == 201 => Outcome::Stored(a.json()["id"].as_str().unwrap().to_owned()),
        Ok(a) => Outcome::Refused(a),
        Err(e) => Outcome::Failed(e),
    }
}

fn assert_storage_unavailable(answer: &Answer) {
    assert_eq!(answer.status, 503, "{answer:?}");
    assert_eq!(answer.json()["error"], "storage_unavailable", "{answer:?}");
    assert_eq!(answer.retry_after.as_deref(), Some("30"), "{answer:?}");
}

fn count_lines(path: &std::path::Path, needle: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|line| line.contains(needle))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmpfs_a_full_database_disk_refuses_with_503_and_every_receipt_survives_a_restart() {
    require_root("this test");
    let work = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(&work.path().join("db"), "2m");
    let db = format!("sqlite://{}/cfp.sqlite", disk.dir.display());
    let log = work.path().join("server.log");
    let server = ServerProcess::start(&db, Stdio::from(File::create(&log).unwrap()));

    let posts = 400;
    let outcomes = post_many(server.addr, posts, 4).await;
    let mut receipts: BTreeSet<String> = BTreeSet::new();
    let mut refused = Vec::new();
    for (key, outcome) in &outcomes {
        match outcome {
            Outcome::Stored(id) => {
                receipts.insert(id.clone());
            }
            Outcome::Refused(answer) => {
                assert_storage_unavailable(answer);
                refused.push(key.clone());
            }
            Outcome::Failed(e) => panic!("{key}: no answer at all: {e}"),
        }
    }
    let stored_under_load = receipts.len();
    assert!(
        !refused.is_empty(),
        "{posts} proposals of 6 KB fit on a 2 MB disk: the test filled nothing"
    );
    // Each outage is one ERROR when it starts and one line when it ends, however many
    // requests it refused. (Under load it may end and start again: a checkpoint when
    // the writer reopens its connection gives the WAL's room back.)
    let outages_under_load = count_lines(&log, "storage unavailable");
    assert!(outages_under_load >= 1, "no outage logged");

    // Another program fills what is left: every write is refused, health says so.
    disk.fill();
    let mut refused_while_full = 0;
    for n in 0..20 {
        let key = format!("full-{n}");
        let answer = submit(server.addr, &key, proposal_json(posts + n))
            .await
            .unwrap();
        assert_storage_unavailable(&answer);
        refused_while_full += 1;
    }
    assert_storage_unavailable(&healthz(server.addr).await.unwrap());
    let outages = count_lines(&log, "storage unavailable");
    assert!(
        outages <= outages_under_load + 1,
        "{refused_while_full} refusals on a full disk logged {} ERRORs",
        outages - outages_under_load
    );

    // Room is made; the server notices by itself, with no restart.
    let _ = std::fs::remove_file(disk.dir.join("filler"));
    disk.resize("32m");
    let recovery = wait_healthy(server.addr, "room was made").await;
    // What was refused is stored when sent again with its key, as the widget does.
    for key in &refused {
        let n: usize = key.trim_start_matches("fault-").parse().unwrap();
        match classify(submit(server.addr, key, proposal_json(n)).await) {
            Outcome::Stored(id) => assert!(receipts.insert(id), "{key}: a receipt given twice"),
            other => panic!("{key} after recovery: {other:?}"),
        }
    }
    server.stop();

    let server = ServerProcess::start(&db, Stdio::null());
    let found = exported_ids(server.addr).await;
    let lost: Vec<_> = receipts.difference(&found).collect();
    assert!(
        lost.is_empty(),
        "receipts given for proposals not stored: {lost:?}"
    );
    assert_eq!(found, receipts, "stored proposals nobody got a receipt for");
    server.stop();

    let outages = count_lines(&log, "storage unavailable");
    assert_eq!(
        count_lines(&log, "storage recovered"),
        outages,
        "every outage logged has its end logged: {log:?}"
    );
    println!(
        "disk full: {posts} posts, {stored_under_load} answered 201, {} answered 503; \
         then {refused_while_full} posts on the filled disk, all 503; \
         {} found after restart (= the 201s plus the {} refused under load, sent again \
         after recovery); {outages} outage(s) logged, one ERROR each; \
         healthy again {:.0} ms after room was made",
        refused.len(),
        found.len(),
        refused.len(),
        recovery.as_secs_f64() * 1000.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmpfs_a_full_log_disk_leaves_every_submission_answered_and_stored() {
    require_root("this test");
    let work = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", work.path().display());
    let disk = SmallDisk::mount(&work.path().join("log"), "64k");
    let log = disk.dir.join("server.log");
    let server = ServerProcess::start(&db, Stdio::from(File::create(&log).unwrap()));
    disk.fill();

    let stored = every_post_is_stored(server, &db, 200, "the log disk full").await;
    println!("log disk full: 200 posts, {stored} answered 201, all found after restart");
}

/// `posts` proposals: each must get a 201, the server stays healthy, and after a restart
/// the export holds exactly those. Returns how many were stored.
async fn every_post_is_stored(server: ServerProcess, db: &str, posts: usize, fault: &str) -> usize {
    let outcomes = post_many(server.addr, posts, 4).await;
    let receipts: BTreeSet<String> = outcomes
        .iter()
        .map(|(key, outcome)| match outcome {
            Outcome::Stored(id) => id.clone(),
            other => panic!("{key} with {fault}: {other:?}"),
        })
        .collect();
    assert_eq!(healthz(server.addr).await.unwrap().status, 200);
    server.stop();
    let server = ServerProcess::start(db, Stdio::null());
    assert_eq!(exported_ids(server.addr).await, receipts);
    receipts.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stderr_pipe_leaves_every_submission_answered_and_stored() {
    let work = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", work.path().display());
    let mut server = ServerProcess::start(&db, Stdio::piped());
    // Nobody reads the log: every line the server writes now fails with EPIPE.
    server.close_stderr();

    every_post_is_stored(server, &db, 200, "stderr closed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_no_acknowledged_proposal() {
    let work = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", work.path().display());
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let kills = 5;
    for round in 0..kills {
        let server = ServerProcess::start(&db, Stdio::null());
        let addr = server.addr;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut clients = Vec::new();
        for client in 0..8 {
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            clients.push(tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let key = format!("kill-{round}-{client}-{n}");
                    match submit(addr, &key, proposal_json(n)).await {
                        Ok(a) if a.status == 201 => {
                            let id = a.json()["id"].as_str().unwrap().to_owned();
                            acknowledged.lock().unwrap().insert(id);
                        }
                        Ok(a) => panic!("{key}: {a:?}"),
                        // The server is gone: nothing was acknowledged.
                        Err(_) => {}
                    }
                    n += 1;
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill_9();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.await.unwrap();
        }
    }
    let server = ServerProcess::start(&db, Stdio::null());
    let found = exported_ids(server.addr).await;
    let acknowledged = acknowledged.lock().unwrap();
    let lost: Vec<_> = acknowledged.difference(&found).collect();
    assert!(acknowledged.len() > 100, "too little load to mean anything");
    assert!(lost.is_empty(), "acknowledged, then lost: {lost:?}");
    println!(
        "kill -9: {kills} kills, {} acknowledged, {} found after restart, 0 lost",
        acknowledged.len(),
        found.len()
    );
}

/// The folder of a database that must not be writable by `nobody`: world-writable
/// itself, under a temp dir `nobody` can enter.
fn folder_for_nobody() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    sh("chmod", &["0777", dir.path().to_str().unwrap()]);
    dir
}

/// Start cfp-server on `db` (as `user`, if given): it must exit 1 with a stderr that
/// contains every one of `says`. Prints the sentence, labelled, for the session notes.
fn refuses_to_start(label: &str, db: &str, user: Option<&str>, says: &[&str]) {
    let (code, stderr) = start_refused(db, user);
    assert_eq!(code, Some(1), "{stderr}");
    for needle in says {
        assert!(
            stderr.contains(needle),
            "{label}: no {needle:?} in {stderr}"
        );
    }
    println!("{label}: {}", stderr.trim());
}

#[test]
fn tmpfs_start_up_on_what_cannot_be_written_exits_1_with_the_cause() {
    require_root("this test");
    let work = tempfile::tempdir().unwrap();

    // A read-only disk: the folder exists but cannot be written.
    let disk = SmallDisk::mount(&work.path().join("ro"), "1m");
    disk.remount("ro");
    let ro = disk.dir.display();
    refuses_to_start(
        "read-only folder",
        &format!("sqlite://{ro}/cfp.sqlite"),
        None,
        &[
            &format!("cannot write in the folder {ro}"),
            "Read-only file system",
        ],
    );
    refuses_to_start(
        "folder not creatable",
        &format!("sqlite://{ro}/new/cfp.sqlite"),
        None,
        &[&format!("cannot create the folder {ro}/new")],
    );

    // A database file cfp-server's user may not write, in a folder it may.
    let dir = folder_for_nobody();
    let path = dir.path().join("cfp.sqlite");
    let db = format!("sqlite://{}", path.display());
    ServerProcess::start(&db, Stdio::null()).stop();
    sh("chmod", &["0444", path.to_str().unwrap()]);
    refuses_to_start(
        "read-only database file",
        &db,
        Some("nobody"),
        &[
            &format!(
                "the database file {} cannot be opened for writing",
                path.display()
            ),
            "Permission denied",
        ],
    );

    // A disk already full when it starts.
    let full = SmallDisk::mount(&work.path().join("full"), "1m");
    full.fill();
    refuses_to_start(
        "full disk at start",
        &format!("sqlite://{}/cfp.sqlite", full.dir.display()),
        None,
        &[&format!(
            "the disk holding {}/cfp.sqlite is full",
            full.dir.display()
        )],
    );
}
