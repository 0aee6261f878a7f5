//! `cargo xtask demo`: set up, build, serve dist/ with the example events.

use anyhow::Result;

use crate::serve::{event_ids, Server, Site};
use crate::util::repo_root;
use crate::{build, setup};

/// The site for dist/ and events/ in this repository.
pub fn site(log: bool) -> Site {
    let root = repo_root();
    Site {
        dist: root.join("dist"),
        events: root.join("events"),
        log,
    }
}

pub fn run(port: u16) -> Result<()> {
    setup::run()?;
    build::trunk_build()?;
    serve_only(port)
}

/// Serves what is in dist/ until Ctrl-C, printing the demo URLs.
pub fn serve_only(port: u16) -> Result<()> {
    let site = site(true);
    let ids = event_ids(&site.events)?;
    let server = Server::start(port, site)?;
    let base = server.base_url();
    println!();
    println!("Serving dist/ (Ctrl-C to stop):");
    println!("  {base}/");
    for id in ids {
        println!("  {base}/events/{id}/");
    }
    println!();
    server.wait();
    Ok(())
}
