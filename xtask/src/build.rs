//! The widget's release build with Trunk into dist/, and the compiled catalogues that
//! Trunk's post-build hook (Trunk.toml) puts beside the wasm.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::util::{self, command, path_with, repo_root};

/// `cargo xtask build`: the Trunk build alone (run `cargo xtask setup` first).
pub fn run() -> Result<()> {
    trunk_build().map(|_| ())
}

// The catalogue reader build.rs uses, so that the files the loader fetches are the ones
// the wasm's build expects (same order, same fingerprint).
#[path = "../../build/catalogue.rs"]
mod catalogue;

/// The compiled catalogues the loader fetches (`cfp-widget-es.txt`, `cfp-widget-de.txt`).
pub fn catalogue_files() -> Vec<String> {
    catalogue::FETCHED
        .iter()
        .map(|lang| catalogue::compiled_name(lang))
        .collect()
}

/// `cargo xtask catalogues [DIR]`: writes the compiled catalogues into DIR, by default
/// Trunk's staging folder ($TRUNK_STAGING_DIR: the post-build hook in Trunk.toml).
pub fn catalogues(out: Option<PathBuf>) -> Result<()> {
    let out = match out.or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from)) {
        Some(out) => out,
        None => bail!(
            "give the folder to write the catalogues to (Trunk's hook sets TRUNK_STAGING_DIR)"
        ),
    };
    write_catalogues(&out)
}

fn write_catalogues(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    catalogue::write_compiled(&repo_root().join("locales"), out).map_err(anyhow::Error::msg)
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
    for needed in ["index.html".to_owned()]
        .into_iter()
        .chain(catalogue_files())
    {
        if !dist.join(&needed).exists() {
            bail!(
                "trunk build succeeded but {} has no {needed} (Trunk.toml's post-build hook writes the catalogues)",
                dist.display()
            );
        }
    }
    // cfp-server (`--dist dist`) sends these to browsers that ask for brotli or gzip.
    crate::compress::precompress(&dist)?;
    Ok(dist)
}
