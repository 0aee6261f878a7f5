//! What `cfp-server serve` runs with: `ServeSettings`, one struct that is at once the
//! command line (clap), the environment (`CFP_*`) and the settings file (TOML, serde).
//!
//! Each option comes from the first of these that has it: its flag (`--body-limit`), its
//! environment variable (`CFP_BODY_LIMIT`), the `--settings` file (`body_limit = ...`),
//! its built-in default (the field's `default_value`). clap does the first two and the
//! last; `resolve` puts the file between them, by asking clap where each value came from
//! (`ArgMatches::value_source`), so it names no option itself.
//!
//! **To add a serve option, add a field to `ServeSettings`**: its doc comment is the
//! `--help` text, `#[arg(long, env = "CFP_NAME", default_value...)]` its flag, variable
//! and default, the field name its key in the file, and `--print-settings` shows it.
//! A secret also gets `hide_env_values = true` (what `--help` must not show,
//! `--print-settings` masks), and docs/config.md's example names every key
//! (`tests/docs.rs`).

use crate::client_addr::{parse_trusted_proxy, ProxyHeader};
use crate::log::LogFormat;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything `serve` takes. Its keys in the file are the field names; unknown keys and
/// values of the wrong type are errors with their line.
#[derive(Args, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeSettings {
    /// Folder of event configs (*.json) and their server settings (*.server.json);
    /// reloaded on SIGHUP.
    #[arg(long, env = "CFP_EVENTS", default_value = "events")]
    pub events: PathBuf,
    /// sqlite://PATH (created with its folder) or postgres://USER@HOST:PORT/DB.
    #[arg(
        long,
        env = "CFP_DB",
        hide_env_values = true,
        default_value = "sqlite://data/cfp.sqlite"
    )]
    pub db: String,
    #[arg(long, env = "CFP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A folder of the widget's files to serve, for pages anywhere to load (CORS *):
    /// target/cfp-widget/ from `cargo xtask dist`, or Trunk's dist/ from `cargo
    /// xtask build`, whose index.html also becomes a demo page per event at /events/ID/.
    /// Unset (or `dist = ""` in the file): the API only.
    #[arg(long, env = "CFP_DIST")]
    pub dist: Option<PathBuf>,
    /// Largest request body in bytes.
    #[arg(long, env = "CFP_BODY_LIMIT", default_value_t = 64 * 1024)]
    pub body_limit: usize,
    /// Submissions per minute per client address after the burst; 0 turns the limit
    /// off.
    #[arg(long, env = "CFP_RATE_PER_MINUTE", default_value_t = 30)]
    pub rate_per_minute: u32,
    #[arg(long, env = "CFP_RATE_BURST", default_value_t = 10)]
    pub rate_burst: u32,
    /// Seconds a client may take to send a request's head; then it is disconnected.
    #[arg(long, env = "CFP_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a request's body may take to arrive (408 after).
    #[arg(long, env = "CFP_BODY_TIMEOUT", default_value_t = 20)]
    pub body_timeout: u64,
    /// Seconds a whole request may take, head to answer (408 after).
    #[arg(long, env = "CFP_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// The most connections open at once; more wait until one closes.
    #[arg(long, env = "CFP_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,
    /// A reverse proxy in front of the server, as a CIDR block or an address
    /// (repeat it, or comma-separate them in the variable): from a peer inside one,
    /// the client is the rightmost untrusted address of the --proxy-header. Unset
    /// (or empty): the peer is the client and both headers are ignored.
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR",
        env = "CFP_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = proxy_block
    )]
    #[serde(with = "proxy_blocks")]
    pub trusted_proxies: Vec<Option<ipnet::IpNet>>,
    /// The one header a trusted proxy names the client in: the one your proxy
    /// writes. The other is never read: a client's own changes nothing.
    #[arg(
        long,
        value_enum,
        value_name = "HEADER",
        env = "CFP_PROXY_HEADER",
        default_value_t = ProxyHeader::XForwardedFor
    )]
    pub proxy_header: ProxyHeader,
    /// The organisers' bearer token for the export route; unset disables it.
    #[arg(long, env = "CFP_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Where email goes: smtp://HOST:PORT, smtp://USER:PASSWORD@HOST:587?tls=required
    /// (STARTTLS) or smtps://USER:PASSWORD@HOST:465. Unset: no mail is sent or queued.
    #[arg(long, env = "CFP_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The address messages come from, e.g. "cfp@my-conf.example.org".
    #[arg(long, env = "CFP_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Seconds between looks at the events folder's files: a changed, added or removed
    /// file reloads it as SIGHUP does. 0: only SIGHUP reloads.
    #[arg(
        long,
        env = "CFP_EVENTS_POLL",
        value_name = "SECONDS",
        default_value_t = 2
    )]
    pub events_poll: u64,
    /// How log lines are written: text, or one JSON object a line (stderr's log and
    /// the start-up lines on stdout alike).
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        env = "CFP_LOG_FORMAT",
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,
    /// The bearer token that reads GET /metrics (Prometheus's text format); unset:
    /// no such route.
    #[arg(long, env = "CFP_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

