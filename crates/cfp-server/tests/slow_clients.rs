//! Slow clients against the real binary: a connection that never finishes its request
//! head is closed after `--header-timeout`, a body that stops arriving is answered after
//! `--body-timeout`, and everyone else is served meanwhile.

#[path = "common/process.rs"]
mod process;

use process::{events_dir, proposal_json, submit, ServerProcess};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HALF_OPEN: usize = 1_000;

/// The open-file limit, from /proc: the test needs two descriptors per connection (its
/// own and the server's, both processes under the same limit).
fn open_file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_half_open_connections_are_dropped_and_others_are_served() {
    if let Some(limit) = open_file_limit() {
        assert!(
            limit > (HALF_OPEN as u64) + 200,
            "this test opens {HALF_OPEN} connections, but the open-file limit is {limit}: raise it (`ulimit -n 4096`) and run again"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let server = ServerProcess::start_with(
        &db,
        &events_dir(),
        &["--header-timeout", "2", "--body-timeout", "2"],
        Stdio::inherit(),
    );
    let addr = server.addr;

    // Each sends half a request head, then nothing, and waits for the server to hang up.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..HALF_OPEN {
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
            stream
                .write_all(b"POST /api/events/dask-summit-2021/proposals HTTP/1.1\r\nHost: x\r\n")
                .await
                .map_err(|e| e.to_string())?;
            let mut buf = [0u8; 512];
            // 0 bytes (or a reset) is the server closing it; give it far longer than 2 s.
            match tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buf)).await {
                Ok(_) => Ok(started.elapsed()),
                Err(_) => Err("still open after 20 s".to_string()),
            }
        }));
    }
    // Meanwhile a speaker submits, and is answered at once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = Instant::now();
    let answer = submit(addr, "slow-1", proposal_json(1)).await.unwrap();
    let took = asked.elapsed();
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert!(
        took < Duration::from_secs(1),
        "a submission took {took:?} among slow clients"
    );

    let mut closed_after = Vec::new();
    for task in tasks {
        closed_after.push(
            task.await
                .unwrap()
                .expect("every half-open connection is closed"),
        );
    }
    closed_after.sort();
    let (first, last) = (closed_after[0], closed_after[HALF_OPEN - 1]);
    eprintln!("{HALF_OPEN} half-open connections closed between {first:?} and {last:?}; a submission meanwhile took {took:?}");
    assert!(
        first >= Duration::from_millis(1_900),
        "closed before the timeout: {first:?}"
    );
    assert!(
        last < Duration::from_secs(8),
        "closed long after the 2 s timeout: {last:?}"
    );
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_stops_arriving_is_answered_after_the_body_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let server = ServerProcess::start_with(
        &db,
        &events_dir(),
        &["--body-timeout", "2"],
        Stdio::inherit(),
    );
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/events/dask-summit-2021/proposals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"title\": ",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    eprintln!("after {:?}: {answer}", started.elapsed());
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(6));
    server.stop();
}
