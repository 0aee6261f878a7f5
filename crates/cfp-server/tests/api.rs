//! Every answer of the HTTP API, through the real router (`app(state).oneshot(...)`) on a
//! real SQLite file.

mod common;

use common::{unlimited, Harness};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use cfp_server::{app, Limits};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

async fn harness(limits: Limits) -> Harness {
    common::harness(
        [
            common::event("dask-summit-2021.json"),
            common::event("scipy-2020.json"),
            common::scipy_open(),
            common::scipy_not_yet_open(),
        ],
        limits,
    )
    .await
}

impl Harness {
    fn router(&self) -> Router {
        app(self.state.clone())
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        (status, headers, body)
    }

    async fn post_json(&self, event: &str, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let mut request = Request::post(format!("/api/events/{event}/proposals"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let (status, _, bytes) = self
            .send(request.body(Body::from(body.to_string())).unwrap())
            .await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn export(&self, event: &str, format: &str, token: Option<&str>) -> (StatusCode, String) {
        let mut request = Request::get(format!("/api/events/{event}/proposals?format={format}"));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (status, _, body) = self.send(request.body(Body::empty()).unwrap()).await;
        (status, String::from_utf8(body).unwrap())
    }
}

fn talk_json() -> Value {
    serde_json::to_value(common::talk()).unwrap()
}

#[tokio::test]
async fn a_valid_proposal_gets_a_receipt_and_is_exported_intact() {
    let h = harness(unlimited()).await;
    let (status, receipt) = h
        .post_json("dask-summit-2021", Some("k1"), &talk_json())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let id = receipt["id"].as_str().unwrap();
    assert_eq!(id.len(), 11);
    assert!(receipt["received_at"].as_str().unwrap().ends_with('Z'));

    let (status, body) = h
        .export("dask-summit-2021", "json", Some("organiser-secret"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let export: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(export["proposals"][0]["id"], id);
    assert_eq!(export["proposals"][0]["proposal"], talk_json());

    let (status, csv) = h
        .export("dask-summit-2021", "csv", Some("organiser-secret"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.starts_with(
            "id,received_at,state,version,updated_at,triage,triage_by,triage_at,title,"
        ),
        "{csv}"
    );
    assert!(csv.contains(id));
    assert!(csv.contains("'=SUM(A1)"), "formula neutralised: {csv}");
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_same_receipt_and_stores_once() {
    let h = harness(unlimited()).await;
    let (_, first) = h
        .post_json("dask-summit-2021", Some("same"), &talk_json())
        .await;
    let (status, second) = h
        .post_json("dask-summit-2021", Some("same"), &talk_json())
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first, second);
    assert_eq!(h.state.store.count("dask-summit-2021").await.unwrap(), 1);

    let mut changed = talk_json();
    changed["title"] = json!("Another talk");
    let (status, body) = h
        .post_json("dask-summit-2021", Some("same"), &changed)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "idempotency_conflict");
}

#[tokio::test]
async fn fifty_racing_submissions_with_one_key_store_one_row() {
    let h = harness(unlimited()).await;
    let router = h.router();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            let request = Request::post("/api/events/dask-summit-2021/proposals")
                .header(header::CONTENT_TYPE, "application/json")
                .header("idempotency-key", "racing")
                .body(Body::from(talk_json().to_string()))
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.insert(body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(h.state.store.count("dask-summit-2021").await.unwrap(), 1);
}

#[tokio::test]
async fn an_invalid_proposal_gets_the_errors_cfp_core_gives() {
    let h = harness(unlimited()).await;
    let mut proposal = common::talk();
    proposal.speakers[0].email = "james at example".into();
    proposal.r#abstract = "Too short.".into();
    proposal.code_of_conduct = false;
    let (status, body) = h
        .post_json(
            "dask-summit-2021",
            None,
            &serde_json::to_value(&proposal).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = cfp_core::validate(&common::event("dask-summit-2021.json"), &proposal);
    assert_eq!(expected.len(), 3);
    assert_eq!(body, json!({ "errors": expected }));
    assert_eq!(h.state.store.count("dask-summit-2021").await.unwrap(), 0);
}

#[tokio::test]
async fn after_the_deadline_the_call_is_closed() {
    let h = harness(unlimited()).await;
    let mut p = talk_json();
    p["track"] = json!("hpc");
    let (status, body) = h.post_json("scipy-2020", None, &p).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "cfp_closed");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("2020-02-11T23:59:59-06:00"));
    let (status, _) = h.post_json("scipy-2020-open", None, &p).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn before_opens_at_the_call_is_not_open() {
    let h = harness(unlimited()).await;
    let mut p = talk_json();
    p["track"] = json!("hpc");
    let (status, body) = h.post_json("scipy-2099", None, &p).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "cfp_not_open");
    assert!(body["message"].as_str().unwrap().contains("2099-01-01 AoE"));
    assert_eq!(h.state.store.count("scipy-2099").await.unwrap(), 0);
}

#[tokio::test]
async fn a_workshop_block_needs_its_talks() {
    let h = harness(unlimited()).await;
    let four = serde_json::to_value(common::workshop(4)).unwrap();
    let (status, receipt) = h.post_json("dask-summit-2021", None, &four).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let (_, body) = h
        .export("dask-summit-2021", "json", Some("organiser-secret"))
        .await;
    let export: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        export["proposals"][0]["proposal"], four,
        "talks stored intact"
    );

    let two = serde_json::to_value(common::workshop(2)).unwrap();
    let (status, body) = h.post_json("dask-summit-2021", None, &two).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": [{"field": "talks", "code": "too_few", "limit": 3, "actual": 2}]})
    );

    // Talks sent with a plain talk are junk, not stored.
    let mut junk = talk_json();
    junk["talks"] = four["talks"].clone();
    let (status, body) = h.post_json("dask-summit-2021", None, &junk).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["code"], "not_applicable");
    assert_eq!(h.state.store.count("dask-summit-2021").await.unwrap(), 1);
}

#[tokio::test]
async fn answers_are_checked_and_only_where_their_question_applies() {
    let h = harness(unlimited()).await;
    let mut p = talk_json();
    p["track"] = json!("hpc");
    p["abstract"] = json!(["word"; 60].join(" "));
    p["answers"] = json!({"proceedings": "maybe"});
    let (status, body) = h.post_json("scipy-2020-open", None, &p).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The proceedings question is asked of talks, not posters.
    p["format"] = json!("poster");
    let (status, body) = h.post_json("scipy-2020-open", None, &p).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": [{"field": "answers.proceedings", "code": "not_applicable"}]})
    );

    p["format"] = json!("talk");
    p["answers"] = json!({"proceedings": "perhaps", "shoe-size": 42});
    let (status, body) = h.post_json("scipy-2020-open", None, &p).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": [
            {"field": "answers.proceedings", "code": "unknown_choice"},
            {"field": "answers.shoe-size", "code": "not_applicable"}
        ]})
    );
    assert_eq!(h.state.store.count("scipy-2020-open").await.unwrap(), 1);
}

