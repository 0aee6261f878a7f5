//! `cargo xtask setup`: installs what is missing, checks versions of what is present.

use std::fs;
use std::path::{Path, PathBuf};
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
    wasm_opt_for_trunk()?;
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
    // Trunk runs offline and so refuses any other version than its pin.
    let pinned = trunk_tool_pin("wasm_bindgen")?;
    if pinned != wanted {
        bail!(
            "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen \
             {wanted}: make them equal"
        );
    }
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
/// store tests, Hugo and Jekyll for the embedding recipes (e2e/sites.test.mjs), nginx
/// and Caddy for cfp-server behind a real proxy (crates/cfp-server/tests/behind_proxy.rs,
/// two_instances.rs, deploy.rs; the tests run them by these paths in the foreground,
/// never as the system's services). One `apt-get update` and one install for whatever
/// is missing.
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
    for (program, package) in [
        ("/usr/bin/hugo", "hugo"),
        ("/usr/bin/jekyll", "jekyll"),
        ("/usr/sbin/nginx", "nginx"),
        ("/usr/bin/caddy", "caddy"),
    ] {
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
    python_venv("sphinx-venv", &SPHINX, "~25 s").map(drop)
}

/// A venv under the target folder named `name` with exactly `packages` (PyPI, pinned),
/// made or remade when they change; its folder.
pub fn python_venv(name: &str, packages: &[&str], takes: &str) -> Result<PathBuf> {
    let venv = util::target_dir().join(name);
    let stamp = venv.join("installed.txt");
    let wanted = packages.join(" ");
    if venv.join("bin/python").exists()
        && fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted)
    {
        println!("ok {wanted} (present)");
        return Ok(venv);
    }
    println!(
        "installing {wanted} (venv in {}; takes {takes})",
        venv.display()
    );
    util::run(command("python3").args(["-m", "venv"]).arg(&venv))
        .context("python3 -m venv failed (Debian: apt-get install python3-venv)")?;
    util::run(
        command(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(packages),
    )?;
    fs::write(&stamp, &wanted).with_context(|| format!("writing {}", stamp.display()))?;
    Ok(venv)
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

/// The `[tools]` pin for `key` in Trunk.toml (`wasm_opt` -> "version_132").
pub fn trunk_tool_pin(key: &str) -> Result<String> {
    let path = repo_root().join("Trunk.toml");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    tool_pin(&text, key)
        .with_context(|| format!("no `{key} = \"...\"` under [tools] in {}", path.display()))
}

/// Finds `key = "value"` in the `[tools]` table of Trunk.toml text.
fn tool_pin(toml: &str, key: &str) -> Option<String> {
    let mut in_tools = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_tools = line == "[tools]";
            continue;
        }
        if !in_tools {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if name.trim() == key {
            let value = value.trim();
            return value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_string);
        }
    }
    None
}

/// The version of a wasm-opt as Trunk names it: `wasm-opt version 132 (version_132)` ->
/// `version_132` (trunk 0.22.1, `Application::format_version_output`). None if it does
/// not run (a dangling link, no node).
fn wasm_opt_version(program: &Path) -> Option<String> {
    let out = output_of(std::process::Command::new(program).arg("--version"))?;
    out.split(' ').nth(2).map(|n| format!("version_{n}"))
}

/// Where npm puts binaryen's wasm-opt (a node script; e2e/package.json pins binaryen).
fn npm_wasm_opt() -> PathBuf {
    repo_root().join("e2e/node_modules/binaryen/bin/wasm-opt")
}

/// Trunk's cache folder on Linux, as trunk 0.22.1 finds it (`tools::cache_dir`:
/// `ProjectDirs::from("dev", "trunkrs", "trunk")`): $XDG_CACHE_HOME/trunk, else
/// ~/.cache/trunk. A download of wasm-opt version_132 would go to
/// `wasm-opt-version_132/bin/wasm-opt` there.
fn trunk_cache_dir() -> Result<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = match xdg {
        Some(dir) => dir,
        None => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cache"),
    };
    Ok(base.join("trunk"))
}

