//! Tidy checks, in the style of rust-analyzer's: plain `#[test]`s over the repository's
//! files, run by `cargo test --workspace` (the native step of `cargo xtask test`), that
//! fail with a list of what to fix.
//!
//! `ARCHITECTURE.md` is the map of the code, so every source module must be on it:
//!
//! - Walked: every `.rs` file under `src/` (the widget), `crates/*/src/` and `xtask/src/`.
//! - Named as: its path inside its crate's `src/` (`store/writer.rs`,
//!   `components/app.rs`), in backticks or not, but whole: `writer.rs` alone, or inside
//!   `store/writer.rs`, does not name `writer.rs`. It must appear in its crate's bullet
//!   under "Crates and folders" (the one that starts `` - `crates/cfp-server/`: ``).
//! - Not walked: `lib.rs` (the crate root, which its bullet describes), unit-test modules
//!   (a file called `tests.rs` or under a `tests/` folder: they test the module above
//!   them, which is named), and generated files (an `@generated` marker in the first
//!   lines; build.rs writes the catalogue to OUT_DIR, so none are in src/ today).
//!   Integration tests (`tests/`, `crates/*/tests/`) and build scripts are outside the
//!   walked folders.
//!
//! The other way round, a `.rs` path the doc names in a crate's bullet must exist (in the
//! crate's `src/`, the crate's folder, or the repository root), so that a moved or
//! deleted module does not leave the map pointing at nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::repo_root;

const DOC: &str = "ARCHITECTURE.md";

/// A crate whose modules must be on the map: its folder (as its bullet names it, e.g.
/// `crates/cfp-core/`; the widget is `src/`) and the folder its sources are in.
struct Crate {
    bullet: String,
    dir: PathBuf,
    src: PathBuf,
}

fn crates(root: &Path) -> Vec<Crate> {
    let mut all = vec![Crate {
        bullet: "src/".into(),
        dir: root.to_path_buf(),
        src: root.join("src"),
    }];
    let mut members: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    members.sort();
    for dir in members.into_iter().filter(|d| d.join("src").is_dir()) {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        all.push(Crate {
            bullet: format!("crates/{name}/"),
            src: dir.join("src"),
            dir,
        });
    }
    all.push(Crate {
        bullet: "xtask/".into(),
        dir: root.join("xtask"),
        src: root.join("xtask/src"),
    });
    all
}

/// Every `.rs` file under `dir`, sorted, as paths relative to `dir` with `/` separators.
fn rust_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Whether a module is exempt from being named (see the module docs).
fn exempt(rel: &str, text: &str) -> bool {
    let mut parts = rel.split('/');
    let file = parts.next_back().unwrap_or("");
    let under_tests = parts.any(|folder| folder == "tests");
    let generated = text.lines().take(5).any(|l| l.contains("@generated"));
    file == "lib.rs" || file == "tests.rs" || under_tests || generated
}

/// The text of each top-level bullet of the "Crates and folders" section, by the path in
/// backticks it starts with (`` - `src/`: ... `` gives "src/").
fn bullets(doc: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_section = false;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_section = heading.trim() == "Crates and folders";
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some(rest) = line.strip_prefix("- `") {
            let name = rest.split('`').next().unwrap_or("").to_string();
            out.push((name, String::new()));
        }
        if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

/// Whether `text` names `rel` whole: not as the tail of a longer path.
fn names(text: &str, rel: &str) -> bool {
    text.match_indices(rel).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + rel.len()..].chars().next();
        !before.is_some_and(is_path_char)
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/')
    })
}

/// The `.rs` paths a bullet names: words made of path characters that end in `.rs`.
fn named_paths(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !is_path_char(c))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| word.ends_with(".rs") && word.len() > 3)
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn read_doc(root: &Path) -> String {
    fs::read_to_string(root.join(DOC)).unwrap_or_else(|e| panic!("reading {DOC}: {e}"))
}

