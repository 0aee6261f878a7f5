//! The `cfp-server` command: serve the endpoint, export proposals, back up a SQLite
//! database, check a config, print the config's JSON Schema.

use cfp_server::client_addr::TrustedProxies;
use cfp_server::export::{render, ExportFormat};
use cfp_server::log::{say, LogFormat};
use cfp_server::mail::{MailSetupError, Mailer};
use cfp_server::metrics::Metrics;
use cfp_server::outbox::{self, DeliveryConfig};
use cfp_server::reload::Watch;
use cfp_server::serve::{serve, ConnectionLimits};
use cfp_server::serve_settings::ServeSettings;
use cfp_server::webhook::WebhookClient;
use cfp_server::{app, AppState, Events, Limits, LiveEvents, Store};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Serve the API (and, with --dist, a demo page per event). Each option is taken from
    /// its flag, else its CFP_* variable, else the --settings file, else its default.
    Serve(Box<ServeArgs>),
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
    /// Copy a SQLite database to a new file, consistent while a server writes to it
    /// (PostgreSQL: use pg_dump, as the error says).
    Backup {
        #[arg(long, default_value = "sqlite://data/cfp.sqlite")]
        db: String,
        /// The copy: a file that is not there yet (never overwritten).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Print the event config's JSON Schema (docs/event-config.schema.json is a copy).
    Schema,
    /// Print the OpenAPI description of every route (docs/openapi.json is a copy; the
    /// server serves it at /api/openapi.json).
    Openapi,
}

