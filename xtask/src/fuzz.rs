//! `cargo xtask fuzz [--seconds N] [--target NAME]`: the cargo-fuzz targets in `fuzz/`
//! (libFuzzer), each for N seconds (default 60) on one job, then a markdown table of
//! executions, executions per second, corpus size and crashes per target; then, as one
//! more target, schemathesis against the running server (`schemathesis.rs`). It fails if
//! any target crashed or could not run. Not part of CI, and `setup` does not install what
//! it needs (cargo-fuzz, a nightly toolchain): it says how when either is missing.
//!
//! cargo-fuzz builds from the working tree, and `run` rebuilds when it changed: fuzz a
//! commit from a worktree of its own (`git worktree add`), not a tree being edited.
//!
//! Everything it writes is under the target folder's `fuzz/`: `corpus/<target>/`, kept
//! between runs (so it grows) and seeded on every run from `events/*.json`, the configs
//! of the e2e pages (`e2e/pages/`), proposals made from `e2e/fixtures/seed-talk.txt` and
//! the crafted inputs in `fuzz/seeds/<target>/`; `artifacts/<target>/` for crashes; and
//! `logs/<target>.log`, libFuzzer's output. A crash is fixed in the product and becomes
//! an ordinary regression test in its crate, never a fuzz-only one.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::util::{command, find_on_path, output_of, repo_root, target_dir};

/// The targets, as `fuzz/Cargo.toml` names its bins (a test keeps the two equal).
pub const TARGETS: [&str; 6] = [
    "config",
    "intake_json",
    "intake_form",
    "deadline",
    "counting",
    "csv_export",
];

/// What `cargo fuzz build` and `run` are both given (`run` rebuilds on any difference):
/// no sanitizer, as the code under test is safe Rust and AddressSanitizer would halve
/// the executions for nothing safe code can do; debug assertions on, so an arithmetic
/// overflow is a crash rather than a wrapped number. Release, cargo-fuzz's default.
const BUILD_FLAGS: [&str; 3] = ["--sanitizer=none", "--debug-assertions", "--release"];