#[test]
fn every_module_is_on_the_map() {
    let root = repo_root();
    let doc = read_doc(&root);
    let bullets = bullets(&doc);
    let mut missing: Vec<String> = Vec::new();
    let mut walked = 0;
    for krate in crates(&root) {
        let bullet = bullets
            .iter()
            .find(|(name, _)| *name == krate.bullet)
            .map(|(_, text)| text.as_str());
        for rel in rust_files(&krate.src) {
            let text = fs::read_to_string(krate.src.join(&rel)).unwrap_or_default();
            if exempt(&rel, &text) {
                continue;
            }
            walked += 1;
            let shown = krate.src.join(&rel);
            let shown = shown.strip_prefix(&root).unwrap_or(&shown).display();
            match bullet {
                Some(text) if names(text, &rel) => {}
                Some(_) => missing.push(format!(
                    "  {shown:<48} write `{rel}` in the `{}` bullet",
                    krate.bullet
                )),
                None => missing.push(format!(
                    "  {shown:<48} there is no `{}` bullet under \"Crates and folders\": add one \
                     (- `{}`: ...) and name `{rel}` in it",
                    krate.bullet, krate.bullet
                )),
            }
        }
    }
    assert!(
        walked > 50,
        "only {walked} modules found: is {root:?} the repository root?"
    );
    if !missing.is_empty() {
        panic!(
            "\n{DOC} does not name {} module(s):\n\n{}\n\n\
             {DOC} is the map of the code: add each module to its crate's bullet under \
             \"Crates and folders\", by its path inside the crate's src/ (as `store/writer.rs` \
             is written in the `crates/cfp-server/` bullet), with a sentence on what it does \
             and the invariant it keeps, if it keeps one. (Tests, lib.rs and generated files \
             are exempt; see xtask/src/tidy.rs.)\n",
            missing.len(),
            missing.join("\n")
        );
    }
}

#[test]
fn the_map_names_no_missing_module() {
    let root = repo_root();
    let doc = read_doc(&root);
    let bullets = bullets(&doc);
    let mut stale: Vec<String> = Vec::new();
    for krate in crates(&root) {
        let Some((_, text)) = bullets.iter().find(|(name, _)| *name == krate.bullet) else {
            continue;
        };
        for path in named_paths(text) {
            let exists = [&krate.src, &krate.dir, &root]
                .iter()
                .any(|base| base.join(&path).is_file());
            if !exists {
                stale.push(format!("  `{path}` in the `{}` bullet", krate.bullet));
            }
        }
    }
    if !stale.is_empty() {
        panic!(
            "\n{DOC} names {} file(s) that do not exist:\n\n{}\n\n\
             Each was looked for in the crate's src/, the crate's folder and the repository \
             root. Write the module's new path, or take it off the map if it is gone.\n",
            stale.len(),
            stale.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{bullets, exempt, named_paths, names};

    #[test]
    fn a_module_is_named_only_whole() {
        let text = "- `crates/cfp-server/`: `store.rs` and `store/writer.rs`, and open.rs.\n";
        assert!(names(text, "store.rs"));
        assert!(names(text, "store/writer.rs"));
        assert!(names(text, "open.rs"));
        assert!(!names(text, "writer.rs"), "the tail of store/writer.rs");
        assert!(!names(text, "re.rs"), "the tail of store.rs");
        assert!(!names("`store.rsx`", "store.rs"));
    }

    #[test]
    fn bullets_are_the_crates_and_folders_items() {
        let doc = "# A\n- `src/`: not this one\n## Crates and folders\n\n- `src/`: the widget\n  \
                   - `embed.rs`: mount\n- `xtask/`: tasks, `dist.rs`\n## Size\n- `src/`: no\n";
        let found = bullets(doc);
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["src/", "xtask/"]);
        assert!(found[0].1.contains("`embed.rs`"));
        assert!(!found[1].1.contains("Size"));
        assert_eq!(named_paths(&found[1].1), ["dist.rs"]);
    }

    #[test]
    fn tests_roots_and_generated_files_are_exempt() {
        assert!(exempt("lib.rs", ""));
        assert!(exempt("validate/tests.rs", ""));
        assert!(exempt("validate/tests/answers.rs", ""));
        assert!(exempt("catalogue.rs", "// @generated by build.rs\n"));
        assert!(!exempt("main.rs", "//! The CLI.\n"));
        assert!(!exempt("state/lists.rs", ""));
    }
}
