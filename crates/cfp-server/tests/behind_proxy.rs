//! cfp-server behind a real nginx (Debian's, on loopback): with `--trusted-proxy` each
//! client gets its own rate-limit bucket from `X-Forwarded-For`; without it the header is
//! ignored and everyone shares nginx's bucket; and a client that sends its own
//! `X-Forwarded-For` (or `Forwarded`, which nginx passes on) through nginx cannot step
//! out of its bucket. With nginx writing `Forwarded` and `--proxy-header forwarded`, the
//! same holds the other way round.
//!
//! The clients are distinct loopback addresses (127.0.0.2, 127.0.0.3: Linux answers for
//! all of 127.0.0.0/8), so nginx sees each as a different peer and appends it to the
//! header; nginx itself reaches cfp-server from 127.0.0.1, the trusted proxy. A client on
//! 127.0.0.1 is a trusted hop in front of nginx (a CDN's edge, say) that names its own
//! clients in the header.

#[path = "common/nginx.rs"]
mod nginx;
#[path = "common/process.rs"]
mod process;

use nginx::Nginx;
use process::{events_dir, proposal_json, request_from, LogFile, ServerProcess};
use std::sync::atomic::{AtomicUsize, Ordering};

const PROPOSALS: &str = "/api/events/dask-summit-2021/proposals";
/// A burst of 2, then one a minute: the third post from one client within the test is 429.
const RATE: [&str; 4] = ["--rate-per-minute", "1", "--rate-burst", "2"];
/// nginx's plain recipe (docs/config.md): the client's own X-Forwarded-For with the peer
/// appended; any `Forwarded` the client sends is passed on as it is.
const WRITES_XFF: &str = "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;";
/// nginx naming the peer in `Forwarded` instead, over whatever the client sent; the
/// client's own X-Forwarded-For is passed on as it is.
const WRITES_FORWARDED: &str = r#"proxy_set_header Forwarded "for=$remote_addr";"#;

/// One cfp-server, rate-limited (`RATE`), logging to a file, behind its own nginx
/// (`forwarding`: see `Nginx`).
struct Stack {
    nginx: Nginx,
    server: ServerProcess,
    log: LogFile,
    sent: AtomicUsize,
    _dir: tempfile::TempDir,
}

impl Stack {
    fn start(extra: &[&str], forwarding: &str) -> Stack {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
        let log = LogFile::new(dir.path().join("server.log"));
        let args: Vec<&str> = RATE.iter().chain(extra).copied().collect();
        let server = ServerProcess::start_with(&db, &events_dir(), &args, log.stdio());
        Stack {
            nginx: Nginx::start(&[server.addr], forwarding),
            server,
            log,
            sent: AtomicUsize::new(0),
            _dir: dir,
        }
    }

    /// POST a proposal through nginx from the local address `from`, with more headers:
    /// its status, 201 or 429.
    async fn post(&self, from: &str, headers: &[(&str, &str)]) -> u16 {
        let n = self.sent.fetch_add(1, Ordering::Relaxed);
        let key = format!("behind-proxy-{n}");
        let mut all = vec![
            ("content-type", "application/json"),
            ("idempotency-key", key.as_str()),
        ];
        all.extend_from_slice(headers);
        let from = from.parse().expect("an address");
        let answer = request_from(
            Some(from),
            self.nginx.addr,
            "POST",
            PROPOSALS,
            &all,
            proposal_json(n),
        )
        .await
        .unwrap_or_else(|e| panic!("POST from {from} through nginx: {e}"));
        assert!(
            matches!(answer.status, 201 | 429),
            "from {from} {headers:?}: {answer:?}"
        );
        answer.status
    }

    /// `times` posts from `from`, one after another.
    async fn posts(&self, from: &str, headers: &[(&str, &str)], times: usize) -> Vec<u16> {
        let mut statuses = Vec::new();
        for _ in 0..times {
            statuses.push(self.post(from, headers).await);
        }
        statuses
    }

    /// The server's log lines that say a proposal was stored, once there are `count`
    /// (the log is written by a thread of its own, a moment later).
    fn stored_lines(&self, count: usize) -> Vec<String> {
        let text = self.log.wait_for(" stored ", count);
        let lines: Vec<String> = text
            .lines()
            .filter(|l| l.contains(" stored "))
            .map(str::to_owned)
            .collect();
        assert_eq!(lines.len(), count, "stored lines in the log:\n{text}");
        lines
    }

    fn stop(self) {
        drop(self.nginx);
        self.server.stop();
    }
}

