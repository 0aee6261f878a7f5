//! The server's log: tracing lines to stderr that can never take a request down.
//!
//! Before this, a full disk under stderr's file (or a closed pipe) made every request's
//! connection close without an answer: tracing-subscriber's `fmt()` builder reports a
//! failed write with `eprintln!`, which panics when stderr fails, inside the handler.
//! Now lines are handed to a thread of their own (tracing-appender's non-blocking
//! writer: a stalled reader cannot block a request either, and when its queue is full
//! lines are dropped, not waited for), that thread writes through `LossyStderr`, which
//! swallows errors, and the layer is told not to report its own. Lines written while
//! stderr fails are lost and counted; the log carries on when it works again.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use tracing_appender::non_blocking::WorkerGuard;

/// Log lines that could not be written (stderr failing), since start.
static DROPPED_LINES: AtomicU64 = AtomicU64::new(0);

pub fn dropped_lines() -> u64 {
    DROPPED_LINES.load(Ordering::Relaxed)
}

/// Start logging; keep the guard until the end of `main`, so queued lines are written.
pub fn init(default_filter: &str) -> WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking(LossyStderr);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| default_filter.into()),
        )
        .with_writer(writer)
        .with_ansi(io::stderr().is_terminal())
        .log_internal_errors(false)
        .init();
    guard
}

/// stderr, where a failed write counts as written (and is counted as dropped).
struct LossyStderr;

impl Write for LossyStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if io::stderr().write_all(buf).is_err() {
            DROPPED_LINES.fetch_add(1, Ordering::Relaxed);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}

/// A line for stdout (the start-up banner) that is lost, not a panic, when stdout fails.
pub fn say(line: std::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    let _ = out.write_fmt(line).and_then(|()| out.write_all(b"\n"));
    let _ = out.flush();
}
