//! The router: routes, per-event CORS, a rate limit per client address on submissions
//! (and changes and withdrawals, in the same budget), body limit,
//! request tracing, panics caught as 500s. The client address is resolved once per
//! request (`client_addr.rs`), and both the limiter and the request's log span use it.
//! `app(state)` is what the binary serves and what tests call directly.

use crate::client_addr::{self, ClientAddr, ClientAddrKey, TrustedProxies};
use crate::error::ApiError;
use crate::events::LiveEvents;
use crate::export::JsonExport;
use crate::metrics::{self, Metrics};
use crate::openapi;
use crate::receipt::Receipt;
use crate::routes;
use crate::store::Store;
use crate::store::StoredProposal;
use aide::axum::routing::{get_with, post_with, put_with};
use aide::axum::ApiRouter;
use aide::openapi::OpenApi;
use axum::body::Body;
use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::response::IntoResponse;
use axum::response::{Html, Redirect};
use axum::{Extension, Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Limits a deployment can tune.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest accepted request body.
    pub body_bytes: usize,
    /// Submissions one client address (`client_addr.rs`) may make per minute, after the
    /// burst; 0 turns the limit off (benchmarks, tests).
    pub submissions_per_minute: u32,
    pub burst: u32,
    /// The most a whole request may take, from its head to its answer: past it, 408.
    pub request_timeout: Duration,
    /// The most a request body may take to arrive: past it, 408.
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 * 1024,
            submissions_per_minute: 30,
            burst: 10,
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(20),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    /// The events served now; reloaded whole on SIGHUP (`reload.rs`).
    pub events: LiveEvents,
    pub store: Store,
    /// The organisers' bearer token for the export; `None` disables the export route.
    pub admin_token: Option<Arc<str>>,
    /// A folder of the widget's files (target/cfp-widget/ or Trunk's dist/, whose
    /// index.html makes the demo pages); `None` serves the API only.
    pub dist: Option<PathBuf>,
    pub limits: Limits,
    /// Mail is on (`--smtp-url`): writes queue their messages in the outbox.
    pub mail: bool,
    /// Peers whose `X-Forwarded-For` or `Forwarded` (`--proxy-header`: one, never both)
    /// names the client (`--trusted-proxy`); empty: the peer is the client.
    pub trusted_proxies: Arc<TrustedProxies>,
    /// `--metrics-token`: what `/metrics` shows, and its token; `None`: no such route,
    /// and nothing is counted.
    pub metrics: Option<Arc<Metrics>>,
}

/// The routes as `app` serves them, before the layers that need the state, and their
/// OpenAPI description (`openapi.rs`), made from the same declarations so neither can
/// miss a route the other has. `api` is what takes bodies and CORS; `pages` the HTML.
pub struct DescribedRoutes {
    pub api: Router<AppState>,
    pub pages: Router<AppState>,
    pub description: OpenApi,
}

