//! The widget's release build with Trunk into dist/.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::util::{self, command, path_with, repo_root};

/// `cargo xtask build`: the Trunk build alone (run `cargo xtask setup` first).
pub fn run() -> Result<()> {
    trunk_build().map(|_| ())
}

/// Where `npm ci` in e2e/ puts binaryen's `wasm-opt` (the version Trunk.toml pins).
pub fn node_bin() -> PathBuf {
    repo_root().join("e2e/node_modules/.bin")
}

/// `trunk build --release --offline=true --minify`; returns the dist/ directory.
pub fn trunk_build() -> Result<PathBuf> {
    let root = repo_root();
    for needed in ["Trunk.toml", "index.html"] {
        if !root.join(needed).exists() {
            bail!("{needed} is missing at the repository root: Trunk cannot build the widget");
        }
    }
    let mut trunk = command("trunk");
    trunk
        .args(["build", "--release", "--offline=true", "--minify"])
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("PATH", path_with(&[node_bin()])?);
    util::run(&mut trunk).context("trunk build failed (did `cargo xtask setup` run?)")?;
    let dist = root.join("dist");
    if !dist.join("index.html").exists() {
        bail!(
            "trunk build succeeded but {} has no index.html",
            dist.display()
        );
    }
    Ok(dist)
}
