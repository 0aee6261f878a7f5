//! `cargo xtask setup`: installs what is missing, checks versions of what is present.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::util::{self, cargo, command, output_of, repo_root};

pub const TRUNK_VERSION: &str = "0.22.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn run() -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    debian_packages()?;
    sphinx()?;
    node_packages()?;
    crates()?;
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = output_of(command("rustup").args(["target", "list", "--installed"]))
        .context("`rustup target list --installed` failed: is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("ok {WASM_TARGET} (present)");
        return Ok(());
    }
    println!("installing {WASM_TARGET}");
    util::run(command("rustup").args(["target", "add", WASM_TARGET]))
}

/// The version a `--version` line reports: its last word ("trunk 0.22.1" -> "0.22.1").
fn reported_version(program: &str) -> Option<String> {
    let out = output_of(command(program).arg("--version"))?;
    out.split_whitespace().last().map(str::to_string)
}

fn trunk() -> Result<()> {
    match reported_version("trunk") {
        Some(v) if v == TRUNK_VERSION => {
            println!("ok trunk {v} (present)");
            return Ok(());
        }
        Some(v) => println!("installing trunk {TRUNK_VERSION} (found {v}; takes ~15 min)"),
        None => println!("installing trunk {TRUNK_VERSION} (takes ~15 min)"),
    }
    // trunk 0.22 declares a newer rust-version than the machine's toolchain; it builds fine.
    util::run(cargo().args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
        "--ignore-rust-version",
    ]))
}

/// The version of the `wasm-bindgen` package in Cargo.lock.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let path = repo_root().join("Cargo.lock");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    locked_version(&text, "wasm-bindgen")
        .with_context(|| format!("no `wasm-bindgen` package in {}", path.display()))
}

/// Finds `version` of the `[[package]]` named `name` in Cargo.lock text.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != wanted {
            continue;
        }
        for next in lines.by_ref() {
            if next.starts_with("[[") || next.is_empty() {
                break;
            }
            if let Some(v) = next.strip_prefix("version = \"") {
                return v.strip_suffix('"').map(str::to_string);
            }
        }
    }
    None
}

fn wasm_bindgen_cli() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let cli = reported_version("wasm-bindgen");
    let runner = reported_version("wasm-bindgen-test-runner");
    if cli.as_deref() == Some(wanted.as_str()) && runner.as_deref() == Some(wanted.as_str()) {
        println!("ok wasm-bindgen-cli {wanted} (present)");
        return Ok(());
    }
    match cli {
        Some(v) => println!("installing wasm-bindgen-cli {wanted} (found {v}; takes ~3 min)"),
        None => println!("installing wasm-bindgen-cli {wanted} (takes ~3 min)"),
    }
    // Not --locked: its lock file pins a crate version the registry no longer has.
    util::run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// Debian packages: Chromium and its driver for the browser tests, PostgreSQL for the
/// store tests, Hugo and Jekyll for the embedding recipes (e2e/sites.test.mjs). One
/// `apt-get update` and one install for whatever is missing.
fn debian_packages() -> Result<()> {
    let mut missing: Vec<&str> = Vec::new();
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        let version = output_of(command(CHROMIUM).arg("--version"))
            .and_then(|v| v.lines().last().map(str::to_string))
            .unwrap_or_else(|| "version unknown".to_string());
        println!("ok chromium, chromedriver ({version}) (present)");
    } else {
        missing.extend(["chromium", "chromium-driver"]);
    }
    match crate::postgres::bin_dir() {
        Some(dir) => println!("ok postgresql ({}) (present)", dir.display()),
        None => missing.push("postgresql"),
    }
    for (program, package) in [("/usr/bin/hugo", "hugo"), ("/usr/bin/jekyll", "jekyll")] {
        if Path::new(program).exists() {
            println!("ok {package} (present)");
        } else {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    println!("installing {} (apt-get)", missing.join(" "));
    util::run(command("apt-get").arg("update"))
        .context("apt-get update failed (it needs root and the Debian mirror)")?;
    util::run(
        command("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing),
    )
}

/// The Sphinx and MyST versions the recipe test builds with (PyPI).
const SPHINX: [&str; 2] = ["sphinx==9.0.4", "myst-parser==5.2.0"];

/// `sphinx-build` in the venv `sphinx()` makes under target/.
pub fn sphinx_build() -> std::path::PathBuf {
    util::target_dir().join("sphinx-venv/bin/sphinx-build")
}

/// Sphinx with MyST in a venv of the project's own (the machine's Python stays untouched).
fn sphinx() -> Result<()> {
    let venv = util::target_dir().join("sphinx-venv");
    let stamp = venv.join("installed.txt");
    let wanted = SPHINX.join(" ");
    if sphinx_build().exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        println!("ok {wanted} (present)");
        return Ok(());
    }
    println!(
        "installing {wanted} (venv in {}; takes ~25 s)",
        venv.display()
    );
    util::run(command("python3").args(["-m", "venv"]).arg(&venv))
        .context("python3 -m venv failed (Debian: apt-get install python3-venv)")?;
    util::run(
        command(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(SPHINX),
    )?;
    fs::write(&stamp, &wanted).with_context(|| format!("writing {}", stamp.display()))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn node_packages() -> Result<()> {
    let e2e = repo_root().join("e2e");
    let lock = e2e.join("package-lock.json");
    if !lock.exists() {
        bail!("{} is missing", lock.display());
    }
    // npm writes node_modules/.package-lock.json on every install.
    let installed = modified(&e2e.join("node_modules/.package-lock.json"))
        .or_else(|| modified(&e2e.join("node_modules")));
    if let (Some(installed), Some(locked)) = (installed, modified(&lock)) {
        if installed >= locked {
            println!("ok e2e node packages (present)");
            return Ok(());
        }
    }
    println!("installing e2e node packages (npm ci)");
    let mut npm = command("npm");
    npm.current_dir(&e2e)
        .args(["ci", "--no-audit", "--no-fund"]);
    util::run(&mut npm).context("npm ci in e2e/ failed (node and npm are needed)")
}

fn crates() -> Result<()> {
    println!("fetching crates (cargo fetch --locked)");
    util::run(cargo().args(["fetch", "--locked"]))
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    #[test]
    fn finds_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.129\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-macro").as_deref(),
            Some("0.2.129")
        );
        assert_eq!(locked_version(lock, "yew"), None);
    }
}
