//! The real cfp-server binary as a process on 127.0.0.1, and a plain HTTP client for it:
//! what the fault tests drive, since a full disk, a killed process or a closed stderr
//! only mean something for the process an operator runs. Shared by the tests that run
//! the binary (`faults.rs`, `store_postgres.rs`, `slow_clients.rs`, `mail.rs`,
//! `behind_proxy.rs`, `settings.rs`), each of which uses part of it.
#![allow(dead_code)]

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_cfp-server");
pub const ADMIN_TOKEN: &str = "fault-test-organiser-token";

pub fn events_dir() -> String {
    format!("{}/../../events", env!("CARGO_MANIFEST_DIR"))
}

/// A running `cfp-server serve`.
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    /// Every line it wrote to stdout so far, the banner first.
    stdout: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl ServerProcess {
    /// Start on a free port with the repository's events, no rate limit, and stderr where
    /// the caller says; returns once it prints that it listens.
    pub fn start(db: &str, stderr: Stdio) -> ServerProcess {
        ServerProcess::start_with(db, &events_dir(), &[], stderr)
    }

    /// Start with the events of `events` and more arguments (`--smtp-url ...`; a
    /// `--rate-per-minute` there replaces the default 0).
    pub fn start_with(db: &str, events: &str, extra: &[&str], stderr: Stdio) -> ServerProcess {
        let limited = extra.contains(&"--rate-per-minute");
        let mut command = serve_command(db, events, limited);
        command.args(extra);
        ServerProcess::spawn(command, stderr)
    }

    /// `cfp-server` with exactly these arguments (`["serve", "--settings", FILE]`), none
    /// of the caller's `CFP_*` variables, the test's admin token.
    pub fn start_args(args: &[&str], stderr: Stdio) -> ServerProcess {
        let mut command = bare_command();
        command.args(args);
        ServerProcess::spawn(command, stderr)
    }

    fn spawn(mut command: Command, stderr: Stdio) -> ServerProcess {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start cfp-server");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let banner = lines
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("cfp-server exited before listening: {:?}", child.wait()));
        // With --log-format json the banner is the message of a JSON line.
        let message = match serde_json::from_str::<serde_json::Value>(&banner) {
            Ok(line) => line["fields"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            Err(_) => banner.clone(),
        };
        let addr = message
            .strip_prefix("cfp-server listening on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("unexpected banner {banner:?}"));
        // Keep reading, so the server never blocks on a full stdout pipe.
        let stdout = Arc::new(Mutex::new(vec![banner]));
        let kept = stdout.clone();
        let reader = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        ServerProcess {
            child,
            addr,
            stdout,
            reader: Some(reader),
        }
    }

    /// What it wrote to stdout so far, line by line.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    /// Drop the read end of a piped stderr, as a log reader that went away does.
    pub fn close_stderr(&mut self) {
        drop(
            self.child
                .stderr
                .take()
                .expect("started with Stdio::piped() stderr"),
        );
    }

    /// SIGHUP: reload the events folder.
    pub fn hangup(&self) {
        signal(self.child.id(), "HUP");
    }

    /// SIGKILL: no shutdown, no flush, whatever was in flight.
    pub fn kill_9(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }

    /// SIGTERM, and wait for a clean exit: every line it wrote to stdout.
    pub fn stop(mut self) -> Vec<String> {
        signal(self.child.id(), "TERM");
        let status = self.child.wait().expect("wait for cfp-server");
        assert!(status.success(), "cfp-server exited with {status}");
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.stdout_lines()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run `cfp-server serve` expecting it to refuse to start: its exit code and stderr.
pub fn start_refused(db: &str, as_user: Option<&str>) -> (Option<i32>, String) {
    let mut command = match as_user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--", BIN]);
            c
        }
        None => Command::new(BIN),
    };
    command.args(serve_args(db, &events_dir(), false));
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start cfp-server");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code(), stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("cfp-server started with --db {db}, though it was expected to refuse");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `serve` on a free port; without the rate limit unless `limited` (the caller then
/// gives its own `--rate-per-minute`).
fn serve_args(db: &str, events: &str, limited: bool) -> Vec<String> {
    let mut args = [
        "serve",
        "--events",
        events,
        "--db",
        db,
        "--addr",
        "127.0.0.1:0",
    ]
    .map(String::from)
    .to_vec();
    if !limited {
        args.extend(["--rate-per-minute", "0"].map(String::from));
    }
    args
}

fn serve_command(db: &str, events: &str, limited: bool) -> Command {
    let mut command = bare_command();
    command.args(serve_args(db, events, limited));
    command
}

/// The binary without the caller's `RUST_LOG` or any `CFP_*` variable (every serve
/// option has one), with the test's admin token.
pub fn bare_command() -> Command {
    let mut command = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("CFP_") {
            command.env_remove(name);
        }
    }
    command
        .env("CFP_ADMIN_TOKEN", ADMIN_TOKEN)
        .env_remove("RUST_LOG");
    command
}

/// A server's stderr, kept in a file to wait for its log lines in.
pub struct LogFile {
    pub path: PathBuf,
}

impl LogFile {
    pub fn new(path: PathBuf) -> LogFile {
        LogFile { path }
    }

    /// What the server gets as its stderr (the file, created empty).
    pub fn stdio(&self) -> Stdio {
        Stdio::from(std::fs::File::create(&self.path).expect("create the log file"))
    }

    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }

    /// Wait (30 s at most) until `needle` is in the log `count` times; the log then.
    pub fn wait_for(&self, needle: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.text();
            if text.matches(needle).count() >= count {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} not {count} times in the log after 30 s:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

pub fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Run a command that must succeed (mount, umount, dd, ...).
pub fn sh(program: &str, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?}: {status}");
}

/// A small tmpfs at `dir`, unmounted when dropped: a disk that fills up for real.
pub struct SmallDisk {
    pub dir: std::path::PathBuf,
}

impl SmallDisk {
    pub fn mount(dir: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(dir).unwrap();
        sh(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                dir.to_str().unwrap(),
            ],
        );
        SmallDisk {
            dir: dir.to_path_buf(),
        }
    }

    pub fn resize(&self, size: &str) {
        sh(
            "mount",
            &[
                "-o",
                &format!("remount,size={size}"),
                self.dir.to_str().unwrap(),
            ],
        );
    }

    pub fn remount(&self, options: &str) {
        sh(
            "mount",
            &[
                "-o",
                &format!("remount,{options}"),
                self.dir.to_str().unwrap(),
            ],
        );
    }

    /// Fill what is left with one file, as another program on the disk would.
    pub fn fill(&self) {
        let _ = Command::new("dd")
            .args([
                "if=/dev/zero",
                &format!("of={}/filler", self.dir.display()),
                "bs=4096",
            ])
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .args(["-l", self.dir.to_str().unwrap()])
            .status();
    }
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Panic (loudly, never a silent pass) when the test cannot run here.
pub fn require_root(test: &str) {
    assert!(
        is_root(),
        "{test} needs root to mount a small tmpfs (a real full disk); `cargo xtask test` \
         runs it only as root and prints why it skips it otherwise"
    );
}

/// An HTTP answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// One request on a fresh connection; Err when the connection fails or is closed
/// without an answer.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: String,
) -> Result<Answer, String> {
    request_from(None, addr, method, path, headers, body).await
}

