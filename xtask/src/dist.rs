//! `cargo xtask dist`: the folder a site maintainer copies to any static host or CDN.
//!
//! ```text
//! target/cfp-widget/
//!   cfp-widget.js             the loader: the one script tag a page needs
//!   cfp-widget-app.js         the wasm's JavaScript bindings (the loader imports them)
//!   cfp-widget-app_bg.wasm    the widget
//!   cfp-widget.css            its styles (linked inside each widget's shadow root)
//!   cfp-widget-es.txt         the Spanish and German catalogues, which the loader fetches
//!   cfp-widget-de.txt         for a page in that language (English is in the wasm)
//!   event-config.schema.json  the JSON Schema for event configs
//!   SRI.txt                   sha384 integrity of every file
//!   0.1.0/                    the same files with content hashes in their names, and a
//!                             loader that loads those: cache them forever
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine;
use sha2::{Digest, Sha384, Sha512};

use crate::build;
use crate::util::repo_root;

/// What an English page loads, in the order the loader names them (a Spanish or German
/// page also loads its catalogue, `build::catalogue_files`).
pub const WIDGET_FILES: [&str; 4] = [
    "cfp-widget.js",
    "cfp-widget-app.js",
    "cfp-widget-app_bg.wasm",
    "cfp-widget.css",
];

const SCHEMA: &str = "docs/event-config.schema.json";

/// The assembled folder.
pub struct Dist {
    pub dir: PathBuf,
    /// SRI.txt: a `sha384-… name` line for each file.
    pub sri: String,
    /// The hashed loader, `<version>/cfp-widget.<hash>.js`, and its integrity.
    pub pinned_loader: String,
    pub pinned_integrity: String,
}

/// Where `build_dist` assembles the folder.
pub fn out_dir() -> PathBuf {
    crate::util::target_dir().join("cfp-widget")
}

pub fn run() -> Result<()> {
    let dist = build_dist()?;
    println!(
        "\nthe widget, ready to copy to a static host: {}",
        dist.dir.display()
    );
    for line in dist.sri.lines() {
        println!("  {line}");
    }
    println!("\nwith the folder at /cfp/, a page pins this release with:");
    println!(
        "  <script src=\"/cfp/{}\" integrity=\"{}\" crossorigin=\"anonymous\" defer></script>",
        dist.pinned_loader, dist.pinned_integrity
    );
    Ok(())
}

/// Builds the widget with Trunk and assembles target/cfp-widget/.
pub fn build_dist() -> Result<Dist> {
    let trunk_dist = build::trunk_build()?;
    let out = out_dir();
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    let version = env!("CARGO_PKG_VERSION");
    let versioned = out.join(version);
    fs::create_dir_all(&versioned).with_context(|| format!("creating {}", versioned.display()))?;

    let mut sri = String::from(
        "# Subresource Integrity (sha384) of each file: put the loader's on its script tag,\n\
         # <script src=\".../cfp-widget.js\" integrity=\"sha384-...\" crossorigin=\"anonymous\" defer>\n",
    );
    // Each file under its stable name; each but the loader also under its hashed name,
    // which the hashed loader is rewritten to name.
    let mut hashed_loader = String::new();
    let catalogues = build::catalogue_files();
    let names = WIDGET_FILES
        .iter()
        .copied()
        .chain(catalogues.iter().map(String::as_str));
    for name in names {
        let from = trunk_dist.join(name);
        let mut bytes = fs::read(&from)
            .with_context(|| format!("{} is missing: Trunk did not build it", from.display()))?;
        if name.ends_with(".css") {
            // Trunk's CSS minifier would link the sheet into the page; this one only copies.
            let text = String::from_utf8(bytes).context("the stylesheet is not UTF-8")?;
            bytes = minify_css(&text).into_bytes();
        }
        put(&out, &mut sri, name, &bytes)?;
        if name == WIDGET_FILES[0] {
            hashed_loader = String::from_utf8(bytes).context("the loader is not UTF-8")?;
            continue;
        }
        let hashed = hashed_name(name, &bytes);
        put(&out, &mut sri, &format!("{version}/{hashed}"), &bytes)?;
        let quoted = format!("\"{name}\"");
        anyhow::ensure!(
            hashed_loader.matches(&quoted).count() == 1,
            "the loader does not name {quoted} exactly once: update dist.rs or loader/cfp-widget.js"
        );
        hashed_loader = hashed_loader.replace(&quoted, &format!("\"{hashed}\""));
    }
    let pinned_loader = format!(
        "{version}/{}",
        hashed_name(WIDGET_FILES[0], hashed_loader.as_bytes())
    );
    let pinned_integrity = put(&out, &mut sri, &pinned_loader, hashed_loader.as_bytes())?;
    let schema = fs::read(repo_root().join(SCHEMA)).with_context(|| format!("reading {SCHEMA}"))?;
    put(&out, &mut sri, "event-config.schema.json", &schema)?;
    write(&out.join("SRI.txt"), sri.as_bytes())?;
    // For a host (or cfp-server's `--dist`) that sends precompressed files.
    crate::compress::precompress(&out)?;
    Ok(Dist {
        dir: out,
        sri,
        pinned_loader,
        pinned_integrity,
    })
}

/// The stylesheet without its comments and the white space that means nothing: runs of
/// it become one space, and none is kept around `{ } ; , >` (or before a `}`'s `;`).
/// Quoted strings are kept as they are.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            c => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
                if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out
}

/// Writes `bytes` to `name` under `out` and its SRI line to `sri`; returns its integrity.
fn put(out: &Path, sri: &mut String, name: &str, bytes: &[u8]) -> Result<String> {
    write(&out.join(name), bytes)?;
    let value = integrity(bytes);
    sri.push_str(&format!("{value} {name}\n"));
    Ok(value)
}

/// `cfp-widget-app_bg.wasm` -> `cfp-widget-app_bg.1a2b3c4d5e6f7a8b.wasm`: the first 16 hex
/// digits of the content's SHA-512.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha512::digest(bytes);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

/// `sha384-<base64>`, as the `integrity` attribute takes it.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_the_extension_and_change_with_the_content() {
        let a = hashed_name("cfp-widget-app_bg.wasm", b"one");
        assert!(
            a.starts_with("cfp-widget-app_bg.") && a.ends_with(".wasm"),
            "{a}"
        );
        assert_eq!(a.len(), "cfp-widget-app_bg..wasm".len() + 16);
        assert_ne!(a, hashed_name("cfp-widget-app_bg.wasm", b"two"));
    }

    #[test]
    fn css_loses_comments_and_space_only() {
        let css = "/* a */\n:host {\n  --f: \"Segoe  UI\", serif; /* b */\n}\n\n.a > .b,\n.c:not(.d) .e {\n  margin: 0 calc(1em + 2px);\n}\n@media (prefers-color-scheme: dark) { .a { color: #fff; } }\n";
        assert_eq!(
            minify_css(css),
            ":host{--f: \"Segoe  UI\",serif}.a>.b,.c:not(.d) .e{margin: 0 calc(1em + 2px)}@media (prefers-color-scheme: dark){.a{color: #fff}}"
        );
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
