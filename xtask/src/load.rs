//! A bounded load generator for the reference server: N keep-alive HTTP/1.1 connections on
//! 127.0.0.1, each posting valid proposals (a new Idempotency-Key each, so every one is
//! stored) back to back for a fixed time; then throughput and latency percentiles.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;

pub struct LoadResult {
    pub concurrency: usize,
    pub seconds: f64,
    pub stored: u64,
    pub failed: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl LoadResult {
    pub fn per_second(&self) -> f64 {
        self.stored as f64 / self.seconds
    }

    /// The bench tables' cells: clients, seconds, stored, failed, per second, p50, p99.
    pub fn cells(&self) -> String {
        format!(
            "{} | {:.1} | {} | {} | {:.0} | {:.2} | {:.2}",
            self.concurrency,
            self.seconds,
            self.stored,
            self.failed,
            self.per_second(),
            self.p50_ms,
            self.p99_ms
        )
    }
}

/// A proposal the Dask config accepts, about the size a real one is (2 KB of JSON).
pub fn proposal_body() -> String {
    let abstract_ = "Dask scales the PyData stack from a laptop to a cluster. ".repeat(12);
    serde_json::json!({
        "title": "Scaling Machine Learning With Python and Dask",
        "format": "talk",
        "track": "use-case",
        "abstract": abstract_,
        "description": "Versions of this talk have been given at six meetups and conferences.",
        "speakers": [{ "name": "James Lamb", "email": "james@example.org", "affiliation": "", "bio": "" }],
        "code_of_conduct": true
    })
    .to_string()
}

/// Post for `duration` on `concurrency` connections, shared out in turn among
/// `base_urls` (http://127.0.0.1:PORT each: several servers, as a load balancer would).
pub fn run(
    base_urls: &[&str],
    event: &str,
    concurrency: usize,
    duration: Duration,
) -> Result<LoadResult> {
    run_until(base_urls, event, concurrency, duration, None)
}

/// `run`, stopping also once `limit` proposals have been sent (to fill a database with
/// that many for a benchmark of reading them).
pub fn run_until(
    base_urls: &[&str],
    event: &str,
    concurrency: usize,
    duration: Duration,
    limit: Option<u64>,
) -> Result<LoadResult> {
    let mut authorities = Vec::new();
    for base_url in base_urls {
        let authority = base_url
            .strip_prefix("http://")
            .context("the load generator speaks plain http to 127.0.0.1 only")?;
        if !authority.starts_with("127.0.0.1:") {
            bail!("refusing to load anything but 127.0.0.1 (got {authority})");
        }
        authorities.push(authority.to_owned());
    }
    if authorities.is_empty() {
        bail!("no server to load");
    }
    let path = format!("/api/events/{event}/proposals");
    let body = Bytes::from(proposal_body());
    // One thread for the generator: the server gets the other core.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the load generator's runtime")?;
    runtime.block_on(async move {
        let started = Instant::now();
        let deadline = started + duration;
        let mut tasks = Vec::new();
        let claimed = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        for connection in 0..concurrency {
            let authority = authorities[connection % authorities.len()].clone();
            let (path, body) = (path.clone(), body.clone());
            let stop = Stop {
                deadline,
                limit,
                claimed: claimed.clone(),
            };
            tasks.push(tokio::spawn(async move {
                client(connection, &authority, &path, body, stop).await
            }));
        }
        let mut latencies = Vec::new();
        let (mut stored, mut failed) = (0u64, 0u64);
        for task in tasks {
            let result = task.await.context("a client task panicked")??;
            stored += result.stored;
            failed += result.failed;
            latencies.extend(result.latencies);
        }
        let seconds = started.elapsed().as_secs_f64();
        latencies.sort();
        let percentile = |p: f64| -> f64 {
            if latencies.is_empty() {
                return f64::NAN;
            }
            let index =
                ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
            latencies[index].as_secs_f64() * 1000.0
        };
        Ok(LoadResult {
            concurrency,
            seconds,
            stored,
            failed,
            p50_ms: percentile(0.50),
            p99_ms: percentile(0.99),
        })
    })
}

/// When a client stops: at the deadline, or when the clients together have sent `limit`.
struct Stop {
    deadline: Instant,
    limit: Option<u64>,
    claimed: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Stop {
    fn another(&self) -> bool {
        Instant::now() < self.deadline
            && self.limit.is_none_or(|limit| {
                self.claimed
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                    < limit
            })
    }
}

struct ClientResult {
    stored: u64,
    failed: u64,
    latencies: Vec<Duration>,
}

async fn client(
    connection: usize,
    authority: &str,
    path: &str,
    body: Bytes,
    stop: Stop,
) -> Result<ClientResult> {
    let stream = tokio::net::TcpStream::connect(authority)
        .await
        .with_context(|| format!("connecting to {authority}"))?;
    stream.set_nodelay(true)?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .context("HTTP handshake")?;
    tokio::spawn(conn);
    let mut result = ClientResult {
        stored: 0,
        failed: 0,
        latencies: Vec::new(),
    };
    let mut n = 0u64;
    while stop.another() {
        n += 1;
        let request = Request::post(path)
            .header("host", authority)
            .header("content-type", "application/json")
            .header(
                "idempotency-key",
                format!("bench-{connection}-{n}-{}", std::process::id()),
            )
            .body(Full::new(body.clone()))?;
        let start = Instant::now();
        sender.ready().await.context("connection closed")?;
        let response = sender.send_request(request).await.context("sending")?;
        let status = response.status();
        response
            .into_body()
            .collect()
            .await
            .context("reading the answer")?;
        result.latencies.push(start.elapsed());
        if status == hyper::StatusCode::CREATED {
            result.stored += 1;
        } else {
            result.failed += 1;
        }
    }
    Ok(result)
}

/// Peak resident memory of a process, from /proc (Linux), in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
