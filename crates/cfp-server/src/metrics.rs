//! What `/metrics` shows (`--metrics-token`), in Prometheus's text format (0.0.4):
//!
//! - `cfp_submissions_total{event, outcome}`: `POST /api/events/{id}/proposals` by
//!   outcome: `stored`, `replayed` (a repeated Idempotency-Key answered with its first
//!   receipt), `honeypot` (a bot's, answered as if stored) or `refused` (any other
//!   answer). Only for the events the server has: a URL's unknown id is no label.
//! - `cfp_refusals_total{code}`: every `ApiError` answered, by its wire `Code`. Counted
//!   from the code `error.rs` puts in each such response, the one place an `ApiError`
//!   becomes a response, so no refusal escapes, the rate limiter's and timeouts' too.
//! - `cfp_request_duration_seconds{route, method, status}`: until the answer's head, by
//!   route template (axum's `MatchedPath`: `/api/events/{id}/proposals`, never the
//!   path as sent; `other` for the rest) and status class (`2xx`, ...).
//! - `cfp_store_batch_size`: jobs per transaction of the store's writer (`store/writer.rs`).
//! - `cfp_outbox_depth` and `cfp_outbox_undeliverable_total`: messages not yet delivered,
//!   and given up on, as the database counts them, read at each scrape (shared by every
//!   instance on one PostgreSQL: take the max across instances, not the sum).
//!
//! `track` is the middleware that counts; it runs only when metrics are on.

use crate::app::AppState;
use crate::error::Code;
use crate::store::{OutboxCounts, Store};
use axum::extract::{MatchedPath, RawPathParams, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// The `Content-Type` of what `render` writes.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// The submission route's template, as `MatchedPath` gives it.
const SUBMIT_ROUTE: &str = "/api/events/{id}/proposals";

/// Request durations' buckets, in seconds: up to the longest `--request-timeout` default.
const DURATION_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How a stored submission was answered, put in its response by the route for `track`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitted {
    Stored,
    Replayed,
    Honeypot,
}

impl Submitted {
    fn label(self) -> &'static str {
        match self {
            Submitted::Stored => "stored",
            Submitted::Replayed => "replayed",
            Submitted::Honeypot => "honeypot",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SubmissionLabels {
    event: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefusalLabels {
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: &'static str,
}

/// The metrics of one server, and the token that reads them.
pub struct Metrics {
    token: Box<str>,
    registry: Registry,
    submissions: Family<SubmissionLabels, Counter>,
    refusals: Family<RefusalLabels, Counter>,
    requests: Family<RequestLabels, Histogram, fn() -> Histogram>,
    outbox_depth: Gauge,
    undeliverable: Counter,
}

/// Never prints the token.
impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn duration_histogram() -> Histogram {
    Histogram::new(DURATION_BUCKETS)
}

impl Metrics {
    /// Metrics read with `Authorization: Bearer <token>`, with `store`'s batch sizes.
    pub fn new(token: impl Into<Box<str>>, store: &Store) -> Metrics {
        let mut registry = Registry::default();
        let submissions = Family::<SubmissionLabels, Counter>::default();
        registry.register(
            "cfp_submissions",
            "Proposals posted, by event and outcome (stored, replayed, honeypot, refused)",
            submissions.clone(),
        );
        let refusals = Family::<RefusalLabels, Counter>::default();
        registry.register(
            "cfp_refusals",
            "Answers that were errors, by their error code",
            refusals.clone(),
        );
        let requests = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            duration_histogram,
        );
        registry.register(
            "cfp_request_duration_seconds",
            "Time to answer a request, by route template, method and status class",
            requests.clone(),
        );
        registry.register(
            "cfp_store_batch_size",
            "Jobs committed together in one transaction by the store's writer",
            store.batch_sizes(),
        );
        let outbox_depth = Gauge::default();
        registry.register(
            "cfp_outbox_depth",
            "Messages (mail and webhook calls) queued and not yet delivered",
            outbox_depth.clone(),
        );
        let undeliverable = Counter::default();
        registry.register(
            "cfp_outbox_undeliverable",
            "Messages given up on (listed in the export as undelivered)",
            undeliverable.clone(),
        );
        Metrics {
            token: token.into(),
            registry,
            submissions,
            refusals,
            requests,
            outbox_depth,
            undeliverable,
        }
    }

    /// The bearer token `/metrics` asks for (`auth::MetricsReader` compares it).
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// The outbox's figures as the database has them now.
    pub fn set_outbox(&self, counts: OutboxCounts) {
        self.outbox_depth.set(counts.pending);
        self.undeliverable
            .inner()
            .store(u64::try_from(counts.failed).unwrap_or(0), Ordering::Relaxed);
    }

    /// Everything, in Prometheus's text format.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// Count each request: its duration, its refusal if it is one, and a submission's
/// outcome. Layered outside every other layer of each route, so a timeout's 408, a
/// panic's 500 and the rate limiter's 429 are counted too.
pub async fn track(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    params: Result<RawPathParams, axum::extract::rejection::RawPathParamsRejection>,
    request: Request,
    next: Next,
) -> Response {
    let Some(metrics) = state.metrics.clone() else {
        return next.run(request).await;
    };
    let route = matched.as_ref().map_or("other", MatchedPath::as_str);
    // The event's own id, only for one the server has.
    let event = (request.method() == Method::POST && route == SUBMIT_ROUTE)
        .then(|| params.ok())
        .flatten()
        .and_then(|params| {
            params
                .iter()
                .find(|(name, _)| *name == "id")
                .and_then(|(_, id)| {
                    state
                        .events
                        .current()
                        .get(id)
                        .map(|config| config.id.clone())
                })
        });
    let labels = RequestLabels {
        route: route.to_owned(),
        method: method_label(request.method()),
        status: "",
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            status: status_class(status),
            ..labels
        })
        .observe(started.elapsed().as_secs_f64());
    if let Some(code) = response.extensions().get::<Code>() {
        metrics
            .refusals
            .get_or_create(&RefusalLabels {
                code: code.as_str(),
            })
            .inc();
    }
    if let Some(event) = event {
        let outcome = match response.extensions().get::<Submitted>() {
            Some(submitted) => Some(submitted.label()),
            None => (!status.is_success()).then_some("refused"),
        };
        if let Some(outcome) = outcome {
            metrics
                .submissions
                .get_or_create(&SubmissionLabels { event, outcome })
                .inc();
        }
    }
    response
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        5 => "5xx",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_a_closed_set() {
        assert_eq!(method_label(&Method::PATCH), "other");
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(status_class(StatusCode::UNPROCESSABLE_ENTITY), "4xx");
        assert_eq!(status_class(StatusCode::SERVICE_UNAVAILABLE), "5xx");
    }
}
