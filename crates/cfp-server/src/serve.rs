//! Serving connections, with limits a server on the internet needs: hyper's HTTP/1.1
//! with a real timer, so that its header read timeout holds (`axum::serve` installs no
//! timer, so a client that sends half a request head and then nothing was kept open for
//! good: tokio-rs/axum#2741), a cap on open connections, and a graceful shutdown that
//! lets requests in flight finish. The whole-request and body timeouts are layers of the
//! router (`app.rs`).
//!
//! Invariant: a connection that has not sent a whole request head within
//! `header_timeout` is closed (`tests/slow_clients.rs`: 1,000 half-open connections,
//! each dropped, while a normal submission is answered).

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

/// The connection limits of `serve`.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// The most time a client may take to send a request head (each request's, on a
    /// kept-alive connection too); past it the connection is closed.
    pub header_timeout: Duration,
    /// The most connections open at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight before it closes them.
    pub grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 4096,
            grace: Duration::from_secs(10),
        }
    }
}

/// Serve `app` on `listener` until `shutdown` resolves, then let requests in flight
/// finish (for at most `limits.grace`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut full_since: Option<std::time::Instant> = None;
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    tokio::pin!(shutdown);
    loop {
        // Wait for room before accepting, so a flood waits in the kernel's backlog
        // instead of taking file descriptors.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // EMFILE and the like: say it once a minute at most, wait, go on.
                    if full_since.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                        tracing::warn!(%error, "cannot accept connections; retrying");
                        full_since = Some(std::time::Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The peer's address as `ConnectInfo`, as `into_make_service_with_connect_info`
        // gives it (the rate limiter keys on it).
        let service = match make_service.call(peer).await {
            Ok(service) => service,
            Err(never) => match never {},
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A closed or timed-out connection is routine, not worth a log line.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.grace) => {
            tracing::warn!(grace = ?limits.grace, "shutdown: requests still in flight were closed");
        }
    }
}
