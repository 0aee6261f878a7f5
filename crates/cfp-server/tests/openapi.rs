//! The OpenAPI description against the server: the committed copy (docs/openapi.json) is
//! what the routes generate, aide reports no problem making it, every path parameter is
//! declared and every operation summarised, and real answers of the real router, of each
//! kind a client meets, fit the schema their route declares for their status.

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use cfp_server::{app, openapi};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::Path;
use tower::ServiceExt;

fn description() -> Value {
    serde_json::to_value(openapi::document()).unwrap()
}

#[test]
fn the_committed_copy_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == openapi::json(&openapi::document()),
        "docs/openapi.json is not what the routes generate; run\n  \
         cargo run -q -p cfp-server -- openapi > docs/openapi.json"
    );
}

#[test]
fn it_is_made_without_a_problem() {
    aide::generate::on_error(|error| panic!("making the description: {error}"));
    openapi::document();
}

#[test]
fn every_operation_declares_its_path_parameters_and_says_what_it_does() {
    let api = description();
    let schemes = api["components"]["securitySchemes"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in api["paths"].as_object().unwrap() {
        let named: Vec<&str> = path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(declared, named, "{method} {path}");
            let summary = operation["summary"].as_str().unwrap_or("");
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().unwrap().keys() {
                    assert!(schemes.contains_key(scheme), "{method} {path}: {scheme}");
                }
            }
        }
    }
    assert_eq!(
        operations, 13,
        "a route was added or lost: update this count"
    );
}

/// The schema `path`'s `method` declares for a JSON answer of `status`, made standalone:
/// the description's components beside it, for its `$ref`s.
fn answer_schema(api: &Value, path: &str, method: &str, status: u16) -> jsonschema::Validator {
    let response = &api["paths"][path][method]["responses"][status.to_string()];
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} declares no JSON answer for {status}"
    );
    let mut standalone = schema.clone();
    standalone["components"] = api["components"].clone();
    jsonschema::validator_for(&standalone).unwrap()
}

#[tokio::test]
async fn real_answers_fit_their_routes_schemas() {
    let api = description();
    let harness = common::harness(
        [common::event("dask-summit-2021.json"), common::scipy_open()],
        common::unlimited(),
    )
    .await;
    let send = |method: &'static str, uri: String, token: Option<String>, body: Option<Value>| {
        let router = app(harness.state.clone());
        async move {
            let mut request = Request::builder().method(method).uri(uri);
            if let Some(token) = token {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            let body = match body {
                Some(body) => {
                    request = request.header(header::CONTENT_TYPE, "application/json");
                    Body::from(body.to_string())
                }
                None => Body::empty(),
            };
            let response = router.oneshot(request.body(body).unwrap()).await.unwrap();
            let status = response.status().as_u16();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&bytes).unwrap())
        }
    };
    let talk = serde_json::to_value(common::talk()).unwrap();
    let organiser = || Some("organiser-secret".to_owned());

    let mut answers = Vec::new();
    let config = send("GET", "/api/events/dask-summit-2021".into(), None, None).await;
    answers.push(("/api/events/{id}", "get", config));
    let receipt = send(
        "POST",
        "/api/events/dask-summit-2021/proposals".into(),
        None,
        Some(talk.clone()),
    )
    .await;
    let (reference, token) = (
        receipt.1["id"].as_str().unwrap().to_owned(),
        receipt.1["edit_token"].as_str().unwrap().to_owned(),
    );
    answers.push(("/api/events/{id}/proposals", "post", receipt));
    let invalid = send(
        "POST",
        "/api/events/dask-summit-2021/proposals".into(),
        None,
        Some(json!({"title": ""})),
    )
    .await;
    answers.push(("/api/events/{id}/proposals", "post", invalid));
    let malformed = send(
        "POST",
        "/api/events/dask-summit-2021/proposals".into(),
        None,
        Some(json!([1])),
    )
    .await;
    answers.push(("/api/events/{id}/proposals", "post", malformed));
    let own = send(
        "GET",
        format!("/api/events/dask-summit-2021/proposals/{reference}"),
        Some(token),
        None,
    )
    .await;
    answers.push(("/api/events/{id}/proposals/{reference}", "get", own));
    let export = send(
        "GET",
        "/api/events/dask-summit-2021/proposals?format=json".into(),
        organiser(),
        None,
    )
    .await;
    answers.push(("/api/events/{id}/proposals", "get", export));
    let unknown = send("GET", "/api/events/no-such-event".into(), None, None).await;
    answers.push(("/api/events/{id}", "get", unknown));
    let bad_format = send(
        "GET",
        "/api/events/dask-summit-2021/proposals?format=xml".into(),
        organiser(),
        None,
    )
    .await;
    answers.push(("/api/events/{id}/proposals", "get", bad_format));
    let twice = send(
        "GET",
        "/api/events/dask-summit-2021/proposals?format=csv&format=json".into(),
        organiser(),
        None,
    )
    .await;
    answers.push(("/api/events/{id}/proposals", "get", twice));
    let mail_off = send(
        "POST",
        "/api/events/dask-summit-2021/links".into(),
        None,
        Some(json!({"email": "ada@example.org"})),
    )
    .await;
    answers.push(("/api/events/{id}/links", "post", mail_off));

    let statuses: Vec<u16> = answers.iter().map(|(_, _, (status, _))| *status).collect();
    assert_eq!(
        statuses,
        [200, 201, 422, 400, 200, 200, 404, 400, 400, 501],
        "the answers this test means to check"
    );
    for (path, method, (status, body)) in &answers {
        let validator = answer_schema(&api, path, method, *status);
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status}: {errors:?}\n{body:#}"
        );
    }
    // A query parameter given twice is refused in JSON like every refusal, not in text.
    assert_eq!(answers[8].2 .1["error"], "malformed");
}

#[test]
fn the_protocol_page_lists_every_route() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/protocol.md");
    let protocol = std::fs::read_to_string(path).unwrap();
    for (route, item) in description()["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let row = format!("| `{} {route}", method.to_uppercase());
            assert!(
                protocol.contains(&row),
                "docs/protocol.md's table of routes has no row for {} {route}",
                method.to_uppercase()
            );
        }
    }
}