/// Why the settings cannot be used; said at start-up (and by `--print-settings`).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}{problem}", path.display(), if problem.line.is_some() { ", " } else { ": " })]
    Invalid { path: PathBuf, problem: FileProblem },
    /// A value that cannot be written as TOML (a path that is not UTF-8, say).
    #[error("the settings cannot be written as TOML: {0}")]
    Unwritable(String),
}

/// What is wrong in a settings file, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub line: Option<usize>,
    /// toml's message, after the key it is about (`body_limit: invalid type: ...`).
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Default for ServeSettings {
    /// The built-in defaults: every option's `default_value`, the environment unread.
    fn default() -> Self {
        let command = Self::augment_args(clap::Command::new("serve").no_binary_name(true))
            .mut_args(|arg| arg.env(None::<&str>));
        match command
            .try_get_matches_from(std::iter::empty::<&str>())
            .and_then(|matches| Self::from_arg_matches(&matches))
        {
            Ok(settings) => settings,
            // No option is required (the unit tests build this), so nothing to refuse.
            Err(e) => unreachable!("a serve option has no default: {e}"),
        }
    }
}

// Through the masked TOML, so that a secret is never in a log or a test's output.
impl std::fmt::Debug for ServeSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown().unwrap_or_else(|e| e.to_string()))
    }
}

impl ServeSettings {
    /// The file's keys, which are also clap's ids of the options.
    pub fn keys() -> Vec<String> {
        Self::augment_args(clap::Command::new("serve"))
            .get_arguments()
            .map(|arg| arg.get_id().as_str().to_owned())
            .collect()
    }

    /// A settings file's text over the defaults; an error names the line and the key.
    pub fn from_toml(text: &str) -> Result<ServeSettings, FileProblem> {
        let problem = |error: &toml::de::Error, key: String| FileProblem {
            // Counted in bytes: a span is a byte offset, and slicing there could split a
            // character.
            line: error.span().map(|span| {
                let before = &text.as_bytes()[..span.start.min(text.len())];
                before.iter().filter(|b| **b == b'\n').count() + 1
            }),
            message: format!("{key}{}", error.message().trim_end()),
        };
        let document = toml::Deserializer::parse(text).map_err(|e| problem(&e, String::new()))?;
        serde_path_to_error::deserialize(document).map_err(|e| {
            // An unknown key's message names it already.
            let key = match e.path().to_string() {
                _ if e.inner().message().starts_with("unknown field") => String::new(),
                root if root == "." => String::new(),
                key => format!("{key}: "),
            };
            problem(e.inner(), key)
        })
    }

