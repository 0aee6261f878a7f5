//! `--log-format json` on the real binary: every line it writes, the start-up lines on
//! stdout and the log on stderr, is one JSON object with a `fields.message`, and the
//! line that answers a request names its client and its status (a refusal's is not
//! logged by default: `/metrics` counts those).

#[path = "common/process.rs"]
mod process;

use process::{events_dir, proposal_json, submit, ServerProcess};
use serde_json::Value;
use std::process::Stdio;

/// Each line parsed, or a panic naming the line that is not a JSON object with a
/// message.
fn parse_all(what: &str, lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {line}"));
            assert!(
                value["fields"]["message"].is_string(),
                "{what}: no fields.message: {line}"
            );
            assert!(
                value["level"].is_string() && value["timestamp"].is_string(),
                "{what}: no level or timestamp: {line}"
            );
            value
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn json_logs_are_json_from_the_first_line_to_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let log = dir.path().join("stderr.log");
    let server = ServerProcess::start_with(
        &db,
        &events_dir(),
        &["--log-format", "json"],
        Stdio::from(std::fs::File::create(&log).unwrap()),
    );
    let answer = submit(server.addr, "json-log-1", proposal_json(1))
        .await
        .unwrap();
    assert_eq!(answer.status, 201, "{}", answer.body);
    let refused = submit(server.addr, "json-log-2", "{}".into())
        .await
        .unwrap();
    assert_eq!(refused.status, 422, "{}", refused.body);
    // A clean stop writes what the log's thread still holds.
    let stdout = server.stop();

    let startup = parse_all("stdout", &stdout);
    assert!(startup.len() >= 3, "{stdout:?}");
    assert!(
        startup[0]["fields"]["message"]
            .as_str()
            .unwrap()
            .starts_with("cfp-server listening on http://127.0.0.1:"),
        "{stdout:?}"
    );
    assert!(
        startup
            .iter()
            .any(|l| l["fields"]["message"] == "  mail: off (no --smtp-url)"),
        "{stdout:?}"
    );

    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let logged = parse_all("stderr", &lines);
    let answered: Vec<&Value> = logged
        .iter()
        .filter(|l| l["fields"]["message"] == "answered")
        .collect();
    assert_eq!(answered.len(), 1, "{text}");
    let line = answered[0];
    assert_eq!(line["fields"]["status"], 201, "{text}");
    assert!(line["fields"]["latency_ms"].is_u64(), "{text}");
    assert_eq!(line["span"]["client"], "127.0.0.1", "{text}");
    assert_eq!(line["span"]["method"], "POST", "{text}");
    assert_eq!(
        line["span"]["path"], "/api/events/dask-summit-2021/proposals",
        "{text}"
    );
    let stored = logged
        .iter()
        .find(|l| l["fields"]["message"] == "stored")
        .unwrap_or_else(|| panic!("no stored line: {text}"));
    assert_eq!(stored["fields"]["event"], "dask-summit-2021", "{text}");
    assert_eq!(stored["span"]["client"], "127.0.0.1", "{text}");
}

#[test]
fn a_start_that_fails_says_so_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the database's folder should be.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let output = std::process::Command::new(process::BIN)
        .args(["serve", "--log-format", "json", "--events", &events_dir()])
        .arg("--db")
        .arg(format!("sqlite://{}/cfp.sqlite", blocker.display()))
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<String> = stderr.lines().map(str::to_owned).collect();
    let logged = parse_all("stderr", &lines);
    assert_eq!(logged.len(), 1, "{stderr}");
    assert_eq!(logged[0]["level"], "ERROR");
    assert!(
        logged[0]["fields"]["message"]
            .as_str()
            .unwrap()
            .contains("not-a-folder"),
        "{stderr}"
    );
}