pub fn described_routes(limits: Limits) -> DescribedRoutes {
    let mut submit = post_with(routes::proposals::submit, |op| {
        op.summary("Send a proposal: checked by the event's rules, stored once per Idempotency-Key")
            .response::<201, Json<Receipt>>()
    });
    // Changes and withdrawals write like submissions, and share their per-client budget.
    let mut save = put_with(routes::edit::save, |op| {
        op.summary("Change a proposal (If-Match: the version changed), until edits close")
            .response::<200, Json<StoredProposal>>()
    });
    let mut withdraw = post_with(routes::edit::withdraw, |op| {
        op.summary("Withdraw a proposal; it is kept, with every version")
            .response::<200, Json<StoredProposal>>()
    });
    // "Lost your link?" makes mail: in the same budget too.
    let mut links = post_with(routes::links::send_links, |op| {
        op.summary(
            "Mail the links of the proposals sent from an address (at most one message an hour)",
        )
        .response::<202, Json<routes::links::LinksAccepted>>()
    });
    if limits.submissions_per_minute > 0 {
        let period = Duration::from_millis(60_000 / u64::from(limits.submissions_per_minute));
        let config = GovernorConfigBuilder::default()
            .key_extractor(ClientAddrKey)
            .period(period)
            .burst_size(limits.burst.max(1))
            .finish()
            .map(Arc::new);
        if let Some(config) = config {
            let layer = GovernorLayer::new(config).error_handler(|e: GovernorError| match e {
                GovernorError::TooManyRequests { wait_time, .. } => {
                    ApiError::RateLimited(wait_time.max(1)).into_response()
                }
                other => ApiError::internal(format!("rate limiter: {other}")).into_response(),
            });
            submit = submit.layer(layer.clone());
            save = save.layer(layer.clone());
            withdraw = withdraw.layer(layer.clone());
            links = links.layer(layer);
        }
    }

    let api = ApiRouter::new()
        .api_route(
            "/healthz",
            get_with(routes::health::healthz, |op| {
                op.summary("Up, and the database takes writes now")
            }),
        )
        .api_route(
            "/api/events/{id}",
            get_with(routes::events::public_config, |op| {
                op.summary("An event's public config")
            }),
        )
        .api_route(
            "/api/events/{id}/proposals",
            submit.get_with(routes::export::export, |op| {
                op.summary("The organisers' export of an event's proposals, as JSON or CSV")
                    .response::<200, Json<JsonExport<'static>>>()
                    .with(|mut op| {
                        openapi::also_text(op.inner_mut(), 200, "text/csv; charset=utf-8", "");
                        op
                    })
            }),
        )
        .api_route(
            "/api/events/{id}/proposals/{reference}",
            save.get_with(routes::edit::read, |op| {
                op.summary("A proposal as it stands, through its private link")
                    .response::<200, Json<StoredProposal>>()
            }),
        )
        .api_route("/api/events/{id}/proposals/{reference}/withdraw", withdraw)
        .api_route("/api/events/{id}/links", links)
        .api_route(
            "/api/openapi.json",
            get_with(routes::openapi::description, |op| {
                op.summary("This description")
                    .response::<200, Json<serde_json::Value>>()
            }),
        )
        // Routed whether or not metrics are on, so the description is one: without
        // `--metrics-token` it answers 404.
        .api_route(
            "/metrics",
            get_with(routes::metrics::scrape, |op| {
                op.summary(
                    "The server's metrics in Prometheus's text format (with --metrics-token)",
                )
                .response::<401, Json<openapi::Refusal>>()
                .response_with::<404, (), _>(|r| r.description("Metrics are off"))
                .with(|mut op| {
                    openapi::also_text(op.inner_mut(), 200, metrics::CONTENT_TYPE, "The metrics");
                    op
                })
            }),
        );

    let pages = ApiRouter::new()
        .api_route(
            "/",
            get_with(routes::pages::index, |op| {
                op.summary("The events this server takes proposals for, as links to their pages")
            }),
        )
        .api_route(
            "/events/{id}/",
            get_with(routes::pages::event_page, |op| {
                op.summary("An event's demo page: the widget with its config (with --dist)")
                    .response::<200, Html<String>>()
                    .with(|mut op| {
                        openapi::also_text(op.inner_mut(), 404, "text/plain; charset=utf-8", "");
                        op
                    })
            }),
        )
        .api_route(
            "/events/{id}",
            get_with(routes::pages::event_page_redirect, |op| {
                op.summary("To the event's page, with its trailing slash")
                    .response::<308, Redirect>()
            }),
        );

    let mut description = openapi::base();
    let api = api.finish_api(&mut description);
    let pages = pages.finish_api(&mut description);
    DescribedRoutes {
        api,
        pages,
        description,
    }
}