/// `request` from the local address `from` (`127.0.0.2`: another client on loopback),
/// or whichever the system picks.
pub async fn request_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: String,
) -> Result<Answer, String> {
    let stream = match from {
        None => tokio::net::TcpStream::connect(addr).await,
        Some(from) => {
            let socket = match from {
                IpAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
                IpAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
            }
            .map_err(|e| format!("socket: {e}"))?;
            socket
                .bind(SocketAddr::new(from, 0))
                .map_err(|e| format!("bind {from}: {e}"))?;
            socket.connect(addr).await
        }
    }
    .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(conn);
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let req = builder
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let response = tokio::time::timeout(Duration::from_secs(30), sender.send_request(req))
        .await
        .map_err(|_| "no answer in 30 s".to_string())?
        .map_err(|e| format!("request: {e}"))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?
        .to_bytes();
    Ok(Answer {
        status,
        retry_after,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A Dask talk of about 6 KB of JSON, numbered so each is distinct.
pub fn proposal_json(n: usize) -> String {
    let description = "Dask scales the PyData stack from a laptop to a cluster. ".repeat(88);
    serde_json::json!({
        "title": format!("Scaling Machine Learning With Python and Dask, part {n}"),
        "format": "talk",
        "abstract": "In this talk, attendees will get an introduction to Dask, a distributed computing framework in the PyData ecosystem, and a live demo of machine learning on a cluster with LightGBM.",
        "description": description,
        "speakers": [{ "name": "James Lamb", "email": "james@example.org", "affiliation": "", "bio": "" }],
        "code_of_conduct": true
    })
    .to_string()
}

/// POST a proposal with its Idempotency-Key.
pub async fn submit(addr: SocketAddr, key: &str, body: String) -> Result<Answer, String> {
    request(
        addr,
        "POST",
        "/api/events/dask-summit-2021/proposals",
        &[
            ("content-type", "application/json"),
            ("idempotency-key", key),
        ],
        body,
    )
    .await
}

pub async fn healthz(addr: SocketAddr) -> Result<Answer, String> {
    request(addr, "GET", "/healthz", &[], String::new()).await
}

/// Poll `/healthz` until it answers 200: how long that took (panics after 30 s).
pub async fn wait_healthy(addr: SocketAddr, since: &str) -> Duration {
    let started = Instant::now();
    loop {
        if healthz(addr).await.is_ok_and(|a| a.status == 200) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "cfp-server still unhealthy 30 s after {since}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every stored Dask proposal, by id, as the organisers' JSON export has it.
pub async fn exported_rows(
    addr: SocketAddr,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let auth = format!("Bearer {ADMIN_TOKEN}");
    let answer = request(
        addr,
        "GET",
        "/api/events/dask-summit-2021/proposals?format=json",
        &[("authorization", &auth)],
        String::new(),
    )
    .await
    .expect("export");
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    json["proposals"]
        .as_array()
        .unwrap_or_else(|| panic!("export without proposals: {}", answer.body))
        .iter()
        .map(|row| (row["id"].as_str().expect("id").to_owned(), row.clone()))
        .collect()
}

/// The ids of every stored Dask proposal, from the organisers' export.
pub async fn exported_ids(addr: SocketAddr) -> std::collections::BTreeSet<String> {
    exported_rows(addr).await.into_keys().collect()
}
