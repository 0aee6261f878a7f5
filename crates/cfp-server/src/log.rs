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
//!
//! `--log-format json` (`CFP_LOG_FORMAT`) writes each line as a JSON object instead
//! (tracing-subscriber's: `timestamp`, `level`, `fields` with the `message`, `target`,
//! and the request's `span` with its `client`), and so do `say`'s start-up lines on
//! stdout and `fatal`'s last word, so a log collector reads every line the same way.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tracing_appender::non_blocking::WorkerGuard;

/// How log lines are written.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    /// For people: `2026-03-02T10:00:00Z  INFO request{...}: target: message key=value`.
    #[default]
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

/// Whether `init` chose JSON: `say` and `fatal` follow it.
static JSON: AtomicBool = AtomicBool::new(false);

/// Log lines that could not be written (stderr failing), since start.
static DROPPED_LINES: AtomicU64 = AtomicU64::new(0);

pub fn dropped_lines() -> u64 {
    DROPPED_LINES.load(Ordering::Relaxed)
}

/// Start logging; keep the guard until the end of `main`, so queued lines are written.
pub fn init(default_filter: &str, format: LogFormat) -> WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking(LossyStderr);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| default_filter.into()),
        )
        .with_writer(writer)
        .log_internal_errors(false);
    match format {
        LogFormat::Text => builder.with_ansi(io::stderr().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .with_ansi(false)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    JSON.store(format == LogFormat::Json, Ordering::Relaxed);
    guard
}

/// `line` as the JSON log's object: what tracing-subscriber writes for an event of
/// `level` with only a message, from the crate's own target.
fn json_line(level: &str, line: std::fmt::Arguments<'_>) -> String {
    let timestamp = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    // By hand, to keep tracing-subscriber's order of keys (serde_json's map sorts them).
    let text = |s: &str| serde_json::Value::from(s).to_string();
    format!(
        r#"{{"timestamp":{},"level":{},"fields":{{"message":{}}},"target":"cfp_server"}}"#,
        text(&timestamp),
        text(level),
        text(&line.to_string())
    )
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

/// A line for stdout (the start-up banner) that is lost, not a panic, when stdout fails;
/// a JSON object (level INFO) with `--log-format json`.
pub fn say(line: std::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    let _ = if JSON.load(Ordering::Relaxed) {
        writeln!(out, "{}", json_line("INFO", line))
    } else {
        out.write_fmt(line).and_then(|()| out.write_all(b"\n"))
    };
    let _ = out.flush();
}

/// The one line a failed command leaves on stderr, `cfp-server: ...` (a JSON object,
/// level ERROR, with `--log-format json`); lost, not a panic, if stderr fails.
pub fn fatal(message: std::fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = if JSON.load(Ordering::Relaxed) {
        writeln!(err, "{}", json_line("ERROR", message))
    } else {
        writeln!(err, "cfp-server: {message}")
    };
}