pub fn app(state: AppState) -> Router {
    let limits = state.limits;
    let described = described_routes(limits);
    let description =
        routes::openapi::Description(Bytes::from(openapi::json(&described.description)));
    let api = described
        .api
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        // A body that trickles in is cut off (the extractor then answers 408).
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(cors(state.events.clone()));

    let mut pages = described.pages;
    if let Some(dist) = &state.dist {
        // The widget's files are public: any site may load them, so that a page elsewhere
        // can embed the widget from this server (`<script src=".../cfp-widget.js">` with
        // `data-event=".../api/events/ID"`). The loader's import() and the wasm's fetch
        // are CORS requests.
        // Compressed as `cargo xtask build` and `dist` left them (`.br`, `.gz` beside each
        // file), chosen by Accept-Encoding with `Vary` set; cached by name (`caching`).
        let files = ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ))
            .service(ServeDir::new(dist).precompressed_br().precompressed_gzip());
        pages = pages.fallback_service(files);
    }
    let pages = pages.layer(axum::middleware::from_fn(caching));

    let router = api
        .merge(pages)
        .merge(routes::inbox::router(limits.body_bytes))
        .layer(Extension(description));
    let router = router
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    let span = tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        client = tracing::field::Empty,
                    );
                    if let Some(client) = req.extensions().get::<ClientAddr>() {
                        span.record("client", tracing::field::display(client));
                    }
                    span
                })
                .on_response(log_answer)
                // Failures are logged where they are understood: a 500 by ApiError, a
                // storage outage once by the store; not again here, once per request.
                .on_failure(()),
        )
        // Outside the tracing and every route's limiter: the one place the client's
        // address is worked out; both read what it stored.
        .layer(axum::middleware::from_fn_with_state(
            state.trusted_proxies.clone(),
            client_addr::resolve,
        ))
        // Nothing takes longer than this, however slow the client or the store: 408.
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(
                    move |_: tower::BoxError| async move {
                        ApiError::RequestTimeout(limits.request_timeout.as_secs()).into_response()
                    },
                ))
                .layer(tower::timeout::TimeoutLayer::new(limits.request_timeout)),
        )
        // A panic in a handler is a 500, not a connection closed without an answer.
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                ApiError::internal("a request handler panicked").into_response()
            },
        ));
    // Outside everything, so it sees every answer (a 408, a panic's 500, a 429) with the
    // route's template; only when metrics are on.
    let router = if state.metrics.is_some() {
        router.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
    } else {
        router
    };
    router.with_state(state)
}

/// One line per answer, in the request's span (so with its `client`). An error answer's
/// only at DEBUG: refusals are counted by `/metrics`, a 500 is logged with its cause and
/// a storage outage once, so a flood of 429s or 503s cannot fill the log
/// (`RUST_LOG=cfp_server=info,cfp_server::access=debug` shows them).
fn log_answer(response: &axum::http::Response<Body>, latency: Duration, _: &tracing::Span) {
    let status = response.status();
    let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    if status.is_client_error() || status.is_server_error() {
        tracing::debug!(target: "cfp_server::access", status = status.as_u16(), latency_ms, "answered");
    } else {
        tracing::info!(target: "cfp_server::access", status = status.as_u16(), latency_ms, "answered");
    }
}

/// How long browsers may keep what `--dist` serves: a file whose name carries its
/// content's hash (`0.1.0/cfp-widget-app_bg.1b906cea075f9d9f.wasm`) never changes, so a
/// year and `immutable`; the loader and the other stable names five minutes, then they
/// ask again (tower-http's ServeDir sends an `ETag` and `Last-Modified`: a 304 costs no
/// body); the pages made per event, every time.
async fn caching(request: Request<Body>, next: axum::middleware::Next) -> axum::response::Response {
    let name = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut response = next.run(request).await;
    if !response.status().is_success() || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let hashed = name
        .split('.')
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    let value = if name.is_empty() || name.ends_with(".html") {
        "no-cache"
    } else if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same name is sent as brotli, gzip or plain: caches must keep them apart
    // (tower-http's precompressed files do not say so themselves).
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Cross-origin posts are allowed only from each event's `allowed_origins`.
fn cors(events: LiveEvents) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, parts| {
            let event = parts
                .uri
                .path()
                .strip_prefix("/api/events/")
                .and_then(|rest| rest.split('/').next());
            match (event, origin.to_str()) {
                (Some(id), Ok(origin)) => events.current().allows_origin(id, origin),
                _ => false,
            }
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
            header::AUTHORIZATION,
            header::IF_MATCH,
            header::CONTENT_LANGUAGE,
        ])
        .expose_headers([header::RETRY_AFTER, header::ETAG])
        .max_age(Duration::from_secs(600))
}
