//! The real receivers of the outbox's messages, each a Node process on loopback: the SMTP
//! server (`e2e/tools/smtp-sink.mjs`, npm smtp-server) and the webhook receiver
//! (`e2e/tools/webhook-sink.mjs`), both writing what they accept to a folder as JSON.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The SMTP server process.
pub struct Sink {
    child: Child,
    out: PathBuf,
}

impl Sink {
    pub fn start(port: u16, out: &Path, reject: Option<&str>) -> Sink {
        assert!(
            repo().join("e2e/node_modules/smtp-server").is_dir(),
            "the mail tests need the npm smtp-server package in e2e/node_modules: run `cargo xtask setup` (or `npm ci` in e2e/) first"
        );
        let args = match reject {
            Some(address) => vec!["--reject".to_owned(), address.to_owned()],
            None => vec![],
        };
        Sink::spawn("smtp-sink.mjs", port, out, args)
    }

    /// The webhook receiver, checking signatures with `secret`; the first `fail` calls
    /// are answered 503.
    pub fn webhooks(port: u16, out: &Path, secret: &str, fail: u32) -> Sink {
        let args = ["--secret", secret, "--fail", &fail.to_string()].map(String::from);
        Sink::spawn("webhook-sink.mjs", port, out, args.to_vec())
    }

    fn spawn(script: &str, port: u16, out: &Path, args: Vec<String>) -> Sink {
        let mut child = Command::new("node")
            .arg(repo().join("e2e/tools").join(script))
            .args([
                "--out",
                &out.display().to_string(),
                "--port",
                &port.to_string(),
            ])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("node (the mail tests need Node.js, as the e2e tests do)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let banner = lines.next().and_then(Result::ok).unwrap_or_default();
        assert!(banner.contains("listening on"), "{script}: {banner:?}");
        std::thread::spawn(move || lines.for_each(drop));
        Sink {
            child,
            out: out.to_owned(),
        }
    }

    /// Every message received so far, in order.
    pub fn messages(&self) -> Vec<Value> {
        messages(&self.out)
    }

    /// Wait until at least `n` messages arrived (or panic after `limit`).
    pub fn wait_for(&self, n: usize, limit: Duration) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < limit,
                "{} of {n} messages after {limit:?}: {got:#?}",
                got.len()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn messages(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "json")
            && !p.file_name().unwrap().to_string_lossy().starts_with('.')
    });
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