    /// Read and check the file at `path`.
    pub fn from_file(path: &Path) -> Result<ServeSettings, SettingsError> {
        let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
            path: path.to_owned(),
            source,
        })?;
        ServeSettings::from_toml(&text).map_err(|problem| SettingsError::Invalid {
            path: path.to_owned(),
            problem,
        })
    }

    /// What `serve` runs with: `given` (clap's: flags, the environment, the defaults)
    /// with the file at `file` in place of the defaults. `matches` are the ones `given`
    /// was made from, and say which values were given.
    pub fn resolve(
        given: &ServeSettings,
        matches: &ArgMatches,
        file: Option<&Path>,
    ) -> Result<ServeSettings, SettingsError> {
        let Some(file) = file else {
            return Ok(given.clone());
        };
        let mut merged = table(&ServeSettings::from_file(file)?)?;
        let given_table = table(given)?;
        for key in ServeSettings::keys() {
            let given_here = matches!(
                matches.value_source(&key),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            );
            if given_here {
                // An unset option (`None`) is no key in the table.
                match given_table.get(&key) {
                    Some(value) => merged.insert(key, value.clone()),
                    None => merged.remove(&key),
                };
            }
        }
        toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| SettingsError::Unwritable(e.to_string()))
    }

    /// The settings as a TOML file, secrets masked: what `--print-settings` prints.
    /// An option that is unset is a comment, so every key is named.
    pub fn shown(&self) -> Result<String, SettingsError> {
        let mut values = table(self)?;
        let command = Self::augment_args(clap::Command::new("serve"));
        let mut out = String::new();
        for arg in command.get_arguments() {
            let key = arg.get_id().as_str();
            let Some(value) = values.remove(key) else {
                out.push_str(&format!("# {key}: not set\n"));
                continue;
            };
            let value = match value {
                toml::Value::String(text) if arg.is_hide_env_values_set() => {
                    toml::Value::String(masked(&text))
                }
                value => value,
            };
            let mut one = toml::Table::new();
            one.insert(key.to_owned(), value);
            let line =
                toml::to_string(&one).map_err(|e| SettingsError::Unwritable(e.to_string()))?;
            out.push_str(&line);
        }
        Ok(out)
    }
}

/// A secret as shown: a URL with only its password masked (`crate::store::mask_password`,
/// as the start-up lines and errors show it), anything else wholly; an empty one (which
/// turns its option off: `CFP_ADMIN_TOKEN=`) as empty.
fn masked(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else if secret.contains("://") {
        crate::store::mask_password(secret)
    } else {
        "********".to_owned()
    }
}

fn table(settings: &ServeSettings) -> Result<toml::Table, SettingsError> {
    toml::Table::try_from(settings).map_err(|e| SettingsError::Unwritable(e.to_string()))
}

/// A `--trusted-proxy` value; an empty one (`CFP_TRUSTED_PROXIES=` in a compose file, a
/// trailing comma) is none.
fn proxy_block(text: &str) -> Result<Option<ipnet::IpNet>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_trusted_proxy(text).map(Some)
}

