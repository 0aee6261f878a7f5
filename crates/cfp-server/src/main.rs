//! The `cfp-server` command: serve the endpoint, export proposals, check a config, print
//! the config's JSON Schema.

use cfp_server::client_addr::{parse_trusted_proxy, ProxyHeader, TrustedProxies};
use cfp_server::export::{render, ExportFormat};
use cfp_server::log::say;
use cfp_server::mail::{MailSetupError, Mailer};
use cfp_server::outbox::{self, DeliveryConfig};
use cfp_server::serve::{serve, ConnectionLimits};
use cfp_server::webhook::WebhookClient;
use cfp_server::{app, AppState, Events, Limits, LiveEvents, Store};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "cfp-server",
    version,
    about = "Reference form endpoint for cfp-widget"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and, with --dist, a demo page per event).
    Serve {
        /// Folder of event configs (*.json).
        #[arg(long, default_value = "events")]
        events: PathBuf,
        /// sqlite://PATH (created with its folder) or postgres://USER@HOST:PORT/DB.
        #[arg(long, default_value = "sqlite://data/cfp.sqlite")]
        db: String,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// A folder of the widget's files to serve, for pages anywhere to load (CORS *):
        /// target/cfp-widget/ from `cargo xtask dist`, or Trunk's dist/ from `cargo
        /// xtask build`, whose index.html also becomes a demo page per event at /events/ID/.
        #[arg(long)]
        dist: Option<PathBuf>,
        /// Largest request body in bytes.
        #[arg(long, default_value_t = 64 * 1024)]
        body_limit: usize,
        /// Submissions per minute per client address after the burst; 0 turns the limit
        /// off.
        #[arg(long, default_value_t = 30)]
        rate_per_minute: u32,
        #[arg(long, default_value_t = 10)]
        rate_burst: u32,
        /// Seconds a client may take to send a request's head; then it is disconnected.
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds a request's body may take to arrive (408 after).
        #[arg(long, default_value_t = 20)]
        body_timeout: u64,
        /// Seconds a whole request may take, head to answer (408 after).
        #[arg(long, default_value_t = 30)]
        request_timeout: u64,
        /// The most connections open at once; more wait until one closes.
        #[arg(long, default_value_t = 4096)]
        max_connections: usize,
        /// A reverse proxy in front of the server, as a CIDR block or an address
        /// (repeat it, or comma-separate them in the variable): from a peer inside one,
        /// the client is the rightmost untrusted address of the --proxy-header. Unset
        /// (or empty): the peer is the client and both headers are ignored.
        #[arg(
            long = "trusted-proxy",
            value_name = "CIDR",
            env = "CFP_TRUSTED_PROXIES",
            value_delimiter = ',',
            value_parser = proxy_block
        )]
        trusted_proxies: Vec<Option<ipnet::IpNet>>,
        /// The one header a trusted proxy names the client in: the one your proxy
        /// writes. The other is never read: a client's own changes nothing.
        #[arg(
            long,
            value_enum,
            value_name = "HEADER",
            env = "CFP_PROXY_HEADER",
            default_value_t = ProxyHeader::XForwardedFor
        )]
        proxy_header: ProxyHeader,
        /// The organisers' bearer token for the export route; unset disables it.
        #[arg(long, env = "CFP_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// Where email goes: smtp://HOST:PORT, smtp://USER:PASSWORD@HOST:587?tls=required
        /// (STARTTLS) or smtps://USER:PASSWORD@HOST:465. Unset: no mail is sent or queued.
        #[arg(long, env = "CFP_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// The address messages come from, e.g. "cfp@my-conf.example.org".
        #[arg(long, env = "CFP_MAIL_FROM")]
        mail_from: Option<String>,
    },
    /// Print an event's proposals as CSV or JSON.
    Export {
        #[arg(long)]
        event: String,
        #[arg(long, default_value = "json")]
        format: String,
        #[arg(long, default_value = "sqlite://data/cfp.sqlite")]
        db: String,
    },
    /// Check an event config; print each problem with its JSON path (exit 1 if any).
    CheckConfig { file: PathBuf },
    /// Print the event config's JSON Schema (docs/event-config.schema.json is a copy).
    Schema,
}

