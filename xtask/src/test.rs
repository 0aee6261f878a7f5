//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::postgres::TempPostgres;
use crate::serve::{MailCatcher, Options, Server, TempDir};
use crate::setup::CHROMEDRIVER;
use crate::util::{self, cargo, command, repo_root, secs, timed};
use crate::{dist, setup};

/// The steps in order, by the key `--from` takes.
pub const STEP_KEYS: [&str; 8] = [
    "setup", "fmt", "clippy", "native", "faults", "browser", "build", "e2e",
];

/// Steps run so far with their wall times.
struct Steps {
    /// Steps before this index in STEP_KEYS are skipped, except setup.
    first: usize,
    done: Vec<(String, Duration, Mark)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Ok,
    Failed,
    Skipped,
}

impl Steps {
    fn run(&mut self, key: &str, name: &'static str, f: impl FnOnce() -> Result<()>) -> Result<()> {
        let index = STEP_KEYS.iter().position(|k| *k == key).unwrap_or(0);
        // Setup always runs: the later steps need what it installs.
        if index < self.first && key != "setup" {
            println!("\n==> {name}: skipped (--from {})", STEP_KEYS[self.first]);
            return Ok(());
        }
        println!("\n==> {name}");
        let (result, took) = timed(f);
        let mark = if result.is_ok() {
            Mark::Ok
        } else {
            Mark::Failed
        };
        self.done.push((name.to_string(), took, mark));
        result.with_context(|| format!("step `{name}` failed"))
    }

    /// A step that cannot run on this machine: said loudly, here and in the summary.
    fn skip(&mut self, key: &str, name: &'static str, reason: &str) {
        let index = STEP_KEYS.iter().position(|k| *k == key).unwrap_or(0);
        if index < self.first {
            return;
        }
        println!("\n==> {name}\nSKIPPED: {reason}");
        self.done
            .push((format!("{name} (SKIPPED)"), Duration::ZERO, Mark::Skipped));
    }

    fn print_summary(&self) {
        println!("\nSummary:");
        for (name, took, mark) in &self.done {
            let mark = match mark {
                Mark::Ok => "ok  ",
                Mark::Failed => "FAIL",
                Mark::Skipped => "SKIP",
            };
            println!("  {mark} {name:<40} {:>8}", secs(*took));
        }
        let total: Duration = self.done.iter().map(|(_, took, _)| *took).sum();
        println!("  total{:>48}", secs(total));
    }
}

/// Runs the steps from `from` (a key of STEP_KEYS; None: all of them).
pub fn run(from: Option<&str>) -> Result<()> {
    let first = match from {
        None => 0,
        Some(key) => STEP_KEYS
            .iter()
            .position(|k| *k == key)
            .with_context(|| format!("unknown step `{key}`; steps: {}", STEP_KEYS.join(", ")))?,
    };
    let mut steps = Steps {
        first,
        done: Vec::new(),
    };
    let result = all(&mut steps);
    steps.print_summary();
    match &result {
        Ok(()) => println!("\nall checks passed"),
        Err(_) => println!("\nchecks FAILED (see the first failing step above)"),
    }
    result
}

fn all(steps: &mut Steps) -> Result<()> {
    steps.run("setup", "setup", setup::run)?;
    steps.run("fmt", "cargo fmt --all --check", || {
        util::run(cargo().args(["fmt", "--all", "--check"]))
    })?;
    steps.run("clippy", "cargo clippy (deny warnings)", || {
        util::run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The browser tests only compile for wasm32; lint them there too.
        util::run(cargo().args([
            "clippy",
            "-p",
            "cfp-widget",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.run(
        "native",
        "native tests (store tests on SQLite and PostgreSQL)",
        || {
            let postgres = TempPostgres::start()?;
            util::run(
                cargo()
                    .args([
                        "test",
                        "--workspace",
                        "--features",
                        "cfp-server/postgres-tests",
                    ])
                    .env("CFP_TEST_POSTGRES_URL", postgres.url())
                    .env("CFP_TEST_POSTGRES_RESTART", postgres.restart_script()?),
            )
        },
    )?;
    let faults = "fault injection (full disks, closed stderr, kill -9, unwritable files)";
    if util::is_root() {
        steps.run("faults", faults, || {
            util::run(cargo().args([
                "test",
                "-p",
                "cfp-server",
                "--features",
                "fault-tests",
                "--test",
                "faults",
                "--",
                "--test-threads=1",
                "--nocapture",
            ]))
        })?;
    } else {
        steps.skip(
            "faults",
            faults,
            "not running as root, so no small tmpfs can be mounted for a real full disk \
             (CI runs as root); run `sudo -E cargo xtask test --from faults` to run them",
        );
    }
    steps.run("browser", "browser tests (wasm, headless Chromium)", || {
        util::run(
            cargo()
                .args([
                    "test",
                    "-p",
                    "cfp-widget",
                    "--target",
                    "wasm32-unknown-unknown",
                ])
                .env("CHROMEDRIVER", CHROMEDRIVER),
        )
    })?;
    steps.run("build", "trunk build and dist (release)", || {
        dist::build_dist().map(|_| ())
    })?;
    steps.run("e2e", "end-to-end tests (node, Playwright, axe)", e2e)?;
    Ok(())
}

/// The e2e test files: e2e/*.test.mjs, sorted.
fn e2e_test_files() -> Result<Vec<PathBuf>> {
    let dir = repo_root().join("e2e");
    let mut files = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".test.mjs") {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no e2e/*.test.mjs files found");
    }
    Ok(files)
}

fn e2e() -> Result<()> {
    let root = repo_root();
    let files = e2e_test_files()?;
    let db = TempDir::new("e2e")?;
    let mail = TempDir::new("e2e-mail")?;
    let catcher = MailCatcher::start(mail.path())?;
    let admin_token = "e2e-organiser-token";
    let server = Server::start(Options {
        port: 0,
        db: db.sqlite_url(),
        admin_token: admin_token.into(),
        rate_per_minute: 0,
        release: false,
        quiet: true,
        smtp_url: Some(catcher.smtp_url()),
        metrics_token: None,
        log_file: None,
    })?;
    let mut node = command("node");
    node.args(["--test", "--test-reporter=spec"])
        .args(files.iter().map(|f| f.strip_prefix(&root).unwrap_or(f)))
        .env("CFP_BASE_URL", server.base_url())
        .env("CFP_ADMIN_TOKEN", admin_token)
        .env("CFP_DB_URL", db.sqlite_url())
        .env("CFP_MAIL_DIR", mail.path())
        .env(
            "CFP_SERVER_BIN",
            util::target_dir().join("debug/cfp-server"),
        )
        .env("CFP_ARTIFACTS", root.join("e2e/artifacts"))
        .env("CFP_WIDGET_DIST", dist::out_dir())
        .env("CFP_SPHINX_BUILD", setup::sphinx_build());
    let result = util::run(&mut node);
    drop(server);
    result
}
