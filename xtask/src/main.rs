//! Project tasks for cfp-widget: `cargo xtask <command>`.
//!
//! Each command lives in its own module; `util` holds the process and path helpers they share.

mod bench;
mod build;
mod compress;
mod demo;
mod dist;
mod fuzz;
mod load;
mod postgres;
mod schemathesis;
mod serve;
mod setup;
mod test;
#[cfg(test)]
mod tidy;
mod util;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "cfp-widget project tasks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing: wasm target, trunk, wasm-bindgen-cli, Chromium, node packages, crates.
    Setup,
    /// Build the widget with Trunk (release, offline, minified) into dist/.
    Build,
    /// Write the compiled catalogues the loader fetches (cfp-widget-es.txt, -de.txt) into
    /// DIR, or Trunk's staging folder (Trunk.toml runs this after each build).
    Catalogues {
        /// The folder; default $TRUNK_STAGING_DIR.
        dir: Option<std::path::PathBuf>,
    },
    /// Build the widget and assemble target/cfp-widget/, the folder to copy to a static
    /// host or CDN: the loader, wasm, CSS and schema under stable names, a copy with
    /// hashed names under <version>/, and SRI.txt.
    Dist,
    /// Set up, build, and serve dist/ with the example events until Ctrl-C.
    Demo {
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Serve dist/ as it is (no setup, no build) until Ctrl-C.
    Serve {
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Everything CI checks: fmt, clippy, native tests, browser tests, build, end-to-end tests.
    Test {
        /// Start at this step, skipping the checks before it (setup always runs; for local
        /// iteration, CI runs all): setup, fmt, clippy, native, browser, build, e2e.
        #[arg(long, value_name = "STEP")]
        from: Option<String>,
    },
    /// Release build sizes (raw, gzip, brotli), the median first render in headless
    /// Chromium, validate's speed and the server's submissions per second.
    Bench {
        /// Only build and print the sizes (about a minute), not the slower benchmarks.
        #[arg(long)]
        sizes: bool,
        /// Only the organisers' inbox: its pages for an event of 10,000 proposals, on
        /// SQLite and PostgreSQL.
        #[arg(long, conflicts_with = "sizes")]
        inbox: bool,
    },
    /// Fuzz the config parser and checker, the JSON and form intake, the deadline parser,
    /// counting and the CSV export (cargo-fuzz on nightly; not in CI): each target for N
    /// seconds on one job, then executions, execs/s, corpus size and crashes per target.
    /// Fails if any target crashed.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Only this target: config, intake_json, intake_form, deadline, counting,
        /// csv_export, or schemathesis (the API against its OpenAPI description).
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Setup => setup::run(),
        Command::Build => build::run(),
        Command::Dist => dist::run(),
        Command::Catalogues { dir } => build::catalogues(dir),
        Command::Demo { port } => demo::run(port),
        Command::Serve { port } => demo::serve_only(port),
        Command::Test { from } => test::run(from.as_deref()),
        Command::Bench { sizes, inbox } => bench::run(sizes, inbox),
        Command::Fuzz { seconds, target } => fuzz::run(seconds, target.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
