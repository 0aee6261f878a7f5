//! The private link through the real router on a real SQLite file: the receipt's token,
//! reading, changing and withdrawing a proposal with it, every refusal (wrong token,
//! unknown reference, missing and stale If-Match, after the deadline, withdrawn twice,
//! the cap per speaker), the export of versions, and the server-only settings that the
//! public config never shows.

mod common;

use common::Harness;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use cfp_core::EventConfig;
use cfp_server::{app, Events};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const DASK: &str = "dask-summit-2021";

/// The Dask call with a cap of 2 proposals per speaker.
fn dask_capped() -> EventConfig {
    let mut config = common::event("dask-summit-2021.json");
    config.id = "dask-capped".into();
    config.limits.proposals_per_speaker = Some(2);
    config
}

/// SciPy 2020 (closed in 2020), but changes allowed until 2099.
fn scipy_edits_later() -> EventConfig {
    let mut config = common::event("scipy-2020.json");
    config.id = "scipy-edits-later".into();
    config.edits_until = Some("2099-01-01 AoE".parse().unwrap());
    config
}

async fn harness() -> Harness {
    common::harness(
        [
            common::event("dask-summit-2021.json"),
            common::event("scipy-2020.json"),
            dask_capped(),
            scipy_edits_later(),
        ],
        common::unlimited(),
    )
    .await
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Harness {
    async fn send(&self, request: Request<Body>) -> Answer {
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn submit(&self, event: &str, key: &str, proposal: &Value) -> Answer {
        self.send(
            Request::post(format!("/api/events/{event}/proposals"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("idempotency-key", key)
                .body(Body::from(proposal.to_string()))
                .unwrap(),
        )
        .await
    }

    /// A request to `path` with a bearer token
    /// (if any), an If-Match (if any) and a JSON body (if any).
    async fn link(
        &self,
        method: Method,
        path: String,
        token: Option<&str>,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(tag) = if_match {
            request = request.header(header::IF_MATCH, tag);
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    async fn get(&self, event: &str, reference: &str, token: Option<&str>) -> Answer {
        self.link(Method::GET, at(event, reference, ""), token, None, None)
            .await
    }

    async fn put(
        &self,
        event: &str,
        reference: &str,
        token: &str,
        tag: Option<&str>,
        body: &Value,
    ) -> Answer {
        self.link(
            Method::PUT,
            at(event, reference, ""),
            Some(token),
            tag,
            Some(body),
        )
        .await
    }

    async fn withdraw(&self, event: &str, reference: &str, token: &str) -> Answer {
        self.link(
            Method::POST,
            at(event, reference, "/withdraw"),
            Some(token),
            None,
            None,
        )
        .await
    }

    async fn export(&self, event: &str, format: &str) -> String {
        let answer = self
            .send(
                Request::get(format!("/api/events/{event}/proposals?format={format}"))
                    .header(header::AUTHORIZATION, "Bearer organiser-secret")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        match answer.body {
            Value::String(text) => text,
            json => json.to_string(),
        }
    }
}

/// `/api/events/{event}/proposals/{reference}{tail}`.
fn at(event: &str, reference: &str, tail: &str) -> String {
    format!("/api/events/{event}/proposals/{reference}{tail}")
}

fn talk_json() -> Value {
    serde_json::to_value(common::talk()).unwrap()
}

/// Submit the seed talk under `key`: its reference and token.
async fn sent(h: &Harness, event: &str, key: &str, proposal: &Value) -> (String, String) {
    let answer = h.submit(event, key, proposal).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    (
        answer.body["id"].as_str().unwrap().to_owned(),
        answer.body["edit_token"].as_str().unwrap().to_owned(),
    )
}

fn etag(answer: &Answer) -> &str {
    answer.headers[header::ETAG].to_str().unwrap()
}

#[tokio::test]
async fn the_receipt_carries_a_token_that_a_replay_repeats_and_that_reads_the_proposal() {
    let h = harness().await;
    let first = h.submit(DASK, "k1", &talk_json()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let token = first.body["edit_token"].as_str().unwrap();
    assert_eq!(token.len(), 32, "128 bits in hex: {token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let replay = h.submit(DASK, "k1", &talk_json()).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body, first.body, "the same receipt, the same token");
    let other = h.submit(DASK, "k2", &talk_json()).await;
    assert_ne!(other.body["edit_token"], first.body["edit_token"]);

    let id = first.body["id"].as_str().unwrap();
    let read = h.get(DASK, id, Some(token)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(etag(&read), "\"v1\"");
    assert_eq!(read.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(read.body["id"], id);
    assert_eq!(read.body["state"], "submitted");
    assert_eq!(read.body["version"], 1);
    assert_eq!(read.body["received_at"], first.body["received_at"]);
    assert_eq!(read.body["updated_at"], first.body["received_at"]);
    assert_eq!(read.body["proposal"], talk_json());
    // Retyped in lower case, the reference still reads.
    let lower = h.get(DASK, &id.to_lowercase(), Some(token)).await;
    assert_eq!(lower.status, StatusCode::OK);

    // A honeypot's made-up receipt opens nothing.
    let mut bot = talk_json();
    bot["_gotcha"] = json!("http://spam.example");
    let fake = h.submit(DASK, "bot", &bot).await;
    assert_eq!(fake.status, StatusCode::CREATED);
    assert_eq!(fake.body["edit_token"].as_str().unwrap().len(), 32);
    let opened = h
        .get(
            DASK,
            fake.body["id"].as_str().unwrap(),
            fake.body["edit_token"].as_str(),
        )
        .await;
    assert_eq!(opened.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_or_missing_token_is_answered_as_an_unknown_reference() {
    let h = harness().await;
    let (id, token) = sent(&h, DASK, "k1", &talk_json()).await;
    let mut wrong = token.clone().into_bytes();
    wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
    let wrong = String::from_utf8(wrong).unwrap();

    let with_wrong = h.get(DASK, &id, Some(&wrong)).await;
    assert_eq!(with_wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(with_wrong.body["error"], "unknown_proposal");
    for answer in [
        h.get(DASK, &id, None).await,
        h.get(DASK, &id, Some("")).await,
        h.put(DASK, &id, &wrong, Some("\"v1\""), &talk_json()).await,
        h.withdraw(DASK, &id, &wrong).await,
    ] {
        assert_eq!(
            (answer.status, &answer.body),
            (StatusCode::NOT_FOUND, &with_wrong.body)
        );
    }
    // The token of another event's proposal with the same reference opens nothing here.
    let elsewhere = h.state.store.edit_key().token("scipy-2020", &id);
    assert_eq!(
        h.get(DASK, &id, Some(&elsewhere)).await.body,
        with_wrong.body
    );

    // An unknown reference, even with the token the server would give it: the same body.
    let unknown = "ZZZZZ-ZZZZZ";
    let its_token = h.state.store.edit_key().token(DASK, unknown);
    let expected: Value =
        serde_json::from_str(&with_wrong.body.to_string().replace(&id, unknown)).unwrap();
    for token in [Some(its_token.as_str()), Some(token.as_str()), None] {
        let answer = h.get(DASK, unknown, token).await;
        assert_eq!(
            (answer.status, answer.body),
            (StatusCode::NOT_FOUND, expected.clone())
        );
    }
    let answer = h
        .put(DASK, unknown, &its_token, Some("\"v1\""), &talk_json())
        .await;
    assert_eq!(
        (answer.status, answer.body),
        (StatusCode::NOT_FOUND, expected.clone())
    );

    // And an unknown event is the event's own 404.
    let answer = h.get("pycon-1999", &id, Some(&token)).await;
    assert_eq!(answer.body["error"], "unknown_event");
    // Nothing was changed by any of it.
    assert_eq!(h.get(DASK, &id, Some(&token)).await.body["version"], 1);
}

#[tokio::test]
async fn a_change_needs_the_current_etag_and_every_version_is_kept() {
    let h = harness().await;
    let (id, token) = sent(&h, DASK, "k1", &talk_json()).await;
    let mut v2 = talk_json();
    v2["title"] = json!("Scaling Machine Learning With Dask, revised");

    let missing = h.put(DASK, &id, &token, None, &v2).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(missing.body["error"], "precondition_required");
    assert!(missing.body["message"]
        .as_str()
        .unwrap()
        .contains("If-Match"));
    let star = h.put(DASK, &id, &token, Some("*"), &v2).await;
    assert_eq!(
        star.status,
        StatusCode::PRECONDITION_REQUIRED,
        "* would overwrite blindly"
    );

    let saved = h.put(DASK, &id, &token, Some("\"v1\""), &v2).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(etag(&saved), "\"v2\"");
    assert_eq!(
        (
            saved.body["version"].clone(),
            saved.body["proposal"].clone()
        ),
        (json!(2), v2.clone())
    );

    // Another tab, still on version 1.
    let mut other_tab = talk_json();
    other_tab["title"] = json!("Changed in another tab");
    let stale = h.put(DASK, &id, &token, Some("\"v1\""), &other_tab).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.body["error"], "stale_version");
    assert_eq!(etag(&stale), "\"v2\"", "the version to load again");
    let message = stale.body["message"].as_str().unwrap();
    assert!(
        message.contains("changed since you loaded it") && message.contains("version 2"),
        "{message}"
    );
    let weak = h.put(DASK, &id, &token, Some("W/\"v2\""), &other_tab).await;
    assert_eq!(
        weak.status,
        StatusCode::PRECONDITION_FAILED,
        "If-Match compares strongly"
    );

    // The first save retried (its answer lost): already so, answered 200, no version.
    let retried = h.put(DASK, &id, &token, Some("\"v1\""), &v2).await;
    assert_eq!((retried.status, etag(&retried)), (StatusCode::OK, "\"v2\""));

    // The same checks as a submission.
    let mut invalid = v2.clone();
    invalid["abstract"] = json!("Too short.");
    let refused = h.put(DASK, &id, &token, Some("\"v2\""), &invalid).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let proposal: cfp_core::Proposal = serde_json::from_value(invalid).unwrap();
    let expected = cfp_core::validate(&common::event("dask-summit-2021.json"), &proposal);
    assert_eq!(refused.body, json!({ "errors": expected }));
    let malformed = h
        .put(DASK, &id, &token, Some("\"v2\""), &json!({"title": 5}))
        .await;
    assert_eq!(malformed.body["error"], "malformed");

    let export: Value = serde_json::from_str(&h.export(DASK, "json").await).unwrap();
    let row = &export["proposals"][0];
    assert_eq!(
        (row["version"].clone(), row["state"].clone()),
        (json!(2), json!("submitted"))
    );
    assert_eq!(row["proposal"], v2, "the current version");
    assert_eq!(
        h.state.store.count(DASK).await.unwrap(),
        1,
        "a change is not a new proposal"
    );
    let csv = h.export(DASK, "csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| record[headers.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(
        (cell("state"), cell("version")),
        ("submitted".into(), "2".into())
    );
    assert_eq!(cell("title"), "Scaling Machine Learning With Dask, revised");
}

#[tokio::test]
async fn a_withdrawal_keeps_the_proposal_twice_is_as_once_and_ends_changes() {
    let h = harness().await;
    let (id, token) = sent(&h, DASK, "k1", &talk_json()).await;
    let withdrawn = h.withdraw(DASK, &id, &token).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(
        (
            withdrawn.body["state"].clone(),
            withdrawn.body["version"].clone()
        ),
        (json!("withdrawn"), json!(2))
    );
    assert_eq!(etag(&withdrawn), "\"v2\"");

    let again = h.withdraw(DASK, &id, &token).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, withdrawn.body, "no second version");

    let change = h.put(DASK, &id, &token, Some("\"v2\""), &talk_json()).await;
    assert_eq!(change.status, StatusCode::CONFLICT);
    assert_eq!(change.body["error"], "proposal_withdrawn");

    let read = h.get(DASK, &id, Some(&token)).await;
    assert_eq!(
        (read.status, read.body["state"].clone()),
        (StatusCode::OK, json!("withdrawn"))
    );
    let export: Value = serde_json::from_str(&h.export(DASK, "json").await).unwrap();
    assert_eq!(
        export["proposals"][0]["state"], "withdrawn",
        "the row is kept"
    );
    assert_eq!(export["proposals"][0]["proposal"], talk_json());
}

#[tokio::test]
async fn after_the_deadline_a_proposal_is_read_but_not_changed_unless_edits_until_says_so() {
    let h = harness().await;
    let mut p = common::talk();
    p.track = Some("hpc".into());
    p.r#abstract = ["word"; 60].join(" ");
    p.answers
        .insert("proceedings".into(), cfp_core::Answer::Text("maybe".into()));
    // Stored before the call closed (the store keeps no clock).
    let mut ids = Vec::new();
    for event in ["scipy-2020", "scipy-edits-later"] {
        let receipt = match h
            .state
            .store
            .insert(
                event,
                "k",
                "2020-02-01T10:00:00Z",
                &p,
                None,
                &cfp_server::outbox::Notices::none(),
            )
            .await
            .unwrap()
        {
            cfp_server::store::Inserted::New(receipt) => receipt,
            other => panic!("{other:?}"),
        };
        ids.push((event, receipt.id, receipt.edit_token));
    }
    let body = serde_json::to_value(&p).unwrap();
    let (event, id, token) = &ids[0];
    assert_eq!(h.get(event, id, Some(token)).await.status, StatusCode::OK);
    for answer in [
        h.put(event, id, token, Some("\"v1\""), &body).await,
        h.withdraw(event, id, token).await,
    ] {
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert_eq!(answer.body["error"], "cfp_closed");
        assert_eq!(
            answer.body["message"],
            "changes and withdrawals closed at 2020-02-11T23:59:59-06:00; the proposal can still be read"
        );
    }
    // The call closed in 2020, but changes run until 2099.
    let (event, id, token) = &ids[1];
    let mut changed = body.clone();
    changed["title"] = json!("A late fix of a typo");
    let answer = h.put(event, id, token, Some("\"v1\""), &changed).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        h.submit(event, "new", &body).await.body["error"],
        "cfp_closed"
    );
}

#[tokio::test]
async fn the_cap_per_speaker_counts_addresses_across_speakers_and_not_withdrawn_ones() {
    let h = harness().await;
    let event = "dask-capped";
    let titled = |title: &str| {
        let mut p = talk_json();
        p["title"] = json!(title);
        p
    };
    let (first, first_token) = sent(&h, event, "k1", &titled("One")).await;
    sent(&h, event, "k2", &titled("Two")).await;

    // The same speaker as a co-speaker, the address in other case and with spaces.
    let mut third = titled("Three");
    third["speakers"] = json!([
        {"name": "Ada", "email": "ada@example.org", "affiliation": "", "bio": ""},
        {"name": "James", "email": " James.Lamb@EXAMPLE.org ", "affiliation": "", "bio": ""}
    ]);
    let refused = h.submit(event, "k3", &third).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.body["error"], "too_many_proposals");
    assert_eq!(refused.body["field"], "speakers[1].email");
    assert_eq!(refused.body["limit"], 2);
    assert_eq!(
        refused.body["message"],
        "james.lamb@example.org already has 2 proposals in this event, the most one speaker may have; withdraw one of them to send another"
    );
    assert_eq!(h.state.store.count(event).await.unwrap(), 2);
    // Nor can a change bring the speaker onto a proposal of someone else's.
    let mut ada = third.clone();
    ada["speakers"] = json!([ada["speakers"][0].clone()]);
    let (ada_id, ada_token) = sent(&h, event, "k4", &ada).await;
    let answer = h
        .put(event, &ada_id, &ada_token, Some("\"v1\""), &third)
        .await;
    assert_eq!(answer.body["error"], "too_many_proposals");

    // Withdrawn, one no longer counts.
    assert_eq!(
        h.withdraw(event, &first, &first_token).await.status,
        StatusCode::OK
    );
    let answer = h.submit(event, "k3", &third).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    // Without a cap in its config, an event takes any number.
    for i in 0..3 {
        sent(&h, DASK, &format!("d{i}"), &titled("Uncapped")).await;
    }
}

#[tokio::test]
async fn the_private_link_routes_take_cross_origin_requests_from_the_events_origins() {
    let h = harness().await;
    let answer = h
        .send(
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/api/events/dask-summit-2021/proposals/7K3MQ-9XZ2A")
                .header(header::ORIGIN, "https://summit.dask.org")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "authorization,if-match,content-type",
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let allowed = |name| answer.headers[name].to_str().unwrap().to_lowercase();
    assert_eq!(
        allowed(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "https://summit.dask.org"
    );
    assert!(allowed(header::ACCESS_CONTROL_ALLOW_METHODS).contains("put"));
    let headers = allowed(header::ACCESS_CONTROL_ALLOW_HEADERS);
    assert!(
        headers.contains("authorization") && headers.contains("if-match"),
        "{headers}"
    );
}

#[tokio::test]
async fn server_only_settings_never_reach_the_public_config_or_the_demo_page() {
    let dir = tempfile::tempdir().unwrap();
    let events_dir = dir.path().join("events");
    std::fs::create_dir(&events_dir).unwrap();
    let config = std::fs::read_to_string(format!(
        "{}/../../events/dask-summit-2021.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    std::fs::write(events_dir.join("dask-summit-2021.json"), &config).unwrap();
    let secret_address = "programme-committee-7f3a@dask.example.org";
    std::fs::write(
        events_dir.join("dask-summit-2021.server.json"),
        json!({ "notify": [secret_address], "reply_to": "replies-9c1d@dask.example.org" })
            .to_string(),
    )
    .unwrap();
    let events = Events::load_dir(&events_dir).unwrap();
    assert_eq!(events.iter().count(), 1, "a settings file is not an event");
    assert_eq!(events.settings(DASK).notify, [secret_address], "loaded");

    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<title>x</title><script type=application/json id=cfp-config>{}</script>",
    )
    .unwrap();
    let mut h = harness().await;
    h.state.events = events.into();
    h.state.dist = Some(dist);
    for path in ["/api/events/dask-summit-2021", "/events/dask-summit-2021/"] {
        let answer = h
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let text = answer.body.to_string();
        assert!(text.contains("Dask User Summit 2021"), "{path}: {text}");
        assert!(
            !text.contains("programme-committee"),
            "{path} shows a server-only setting"
        );
        assert!(!text.contains("notify"), "{path}: {text}");
        assert!(!text.contains("replies-9c1d"), "{path}: {text}");
    }
}

#[tokio::test]
async fn lost_links_need_mail_an_address_and_a_known_event() {
    let mut h = harness().await;
    let ask = |event: &str, body: &str| {
        Request::post(format!("/api/events/{event}/links"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let off = h.send(ask(DASK, r#"{"email": "ada@example.org"}"#)).await;
    assert_eq!(off.status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(off.body["error"], "mail_off");

    h.state.mail = true;
    let unknown = h
        .send(ask("no-such-event", r#"{"email": "ada@example.org"}"#))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let invalid = h.send(ask(DASK, r#"{"email": "not an address"}"#)).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.body["error"], "invalid_email");
    let malformed = h.send(ask(DASK, r#"{"mail": "ada@example.org"}"#)).await;
    assert_eq!(
        malformed.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        malformed.body
    );
    // An address that sent nothing: the same 202 as any, and nothing queued.
    let nobody = h
        .send(ask(DASK, r#"{"email": "nobody@example.org"}"#))
        .await;
    assert_eq!(nobody.status, StatusCode::ACCEPTED);
    assert_eq!(nobody.body["status"], "accepted");
    assert!(h.state.store.jobs(DASK).await.unwrap().is_empty());
}
