//! Mail and webhooks, for real: the cfp-server binary sending through lettre to a real SMTP server
//! process on loopback (`e2e/tools/smtp-sink.mjs`, npm smtp-server, installed by
//! `cargo xtask setup`), which writes every message it accepts to a folder. No mock
//! transport: what is checked is what an SMTP server received.
//!
//! The outbox's promises, each a test: every message of a submission, a change and a
//! withdrawal arrives exactly once, in the speaker's language, with the private link
//! only where it belongs; an SMTP server that is down at first gets the mail once it is
//! back, and the receipt never waited; kill -9 with messages queued loses none; a
//! recipient the SMTP server refuses for good is listed in the export; a webhook added by
//! a reload (SIGHUP) is called, though the server started with nothing to deliver.

#[path = "common/process.rs"]
mod process;
#[path = "common/sink.rs"]
mod sink;

use process::{request, Answer, LogFile, ServerProcess, ADMIN_TOKEN};
use serde_json::{json, Value};
use sink::{free_port, repo, Sink};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const EVENT: &str = "dask-summit-2021";
const PAGE: &str = "https://dask.example/cfp/";

/// An events folder with the Dask summit, its page_url set, and server settings that
/// tell the organisers and set a Reply-To.
fn events(dir: &Path) -> String {
    let mut config: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("events/dask-summit-2021.json")).unwrap(),
    )
    .unwrap();
    config["page_url"] = json!(PAGE);
    std::fs::write(dir.join("dask.json"), config.to_string()).unwrap();
    std::fs::write(
        dir.join("dask.server.json"),
        json!({"notify": ["programme@dask.example"], "reply_to": "committee@dask.example"})
            .to_string(),
    )
    .unwrap();
    dir.display().to_string()
}

/// One test's world: a temporary folder with the events (`events`), a SQLite file (`db`)
/// and where the sinks write (`out`), and a free port for the SMTP server or receiver.
struct World {
    dir: tempfile::TempDir,
    port: u16,
    events: String,
    db: String,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let events_dir = dir.path().join("events");
        std::fs::create_dir(&events_dir).unwrap();
        World {
            port: free_port(),
            events: events(&events_dir),
            db: format!("sqlite://{}/cfp.sqlite", dir.path().display()),
            dir,
        }
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// cfp-server on this world's events and database, mailing to its port.
    fn server(&self) -> ServerProcess {
        server(&self.db, &self.events, self.port, &[])
    }
}

fn server(db: &str, events: &str, smtp_port: u16, extra: &[&str]) -> ServerProcess {
    let url = format!("smtp://127.0.0.1:{smtp_port}");
    let mut args = vec![
        "--smtp-url",
        &url,
        "--mail-from",
        "Dask CFP <cfp@dask.example>",
    ];
    args.extend_from_slice(extra);
    ServerProcess::start_with(db, events, &args, Stdio::inherit())
}

fn proposal(title: &str, speakers: &[&str]) -> Value {
    json!({
        "title": title,
        "format": "talk",
        "abstract": "In this talk, attendees will get an introduction to Dask, a distributed computing framework in the PyData ecosystem, and a live demo of machine learning on a cluster with LightGBM and XGBoost.",
        "description": "An outline for the reviewers: what Dask is, a demo, questions.",
        "speakers": speakers.iter().enumerate().map(|(i, email)| json!({
            "name": format!("Speaker {}", i + 1), "email": email, "affiliation": "", "bio": ""
        })).collect::<Vec<_>>(),
        "code_of_conduct": true
    })
}

async fn submit(server: &ServerProcess, key: &str, body: &Value, language: &str) -> Answer {
    request(
        server.addr,
        "POST",
        &format!("/api/events/{EVENT}/proposals"),
        &[
            ("content-type", "application/json"),
            ("idempotency-key", key),
            ("content-language", language),
        ],
        body.to_string(),
    )
    .await
    .unwrap()
}

