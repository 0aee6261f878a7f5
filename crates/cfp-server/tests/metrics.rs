//! `/metrics` on the real binary: off without `--metrics-token` (404), 401 without its
//! token or with another, and with it the exact counts of what was asked: submissions by
//! event and outcome, refusals by code, request durations by route template, the
//! writer's batches and the outbox. The token is in no line the server writes.

#[path = "common/process.rs"]
mod process;

use process::{events_dir, proposal_json, request, submit, Answer, ServerProcess};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::Stdio;

const TOKEN: &str = "metrics-test-token-5f0c9e";

async fn scrape(addr: SocketAddr, token: Option<&str>) -> Answer {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|a| vec![("authorization", a)])
        .unwrap_or_default();
    request(addr, "GET", "/metrics", &headers, String::new())
        .await
        .expect("GET /metrics")
}

/// Each sample line of the text format: `name{labels}` -> value.
fn samples(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (series, value) = line
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("not a sample: {line:?}"));
            let value = value
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {line:?}"));
            (series.to_owned(), value)
        })
        .collect()
}

/// The samples of one metric (its name and `{`, or the name alone), sorted.
fn of<'a>(all: &'a BTreeMap<String, f64>, name: &str) -> Vec<(&'a str, f64)> {
    all.iter()
        .filter(|(series, _)| series.as_str() == name || series.starts_with(&format!("{name}{{")))
        .map(|(series, value)| (series.as_str(), *value))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_exactly_what_happened_and_need_their_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let log = dir.path().join("stderr.log");
    let server = ServerProcess::start_with(
        &db,
        &events_dir(),
        &["--metrics-token", TOKEN],
        Stdio::from(std::fs::File::create(&log).unwrap()),
    );
    let addr = server.addr;

    // One stored, the same again (replayed), one the rules refuse, one to no event.
    let stored = submit(addr, "metrics-1", proposal_json(1)).await.unwrap();
    assert_eq!(stored.status, 201, "{}", stored.body);
    let replayed = submit(addr, "metrics-1", proposal_json(1)).await.unwrap();
    assert_eq!(replayed.status, 201, "{}", replayed.body);
    assert_eq!(replayed.json()["id"], stored.json()["id"]);
    let invalid = submit(addr, "metrics-2", "{}".into()).await.unwrap();
    assert_eq!(invalid.status, 422, "{}", invalid.body);
    let unknown = request(
        addr,
        "POST",
        "/api/events/no-such-event/proposals",
        &[("content-type", "application/json")],
        proposal_json(3),
    )
    .await
    .unwrap();
    assert_eq!(unknown.status, 404, "{}", unknown.body);

    // Without the token, or with another: 401, counted as refusals too.
    let missing = scrape(addr, None).await;
    assert_eq!(missing.status, 401, "{}", missing.body);
    assert_eq!(missing.json()["error"], "unauthorized");
    let wrong = scrape(addr, Some("metrics-test-token-5f0c9f")).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);

    let answer = scrape(addr, Some(TOKEN)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let all = samples(&answer.body);
    let event = "dask-summit-2021";
    assert_eq!(
        of(&all, "cfp_submissions_total"),
        [
            (
                format!(r#"cfp_submissions_total{{event="{event}",outcome="refused"}}"#).as_str(),
                1.0
            ),
            (
                format!(r#"cfp_submissions_total{{event="{event}",outcome="replayed"}}"#).as_str(),
                1.0
            ),
            (
                format!(r#"cfp_submissions_total{{event="{event}",outcome="stored"}}"#).as_str(),
                1.0
            ),
        ],
        "{}",
        answer.body
    );
    assert_eq!(
        of(&all, "cfp_refusals_total"),
        [
            (r#"cfp_refusals_total{code="invalid"}"#, 1.0),
            (r#"cfp_refusals_total{code="unauthorized"}"#, 2.0),
            (r#"cfp_refusals_total{code="unknown_event"}"#, 1.0),
        ],
        "{}",
        answer.body
    );
    let count = |route: &str, method: &str, status: &str| {
        all.get(&format!(
            r#"cfp_request_duration_seconds_count{{route="{route}",method="{method}",status="{status}"}}"#
        ))
        .copied()
    };
    let submissions = "/api/events/{id}/proposals";
    assert_eq!(
        count(submissions, "POST", "2xx"),
        Some(2.0),
        "{}",
        answer.body
    );
    assert_eq!(
        count(submissions, "POST", "4xx"),
        Some(2.0),
        "{}",
        answer.body
    );
    assert_eq!(
        count("/metrics", "GET", "4xx"),
        Some(2.0),
        "{}",
        answer.body
    );
    assert_eq!(
        of(&all, "cfp_request_duration_seconds_count").len(),
        3,
        "{}",
        answer.body
    );
    // Routes by template: no id from a URL is a label, known or not.
    assert!(
        !answer.body.contains("no-such-event") && !answer.body.contains("route=\"/api/events/dask"),
        "{}",
        answer.body
    );
    // Two inserts, one after the other: two batches of one job.
    assert_eq!(all.get("cfp_store_batch_size_count"), Some(&2.0));
    assert_eq!(all.get("cfp_store_batch_size_sum"), Some(&2.0));
    assert_eq!(
        all.get(r#"cfp_store_batch_size_bucket{le="1"}"#),
        Some(&2.0)
    );
    assert_eq!(all.get("cfp_outbox_depth"), Some(&0.0));
    assert_eq!(all.get("cfp_outbox_undeliverable_total"), Some(&0.0));

    // The scrape that succeeded is counted by the next one.
    let again = samples(&scrape(addr, Some(TOKEN)).await.body);
    assert_eq!(
        again.get(
            r#"cfp_request_duration_seconds_count{route="/metrics",method="GET",status="2xx"}"#
        ),
        Some(&1.0)
    );

    let stdout = server.stop();
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert!(
        stdout
            .iter()
            .any(|l| l == "  metrics: at /metrics, with the --metrics-token"),
        "{stdout:?}"
    );
    assert!(stderr.contains("answered"), "{stderr}");
    for line in stdout.iter().map(String::as_str).chain(stderr.lines()) {
        assert!(!line.contains(TOKEN), "the token in a log line: {line}");
        assert!(!line.contains("5f0c9"), "a token in a log line: {line}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_there_is_no_metrics_route() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let server = ServerProcess::start(&db, Stdio::null());
    assert_eq!(scrape(server.addr, None).await.status, 404);
    assert_eq!(scrape(server.addr, Some(TOKEN)).await.status, 404);
    let stdout = server.stop();
    assert!(
        stdout
            .iter()
            .any(|l| l == "  metrics: off (no --metrics-token)"),
        "{stdout:?}"
    );
}