/// `trusted_proxies` in the file: an array of strings, each read as the flag's value.
mod proxy_blocks {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        blocks: &[Option<ipnet::IpNet>],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(blocks.iter().flatten().map(ToString::to_string))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Option<ipnet::IpNet>>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| super::proxy_block(text).map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve` with these arguments and no environment at all (the environment is the
    /// integration tests', `tests/settings.rs`, where each server process has its own).
    fn given(args: &[&str]) -> (ServeSettings, ArgMatches) {
        let command = ServeSettings::augment_args(clap::Command::new("serve"))
            .mut_args(|arg| arg.env(None::<&str>));
        let matches = command
            .try_get_matches_from(std::iter::once("serve").chain(args.iter().copied()))
            .unwrap();
        (ServeSettings::from_arg_matches(&matches).unwrap(), matches)
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn every_option_has_a_default_or_is_optional_and_a_cfp_variable() {
        let defaults = ServeSettings::default();
        assert_eq!(defaults.body_limit, 64 * 1024);
        assert_eq!(defaults.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(defaults.admin_token, None);
        assert_eq!(ServeSettings::from_toml("").unwrap(), defaults);
        let command = ServeSettings::augment_args(clap::Command::new("serve"));
        for arg in command.get_arguments() {
            let env = format!("CFP_{}", arg.get_id().as_str().to_uppercase());
            assert_eq!(arg.get_env(), Some(std::ffi::OsStr::new(&env)));
        }
        let secrets: Vec<&str> = command
            .get_arguments()
            .filter(|a| a.is_hide_env_values_set())
            .map(|a| a.get_id().as_str())
            .collect();
        assert_eq!(secrets, ["db", "admin_token", "smtp_url", "metrics_token"]);
    }

    #[test]
    fn the_file_is_under_the_flags_and_over_the_defaults() {
        let settings = file(
            "addr = \"127.0.0.1:9000\"\nbody_limit = 1000\nrate_burst = 3\n\
             trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\nproxy_header = \"forwarded\"\n\
             admin_token = \"from-the-file\"\n",
        );
        let (flags, matches) = given(&["--body-limit", "2000", "--admin-token", "flag"]);
        let resolved = ServeSettings::resolve(&flags, &matches, Some(settings.path())).unwrap();
        assert_eq!(resolved.addr.to_string(), "127.0.0.1:9000");
        assert_eq!(resolved.body_limit, 2000);
        assert_eq!(resolved.rate_burst, 3);
        assert_eq!(resolved.rate_per_minute, 30, "the default");
        assert_eq!(resolved.proxy_header, ProxyHeader::Forwarded);
        assert_eq!(resolved.admin_token.as_deref(), Some("flag"));
        let nets: Vec<String> = resolved
            .trusted_proxies
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        assert_eq!(nets, ["10.0.0.0/8", "::1/128"]);
        // A repeated flag replaces the file's whole list.
        let (flags, matches) = given(&["--trusted-proxy", "127.0.0.1"]);
        let resolved = ServeSettings::resolve(&flags, &matches, Some(settings.path())).unwrap();
        assert_eq!(resolved.trusted_proxies.len(), 1);
        // Without a file, what clap made.
        let (flags, matches) = given(&["--rate-burst", "7"]);
        assert_eq!(
            ServeSettings::resolve(&flags, &matches, None).unwrap(),
            flags
        );
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_the_key_and_the_line() {
        let error = ServeSettings::from_toml("addr = \"127.0.0.1:1\"\nbody_limt = 5\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("line 2: unknown field `body_limt`"),
            "{error}"
        );
        let error = ServeSettings::from_toml("\n\nbody_limit = \"big\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("line 3: body_limit: invalid type: string \"big\""),
            "{error}"
        );
        let error = ServeSettings::from_toml("rate_burst = -1")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("line 1: rate_burst: "), "{error}");
        let error = ServeSettings::from_toml("trusted_proxies = [\"10.0.0.0/33\"]")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("line 1: trusted_proxies") && error.contains("not a CIDR block"),
            "{error}"
        );
        let error = ServeSettings::from_toml("addr = ").unwrap_err().to_string();
        assert!(error.starts_with("line 1: "), "{error}");
        let error = ServeSettings::from_toml("# café\nmail_from = 5\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("line 2: mail_from: "), "{error}");
        let file = file("proxy_header = \"x-real-ip\"\n");
        let error = ServeSettings::from_file(file.path())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(&format!(
                "{}, line 1: proxy_header: ",
                file.path().display()
            )),
            "{error}"
        );
    }

    #[test]
    fn shown_masks_the_secrets_and_names_every_key() {
        let settings = ServeSettings {
            admin_token: Some("organiser-secret".into()),
            smtp_url: Some("smtp://mailer:hunter2@smtp.example.org:587?tls=required".into()),
            db: "postgres://cfp:dbpass@db:5432/cfp".into(),
            ..ServeSettings::default()
        };
        let shown = settings.shown().unwrap();
        for secret in ["organiser-secret", "hunter2", "dbpass"] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(!format!("{settings:?}").contains(secret));
        }
        assert!(shown.contains("admin_token = \"********\""), "{shown}");
        assert!(
            shown.contains("smtp_url = \"smtp://mailer:****@smtp.example.org:587?tls=required\""),
            "{shown}"
        );
        assert!(shown.contains("# dist: not set"), "{shown}");
        assert!(
            shown.contains("proxy_header = \"x-forwarded-for\""),
            "{shown}"
        );
        for key in ServeSettings::keys() {
            assert!(shown.contains(&key), "{key}: {shown}");
        }
        let off = ServeSettings {
            admin_token: Some(String::new()),
            ..ServeSettings::default()
        };
        assert!(off.shown().unwrap().contains("admin_token = \"\"\n"));
        // What it prints reads back as the same settings, but for the masks.
        let back = ServeSettings::from_toml(&shown).unwrap();
        assert_eq!(back.body_limit, settings.body_limit);
        assert_eq!(back.admin_token.as_deref(), Some("********"));
    }
}
