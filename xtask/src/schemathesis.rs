//! `cargo xtask fuzz --target schemathesis` (and the last step of a whole `cargo xtask
//! fuzz`): schemathesis (PyPI, in a venv under the target folder) as a client nobody here
//! wrote, against a real debug cfp-server with every event of `events/`, the widget's
//! dist/, mail to the real SMTP catcher, the export and `/metrics` on one throwaway token.
//! It reads the server's own `/api/openapi.json` and sends what the description allows
//! and what it does not, for N seconds, with every check but `positive_data_acceptance`:
//! that one expects every body the schema allows to be taken, but an event's rules
//! (lengths, required answers, the deadline) are checked by cfp-core on top of the
//! schema, and their 422 is the right answer. Fails on any failed check, and on any
//! ERROR line in the server's log (where a 500's cause is written).

use std::fs;

use anyhow::{bail, Context, Result};

use crate::serve::{MailCatcher, Options, Server, TempDir};
use crate::setup;
use crate::util::{command, repo_root, target_dir};

/// Pinned, like every tool the project installs.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// The token the run gives both the export and `/metrics`: made up, local, thrown away.
const TOKEN: &str = "schemathesis-local-token";

pub fn run(seconds: u64) -> Result<()> {
    let venv = setup::python_venv("schemathesis-venv", &[SCHEMATHESIS], "~20 s")?;
    if !repo_root().join("dist/index.html").exists() {
        crate::build::run().context("building dist/ for the event pages")?;
    }
    let work = target_dir().join("schemathesis");
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let data = TempDir::new("schemathesis")?;
    let mail = MailCatcher::start(&data.path().join("mail"))?;
    let log = work.join("cfp-server.log");
    let server = Server::start(Options {
        port: 0,
        db: data.sqlite_url(),
        admin_token: TOKEN.into(),
        rate_per_minute: 0,
        release: false,
        quiet: true,
        smtp_url: Some(mail.smtp_url()),
        metrics_token: Some(TOKEN.into()),
        log_file: Some(log.clone()),
    })?;
    // Every `{id}` is an event that exists, so the operations get past the 404 to what
    // they do; the generated ids are tried too (the negative cases).
    let config = work.join("schemathesis.toml");
    fs::write(&config, "[parameters]\nid = \"dask-summit-2021\"\n")
        .with_context(|| format!("writing {}", config.display()))?;
    let report = work.join("report");
    // From its own folder: schemathesis keeps a cache (`.schemathesis/`) where it runs.
    let status = command(&venv.join("bin/st").to_string_lossy())
        .current_dir(&work)
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.base_url()))
        .args([
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
        ])
        .args(["--max-time", &seconds.to_string()])
        .args(["--header", &format!("Authorization: Bearer {TOKEN}")])
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .status()
        .context("could not start schemathesis")?;
    drop(server);
    let text = fs::read_to_string(&log).unwrap_or_default();
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("ERROR")).collect();
    println!(
        "\nschemathesis {} for {seconds} s against a debug cfp-server: {} ERROR line(s) in its log ({})",
        SCHEMATHESIS.trim_start_matches("schemathesis=="),
        errors.len(),
        log.display()
    );
    for line in errors.iter().take(10) {
        println!("  {line}");
    }
    match (status.success(), errors.is_empty()) {
        (true, true) => Ok(()),
        (false, _) => bail!(
            "schemathesis found answers outside the description (above; report in {})",
            report.display()
        ),
        (true, false) => bail!("the server logged errors while schemathesis ran"),
    }
}