/// Plain `trunk build --release` must find wasm-opt at the version Trunk.toml pins. With
/// `offline = true` trunk 0.22.1 takes its tools only from PATH, at exactly the pinned
/// version (`tools::get_info`: `which wasm-opt`, then `--version`, else "couldn't find
/// application wasm-opt ..., unable to download in offline mode"); it reads its cache
/// only when it may download. wasm-bindgen is on PATH from `cargo install`. wasm-opt is
/// npm's binaryen (a node script with the wasm inside), so setup
/// 1. copies it, with the package.json that makes it CommonJS, to where trunk would have
///    downloaded it: ~/.cache/trunk/wasm-opt-version_132/bin/ (a copy, not a link into
///    e2e/node_modules, which every `npm ci` empties and refills);
/// 2. links it next to the trunk on PATH: ~/.cargo/bin/wasm-opt -> that copy.
///
/// Idempotent and checked by version: a copy at the pinned version is kept; a link of
/// ours (or a dangling one) is pointed at the copy; a wasm-opt of someone else's at the
/// pinned version is left alone; any other is reported, never overwritten.
fn wasm_opt_for_trunk() -> Result<()> {
    let wanted = trunk_tool_pin("wasm_opt")?;
    let is_wanted = |program: &Path| wasm_opt_version(program).as_deref() == Some(&wanted);

    let cached = trunk_cache_dir()?
        .join(format!("wasm-opt-{wanted}"))
        .join("bin/wasm-opt");
    if is_wanted(&cached) {
        println!("ok wasm-opt {wanted} ({}) (present)", cached.display());
    } else {
        let source = npm_wasm_opt();
        if !is_wanted(&source) {
            bail!(
                "{} reports {}, but Trunk.toml pins wasm_opt = \"{wanted}\": make binaryen in \
                 e2e/package.json and Trunk.toml agree",
                source.display(),
                wasm_opt_version(&source)
                    .as_deref()
                    .unwrap_or("nothing (does it exist? is node installed?)")
            );
        }
        println!("copying wasm-opt {wanted} to {}", cached.display());
        copy_npm_wasm_opt(&source, &cached)?;
        if !is_wanted(&cached) {
            bail!("the copy {} does not report {wanted}", cached.display());
        }
    }

    let trunk = util::find_on_path("trunk")
        .context("trunk is not on PATH: add the folder `cargo install` put it in (~/.cargo/bin)")?;
    let dir = trunk.parent().context("trunk's folder")?;
    let link = dir.join("wasm-opt");
    let target = fs::read_link(&link).ok();
    let ours = target.is_some() && (is_our_link(&link) || wasm_opt_version(&link).is_none());
    if ours && target.as_deref() == Some(cached.as_path()) {
        println!("ok {} -> {} (present)", link.display(), cached.display());
    } else if ours {
        println!(
            "relinking {} (it pointed to {})",
            link.display(),
            target.unwrap_or_default().display()
        );
        fs::remove_file(&link).with_context(|| format!("removing {}", link.display()))?;
        symlink(&cached, &link)?;
    } else if fs::symlink_metadata(&link).is_ok() {
        if !is_wanted(&link) {
            bail!(
                "{} reports {}, not Trunk.toml's {wanted}, so plain `trunk build --release` \
                 refuses it offline; setup did not make it, so it is left alone: remove it \
                 and run `cargo xtask setup` again (it then links {} there), or put a \
                 wasm-opt {wanted} ahead of it on PATH",
                link.display(),
                wasm_opt_version(&link).as_deref().unwrap_or("no version"),
                cached.display()
            );
        }
        println!(
            "ok {} reports {wanted} (present, not ours: left alone)",
            link.display()
        );
    } else if !util::find_on_path("wasm-opt").is_some_and(|p| is_wanted(&p)) {
        println!("linking wasm-opt {wanted} next to trunk");
        symlink(&cached, &link)?;
    }

    // What plain trunk finds first is what counts (a Debian wasm-opt 108 may come earlier).
    let first = util::find_on_path("wasm-opt");
    match first {
        Some(first) if is_wanted(&first) => {
            println!(
                "ok plain trunk finds wasm-opt {wanted} ({})",
                first.display()
            );
        }
        _ => println!(
            "warning: the first wasm-opt on PATH is {}, not {wanted}, so plain `trunk build \
             --release` will refuse it; put {} earlier in PATH (`cargo xtask build` is not \
             affected: it puts e2e/node_modules/.bin first)",
            first.map_or("none".to_string(), |p| p.display().to_string()),
            dir.display()
        ),
    }
    Ok(())
}

/// Copies npm's wasm-opt and the package.json beside it (`"type": "commonjs"`; the
/// package's own says "module") into `dest`'s folder, through temporary names so that an
/// interrupted copy is never taken for a good one.
fn copy_npm_wasm_opt(source: &Path, dest: &Path) -> Result<()> {
    let from = source.parent().context("wasm-opt's folder")?;
    let to = dest.parent().context("the copy's folder")?;
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for name in ["package.json", "wasm-opt"] {
        let (src, tmp, dst) = (
            from.join(name),
            to.join(format!(".{name}.tmp")),
            to.join(name),
        );
        fs::copy(&src, &tmp)
            .with_context(|| format!("copying {} to {}", src.display(), tmp.display()))?;
        fs::rename(&tmp, &dst).with_context(|| format!("renaming to {}", dst.display()))?;
    }
    Ok(())
}

/// Whether `link` is a symlink setup made: to a copy in trunk's cache, or (before the
/// copy) to some checkout's npm binaryen.
fn is_our_link(link: &Path) -> bool {
    fs::read_link(link).is_ok_and(|target| {
        target.ends_with("node_modules/binaryen/bin/wasm-opt")
            || (target.ends_with("bin/wasm-opt")
                && target.to_string_lossy().contains("/trunk/wasm-opt-"))
    })
}

fn symlink(target: &Path, link: &Path) -> Result<()> {
    std::os::unix::fs::symlink(target, link)
        .with_context(|| format!("linking {} -> {}", link.display(), target.display()))?;
    println!("  {} -> {}", link.display(), target.display());
    Ok(())
}

fn crates() -> Result<()> {
    println!("fetching crates (cargo fetch --locked)");
    util::run(cargo().args(["fetch", "--locked"]))
}

#[cfg(test)]
mod tests {
    use super::{locked_version, tool_pin};

    #[test]
    fn finds_a_trunk_tool_pin() {
        let toml = "[build]\nwasm_opt = \"not this\"\n\n[tools]\n# comment\n\
                    wasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(tool_pin(toml, "wasm_opt").as_deref(), Some("version_132"));
        assert_eq!(tool_pin(toml, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(tool_pin(toml, "sass"), None);
    }

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