fn main() -> ExitCode {
    let _log = cfp_server::log::init("cfp_server=info,tower_http=warn");
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(format_args!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(message) => fail(format_args!("{message}")),
    }
}

/// The one line a failed command leaves on stderr (lost, not a panic, if stderr fails).
fn fail(message: std::fmt::Arguments<'_>) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "cfp-server: {message}");
    ExitCode::FAILURE
}

async fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Serve {
            events,
            db,
            addr,
            dist,
            body_limit,
            rate_per_minute,
            rate_burst,
            header_timeout,
            body_timeout,
            request_timeout,
            max_connections,
            trusted_proxies,
            proxy_header,
            admin_token,
            smtp_url,
            mail_from,
        } => {
            let events = LiveEvents::new(Events::load_dir(&events).map_err(|e| e.to_string())?);
            let mailer = match smtp_url.filter(|u| !u.is_empty()) {
                Some(url) => {
                    let from = mail_from.ok_or_else(|| MailSetupError::NoFrom.to_string())?;
                    Some(Mailer::new(&url, &from).map_err(|e| e.to_string())?)
                }
                None => None,
            };
            let store = Store::connect(&db).await.map_err(|e| e.to_string())?;
            let at_start = events.current();
            let webhooks = at_start
                .iter()
                .any(|e| !at_start.settings(&e.id).webhooks.is_empty());
            if mailer.is_some() || webhooks {
                tokio::spawn(outbox::deliver(
                    store.clone(),
                    DeliveryConfig {
                        mailer: mailer.clone(),
                        webhooks: WebhookClient::default(),
                        events: events.clone(),
                    },
                ));
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            let local = listener.local_addr().map_err(|e| e.to_string())?;
            let shutdown = shutdown();
            say(format_args!("cfp-server listening on http://{local}/"));
            for event in events.current().iter() {
                say(format_args!(
                    "  {}: http://{local}/events/{}/",
                    event.name, event.id
                ));
            }
            match &mailer {
                Some(mailer) => say(format_args!("  mail: through {}", mailer.shown_url)),
                None => say(format_args!("  mail: off (no --smtp-url)")),
            }
            let trusted_proxies =
                TrustedProxies::new(trusted_proxies.into_iter().flatten(), proxy_header);
            if trusted_proxies.is_empty() {
                say(format_args!(
                    "  client address: the peer's (no --trusted-proxy)"
                ));
            } else {
                let nets: Vec<String> = trusted_proxies
                    .nets()
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                say(format_args!(
                    "  client address: from {} when the peer is in {}",
                    trusted_proxies.header().name(),
                    nets.join(", ")
                ));
            }
            let state = AppState {
                mail: mailer.is_some(),
                trusted_proxies: Arc::new(trusted_proxies),
                events,
                store: store.clone(),
                admin_token: admin_token.filter(|t| !t.is_empty()).map(Arc::from),
                dist,
                limits: Limits {
                    body_bytes: body_limit,
                    submissions_per_minute: rate_per_minute,
                    burst: rate_burst,
                    request_timeout: Duration::from_secs(request_timeout),
                    body_timeout: Duration::from_secs(body_timeout),
                },
            };
            let connections = ConnectionLimits {
                header_timeout: Duration::from_secs(header_timeout),
                max_connections,
                ..ConnectionLimits::default()
            };
            serve(listener, app(state), connections, shutdown).await;
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { event, format, db } => {
            let format: ExportFormat = format
                .parse()
                .map_err(|f| format!("unknown format {f:?}; use json or csv"))?;
            let store = Store::connect(&db).await.map_err(|e| e.to_string())?;
            let rows = store.list(&event).await.map_err(|e| e.to_string())?;
            print!("{}", render(&event, &rows, format));
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", cfp_core::schema::event_config_schema_json());
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckConfig { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            match cfp_core::EventConfig::from_json(&text) {
                Ok(config) => {
                    println!("{}: ok ({})", file.display(), config.name);
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    for error in errors {
                        println!("{}: {error}", file.display());
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// A `--trusted-proxy` value; an empty one (`CFP_TRUSTED_PROXIES=` in a compose file, a
/// trailing comma) is none.
fn proxy_block(text: &str) -> Result<Option<ipnet::IpNet>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_trusted_proxy(text).map(Some)
}

/// SIGINT or SIGTERM. The handlers are installed when this is called, not when the future
/// is first polled: a signal sent right after the banner must not kill the process
/// without a graceful shutdown.
fn shutdown() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let mut interrupt =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            /// A signal's next arrival; never, if its handler could not be installed.
            async fn next(signal: Option<&mut tokio::signal::unix::Signal>) {
                match signal {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending().await,
                }
            }
            tokio::select! {
                () = next(terminate.as_mut()) => {},
                () = next(interrupt.as_mut()) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `--trusted-proxy` values and the `--proxy-header` of a `serve` command line.
    fn proxy_options(args: &[&str]) -> Result<(Vec<String>, ProxyHeader), String> {
        let cli = Cli::try_parse_from(["cfp-server", "serve"].iter().chain(args))
            .map_err(|e| e.to_string())?;
        let Command::Serve {
            trusted_proxies,
            proxy_header,
            ..
        } = cli.command
        else {
            return Err("not serve".into());
        };
        let nets = trusted_proxies
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        Ok((nets, proxy_header))
    }

    fn trusted(args: &[&str]) -> Result<Vec<String>, String> {
        proxy_options(args).map(|(nets, _)| nets)
    }

    fn header(args: &[&str]) -> Result<ProxyHeader, String> {
        proxy_options(args).map(|(_, header)| header)
    }

    #[test]
    fn proxy_options_from_flags_or_the_environment() {
        // The only test here that touches the environment, and the only reader of it.
        std::env::remove_var("CFP_TRUSTED_PROXIES");
        std::env::remove_var("CFP_PROXY_HEADER");
        assert_eq!(trusted(&[]), Ok(vec![]));
        assert_eq!(
            trusted(&[
                "--trusted-proxy",
                "127.0.0.1",
                "--trusted-proxy",
                "10.0.0.0/8"
            ]),
            Ok(vec!["127.0.0.1/32".into(), "10.0.0.0/8".into()])
        );
        let error = trusted(&["--trusted-proxy", "10.0.0.0/33"]).unwrap_err();
        assert!(error.contains("not a CIDR block"), "{error}");

        std::env::set_var("CFP_TRUSTED_PROXIES", "127.0.0.1/32, fd00::/8,");
        let from_env = trusted(&[]);
        std::env::set_var("CFP_TRUSTED_PROXIES", "");
        let empty = trusted(&[]);
        // A flag replaces the variable.
        let flag_wins = trusted(&["--trusted-proxy", "10.0.0.0/8"]);
        std::env::remove_var("CFP_TRUSTED_PROXIES");
        assert_eq!(from_env, Ok(vec!["127.0.0.1/32".into(), "fd00::/8".into()]));
        assert_eq!(empty, Ok(vec![]));
        assert_eq!(flag_wins, Ok(vec!["10.0.0.0/8".into()]));

        assert_eq!(header(&[]), Ok(ProxyHeader::XForwardedFor));
        assert_eq!(
            header(&["--proxy-header", "forwarded"]),
            Ok(ProxyHeader::Forwarded)
        );
        let error = header(&["--proxy-header", "x-real-ip"]).unwrap_err();
        assert!(error.contains("x-forwarded-for, forwarded"), "{error}");
        std::env::set_var("CFP_PROXY_HEADER", "forwarded");
        let from_env = header(&[]);
        let flag_wins = header(&["--proxy-header", "x-forwarded-for"]);
        std::env::remove_var("CFP_PROXY_HEADER");
        assert_eq!(from_env, Ok(ProxyHeader::Forwarded));
        assert_eq!(flag_wins, Ok(ProxyHeader::XForwardedFor));
    }
}