fn main() -> ExitCode {
    // The matches are kept: they say which options were given (`ServeSettings::resolve`).
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // serve's settings before the log: they say how to write it. A settings file that
    // cannot be used is said in text, the log's format not being known.
    let serve = match &cli.command {
        Command::Serve(args) => {
            let serve_matches = matches
                .subcommand_matches("serve")
                .cloned()
                .unwrap_or_default();
            match ServeSettings::resolve(&args.options, &serve_matches, args.settings.as_deref()) {
                Ok(settings) => Some(settings),
                Err(e) => return fail(format_args!("{e}")),
            }
        }
        _ => None,
    };
    let log_format = serve.as_ref().map_or(LogFormat::Text, |s| s.log_format);
    let _log = cfp_server::log::init("cfp_server=info,tower_http=warn", log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(format_args!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(cli.command, serve)) {
        Ok(code) => code,
        Err(message) => fail(format_args!("{message}")),
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    /// A TOML file of these options, keyed by their names in snake_case
    /// (`body_limit = 65536`, `trusted_proxies = ["10.0.0.0/8"]`); docs/config.md.
    #[arg(long, env = "CFP_SETTINGS", value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Print the settings the server would run with as TOML, secrets masked, and exit.
    #[arg(long)]
    print_settings: bool,
    #[command(flatten)]
    options: ServeSettings,
}

/// The one line a failed command leaves on stderr (`log::fatal`), and exit 1.
fn fail(message: std::fmt::Arguments<'_>) -> ExitCode {
    cfp_server::log::fatal(message);
    ExitCode::FAILURE
}

/// `command`; for `serve`, with the settings `main` resolved.
async fn run(command: Command, serve: Option<ServeSettings>) -> Result<ExitCode, String> {
    match command {
        Command::Serve(args) => {
            let settings = serve.ok_or("the serve settings were not resolved")?;
            if args.print_settings {
                print!("{}", settings.shown().map_err(|e| e.to_string())?);
                return Ok(ExitCode::SUCCESS);
            }
            serve_with(settings).await
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
        Command::Backup { db, to } => {
            let done = cfp_server::store::backup(&db, &to)
                .await
                .map_err(|e| e.to_string())?;
            say(format_args!(
                "backed up to {}: {} bytes, {} proposals",
                done.file.display(),
                done.bytes,
                done.proposals
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", cfp_core::schema::event_config_schema_json());
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi => {
            print!(
                "{}",
                cfp_server::openapi::json(&cfp_server::openapi::document())
            );
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

/// `serve`, with its settings resolved.
async fn serve_with(settings: ServeSettings) -> Result<ExitCode, String> {
    // SIGHUP reloads from here on, and a file changed during start-up is seen.
    let watch = Watch::new(&settings.events, Duration::from_secs(settings.events_poll));
    let events = Events::load_dir(&settings.events).map_err(|e| e.to_string())?;
    let mailer = match settings.smtp_url.filter(|u| !u.is_empty()) {
        Some(url) => {
            let from = settings
                .mail_from
                .ok_or_else(|| MailSetupError::NoFrom.to_string())?;
            Some(Mailer::new(&url, &from).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let store = Store::connect(&settings.db)
        .await
        .map_err(|e| e.to_string())?;
    let events = LiveEvents::new(events);
    let delivery = Delivery {
        started: AtomicBool::new(false),
        store: store.clone(),
        config: DeliveryConfig {
            mailer: mailer.clone(),
            webhooks: WebhookClient::default(),
            events: events.clone(),
        },
    };
    delivery.start_if_needed(&events.current());
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.addr))?;
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
    let trusted_proxies = TrustedProxies::new(
        settings.trusted_proxies.into_iter().flatten(),
        settings.proxy_header,
    );
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
    say(format_args!(
        "  events: reloaded from {} on SIGHUP{}",
        settings.events.display(),
        if settings.events_poll == 0 {
            String::new()
        } else {
            format!(
                " and when a file changes (looked at every {} s)",
                settings.events_poll
            )
        }
    ));
    let metrics = settings
        .metrics_token
        .filter(|t| !t.is_empty())
        .map(|token| Arc::new(Metrics::new(token, &store)));
    say(format_args!(
        "  metrics: {}",
        if metrics.is_some() {
            "at /metrics, with the --metrics-token"
        } else {
            "off (no --metrics-token)"
        }
    ));
    let delivery = Arc::new(delivery);
    tokio::spawn(watch.run(events.clone(), move |new| delivery.start_if_needed(new)));
    let state = AppState {
        metrics,
        mail: mailer.is_some(),
        trusted_proxies: Arc::new(trusted_proxies),
        events,
        store: store.clone(),
        admin_token: settings
            .admin_token
            .filter(|t| !t.is_empty())
            .map(Arc::from),
        // An empty one (`dist = ""` in the file) is none, never the working directory.
        dist: settings.dist.filter(|d| !d.as_os_str().is_empty()),
        limits: Limits {
            body_bytes: settings.body_limit,
            submissions_per_minute: settings.rate_per_minute,
            burst: settings.rate_burst,
            request_timeout: Duration::from_secs(settings.request_timeout),
            body_timeout: Duration::from_secs(settings.body_timeout),
        },
    };
    let connections = ConnectionLimits {
        header_timeout: Duration::from_secs(settings.header_timeout),
        max_connections: settings.max_connections,
        ..ConnectionLimits::default()
    };
    serve(listener, app(state), connections, shutdown).await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The outbox's delivery task, started once there is something to deliver: mail on, or
/// an event with webhooks (at start, or after a reload adds one).
struct Delivery {
    started: AtomicBool,
    store: Store,
    config: DeliveryConfig,
}

impl Delivery {
    fn start_if_needed(&self, events: &Events) {
        let webhooks = events
            .iter()
            .any(|e| !events.settings(&e.id).webhooks.is_empty());
        if (self.config.mailer.is_some() || webhooks) && !self.started.swap(true, Ordering::SeqCst)
        {
            tokio::spawn(outbox::deliver(self.store.clone(), self.config.clone()));
        }
    }
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
    use cfp_server::client_addr::ProxyHeader;

    /// The `--trusted-proxy` values and the `--proxy-header` of a `serve` command line.
    fn proxy_options(args: &[&str]) -> Result<(Vec<String>, ProxyHeader), String> {
        let cli = Cli::try_parse_from(["cfp-server", "serve"].iter().chain(args))
            .map_err(|e| e.to_string())?;
        let Command::Serve(args) = cli.command else {
            return Err("not serve".into());
        };
        let ServeSettings {
            trusted_proxies,
            proxy_header,
            ..
        } = args.options;
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
