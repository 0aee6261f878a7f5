//! Runs the reference server (`cfp-server serve`) for the demo, the end-to-end tests and
//! the benchmarks: the widget from dist/, every event in events/, a SQLite file. The child
//! process is stopped when the handle is dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::util::{self, cargo, repo_root};

/// How the server is started.
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    /// A `sqlite://` or `postgres://` URL.
    pub db: String,
    pub admin_token: String,
    /// Per-IP submissions per minute; 0 turns the limit off (tests and benchmarks post
    /// many proposals from 127.0.0.1).
    pub rate_per_minute: u32,
    pub release: bool,
    /// Log warnings only (tests and benchmarks), not a line per proposal.
    pub quiet: bool,
    /// Where mail goes (`--smtp-url`), e.g. a `MailCatcher`'s; `None`: mail off.
    pub smtp_url: Option<String>,
    /// `/metrics`'s token (`CFP_METRICS_TOKEN`); `None`: metrics off.
    pub metrics_token: Option<String>,
    /// Where the server's log (its stderr) goes; `None`: this process's stderr.
    pub log_file: Option<PathBuf>,
}

pub struct Server {
    child: Child,
    base_url: String,
}

impl Server {
    /// Builds cfp-server, starts it, and waits until it listens.
    pub fn start(options: Options) -> Result<Server> {
        let mut build = cargo();
        build.args(["build", "--quiet", "-p", "cfp-server"]);
        if options.release {
            build.arg("--release");
        }
        util::run(&mut build)?;
        let root = repo_root();
        let binary = util::target_dir()
            .join(if options.release { "release" } else { "debug" })
            .join("cfp-server");
        let mut server = Command::new(&binary);
        if let Some(token) = &options.metrics_token {
            server.env("CFP_METRICS_TOKEN", token);
        }
        if let Some(path) = &options.log_file {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            server.stderr(file);
        }
        let mut child = server
            .current_dir(&root)
            .args(["serve", "--events", "events", "--dist", "dist"])
            .args(["--db", &options.db])
            .args(["--addr", &format!("127.0.0.1:{}", options.port)])
            .args(["--rate-per-minute", &options.rate_per_minute.to_string()])
            .args(options.smtp_url.iter().flat_map(|url| {
                [
                    "--smtp-url",
                    url,
                    "--mail-from",
                    "CFP <cfp@cfp-widget.example>",
                ]
            }))
            .env("CFP_ADMIN_TOKEN", &options.admin_token)
            .env(
                "RUST_LOG",
                if options.quiet {
                    "cfp_server=warn"
                } else {
                    "cfp_server=info"
                },
            )
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        let stdout = child.stdout.take().context("no stdout from cfp-server")?;
        // Read the banner for the address, then keep draining so the child never blocks.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("  cfp-server | {line}");
                if let Some(url) = line.strip_prefix("cfp-server listening on ") {
                    let _ = tx.send(url.trim_end_matches('/').to_owned());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base_url) => Ok(Server { child, base_url }),
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().ok();
                bail!("cfp-server did not start listening within 60 s (exit: {status:?})")
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Blocks until the server exits (Ctrl-C or SIGTERM stops it gracefully).
    pub fn wait(mut self) -> Result<()> {
        let status = self.child.wait()?;
        if !status.success() {
            bail!("cfp-server exited with {status}");
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A real SMTP server on loopback (`e2e/tools/smtp-sink.mjs`, npm smtp-server) that keeps
/// every message it receives as files in a folder: the demo's and the tests' mail goes
/// there. Stopped when dropped.
pub struct MailCatcher {
    child: Child,
    port: u16,
}

impl MailCatcher {
    pub fn start(out: &std::path::Path) -> Result<MailCatcher> {
        let root = repo_root();
        if !root.join("e2e/node_modules/smtp-server").is_dir() {
            bail!("the mail catcher needs e2e/node_modules (cargo xtask setup installs it)");
        }
        let mut child = Command::new("node")
            .current_dir(&root)
            .arg("e2e/tools/smtp-sink.mjs")
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .spawn()
            .context("could not start node e2e/tools/smtp-sink.mjs")?;
        let stdout = child.stdout.take().context("no stdout from smtp-sink")?;
        let mut lines = BufReader::new(stdout).lines();
        let banner = lines.next().and_then(Result::ok).unwrap_or_default();
        let port = banner
            .rsplit(':')
            .next()
            .and_then(|p| p.trim().parse().ok())
            .with_context(|| format!("unexpected smtp-sink banner {banner:?}"))?;
        std::thread::spawn(move || lines.for_each(drop));
        Ok(MailCatcher { child, port })
    }

    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }
}

impl Drop for MailCatcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A folder in the system temp dir, removed when dropped (a throwaway SQLite file).
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("cfp-{label}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(TempDir(dir))
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    pub fn sqlite_url(&self) -> String {
        format!("sqlite://{}/cfp.sqlite", self.0.display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