pub fn run(seconds: u64, only: Option<&str>) -> Result<()> {
    if seconds == 0 {
        bail!("--seconds must be 1 or more");
    }
    let targets: Vec<&str> = match only {
        None => TARGETS.to_vec(),
        Some("schemathesis") => return crate::schemathesis::run(seconds),
        Some(name) if TARGETS.contains(&name) => vec![name],
        Some(name) => bail!(
            "no fuzz target {name:?}; the targets are {}, schemathesis",
            TARGETS.join(", ")
        ),
    };
    check_tools()?;
    let base = target_dir().join("fuzz");
    let seeds = Seeds::gather(&repo_root())?;

    let mut build = cargo_fuzz();
    build.arg("build").args(BUILD_FLAGS);
    crate::util::run(&mut build).context("building the fuzz targets")?;

    let mut outcomes = Vec::new();
    for name in targets {
        let corpus = base.join("corpus").join(name);
        let added = seeds.write(name, &corpus)?;
        println!(
            "\nfuzz {name}: {seconds} s, corpus {} ({added} seed(s) new)",
            corpus.display()
        );
        outcomes.push(run_target(name, seconds, &base, &corpus)?);
    }

    let commit = output_of(command("git").args(["rev-parse", "--short", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    println!(
        "\ncargo +nightly fuzz run {} <target> -- -max_total_time={seconds} (one job), commit {commit}\n",
        BUILD_FLAGS.join(" ")
    );
    print!("{}", table(&outcomes));
    let crashed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.crashes.is_empty()).collect();
    let not_run: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for outcome in &crashed {
        for path in &outcome.crashes {
            println!("- {} crashed: {}", outcome.target, path.display());
        }
    }
    for outcome in &not_run {
        if let Some(failure) = &outcome.failure {
            println!("- {} did not run to its end: {failure}", outcome.target);
        }
    }
    let names = |outcomes: &[&Outcome]| {
        outcomes
            .iter()
            .map(|o| o.target.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !crashed.is_empty() {
        bail!(
            "{} fuzz target(s) crashed: {}; reproduce one with `cargo +nightly fuzz run {} <target> <crash file>`",
            crashed.len(),
            names(&crashed),
            BUILD_FLAGS.join(" ")
        )
    }
    if !not_run.is_empty() {
        bail!(
            "{} fuzz target(s) stopped without a crash (a failed rebuild, a killed process): {}; see their logs",
            not_run.len(),
            names(&not_run)
        )
    }
    if only.is_none() {
        println!();
        crate::schemathesis::run(seconds)?;
    }
    Ok(())
}

/// `cargo +nightly fuzz`, run from the repository root (cargo-fuzz finds `fuzz/` there).
/// Through `rustup run` because the `cargo` that runs xtask is the stable toolchain's
/// own binary, which takes no `+nightly`.
fn cargo_fuzz() -> Command {
    let mut cmd = command("rustup");
    cmd.args(["run", "nightly", "cargo", "fuzz"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO");
    cmd
}

fn check_tools() -> Result<()> {
    if find_on_path("rustup").is_none()
        || output_of(command("rustup").args(["run", "nightly", "rustc", "--version"])).is_none()
    {
        bail!(
            "cargo xtask fuzz needs a nightly toolchain (cargo-fuzz builds with libFuzzer's \
             instrumentation, which only nightly rustc has): install one with \
             `rustup toolchain install nightly --profile minimal`. It is used for the fuzz \
             targets only, never for the product."
        );
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .is_some_and(|home| home.join("bin/cargo-fuzz").is_file());
    if find_on_path("cargo-fuzz").is_none() && !in_cargo_home {
        bail!(
            "cargo xtask fuzz needs cargo-fuzz: install it with `cargo install cargo-fuzz \
             --locked` (into ~/.cargo/bin). Fuzzing is not part of CI, so `cargo xtask \
             setup` does not install it."
        );
    }
    Ok(())
}

/// One target's run, as libFuzzer reported it.
struct Outcome {
    target: String,
    seconds: Option<u64>,
    executions: Option<u64>,
    per_second: Option<u64>,
    corpus: usize,
    /// Crash, timeout, leak or out-of-memory inputs written during this run.
    crashes: Vec<PathBuf>,
    /// A non-zero exit that left no such input (a failed rebuild, a killed process): not
    /// a crash of the target, but no figures either.
    failure: Option<String>,
}

fn run_target(name: &str, seconds: u64, base: &Path, corpus: &Path) -> Result<Outcome> {
    let artifacts = base.join("artifacts").join(name);
    let logs = base.join("logs");
    fs::create_dir_all(&artifacts)
        .and_then(|()| fs::create_dir_all(&logs))
        .with_context(|| format!("creating {}", artifacts.display()))?;
    let log_path = logs.join(format!("{name}.log"));
    let log =
        fs::File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let before = artifact_files(&artifacts);

    let mut cmd = cargo_fuzz();
    cmd.arg("run")
        .args(BUILD_FLAGS)
        .arg(name)
        .arg(corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-timeout=10")
        .arg("-print_final_stats=1")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    println!("  log: {}", log_path.display());
    let started = std::time::Instant::now();
    let status = cmd
        .status()
        .context("could not start `rustup run nightly cargo fuzz`")?;
    let wall = started.elapsed().as_secs();

    let text = fs::read_to_string(&log_path).unwrap_or_default();
    let stats = Stats::parse(&text);
    let crashes: Vec<PathBuf> = artifact_files(&artifacts)
        .difference(&before)
        .map(|f| artifacts.join(f))
        .collect();
    let failure = (!status.success() && crashes.is_empty())
        .then(|| format!("exited with {status}; see {}", log_path.display()));
    let outcome = Outcome {
        target: name.to_owned(),
        // libFuzzer says how long it ran only when it ran to the end; a run that stopped
        // at a crash is timed here (cargo-fuzz's start included).
        seconds: stats.seconds.or(Some(wall)),
        executions: stats.executions,
        per_second: stats.per_second,
        corpus: stats.corpus.unwrap_or_else(|| count_files(corpus)),
        crashes,
        failure,
    };
    println!(
        "  {} executions, {} crash(es)",
        show(outcome.executions),
        outcome.crashes.len()
    );
    Ok(outcome)
}

/// The inputs libFuzzer writes when a target fails: crash-, timeout-, leak-, oom-.
fn artifact_files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| {
                    ["crash-", "timeout-", "leak-", "oom-"]
                        .iter()
                        .any(|p| f.starts_with(p))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// The figures in libFuzzer's output (`-print_final_stats=1`).
#[derive(Debug, Default, PartialEq)]
struct Stats {
    executions: Option<u64>,
    per_second: Option<u64>,
    seconds: Option<u64>,
    corpus: Option<usize>,
}

impl Stats {
    fn parse(log: &str) -> Stats {
        let stat = |key: &str| {
            log.lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix(key))
                .and_then(|v| v.trim().parse().ok())
        };
        // `#123456  DONE   cov: 812 ft: 2301 corp: 240/31Kb lim: 4096 exec/s: 2024 ...`:
        // the last status line has the corpus as it ended.
        let corpus = log.lines().rev().find_map(|l| {
            let after = l.split(" corp: ").nth(1)?;
            after.split('/').next()?.trim().parse().ok()
        });
        // `Done 123456 runs in 61 second(s)`
        let seconds = log.lines().rev().find_map(|l| {
            let rest = l.trim().strip_prefix("Done ")?;
            let (_, secs) = rest.split_once(" runs in ")?;
            secs.split(' ').next()?.parse().ok()
        });
        Stats {
            executions: stat("stat::number_of_executed_units:"),
            per_second: stat("stat::average_exec_per_sec:"),
            seconds,
            corpus,
        }
    }
}

fn show(n: Option<u64>) -> String {
    n.map(|n| crate::bench::group(n as usize))
        .unwrap_or_else(|| "?".into())
}

fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| target | seconds | executions | execs/s | corpus | crashes |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for o in outcomes {
        let crashes = if o.failure.is_some() {
            "failed".to_owned()
        } else {
            o.crashes.len().to_string()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {crashes} |\n",
            o.target,
            o.seconds.map_or("?".into(), |s| s.to_string()),
            show(o.executions),
            show(o.per_second),
            crate::bench::group(o.corpus),
        ));
    }
    out
}

/// The seed inputs, gathered once from the repository.
struct Seeds {
    /// Event configs as written: `events/*.json` and the e2e pages' inline configs.
    configs: Vec<String>,
    /// Proposals as the widget sends them, made from the e2e seed talk.
    proposals: Vec<Value>,
    /// Texts a speaker writes (the seed talk, its paragraphs).
    texts: Vec<String>,
    /// The configs' `opens_at`, `deadline` and `edits_until`.
    deadlines: Vec<String>,
}

impl Seeds {
    fn gather(root: &Path) -> Result<Seeds> {
        let mut configs = Vec::new();
        let mut events: Vec<PathBuf> = fs::read_dir(root.join("events"))
            .context("reading events/")?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        events.sort();
        for path in events {
            configs.push(
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
            );
        }
        let mut pages = Vec::new();
        html_files(&root.join("e2e/pages"), &mut pages);
        pages.sort();
        for page in pages {
            configs.extend(json_blocks(&fs::read_to_string(page).unwrap_or_default()));
        }
        let deadlines = configs
            .iter()
            .filter_map(|c| serde_json::from_str::<Value>(c).ok())
            .flat_map(|c| {
                ["opens_at", "deadline", "edits_until"]
                    .into_iter()
                    .filter_map(move |k| c[k].as_str().map(str::to_owned))
            })
            .collect();
        let seed = root.join("e2e/fixtures/seed-talk.txt");
        let talk =
            fs::read_to_string(&seed).with_context(|| format!("reading {}", seed.display()))?;
        let mut texts = vec![talk.clone()];
        texts.extend(
            talk.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
        Ok(Seeds {
            configs,
            proposals: proposals(&talk),
            texts,
            deadlines,
        })
    }

    /// The inputs for `target`: made from the repository, then `fuzz/seeds/<target>/`.
    fn inputs(&self, target: &str) -> Result<Vec<Vec<u8>>> {
        let compact = |v: &Value| v.to_string().into_bytes();
        let mut inputs: Vec<Vec<u8>> = match target {
            "config" => self
                .configs
                .iter()
                .map(|c| c.clone().into_bytes())
                .collect(),
            "intake_json" => self.proposals.iter().map(compact).collect(),
            "intake_form" => self
                .proposals
                .iter()
                .map(|p| form_encode(p).into_bytes())
                .collect(),
            "deadline" => self
                .deadlines
                .iter()
                .map(|d| d.clone().into_bytes())
                .collect(),
            // The counting target cuts its input in two where the first byte says.
            "counting" => self
                .texts
                .iter()
                .map(|t| [&[0x80u8][..], t.as_bytes()].concat())
                .collect(),
            "csv_export" => {
                let mut all: Vec<Vec<u8>> = self.proposals.iter().map(compact).collect();
                all.push(compact(&Value::Array(self.proposals.clone())));
                all
            }
            other => bail!("no seeds for fuzz target {other:?}"),
        };
        let crafted = repo_root().join("fuzz/seeds").join(target);
        if let Ok(entries) = fs::read_dir(&crafted) {
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for file in files {
                inputs
                    .push(fs::read(&file).with_context(|| format!("reading {}", file.display()))?);
            }
        }
        Ok(inputs)
    }

    /// Writes `target`'s inputs into `corpus` under names made from their contents (so a
    /// second run adds nothing twice); returns how many were new.
    fn write(&self, target: &str, corpus: &Path) -> Result<usize> {
        fs::create_dir_all(corpus).with_context(|| format!("creating {}", corpus.display()))?;
        let mut added = 0;
        for input in self.inputs(target)? {
            let hash = Sha256::digest(&input);
            let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
            let path = corpus.join(format!("seed-{name}"));
            if !path.exists() {
                fs::write(&path, &input).with_context(|| format!("writing {}", path.display()))?;
                added += 1;
            }
        }
        Ok(added)
    }
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// The text of each `<script type="application/json" ...>` block of a page.
fn json_blocks(html: &str) -> Vec<String> {
    html.split("<script type=\"application/json\"")
        .skip(1)
        .filter_map(|rest| {
            let body = rest.split_once('>')?.1;
            let body = body.split_once("</script>")?.0.trim();
            (!body.is_empty()).then(|| body.to_owned())
        })
        .collect()
}

/// The seed talk (`e2e/fixtures/seed-talk.txt`, read as `e2e/lib/seed.mjs` does) as a
/// talk for the Dask event, a workshop block of three talks, and a talk that answers every
/// kind of question of the fuzz crate's `every-kind.json`.
fn proposals(seed: &str) -> Vec<Value> {
    let lines: Vec<&str> = seed.lines().collect();
    let first = |prefix: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .map(|l| l.trim_end().to_owned())
            .unwrap_or_default()
    };
    let title = first("# ").trim().to_owned();
    let r#abstract = first("> ");
    let note = lines
        .iter()
        .find(|l| l.starts_with("**NOTE:**"))
        .map(|l| l.trim_end())
        .unwrap_or_default();
    let given: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("## Where this talk has been given"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("* "))
        .map(|l| l.trim_end())
        .collect();
    let description = format!(
        "{note}\n\nWhere this talk has been given\n\n{}",
        given.join("\n")
    );
    let james = json!({"name": "James Lamb", "email": "james.lamb@example.org",
        "affiliation": "SpotHero", "bio": "James works on LightGBM and Dask."});
    let talk = json!({
        "title": title, "format": "talk", "track": "use-case", "abstract": r#abstract,
        "description": description, "speakers": [james],
        "answers": {"first-talk": false, "ticket-assistance": true}, "code_of_conduct": true,
    });
    let talks: Vec<Value> = (1..=3)
        .map(|i| {
            json!({"title": format!("Part {i}: {title}"), "speaker_name": "James Lamb",
                "speaker_email": "james.lamb@example.org", "abstract": r#abstract, "minutes": 30})
        })
        .collect();
    let workshop = json!({
        "title": format!("Workshop: {title}"), "format": "workshop", "track": null,
        "abstract": r#abstract, "description": "", "code_of_conduct": true,
        "speakers": [james, {"name": "Ada", "email": "ada@example.org", "affiliation": "", "bio": ""}],
        "talks": talks, "answers": {"first-talk": true},
    });
    let every_kind = json!({
        "title": title, "format": "talk", "track": "data", "abstract": r#abstract,
        "speakers": [james], "code_of_conduct": true,
        "answers": {"why": "Dask and LightGBM together.", "handle": "@jameslamb",
            "level": "expert", "topics": ["ml", "hpc"], "first-talk": false, "years": 7.5,
            "slides": "https://example.org/slides/dask-ml", "data-set": "NYC taxi"},
    });
    vec![talk, workshop, every_kind]
}

/// A proposal as an urlencoded form body, as the widget's encoder writes one
/// (`speakers[0][email]`, picks as `answers[id][0]`); nulls left out.
fn form_encode(proposal: &Value) -> String {
    fn pairs(value: &Value, key: String, out: &mut Vec<(String, String)>) {
        let child = |k: &str| {
            if key.is_empty() {
                k.to_owned()
            } else {
                format!("{key}[{k}]")
            }
        };
        match value {
            Value::Null => {}
            Value::Object(map) => map.iter().for_each(|(k, v)| pairs(v, child(k), out)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| pairs(v, child(&i.to_string()), out)),
            Value::String(s) => out.push((key, s.clone())),
            other => out.push((key, other.to_string())),
        }
    }
    let mut all = Vec::new();
    pairs(proposal, String::new(), &mut all);
    all.iter()
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// application/x-www-form-urlencoded's escaping: space as `+`, `*-._` and alphanumerics
/// as they are, every other byte `%XX`.
fn percent(text: &str) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        match b {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            _ if b.is_ascii_alphanumeric() => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzers_figures() {
        let log = "INFO: Seed: 1\n#2\tINITED cov: 10 ft: 11 corp: 5/1234b exec/s: 0 rss: 40Mb\n\
            #98304\tpulse  cov: 812 ft: 2301 corp: 239/31Kb lim: 4096 exec/s: 1638 rss: 60Mb\n\
            #101010\tDONE   cov: 812 ft: 2301 corp: 240/31Kb lim: 4096 exec/s: 1655 rss: 60Mb\n\
            Done 101010 runs in 61 second(s)\n\
            stat::number_of_executed_units: 101010\nstat::average_exec_per_sec:     1655\n\
            stat::new_units_added:          235\nstat::slowest_unit_time_sec:    0\n";
        assert_eq!(
            Stats::parse(log),
            Stats {
                executions: Some(101_010),
                per_second: Some(1655),
                seconds: Some(61),
                corpus: Some(240),
            }
        );
        assert_eq!(Stats::parse("no figures"), Stats::default());
    }

    #[test]
    fn the_targets_are_the_fuzz_crates_bins_each_with_its_doc_line() {
        let root = repo_root();
        let manifest = fs::read_to_string(root.join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
        let bins: Vec<&str> = manifest
            .lines()
            .filter_map(|l| l.strip_prefix("name = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter(|name| *name != "cfp-fuzz")
            .collect();
        assert_eq!(
            bins, TARGETS,
            "fuzz/Cargo.toml's [[bin]]s and fuzz.rs's TARGETS"
        );
        for target in TARGETS {
            let path = root.join(format!("fuzz/fuzz_targets/{target}.rs"));
            let text = fs::read_to_string(&path).expect("the target's file");
            let first = text.lines().next().unwrap_or_default();
            assert!(
                first.starts_with("//! ") && first.len() > 20,
                "{} must start with a one-line doc comment saying what it checks",
                path.display()
            );
        }
        let root_manifest = fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
        assert!(
            root_manifest.contains("exclude = [\"fuzz\"]"),
            "the workspace excludes fuzz/"
        );
    }

    #[test]
    fn seeds_come_from_the_repository() {
        let seeds = Seeds::gather(&repo_root()).expect("seeds");
        assert!(seeds.configs.len() >= 3, "events/*.json at least");
        assert!(seeds.deadlines.iter().any(|d| d.contains('T')));
        assert!(seeds.proposals[0]["title"]
            .as_str()
            .is_some_and(|t| t.contains("Dask")));
        for target in TARGETS {
            assert!(
                seeds.inputs(target).expect("inputs").len() >= 2,
                "{target} has seeds"
            );
        }
    }

    #[test]
    fn forms_are_encoded_as_the_widget_writes_them() {
        let body = form_encode(&json!({"title": "A b&c", "track": null,
            "speakers": [{"email": "j@example.org"}], "answers": {"t": ["ml"], "n": 2.5},
            "code_of_conduct": true}));
        let pairs: BTreeSet<&str> = body.split('&').collect();
        assert_eq!(
            pairs,
            BTreeSet::from([
                "answers%5Bn%5D=2.5",
                "answers%5Bt%5D%5B0%5D=ml",
                "code_of_conduct=true",
                "speakers%5B0%5D%5Bemail%5D=j%40example.org",
                "title=A+b%26c",
            ])
        );
        assert_eq!(
            json_blocks("<script type=\"application/json\" id=\"c\">\n{\"a\":1}\n</script>"),
            ["{\"a\":1}"]
        );
    }
}
