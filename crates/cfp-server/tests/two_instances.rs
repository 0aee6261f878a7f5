//! Two cfp-server processes on one PostgreSQL database behind one nginx, as a conference
//! runs several instances: what one process promises holds across both. The same
//! Idempotency-Key sent to both at once stores one proposal; the per-speaker cap counts
//! what both stored; two changes against one version, one to each, save one and answer
//! the other 412; and with both delivery tasks running, every acknowledgement reaches the
//! real SMTP server exactly once.
//!
//! Needs `CFP_TEST_POSTGRES_URL` (`cargo xtask test` starts a throwaway cluster), Debian's
//! nginx and the npm smtp-server package (both installed by `cargo xtask setup`).

#[path = "common/nginx.rs"]
mod nginx;
#[path = "common/postgres.rs"]
mod postgres;
#[path = "common/process.rs"]
mod process;
#[path = "common/sink.rs"]
mod sink;

use nginx::Nginx;
use process::{exported_rows, proposal_json, request, Answer, ServerProcess};
use serde_json::{json, Value};
use sink::{free_port, repo, Sink};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

const PROPOSALS: &str = "/api/events/dask-summit-2021/proposals";
/// `limits.proposals_per_speaker` in this test's copy of the Dask summit.
const CAP: usize = 3;

/// The Dask summit with its page_url set (the acknowledgement carries the private link)
/// and a cap of `CAP` proposals per speaker.
fn events(dir: &std::path::Path) -> String {
    let mut config: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("events/dask-summit-2021.json")).unwrap(),
    )
    .unwrap();
    config["page_url"] = json!("https://dask.example/cfp/");
    config["limits"]["proposals_per_speaker"] = json!(CAP);
    std::fs::write(dir.join("dask.json"), config.to_string()).unwrap();
    dir.display().to_string()
}

/// Proposal `n` (`proposal_json`), from the speaker at `email`.
fn proposal_from(n: usize, email: &str) -> String {
    let mut proposal: Value = serde_json::from_str(&proposal_json(n)).unwrap();
    proposal["speakers"][0]["email"] = json!(email);
    proposal.to_string()
}

async fn post(addr: SocketAddr, key: &str, body: String) -> Answer {
    let headers = [
        ("content-type", "application/json"),
        ("idempotency-key", key),
    ];
    request(addr, "POST", PROPOSALS, &headers, body)
        .await
        .unwrap_or_else(|e| panic!("POST {key} to {addr}: {e}"))
}

