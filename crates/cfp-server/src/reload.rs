//! The events folder reloaded while serving: on SIGHUP, and when one of its files changes
//! (the `*.json` files' names, sizes and modification times, looked at every
//! `--events-poll` seconds; 0 turns the looking off).
//!
//! **Invariant: all or nothing.** The whole folder is loaded into a new `Events` by
//! `Events::load_dir`, the start-up's own loader and checks; only a set that loads whole
//! is served, swapped in by one atomic store (`LiveEvents::replace`), so every route and
//! the outbox's deliverer see either the old set or the new one, never a mix. Anything
//! wrong (a broken config, a settings file without its config, two configs with one id,
//! an empty folder) is logged in start-up's words, and the old set keeps serving until a
//! whole new set loads. One line says what a reload changed.

use crate::events::{Events, LiveEvents, LoadError};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What a reload changed, by event id.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Events whose config or server settings are not what they were.
    pub changed: Vec<String>,
}

impl Changes {
    pub fn between(old: &Events, new: &Events) -> Changes {
        let mut changes = Changes::default();
        for event in old.iter() {
            match new.get(&event.id) {
                None => changes.removed.push(event.id.clone()),
                Some(now) if now != event || new.settings(&event.id) != old.settings(&event.id) => {
                    changes.changed.push(event.id.clone());
                }
                Some(_) => {}
            }
        }
        changes.added = new
            .iter()
            .filter(|e| old.get(&e.id).is_none())
            .map(|e| e.id.clone())
            .collect();
        changes
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
        ]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(what, ids)| format!("{what} {}", ids.join(", ")))
        .collect();
        if parts.is_empty() {
            f.write_str("no change")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

/// Load `dir` whole and serve it; what changed. On an error nothing is replaced.
pub fn reload(dir: &Path, live: &LiveEvents) -> Result<Changes, LoadError> {
    let new = Events::load_dir(dir)?;
    let changes = Changes::between(&live.current(), &new);
    live.replace(new);
    Ok(changes)
}

/// What the folder's files look like: name, size and modification time of each
/// `*.json`, sorted; `None` when the folder cannot be read.
type Fingerprint = Option<Vec<(PathBuf, u64, Option<SystemTime>)>>;

fn fingerprint(dir: &Path) -> Fingerprint {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (path, len, modified)
        })
        .collect();
    files.sort();
    Some(files)
}

/// The watcher of one events folder.
pub struct Watch {
    dir: PathBuf,
    poll: Duration,
    seen: Fingerprint,
    #[cfg(unix)]
    hangup: Option<tokio::signal::unix::Signal>,
}

impl Watch {
    /// Ready to watch `dir`, before it is first loaded: SIGHUP's handler is installed now
    /// (from here on a SIGHUP reloads, where it would have ended the process), and the
    /// files are taken as they are now, so a change made during start-up is seen.
    /// `poll` zero: SIGHUP only.
    pub fn new(dir: &Path, poll: Duration) -> Watch {
        Watch {
            dir: dir.to_owned(),
            poll,
            seen: fingerprint(dir),
            #[cfg(unix)]
            hangup: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok(),
        }
    }

    /// Run until the process ends, reloading into `live`; `loaded` is told of each new
    /// set once it serves.
    pub async fn run(mut self, live: LiveEvents, loaded: impl Fn(&Events) + Send + 'static) {
        let mut tick = (!self.poll.is_zero()).then(|| {
            let mut tick =
                tokio::time::interval_at(tokio::time::Instant::now() + self.poll, self.poll);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick
        });
        loop {
            let reason = tokio::select! {
                () = self.hangup() => "SIGHUP",
                () = async {
                    match tick.as_mut() {
                        Some(tick) => {
                            tick.tick().await;
                        }
                        None => std::future::pending().await,
                    }
                } => "a file changed",
            };
            let dir = self.dir.clone();
            let now = tokio::task::spawn_blocking(move || fingerprint(&dir))
                .await
                .unwrap_or(None);
            if reason != "SIGHUP" && now == self.seen {
                continue;
            }
            self.seen = now;
            let dir = self.dir.clone();
            let to = live.clone();
            let outcome = tokio::task::spawn_blocking(move || {
                let outcome = reload(&dir, &to);
                (outcome, to.current())
            })
            .await;
            match outcome {
                Ok((Ok(changes), current)) => {
                    tracing::info!(
                        "events reloaded from {} ({reason}): {changes}",
                        self.dir.display()
                    );
                    loaded(&current);
                }
                Ok((Err(error), _)) => tracing::error!(
                    "events not reloaded from {} ({reason}); the previous set keeps serving:\n{error}",
                    self.dir.display()
                ),
                Err(e) => tracing::error!("events not reloaded ({reason}): {e}"),
            }
        }
    }

    /// The next SIGHUP; never, where there is none (or its handler failed).
    async fn hangup(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = self.hangup.as_mut() {
            signal.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str =
        r#"{"id":"my-conf","name":"MyConf","formats":[{"id":"talk","label":"Talk"}]}"#;

    #[test]
    fn a_broken_folder_replaces_nothing_and_a_whole_one_says_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("my-conf.json"), CONFIG).unwrap();
        let live = LiveEvents::new(Events::load_dir(dir.path()).unwrap());

        let other = CONFIG
            .replace("my-conf", "other")
            .replace("MyConf", "Other");
        std::fs::write(dir.path().join("other.json"), other).unwrap();
        std::fs::write(dir.path().join("broken.json"), r#"{"id":"broken"}"#).unwrap();
        let before = live.current();
        let error = reload(dir.path(), &live).unwrap_err().to_string();
        assert!(error.contains("broken.json: "), "{error}");
        assert!(
            std::sync::Arc::ptr_eq(&before, &live.current()),
            "the old set serves"
        );
        assert!(live.current().get("other").is_none());

        std::fs::remove_file(dir.path().join("broken.json")).unwrap();
        std::fs::write(
            dir.path().join("my-conf.server.json"),
            r#"{"notify":["programme@my-conf.example.org"]}"#,
        )
        .unwrap();
        let changes = reload(dir.path(), &live).unwrap();
        assert_eq!(changes.to_string(), "added other; changed my-conf");
        assert_eq!(live.current().settings("my-conf").notify.len(), 1);

        std::fs::remove_file(dir.path().join("other.json")).unwrap();
        assert_eq!(
            reload(dir.path(), &live).unwrap().to_string(),
            "removed other"
        );
        assert_eq!(reload(dir.path(), &live).unwrap().to_string(), "no change");
    }

    #[test]
    fn a_fingerprint_sees_added_removed_and_rewritten_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let first = fingerprint(dir.path());
        std::fs::write(dir.path().join("notes.txt"), "not a config").unwrap();
        assert_eq!(fingerprint(dir.path()), first, "only *.json count");
        std::fs::write(dir.path().join("a.json"), "{ }").unwrap();
        assert_ne!(fingerprint(dir.path()), first);
        assert_eq!(fingerprint(&dir.path().join("gone")), None);
    }
}