/// The client address the log gives a stored line: what is between `client=` and `}`.
fn logged_client(line: &str) -> &str {
    line.split_once("client=")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(client, _)| client)
        .unwrap_or_else(|| panic!("no client= in {line:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_trusted_proxy_each_client_has_its_own_bucket() {
    let stack = Stack::start(&["--trusted-proxy", "127.0.0.1/32"], WRITES_XFF);
    // One speaker uses up its burst...
    let first = stack.posts("127.0.0.2", &[], 3).await;
    // ...and others through the same nginx are still served.
    let other = stack.post("127.0.0.3", &[]).await;
    // A trusted hop in front of nginx names its clients: one bucket each.
    let xff = |ip: &'static str| [("x-forwarded-for", ip)];
    let named = stack.posts("127.0.0.1", &xff("198.51.100.1"), 3).await;
    let named_other = stack.post("127.0.0.1", &xff("198.51.100.2")).await;
    let named_third = stack.post("127.0.0.1", &xff("198.51.100.3")).await;
    eprintln!(
        "trusted 127.0.0.1/32: 127.0.0.2 {first:?}, then 127.0.0.3 {other}; \
         XFF 198.51.100.1 {named:?}, 198.51.100.2 {named_other}, 198.51.100.3 {named_third}"
    );
    assert_eq!(first, [201, 201, 429]);
    assert_eq!(other, 201, "another client shared the first one's bucket");
    assert_eq!(named, [201, 201, 429]);
    assert_eq!((named_other, named_third), (201, 201));

    // The log names each client as the limiter saw it.
    let logged: Vec<String> = stack
        .stored_lines(7)
        .iter()
        .map(|line| logged_client(line).to_owned())
        .collect();
    eprintln!("logged clients: {logged:?}");
    assert_eq!(
        logged,
        [
            "127.0.0.2",
            "127.0.0.2",
            "127.0.0.3",
            "198.51.100.1",
            "198.51.100.1",
            "198.51.100.2",
            "198.51.100.3"
        ]
    );
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_trusted_proxy_the_header_is_ignored_and_all_share_one_bucket() {
    let stack = Stack::start(&[], WRITES_XFF);
    let first = stack.posts("127.0.0.2", &[], 3).await;
    let other = stack.post("127.0.0.3", &[]).await;
    let named = stack
        .post("127.0.0.1", &[("x-forwarded-for", "198.51.100.1")])
        .await;
    eprintln!(
        "no --trusted-proxy: 127.0.0.2 {first:?}, then 127.0.0.3 {other}, XFF 198.51.100.1 {named}"
    );
    assert_eq!(first, [201, 201, 429]);
    assert_eq!((other, named), (429, 429), "nginx's one bucket is spent");
    // Every request is nginx's, in the log too.
    for line in stack.stored_lines(2) {
        assert_eq!(logged_client(&line), "127.0.0.1", "{line}");
    }
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_cannot_escape_its_bucket_with_its_own_forwarding_headers() {
    let stack = Stack::start(&["--trusted-proxy", "127.0.0.1/32"], WRITES_XFF);
    let first = stack.posts("127.0.0.2", &[], 3).await;
    assert_eq!(first, [201, 201, 429]);
    // nginx appends the real peer (127.0.0.2) to whatever the client claims: the
    // rightmost untrusted entry is still 127.0.0.2.
    let mut spoofed = Vec::new();
    for headers in [
        [("x-forwarded-for", "198.51.100.7")],
        // Posing as a chain through the trusted proxy.
        [("x-forwarded-for", "198.51.100.8, 127.0.0.1")],
        // nginx passes a client's own Forwarded on; the server reads only
        // X-Forwarded-For (the default --proxy-header), so it changes nothing.
        [("forwarded", "for=198.51.100.9")],
    ] {
        spoofed.push((headers[0].1, stack.post("127.0.0.2", &headers).await));
    }
    let other = stack.post("127.0.0.3", &[]).await;
    eprintln!(
        "127.0.0.2 after its burst, with spoofed headers: {spoofed:?}; 127.0.0.3 then {other}"
    );
    for (claim, status) in &spoofed {
        assert_eq!(*status, 429, "the claim {claim:?} escaped the limiter");
    }
    assert_eq!(other, 201);
    let logged: Vec<String> = stack
        .stored_lines(3)
        .iter()
        .map(|line| logged_client(line).to_owned())
        .collect();
    assert_eq!(logged, ["127.0.0.2", "127.0.0.2", "127.0.0.3"]);
    stack.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn with_nginx_writing_forwarded_and_proxy_header_forwarded_each_client_has_its_own_bucket() {
    let stack = Stack::start(
        &[
            "--trusted-proxy",
            "127.0.0.1/32",
            "--proxy-header",
            "forwarded",
        ],
        WRITES_FORWARDED,
    );
    let first = stack.posts("127.0.0.2", &[], 3).await;
    let other = stack.post("127.0.0.3", &[]).await;
    // A client's own X-Forwarded-For reaches the server, which does not read it; its own
    // Forwarded is overwritten by nginx.
    let mut spoofed = Vec::new();
    for headers in [
        [("x-forwarded-for", "198.51.100.7")],
        [("forwarded", "for=198.51.100.9")],
    ] {
        spoofed.push((headers[0].1, stack.post("127.0.0.2", &headers).await));
    }
    eprintln!(
        "--proxy-header forwarded: 127.0.0.2 {first:?}, then 127.0.0.3 {other}; \
         127.0.0.2 with spoofed headers: {spoofed:?}"
    );
    assert_eq!(first, [201, 201, 429]);
    assert_eq!(other, 201, "another client shared the first one's bucket");
    for (claim, status) in &spoofed {
        assert_eq!(*status, 429, "the claim {claim:?} escaped the limiter");
    }
    let logged: Vec<String> = stack
        .stored_lines(3)
        .iter()
        .map(|line| logged_client(line).to_owned())
        .collect();
    assert_eq!(logged, ["127.0.0.2", "127.0.0.2", "127.0.0.3"]);
    stack.stop();
}