/// Every stored proposal of the export: id -> (speaker's email, version).
async fn exported(addr: SocketAddr) -> BTreeMap<String, (String, u64)> {
    exported_rows(addr)
        .await
        .into_iter()
        .map(|(id, row)| {
            let email = row["proposal"]["speakers"][0]["email"].as_str().unwrap();
            (id, (email.to_owned(), row["version"].as_u64().unwrap()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgres_behind_nginx_keep_every_promise() {
    let (url, database, mut admin) = postgres::fresh_database().await;
    let dir = tempfile::tempdir().unwrap();
    let events_dir = dir.path().join("events");
    std::fs::create_dir(&events_dir).unwrap();
    let events = events(&events_dir);
    let smtp_port = free_port();
    let mailbox = dir.path().join("mail");
    let smtp = Sink::start(smtp_port, &mailbox, None);
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    let mail = [
        "--smtp-url",
        &smtp_url,
        "--mail-from",
        "Dask CFP <cfp@dask.example>",
    ];
    let one = ServerProcess::start_with(&url, &events, &mail, Stdio::inherit());
    let two = ServerProcess::start_with(&url, &events, &mail, Stdio::inherit());
    let both = [one.addr, two.addr];
    let nginx = Nginx::start(
        &both,
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    );

    // 50 posts of one proposal under one key, all at once, alternately to each server.
    let race: Vec<_> = (0..50)
        .map(|i| {
            let addr = both[i % 2];
            tokio::spawn(async move { post(addr, "the-race", proposal_json(0)).await })
        })
        .collect();
    let mut receipts = BTreeSet::new();
    for answer in race {
        let answer = answer.await.unwrap();
        assert_eq!(answer.status, 201, "{}", answer.body);
        let receipt = answer.json();
        receipts.insert((
            receipt["id"].to_string(),
            receipt["received_at"].to_string(),
        ));
    }
    assert_eq!(receipts.len(), 1, "one receipt for one key: {receipts:?}");
    assert_eq!(
        exported(one.addr).await.len(),
        1,
        "one row for 50 posts of one key"
    );

    // One speaker, 20 different proposals at once, split across both: the cap holds.
    let capped: Vec<_> = (0..20)
        .map(|i| {
            let addr = both[i % 2];
            tokio::spawn(async move {
                post(
                    addr,
                    &format!("capped-{i}"),
                    proposal_from(i + 1, "capped@example.org"),
                )
                .await
            })
        })
        .collect();
    let mut statuses = BTreeMap::<u16, usize>::new();
    let mut stored = Vec::new();
    for answer in capped {
        let answer = answer.await.unwrap();
        *statuses.entry(answer.status).or_default() += 1;
        match answer.status {
            201 => stored.push(answer.json()),
            422 => assert_eq!(
                answer.json()["error"],
                "too_many_proposals",
                "{}",
                answer.body
            ),
            other => panic!("{other}: {}", answer.body),
        }
    }
    assert_eq!(
        statuses,
        BTreeMap::from([(201, CAP), (422, 20 - CAP)]),
        "exactly {CAP} of one speaker's 20 proposals stored across both servers"
    );

    // Two changes against version 1 of one proposal, one to each server, at once.
    let (id, token) = (
        stored[0]["id"].as_str().unwrap().to_owned(),
        stored[0]["edit_token"].as_str().unwrap().to_owned(),
    );
    let path = format!("{PROPOSALS}/{id}");
    let bearer = format!("Bearer {token}");
    let changes: Vec<_> = both
        .iter()
        .enumerate()
        .map(|(i, &addr)| {
            let (path, bearer) = (path.clone(), bearer.clone());
            let mut body: Value =
                serde_json::from_str(&proposal_from(100 + i, "capped@example.org")).unwrap();
            body["title"] = json!(format!("Changed on server {}", i + 1));
            tokio::spawn(async move {
                let headers = [
                    ("content-type", "application/json"),
                    ("authorization", bearer.as_str()),
                    ("if-match", "\"v1\""),
                ];
                request(addr, "PUT", &path, &headers, body.to_string())
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut change_statuses = Vec::new();
    for change in changes {
        let answer = change.await.unwrap();
        change_statuses.push(answer.status);
        if answer.status == 412 {
            assert_eq!(answer.json()["error"], "stale_version", "{}", answer.body);
        }
    }
    change_statuses.sort();
    assert_eq!(
        change_statuses,
        [200, 412],
        "one change saved, the other told it is stale"
    );

    // 30 more speakers through nginx (round robin over both servers).
    for n in 0..30 {
        let email = format!("speaker-{n}@example.org");
        let answer = post(
            nginx.addr,
            &format!("spread-{n}"),
            proposal_from(200 + n, &email),
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }

    let rows = exported(two.addr).await;
    assert_eq!(rows.len(), 1 + CAP + 30, "{rows:?}");
    let versions: Vec<u64> = rows.values().map(|(_, v)| *v).collect();
    assert_eq!(
        versions.iter().filter(|v| **v == 2).count(),
        1,
        "{versions:?}"
    );
    assert!(versions.iter().all(|v| *v <= 2), "{versions:?}");

    // Both delivery tasks run: each proposal's acknowledgement arrives once, and the one
    // change's notice once. Then a pause, for a late duplicate to show itself.
    let expected = rows.len() + 1;
    smtp.wait_for(expected, Duration::from_secs(60));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), expected, "messages: {messages:#?}");
    let ids: BTreeSet<&str> = messages
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), messages.len(), "a Message-ID twice");
    for (_, (email, _)) in rows.iter() {
        let to_them = messages
            .iter()
            .filter(|m| m["to"][0].as_str() == Some(email.as_str()))
            .count();
        let want = match email.as_str() {
            // The capped speaker's three acknowledgements and the change's notice.
            "capped@example.org" => CAP + 1,
            _ => 1,
        };
        assert_eq!(to_them, want, "messages to {email}");
    }

    drop(nginx);
    one.stop();
    two.stop();
    let _ = sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&mut admin)
        .await;
}
