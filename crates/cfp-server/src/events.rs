//! The events a server answers for: every `*.json` config in a folder, checked by cfp-core
//! at start-up so that a bad config stops the server with its paths, not a speaker later.

use cfp_core::{ConfigError, EventConfig};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct Events {
    by_id: BTreeMap<String, Arc<EventConfig>>,
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
        }
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
        if paths.is_empty() {
            return Err(LoadError::Empty(dir.to_owned()));
        }
        let mut by_id: BTreeMap<String, (PathBuf, Arc<EventConfig>)> = BTreeMap::new();
        let mut invalid = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
                path: path.clone(),
                source,
            })?;
            match EventConfig::from_json(&text) {
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
        if !invalid.is_empty() {
            return Err(LoadError::Invalid(invalid));
        }
        Ok(Events {
            by_id: by_id.into_iter().map(|(id, (_, c))| (id, c)).collect(),
        })
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
