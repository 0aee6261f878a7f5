//! Brotli (quality 11) and gzip (level 9) of the widget's files: what `cargo xtask bench`
//! measures, and the `.br` and `.gz` copies written beside each file of the dist folders
//! (Trunk's dist/ and target/cfp-widget/), which cfp-server sends to browsers that ask
//! for them (`--dist`: tower-http's precompressed files) and a static host can too.

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

pub fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(data).context("gzip")?;
    encoder.finish().context("gzip")
}

pub fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(data).context("brotli")?;
        writer.flush().context("brotli")?;
    }
    Ok(out)
}

/// The files worth compressing: what a browser fetches of the widget.
fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "js" | "wasm" | "css" | "txt" | "html" | "json"))
}

/// Write `file.br` and `file.gz` beside every compressible file of `dir` (and of its
/// folders), replacing older copies.
pub fn precompress(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
        } else if compressible(&path) {
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            for (ext, packed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
                let mut name = path.clone().into_os_string();
                name.push(".");
                name.push(ext);
                std::fs::write(&name, packed)
                    .with_context(|| format!("writing {}", Path::new(&name).display()))?;
            }
        }
    }
    Ok(())
}
