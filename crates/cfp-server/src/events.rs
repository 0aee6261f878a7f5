//! The events a server answers for: every `*.json` config in a folder, checked by cfp-core
//! at start-up so that a bad config stops the server with its paths, not a speaker later.
//! A `<name>.server.json` beside `<name>.json` is that event's server-only settings
//! (`settings.rs`), checked at start-up too; one with no config beside it is an error,
//! so a misnamed settings file never leaves an event silently without them.
//!
//! `LiveEvents` is the set being served: loaded whole, swapped whole (`reload.rs`), so a
//! request or a delivery sees one set from start to end, and never a half-loaded one.

use crate::settings::{self, ServerSettings};
use cfp_core::{ConfigError, EventConfig};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The events a server answers for now: every route and the outbox's deliverer take the
/// `current` set when they start, and a reload replaces it in one atomic store.
#[derive(Clone, Debug)]
pub struct LiveEvents(Arc<arc_swap::ArcSwap<Events>>);

impl LiveEvents {
    pub fn new(events: Events) -> Self {
        LiveEvents(Arc::new(arc_swap::ArcSwap::from_pointee(events)))
    }

    /// The set served now (an atomic load and a reference count, no lock).
    pub fn current(&self) -> Arc<Events> {
        self.0.load_full()
    }

    /// Serve `events` from now on; the set it replaces.
    pub fn replace(&self, events: Events) -> Arc<Events> {
        self.0.swap(Arc::new(events))
    }
}

impl From<Events> for LiveEvents {
    fn from(events: Events) -> Self {
        LiveEvents::new(events)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Events {
    by_id: BTreeMap<String, Arc<EventConfig>>,
    /// Only events with a settings file; the others have the defaults.
    settings: BTreeMap<String, Arc<ServerSettings>>,
}

/// Why the events folder could not be loaded; every broken file is listed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", render_config_errors(.0))]
    Invalid(Vec<(PathBuf, Vec<ConfigError>)>),
    #[error("{} and {} both have the id {id:?}", first.display(), second.display())]
    DuplicateId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("no event configs (*.json) in {}", .0.display())]
    Empty(PathBuf),
    #[error("{} has no event config beside it ({} is missing): server settings belong to the config of the same name", settings.display(), config.display())]
    SettingsWithoutConfig { settings: PathBuf, config: PathBuf },
}

fn render_config_errors(files: &[(PathBuf, Vec<ConfigError>)]) -> String {
    let mut out = String::new();
    for (path, errors) in files {
        for error in errors {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{}: {error}", path.display()));
        }
    }
    out
}

impl Events {
    pub fn new(configs: impl IntoIterator<Item = EventConfig>) -> Self {
        Events {
            by_id: configs
                .into_iter()
                .map(|c| (c.id.clone(), Arc::new(c)))
                .collect(),
            settings: BTreeMap::new(),
        }
    }

    /// The same events, with `settings` for event `id`.
    pub fn with_settings(mut self, id: &str, settings: ServerSettings) -> Self {
        self.settings.insert(id.to_owned(), Arc::new(settings));
        self
    }

    /// Load every `*.json` file of `dir`.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let (settings_paths, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_settings(p));
        if paths.is_empty() {
            return Err(LoadError::Empty(dir.to_owned()));
        }
        let read = |path: &PathBuf| {
            std::fs::read_to_string(path).map_err(|source| LoadError::Io {
                path: path.clone(),
                source,
            })
        };
        let mut by_id: BTreeMap<String, (PathBuf, Arc<EventConfig>)> = BTreeMap::new();
        let mut invalid = Vec::new();
        for path in paths {
            match EventConfig::from_json(&read(&path)?) {
                Ok(config) => {
                    if let Some((first, _)) = by_id.get(&config.id) {
                        return Err(LoadError::DuplicateId {
                            id: config.id.clone(),
                            first: first.clone(),
                            second: path,
                        });
                    }
                    by_id.insert(config.id.clone(), (path, Arc::new(config)));
                }
                Err(errors) => invalid.push((path, errors)),
            }
        }
        let mut settings = BTreeMap::new();
        for path in settings_paths {
            let config_path = config_beside(&path);
            let Some(id) = by_id
                .iter()
                .find(|(_, (p, _))| *p == config_path)
                .map(|(id, _)| id.clone())
            else {
                if invalid.iter().any(|(p, _)| *p == config_path) {
                    continue; // its config is already reported
                }
                return Err(LoadError::SettingsWithoutConfig {
                    settings: path,
                    config: config_path,
                });
            };
            match ServerSettings::from_json(&read(&path)?) {
                Ok(s) => {
                    settings.insert(id, Arc::new(s));
                }
                Err(errors) => invalid.push((path, errors)),
            }
        }
        if !invalid.is_empty() {
            return Err(LoadError::Invalid(invalid));
        }
        Ok(Events {
            by_id: by_id.into_iter().map(|(id, (_, c))| (id, c)).collect(),
            settings,
        })
    }

    /// Event `id`'s server-only settings (the defaults when it has no file).
    pub fn settings(&self, id: &str) -> Arc<ServerSettings> {
        self.settings.get(id).cloned().unwrap_or_default()
    }

    pub fn get(&self, id: &str) -> Option<&Arc<EventConfig>> {
        self.by_id.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<EventConfig>> {
        self.by_id.values()
    }

    /// Whether a page on `origin` may post to event `id` from another origin.
    pub fn allows_origin(&self, id: &str, origin: &str) -> bool {
        self.get(id)
            .is_some_and(|c| c.allowed_origins.iter().any(|o| o == origin))
    }
}

/// `my-conf.server.json`: server-only settings, not an event config.
fn is_settings(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(settings::SUFFIX))
}

/// `my-conf.server.json` → `my-conf.json`, in the same folder.
fn config_beside(settings_path: &Path) -> PathBuf {
    let name = settings_path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(settings::SUFFIX))
        .unwrap_or_default();
    settings_path.with_file_name(format!("{name}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str =
        r#"{"id":"my-conf","name":"MyConf","formats":[{"id":"talk","label":"Talk"}]}"#;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn settings_beside_a_config_are_that_events_and_no_event_of_their_own() {
        let dir = folder(&[
            ("my-conf.json", CONFIG),
            (
                "my-conf.server.json",
                r#"{"notify":["programme@my-conf.example.org"]}"#,
            ),
        ]);
        let events = Events::load_dir(dir.path()).unwrap();
        assert_eq!(events.iter().count(), 1);
        assert_eq!(
            events.settings("my-conf").notify,
            ["programme@my-conf.example.org"]
        );
        assert_eq!(*events.settings("other"), ServerSettings::default());
    }

    #[test]
    fn settings_without_their_config_or_with_mistakes_stop_the_start() {
        let dir = folder(&[("my-conf.json", CONFIG), ("my-cnf.server.json", "{}")]);
        let error = Events::load_dir(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains("my-cnf.server.json has no event config beside it")
                && error.contains("my-cnf.json is missing"),
            "{error}"
        );
        let dir = folder(&[
            ("my-conf.json", CONFIG),
            ("my-conf.server.json", r#"{"notify":["nobody"]}"#),
        ]);
        let error = Events::load_dir(dir.path()).unwrap_err().to_string();
        assert!(
            error.ends_with("my-conf.server.json: notify[0]: must be an email address, e.g. \"programme@my-conf.example.org\""),
            "{error}"
        );
    }
}