/// The organisers' export, `format` json or csv, as text.
async fn export(server: &ServerProcess, format: &str) -> String {
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    let path = format!("/api/events/{EVENT}/proposals?format={format}");
    let headers = [("authorization", bearer.as_str())];
    let answer = request(server.addr, "GET", &path, &headers, String::new())
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

/// Withdraw proposal `id` with its token; the answer must be 200.
async fn withdraw(server: &ServerProcess, id: &str, token: &str) {
    let bearer = format!("Bearer {token}");
    let path = format!("/api/events/{EVENT}/proposals/{id}/withdraw");
    let headers = [("authorization", bearer.as_str())];
    let answer = request(server.addr, "POST", &path, &headers, String::new())
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
}

fn to(message: &Value) -> String {
    message["to"][0].as_str().unwrap_or("").to_owned()
}

fn text(message: &Value) -> &str {
    message["text"].as_str().unwrap_or("")
}

/// No two messages share a Message-ID, and each recipient got each kind once.
fn assert_no_repeats(messages: &[Value]) {
    let mut ids: Vec<&str> = messages
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "a Message-ID twice: {messages:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proposal_its_change_and_its_withdrawal_each_tell_everyone_once() {
    let world = World::new();
    let sink = Sink::start(world.port, &world.out("mail"), None);
    let server = world.server();

    let body = proposal("Dask at scale", &["james@example.org", "grace@example.org"]);
    let receipt = submit(&server, "mail-1", &body, "es").await;
    assert_eq!(receipt.status, 201, "{}", receipt.body);
    let receipt = receipt.json();
    let (id, token) = (
        receipt["id"].as_str().unwrap().to_owned(),
        receipt["edit_token"].as_str().unwrap().to_owned(),
    );
    let link = format!("{PAGE}#cfp-edit={id}.{token}");
    // A replay of the same key gives the same receipt and queues nothing more.
    let replay = submit(&server, "mail-1", &body, "es").await;
    assert_eq!(replay.json()["id"], receipt["id"]);

    let got = sink.wait_for(3, Duration::from_secs(30));
    let find = |address: &str| -> Value {
        got.iter()
            .find(|m| to(m) == address)
            .unwrap_or_else(|| panic!("nothing to {address}: {got:#?}"))
            .clone()
    };
    // The speaker: in Spanish (the widget's Content-Language), the proposal, the link.
    let ack = find("james@example.org");
    assert_eq!(
        ack["subject"],
        "Tu propuesta para Dask User Summit 2021: Dask at scale"
    );
    assert!(text(&ack).contains(&link), "{}", text(&ack));
    assert!(text(&ack).contains(&id));
    assert!(text(&ack).contains("An outline for the reviewers"));
    assert_eq!(ack["reply_to"], "committee@dask.example");
    assert!(ack["from_header"]
        .as_str()
        .unwrap()
        .contains("Dask User Summit 2021"));
    assert!(ack["message_id"]
        .as_str()
        .unwrap()
        .ends_with("@dask.example>"));
    // The co-speaker: only the title, no link, no abstract, and how to report it.
    let named = find("grace@example.org");
    assert!(text(&named).contains("Dask at scale"));
    assert!(!text(&named).contains(&token), "{}", text(&named));
    assert!(!text(&named).contains("introduction to Dask"));
    assert!(
        text(&named).contains("responde a este mensaje"),
        "{}",
        text(&named)
    );
    // The organisers: in the event's language, the whole proposal, never the token.
    let organisers = find("programme@dask.example");
    assert!(organisers["subject"]
        .as_str()
        .unwrap()
        .starts_with("[Dask User Summit 2021] New proposal"));
    assert!(text(&organisers).contains("introduction to Dask"));
    assert!(!text(&organisers).contains(&token));

    // A change: the speaker and the organisers are told; grace was named already.
    let bearer = format!("Bearer {token}");
    let mut changed = body.clone();
    changed["title"] = json!("Dask at a larger scale");
    let saved = request(
        server.addr,
        "PUT",
        &format!("/api/events/{EVENT}/proposals/{id}"),
        &[
            ("content-type", "application/json"),
            ("authorization", &bearer),
            ("if-match", "\"v1\""),
            ("content-language", "es"),
        ],
        changed.to_string(),
    )
    .await
    .unwrap();
    assert_eq!(saved.status, 200, "{}", saved.body);
    let got = sink.wait_for(5, Duration::from_secs(30));
    let notice = got[3..]
        .iter()
        .find(|m| to(m) == "james@example.org")
        .expect("the speaker's change notice");
    assert!(notice["subject"]
        .as_str()
        .unwrap()
        .contains("Se ha modificado"));
    assert!(text(notice).contains(&link));
    assert!(got[3..].iter().any(|m| to(m) == "programme@dask.example"
        && m["subject"]
            .as_str()
            .unwrap()
            .contains("changed (version 2)")));

    withdraw(&server, &id, &token).await;
    let got = sink.wait_for(7, Duration::from_secs(30));
    assert!(got[5..].iter().any(|m| to(m) == "programme@dask.example"
        && m["subject"].as_str().unwrap().contains("withdrawn")));

    // Nothing more comes, and nothing came twice.
    std::thread::sleep(Duration::from_secs(7));
    let all = sink.messages();
    assert_eq!(all.len(), 7, "{all:#?}");
    assert_no_repeats(&all);
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_smtp_server_down_at_first_gets_the_mail_once_it_is_back() {
    let world = World::new();
    let server = world.server();

    // Nothing listens on the SMTP port: the receipt comes all the same.
    let started = Instant::now();
    let receipt = submit(
        &server,
        "down-1",
        &proposal("While it is down", &["ada@example.org"]),
        "en",
    )
    .await;
    assert_eq!(receipt.status, 201, "{}", receipt.body);
    eprintln!("receipt while SMTP is down after {:?}", started.elapsed());

    // The first attempts fail and are retried later.
    std::thread::sleep(Duration::from_secs(7));
    let store = cfp_server::Store::connect(&world.db).await.unwrap();
    let jobs = store.jobs(EVENT).await.unwrap();
    assert_eq!(jobs.len(), 2, "{jobs:#?}");
    assert!(jobs.iter().all(|j| j.attempts >= 1), "{jobs:#?}");
    assert_eq!(store.outbox_counts().await.unwrap().pending, 2);

    let sink = Sink::start(world.port, &world.out("mail"), None);
    let got = sink.wait_for(2, Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(7));
    let all = sink.messages();
    assert_eq!(all.len(), 2, "{got:#?}");
    assert_no_repeats(&all);
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!((counts.pending, counts.sent, counts.failed), (0, 2, 0));
    store.close().await;
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_with_mail_queued_loses_none() {
    let world = World::new();
    let first = world.server();
    for n in 0..3 {
        let body = proposal(
            &format!("Queued {n}"),
            &[&format!("speaker{n}@example.org")],
        );
        let receipt = submit(&first, &format!("queued-{n}"), &body, "en").await;
        assert_eq!(receipt.status, 201, "{}", receipt.body);
    }
    // Let it try (and fail) at least once, then kill it mid-backoff.
    std::thread::sleep(Duration::from_secs(2));
    first.kill_9();

    let sink = Sink::start(world.port, &world.out("mail"), None);
    let second = world.server();
    sink.wait_for(6, Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(7));
    let all = sink.messages();
    assert_eq!(
        all.len(),
        6,
        "3 acknowledgements and 3 organisers' notices: {all:#?}"
    );
    assert_no_repeats(&all);
    for n in 0..3 {
        let address = format!("speaker{n}@example.org");
        assert_eq!(
            all.iter().filter(|m| to(m) == address).count(),
            1,
            "{address}"
        );
    }
    second.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_the_smtp_server_refuses_is_listed_in_the_export() {
    let world = World::new();
    let sink = Sink::start(world.port, &world.out("mail"), Some("nobody@example.org"));
    let server = server(
        &world.db,
        &world.events,
        world.port,
        &["--metrics-token", "mail-metrics"],
    );

    let receipt = submit(
        &server,
        "refused-1",
        &proposal("To nobody", &["nobody@example.org"]),
        "en",
    )
    .await;
    assert_eq!(receipt.status, 201, "{}", receipt.body);
    // The organisers' notice goes; the speaker's is refused for good (550), not retried.
    sink.wait_for(1, Duration::from_secs(30));
    let listed = loop {
        let listed: Value = serde_json::from_str(&export(&server, "json").await).unwrap();
        if listed["proposals"][0]["undelivered"].is_array() {
            break listed;
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    let undelivered = &listed["proposals"][0]["undelivered"][0];
    assert_eq!(undelivered["to"], "nobody@example.org");
    assert_eq!(undelivered["kind"], "received");
    assert!(
        undelivered["error"].as_str().unwrap().contains("550"),
        "{undelivered}"
    );
    let csv = export(&server, "csv").await;
    assert!(
        csv.lines().next().unwrap().ends_with(",undelivered_mail"),
        "{csv}"
    );
    assert!(
        csv.contains("received to nobody@example.org: permanent error (550)"),
        "{csv}"
    );
    assert_eq!(sink.messages().len(), 1);
    // And /metrics counts it, with nothing left to deliver (once the organisers'
    // notice, which the sink has, is marked sent).
    let wanted = ["cfp_outbox_undeliverable_total 1", "cfp_outbox_depth 0"];
    let started = Instant::now();
    loop {
        let metrics = request(
            server.addr,
            "GET",
            "/metrics",
            &[("authorization", "Bearer mail-metrics")],
            String::new(),
        )
        .await
        .unwrap();
        assert_eq!(metrics.status, 200, "{}", metrics.body);
        if wanted.iter().all(|w| metrics.body.lines().any(|l| l == *w)) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{wanted:?}: {}",
            metrics.body
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
}

async fn ask_for_links(server: &ServerProcess, email: &str) -> Answer {
    request(
        server.addr,
        "POST",
        &format!("/api/events/{EVENT}/links"),
        &[
            ("content-type", "application/json"),
            ("content-language", "de"),
        ],
        json!({ "email": email }).to_string(),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn lost_links_go_only_to_the_sender_once_an_hour_and_the_answer_tells_nothing() {
    let world = World::new();
    let sink = Sink::start(world.port, &world.out("mail"), None);
    let server = world.server();

    let mut receipts = Vec::new();
    for n in 0..2 {
        let body = proposal(
            &format!("Lost {n}"),
            &["ada@example.org", "grace@example.org"],
        );
        let receipt = submit(&server, &format!("lost-{n}"), &body, "en").await;
        assert_eq!(receipt.status, 201, "{}", receipt.body);
        receipts.push(receipt.json());
    }
    // Two acknowledgements, one named notice (once a day), two organisers' notices.
    sink.wait_for(5, Duration::from_secs(30));

    let known = ask_for_links(&server, " ADA@example.org ").await;
    let unknown = ask_for_links(&server, "nobody@example.org").await;
    let co_speaker = ask_for_links(&server, "grace@example.org").await;
    assert_eq!(known.status, 202, "{}", known.body);
    assert_eq!(unknown.status, 202);
    assert_eq!(co_speaker.status, 202);
    let shape = |a: &Answer| {
        a.json()["message"]
            .as_str()
            .unwrap()
            .replace(|c: char| c != ' ', "")
    };
    assert_eq!(
        shape(&known).len(),
        shape(&unknown).len(),
        "the same sentence"
    );
    let again = ask_for_links(&server, "ada@example.org").await;
    assert_eq!(again.status, 202);
    let invalid = ask_for_links(&server, "not an address").await;
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.json()["error"], "invalid_email");

    let got = sink.wait_for(6, Duration::from_secs(30));
    let links = &got[5];
    assert_eq!(to(links), "ADA@example.org");
    assert_eq!(
        links["subject"],
        "Ihre privaten Links für Dask User Summit 2021"
    );
    for receipt in &receipts {
        let link = format!(
            "{PAGE}#cfp-edit={}.{}",
            receipt["id"].as_str().unwrap(),
            receipt["edit_token"].as_str().unwrap()
        );
        assert!(text(links).contains(&link), "{}", text(links));
    }
    std::thread::sleep(Duration::from_secs(6));
    let all = sink.messages();
    assert_eq!(
        all.len(),
        6,
        "nothing to nobody@, grace@ or a second time: {all:#?}"
    );
    assert_no_repeats(&all);
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_are_signed_retried_and_a_refused_one_is_listed_in_the_export() {
    const SECRET: &str = "whsec-0123456789abcdef";
    let world = World::new();
    let port = world.port;
    // Down for its first two calls: they are tried again.
    let sink = Sink::webhooks(port, &world.out("hooks"), SECRET, 2);
    let hook = |path: &str, format: &str, secret: &str| json!({"url": format!("http://127.0.0.1:{port}/{path}"), "format": format, "secret": secret});
    std::fs::write(
        Path::new(&world.events).join("dask.server.json"),
        json!({"webhooks": [
            hook("json", "json", SECRET),
            hook("slack", "slack", SECRET),
            hook("wrong", "json", "not-the-receivers-secret"),
        ]})
        .to_string(),
    )
    .unwrap();
    // No --smtp-url: webhooks are called all the same.
    let server = ServerProcess::start_with(&world.db, &world.events, &[], Stdio::inherit());

    let body = proposal("<!channel> & Dask", &["ada@example.org"]);
    let receipt = submit(&server, "hook-1", &body, "en").await;
    assert_eq!(receipt.status, 201, "{}", receipt.body);
    let id = receipt.json()["id"].as_str().unwrap().to_owned();
    let token = receipt.json()["edit_token"].as_str().unwrap().to_owned();
    withdraw(&server, &id, &token).await;

    // 2 good webhooks x (received, withdrawn), and the wrong secret's 2 calls, refused.
    let got = sink.wait_for(6, Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(7));
    let all = sink.messages();
    assert_eq!(all.len(), 6, "{all:#?}");
    let valid: Vec<&Value> = all.iter().filter(|c| c["valid"] == true).collect();
    assert_eq!(valid.len(), 4, "{got:#?}");
    let mut deliveries: Vec<&str> = all
        .iter()
        .map(|c| c["delivery"].as_str().unwrap())
        .collect();
    deliveries.sort();
    deliveries.dedup();
    assert_eq!(deliveries.len(), 6, "one delivery id per call");
    let json_calls: Vec<&&Value> = valid
        .iter()
        .filter(|c| c["body"]["type"].is_string())
        .collect();
    let types: Vec<&str> = json_calls
        .iter()
        .map(|c| c["event"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"proposal.received") && types.contains(&"proposal.withdrawn"),
        "{types:?}"
    );
    let received = json_calls
        .iter()
        .find(|c| c["body"]["type"] == "proposal.received")
        .unwrap();
    assert_eq!(received["body"]["proposal"]["id"], json!(id));
    assert_eq!(
        received["body"]["proposal"]["proposal"]["title"],
        "<!channel> & Dask"
    );
    let slack = valid
        .iter()
        .find(|c| c["body"]["text"].is_string())
        .unwrap();
    let text = slack["body"]["text"].as_str().unwrap();
    assert!(text.contains("&lt;!channel&gt; &amp; Dask"), "{text}");
    assert!(!text.contains("<!channel>"), "{text}");

    let listed: Value = serde_json::from_str(&export(&server, "json").await).unwrap();
    let undelivered = listed["proposals"][0]["undelivered"].as_array().unwrap();
    assert_eq!(undelivered.len(), 2, "{undelivered:#?}");
    for u in undelivered {
        assert_eq!(u["kind"], "webhook");
        assert!(u["to"].as_str().unwrap().starts_with("webhook:"), "{u}");
        assert!(u["error"].as_str().unwrap().contains("401"), "{u}");
        assert!(
            !u.to_string().contains("/wrong"),
            "the URL is not shown: {u}"
        );
    }
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_added_by_a_reload_is_called() {
    const SECRET: &str = "whsec-0123456789abcdef";
    let world = World::new();
    // Mail off and no webhook: nothing to deliver at start, so no delivery task yet.
    let log = LogFile::new(world.out("stderr.log"));
    let server = ServerProcess::start_with(
        &world.db,
        &world.events,
        &["--events-poll", "0"],
        log.stdio(),
    );
    let sink = Sink::webhooks(world.port, &world.out("hooks"), SECRET, 0);
    let url = format!("http://127.0.0.1:{}/json", world.port);
    std::fs::write(
        Path::new(&world.events).join("dask.server.json"),
        json!({"webhooks": [{"url": url, "format": "json", "secret": SECRET}]}).to_string(),
    )
    .unwrap();
    server.hangup();
    let text = log.wait_for("events reloaded", 1);
    assert!(text.contains(&format!("changed {EVENT}")), "{text}");

    let receipt = submit(
        &server,
        "hook-after-reload",
        &proposal("Dask", &["ada@example.org"]),
        "en",
    )
    .await;
    assert_eq!(receipt.status, 201, "{}", receipt.body);
    let calls = sink.wait_for(1, Duration::from_secs(30));
    assert_eq!(calls[0]["valid"], true, "{calls:#?}");
    assert_eq!(calls[0]["body"]["type"], "proposal.received");
    server.stop();
}
