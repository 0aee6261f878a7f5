//! `cargo xtask demo`: set up, build the widget, and run the reference server with the
//! example events on a SQLite file in data/, printing the URLs.

use anyhow::Result;

use crate::serve::{MailCatcher, Options, Server};
use crate::{build, setup};

pub fn run(port: u16) -> Result<()> {
    setup::run()?;
    build::trunk_build()?;
    serve_only(port)
}

/// Serves what is in dist/ until Ctrl-C.
pub fn serve_only(port: u16) -> Result<()> {
    // The organisers' export needs a token; make one for the demo unless one is given.
    let admin_token = std::env::var("CFP_ADMIN_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("demo-{:x}", std::process::id() as u64 * 2_654_435_761));
    // Mail goes to a catcher, so the acknowledgements and notices can be read as files.
    let mail_dir = crate::util::repo_root().join("data/mail");
    let catcher = MailCatcher::start(&mail_dir)?;
    let server = Server::start(Options {
        port,
        db: "sqlite://data/cfp.sqlite".into(),
        admin_token: admin_token.clone(),
        rate_per_minute: 30,
        release: false,
        quiet: false,
        smtp_url: Some(catcher.smtp_url()),
        metrics_token: None,
        log_file: None,
    })?;
    let base = server.base_url().to_owned();
    println!();
    println!("The demo is at {base}/ (Ctrl-C to stop). Proposals go to data/cfp.sqlite.");
    println!("Organisers' inbox: {base}/admin/ (sign in with the token {admin_token})");
    println!("Organisers' export:");
    println!("  cargo run -q -p cfp-server -- export --event dask-summit-2021 --format csv");
    println!("  curl -H 'Authorization: Bearer {admin_token}' '{base}/api/events/dask-summit-2021/proposals?format=csv'");
    println!(
        "Mail (the speakers' acknowledgements with their private links, the organisers' notices)"
    );
    println!(
        "is caught, not sent: each message is a file in data/mail/ (.eml, and .json to read)."
    );
    println!();
    let result = server.wait();
    drop(catcher);
    result
}