#[tokio::test]
async fn unknown_events_are_404() {
    let h = harness(unlimited()).await;
    let (status, body) = h.post_json("pycon-1999", None, &talk_json()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "unknown_event");
    let (status, _, _) = h
        .send(
            Request::get("/api/events/pycon-1999")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let h = harness(Limits {
        body_bytes: 1024,
        ..unlimited()
    })
    .await;
    let mut p = talk_json();
    p["description"] = json!("x".repeat(2048));
    let (status, body) = h.post_json("dask-summit-2021", None, &p).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "too_large");
    assert!(body["message"].as_str().unwrap().contains("1024 bytes"));
}

#[tokio::test]
async fn other_content_types_are_415_and_malformed_bodies_400() {
    let h = harness(unlimited()).await;
    let (status, _, body) = h
        .send(
            Request::post("/api/events/dask-summit-2021/proposals")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("hello"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"], "unsupported_media_type");

    let (status, _, body) = h
        .send(
            Request::post("/api/events/dask-summit-2021/proposals")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"title\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"], "malformed");
    assert!(
        body["message"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );

    let (status, body) = h
        .post_json(
            "dask-summit-2021",
            None,
            &json!({"speakers": [{"name": 5}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("speakers[0].name:"),
        "{body}"
    );

    let (status, body) = h
        .post_json("dask-summit-2021", Some("  "), &talk_json())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "bad_idempotency_key");
}

#[tokio::test]
async fn form_encoded_proposals_are_accepted() {
    let h = harness(unlimited()).await;
    let body = "title=Scaling+Machine+Learning+With+Python+and+Dask&format=talk&track=\
        &abstract=In+this+talk%2C+attendees+will+get+an+introduction+to+Dask%2C+a+distributed+computing+framework+in+the+PyData+ecosystem.+The+first+half+describes+the+project+and+its+ecosystem+and+the+second+half+is+a+live+demo.\
        &description=&speakers%5B0%5D%5Bname%5D=James+Lamb&speakers%5B0%5D%5Bemail%5D=james%40example.org\
        &speakers%5B0%5D%5Baffiliation%5D=&speakers%5B0%5D%5Bbio%5D=&code_of_conduct=true";
    let (status, _, bytes) = h
        .send(
            Request::post("/api/events/dask-summit-2021/proposals")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let rows = h.state.store.list("dask-summit-2021").await.unwrap();
    assert_eq!(rows[0].proposal.speakers[0].email, "james@example.org");
}

#[tokio::test]
async fn a_filled_honeypot_is_answered_201_and_stored_nowhere() {
    let h = harness(unlimited()).await;
    let mut p = talk_json();
    p["_gotcha"] = json!("http://spam.example");
    let (status, body) = h.post_json("dask-summit-2021", None, &p).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(body["id"].is_string());
    assert_eq!(h.state.store.count("dask-summit-2021").await.unwrap(), 0);
}

#[tokio::test]
async fn too_many_submissions_from_one_address_are_429_with_retry_after() {
    let h = harness(Limits {
        submissions_per_minute: 1,
        burst: 2,
        ..Limits::default()
    })
    .await;
    let router = h.router();
    let mut statuses = Vec::new();
    let mut last = None;
    for i in 0..3 {
        let mut request = Request::post("/api/events/dask-summit-2021/proposals")
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", format!("rate-{i}"))
            .body(Body::from(talk_json().to_string()))
            .unwrap();
        // What `into_make_service_with_connect_info` gives each request of a real server.
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let response = router.clone().oneshot(request).await.unwrap();
        statuses.push(response.status());
        last = Some(response);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let response = last.unwrap();
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["error"], "rate_limited");
}

#[tokio::test]
async fn cors_allows_each_events_own_origins_only() {
    let h = harness(unlimited()).await;
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/events/dask-summit-2021/proposals")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,idempotency-key",
            )
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = h.send(preflight("https://summit.dask.org")).await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://summit.dask.org"
    );
    let allowed = headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    let (_, headers, _) = h.send(preflight("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    // SciPy's origin is not Dask's.
    let (_, headers, _) = h.send(preflight("https://www.scipy2020.scipy.org")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    // A page embedding the widget with data-event="…/api/events/ID" reads the public
    // config across origins too, from the same origins only.
    let config_from = |origin: &str| {
        Request::builder()
            .uri("/api/events/dask-summit-2021")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, _) = h.send(config_from("https://summit.dask.org")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://summit.dask.org"
    );
    let (_, headers, _) = h.send(config_from("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn the_export_needs_the_organiser_token() {
    let h = harness(unlimited()).await;
    let (status, _) = h.export("dask-summit-2021", "json", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = h
        .export("dask-summit-2021", "json", Some("organiser-secreT"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = h
        .export("dask-summit-2021", "xml", Some("organiser-secret"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let mut state = h.state.clone();
    state.admin_token = None;
    let response = app(state)
        .oneshot(
            Request::get("/api/events/dask-summit-2021/proposals")
                .header(header::AUTHORIZATION, "Bearer anything")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_public_config_and_health_answer() {
    let h = harness(unlimited()).await;
    let (status, _, body) = h
        .send(
            Request::get("/api/events/scipy-2020")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let config: cfp_core::EventConfig = serde_json::from_slice(&body).unwrap();
    assert_eq!(config, common::event("scipy-2020.json"));
    let (status, _, body) = h
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, b"ok".as_slice())
    );
}

#[tokio::test]
async fn a_database_failure_is_a_generic_500() {
    let h = harness(unlimited()).await;
    h.state.store.close().await;
    let (status, body) = h.post_json("dask-summit-2021", None, &talk_json()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error"], "internal");
    let message = body["message"].as_str().unwrap();
    assert!(
        !message.to_lowercase().contains("pool"),
        "no internals leak: {message}"
    );
    assert!(message.contains("not stored"));
}

#[tokio::test]
async fn the_widgets_files_may_be_loaded_from_any_site() {
    let mut h = harness(unlimited()).await;
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("cfp-widget.js"), "/* loader */").unwrap();
    h.state.dist = Some(dist.path().to_path_buf());
    let request = Request::builder()
        .uri("/cfp-widget.js")
        .header(header::ORIGIN, "https://www.some-conference.example")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = h.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(body, b"/* loader */");
    // The API keeps its own, per-event rule.
    let request = Request::builder()
        .uri("/api/events/dask-summit-2021")
        .header(header::ORIGIN, "https://www.some-conference.example")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = h.send(request).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn widget_files_go_compressed_when_asked_and_are_cached_by_name() {
    let dist = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| {
        let path = dist.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    put("cfp-widget-app_bg.wasm", b"\0asm raw");
    put("cfp-widget-app_bg.wasm.br", b"brotli bytes");
    put("cfp-widget-app_bg.wasm.gz", b"gzip bytes");
    put(
        "0.1.0/cfp-widget-app_bg.1b906cea075f9d9f.wasm",
        b"\0asm raw",
    );
    put(
        "0.1.0/cfp-widget-app_bg.1b906cea075f9d9f.wasm.br",
        b"brotli bytes",
    );
    let mut h = harness(unlimited()).await;
    h.state.dist = Some(dist.path().to_owned());
    let get = |path: &str, encodings: Option<&str>| {
        let mut request = Request::get(path);
        if let Some(encodings) = encodings {
            request = request.header(header::ACCEPT_ENCODING, encodings);
        }
        request.body(Body::empty()).unwrap()
    };

    let (status, headers, body) = h
        .send(get("/cfp-widget-app_bg.wasm", Some("gzip, deflate, br")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(body, b"brotli bytes");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert!(
        headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("accept-encoding"),
        "{headers:?}"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
    assert!(headers.contains_key(header::LAST_MODIFIED));
    // After its 5 minutes, a browser asks again with the ETag: 304, nothing resent.
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    let mut again = get("/cfp-widget-app_bg.wasm", Some("gzip, deflate, br"));
    again
        .headers_mut()
        .insert(header::IF_NONE_MATCH, etag.parse().unwrap());
    let (status, headers, body) = h.send(again).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED, "{headers:?}");
    assert!(body.is_empty());
    assert_eq!(headers[header::ETAG], etag.as_str());
    // Another encoding is another representation, with a tag of its own.
    let (_, headers, _) = h.send(get("/cfp-widget-app_bg.wasm", Some("gzip"))).await;
    assert_ne!(headers[header::ETAG], etag.as_str());

    let (_, headers, body) = h.send(get("/cfp-widget-app_bg.wasm", Some("gzip"))).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(body, b"gzip bytes");
    let (_, headers, body) = h.send(get("/cfp-widget-app_bg.wasm", None)).await;
    assert!(!headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(body, b"\0asm raw");

    let (status, headers, body) = h
        .send(get(
            "/0.1.0/cfp-widget-app_bg.1b906cea075f9d9f.wasm",
            Some("br"),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"brotli bytes");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // The API is not cached this way.
    let (_, headers, _) = h.send(get("/api/events/dask-summit-2021", None)).await;
    assert!(!headers.contains_key(header::CACHE_CONTROL));
}

#[tokio::test]
async fn an_event_page_without_its_slash_is_redirected_to_the_path_as_sent() {
    let h = harness(unlimited()).await;
    // Decoded, this id holds a control character, which no Location header may carry
    // (schemathesis found the 500 this was).
    let (status, headers, _) = h
        .send(
            Request::get("/events/%F0%91%AF%80UY%13x")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers[header::LOCATION], "/events/%F0%91%AF%80UY%13x/");
    // A path that does not decode to text is refused in JSON, like every refusal.
    let (status, _, body) = h
        .send(Request::get("/events/%FF").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"], "malformed", "{body}");
}
