//! The store suite on a real PostgreSQL (`CFP_TEST_POSTGRES_URL`, set by `cargo xtask
//! test`, which starts a throwaway cluster). Each run gets a database of its own. And
//! PostgreSQL's faults against the real binary: connections killed mid-load, the server
//! restarted in immediate mode (`CFP_TEST_POSTGRES_RESTART`, a script xtask writes), a
//! refused login and a server that is not there.

mod common;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/process.rs"]
mod process;

use cfp_server::Store;
use postgres::{base_url, fresh_database};
use process::*;
use sqlx::Connection;
use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One test at a time: the restart test takes the whole server down.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_postgres() {
    let _serial = SERIAL.lock().await;
    let (url, database, mut admin) = fresh_database().await;
    let store = Store::connect(&url).await.unwrap();
    common::store_suite(store.clone()).await;
    store.close().await;
    // A closed pool's server sessions can outlive it by a moment: FORCE ends them.
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_killed_and_a_restart_mid_load_never_give_a_false_receipt() {
    let _serial = SERIAL.lock().await;
    let restart = std::env::var("CFP_TEST_POSTGRES_RESTART").expect(
        "CFP_TEST_POSTGRES_RESTART must name a script that restarts the test server \
         (cargo xtask test writes one)",
    );
    let (url, database, _admin) = fresh_database().await;
    let server = ServerProcess::start(&url, Stdio::null());
    let addr = server.addr;
    let receipts = Arc::new(Mutex::new(BTreeSet::new()));
    let refused = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for client in 0..4 {
        let (receipts, refused, stop) = (receipts.clone(), refused.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let key = format!("pg-{client}-{n}");
                let answer = submit(addr, &key, proposal_json(n))
                    .await
                    .unwrap_or_else(|e| panic!("{key}: no answer: {e}"));
                match answer.status {
                    201 => {
                        let id = answer.json()["id"].as_str().unwrap().to_owned();
                        receipts.lock().unwrap().insert(id);
                    }
                    503 => {
                        assert_eq!(answer.json()["error"], "storage_unavailable");
                        refused.lock().unwrap().push(key);
                    }
                    other => panic!("{key}: {other} {}", answer.body),
                }
                n += 1;
            }
        }));
    }

    // Kill every session of the database a few times, while proposals are written.
    let kill = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    );
    let mut killer = sqlx::AnyConnection::connect(&base_url()).await.unwrap();
    let mut killed = 0;
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        killed += sqlx::query(&kill)
            .fetch_all(&mut killer)
            .await
            .unwrap()
            .len();
    }
    drop(killer);
    // And crash the whole server.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = std::process::Command::new(&restart).status().unwrap();
    assert!(status.success(), "{restart}: {status}");
    let recovery = wait_healthy(addr, "PostgreSQL came back").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }

    let found = exported_ids(addr).await;
    let receipts = receipts.lock().unwrap().clone();
    let refused = refused.lock().unwrap().len();
    let lost: Vec<_> = receipts.difference(&found).collect();
    assert!(
        lost.is_empty(),
        "receipts for proposals not stored: {lost:?}"
    );
    assert!(refused > 0, "no fault was met: the test proved nothing");
    server.stop();
    println!(
        "postgres: {killed} sessions killed over 5 rounds, then an immediate restart; \
         {} answered 201, {refused} answered 503, {} stored (every 201 among them; \
         a 503 may still have committed, and its resend with the same key replays it); \
         healthy {:.0} ms after the restart script returned",
        receipts.len(),
        found.len(),
        recovery.as_secs_f64() * 1000.0
    );
}

#[tokio::test]
async fn a_refused_login_or_an_absent_server_is_a_sentence_with_the_password_masked() {
    let _serial = SERIAL.lock().await;
    let base = base_url();
    let (_, rest) = base.split_once('@').expect("a URL with a user");
    let url = format!("postgres://nosuchrole:hunter2@{rest}");
    let error = Store::connect(&url).await.unwrap_err().to_string();
    let shown = format!("postgres://nosuchrole:****@{rest}");
    assert!(
        error.contains(&format!("PostgreSQL at {shown} refused the login"))
            && !error.contains("hunter2"),
        "{error}"
    );
    let (code, stderr) = start_refused(&url, None);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("refused the login") && !stderr.contains("hunter2"),
        "{stderr}"
    );
    println!("login refused: {}", stderr.trim());

    // Port 1 on loopback: nothing listens there.
    let url = "postgres://cfp:hunter2@127.0.0.1:1/cfp";
    let (code, stderr) = start_refused(url, None);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot reach PostgreSQL at postgres://cfp:****@127.0.0.1:1/cfp")
            && !stderr.contains("hunter2"),
        "{stderr}"
    );
    println!("unreachable: {}", stderr.trim());
}
