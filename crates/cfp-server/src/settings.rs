//! An event's server-only settings: what the server needs and no visitor may see
//! (organisers' addresses now; later mail and webhook settings and their secrets).
//!
//! Their home is a file beside the event's public config: `my-conf.server.json` next to
//! `my-conf.json` in `--events` (`events.rs` pairs them by name). Not a section of the
//! config, because the config is public by nature: it is served at `GET /api/events/{id}`,
//! put into the demo page, copied to static hosts for `data-config-url`, and often kept in
//! a public repository with the conference's site. A file of its own can be left out of
//! all of those (`*.server.json` in `.gitignore`, never copied), and a mistake in the
//! public config can never carry a secret, since `EventConfig` has no key for one.
//!
//! `ServerSettings` is deliberately not `Serialize`: no route can send it by accident
//! (`tests/api.rs` checks that the public config and the demo page show none of it).
//! A file is optional; without one an event has the defaults.

use cfp_core::ConfigError;
use serde::Deserialize;

/// What the server reads from `<name>.server.json`. Unknown keys are errors, like the
/// config's, so a misspelt setting never passes silently.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// The organisers' addresses, told of each new proposal, change and withdrawal.
    #[serde(default)]
    pub notify: Vec<String>,
    /// Where replies to the event's messages go (`Reply-To`), e.g. the programme
    /// committee's address; without it, replies go to `--mail-from`.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Called on each new proposal, change and withdrawal (`webhook.rs`).
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
    /// Tokens that sign in to this event's inbox (`inbox/session.rs`), each written as
    /// its SHA-256 in hex (`printf %s "$TOKEN" | sha256sum`), so this file holds no
    /// secret. `--admin-token` opens every event's.
    #[serde(default)]
    pub organiser_tokens: Vec<String>,
}

/// A URL told of each proposal, change and withdrawal, with a signature it can check.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// http(s); a secret itself for Slack and the like, so never logged or stored.
    pub url: String,
    #[serde(default)]
    pub format: WebhookFormat,
    /// The HMAC-SHA256 key of the `Cfp-Signature` header; at least 16 characters.
    pub secret: String,
}

// By hand, so that neither the URL nor the secret is ever printed.
impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id())
            .field("format", &self.format)
            .finish()
    }
}

impl Webhook {
    /// What the outbox and the export call it: `webhook:` and 8 hex digits of the URL's
    /// SHA-256. The URL itself stays in the settings file.
    pub fn id(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.url.as_bytes());
        format!("webhook:{}", hex::encode(&digest[..4]))
    }
}

/// What a webhook's body is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// `{"type": "proposal.received", "event": ..., "proposal": {...}}`.
    #[default]
    Json,
    /// `{"text": "..."}`: Slack's and Mattermost's incoming webhooks (and Discord's,
    /// at its `/slack` address).
    Slack,
}

/// The suffix that makes a file in `--events` server-only settings, not a config.
pub const SUFFIX: &str = ".server.json";

impl ServerSettings {
    /// Parse and check a settings file's text; every problem with its JSON path.
    pub fn from_json(text: &str) -> Result<ServerSettings, Vec<ConfigError>> {
        let mut de = serde_json::Deserializer::from_str(text);
        let problem = |path: String, message: String| vec![ConfigError { path, message }];
        let settings: ServerSettings = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| problem(e.path().to_string(), e.inner().to_string()))?;
        de.end()
            .map_err(|e| problem(String::new(), e.to_string()))?;
        let addresses = settings
            .notify
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("notify[{i}]"), a))
            .chain(settings.reply_to.iter().map(|a| ("reply_to".to_owned(), a)));
        let mut problems: Vec<ConfigError> = addresses
            .filter(|(_, address)| !cfp_core::validate::is_email(address.trim()))
            .map(|(path, _)| ConfigError {
                path,
                message: "must be an email address, e.g. \"programme@my-conf.example.org\"".into(),
            })
            .collect();
        for (i, hook) in settings.webhooks.iter().enumerate() {
            let url = hook.url.as_str();
            let http = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            if !http.is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace)) {
                problems.push(ConfigError {
                    path: format!("webhooks[{i}].url"),
                    message: "must be an http:// or https:// address".into(),
                });
            }
            if hook.secret.chars().count() < 16 {
                problems.push(ConfigError {
                    path: format!("webhooks[{i}].secret"),
                    message: "must be at least 16 characters (e.g. from `openssl rand -hex 32`): the receiver checks each call's signature with it".into(),
                });
            }
        }
        for (i, hash) in settings.organiser_tokens.iter().enumerate() {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                problems.push(ConfigError {
                    path: format!("organiser_tokens[{i}]"),
                    message: "must be a token's SHA-256 as 64 hex digits, from `printf %s \"$TOKEN\" | sha256sum` (the token itself goes to the organiser, not in this file)".into(),
                });
            }
        }
        let mut settings = settings;
        for hash in &mut settings.organiser_tokens {
            hash.make_ascii_lowercase();
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_refuse_what_they_do_not_know() {
        let settings =
            ServerSettings::from_json(r#"{"notify": ["programme@my-conf.example.org"]}"#).unwrap();
        assert_eq!(settings.notify, ["programme@my-conf.example.org"]);
        assert_eq!(
            ServerSettings::from_json("{}").unwrap(),
            ServerSettings::default()
        );

        let errors = ServerSettings::from_json(r#"{"notfy": []}"#).unwrap_err();
        assert!(
            errors[0].message.contains("unknown field `notfy`"),
            "{errors:?}"
        );
        let errors =
            ServerSettings::from_json(r#"{"notify": ["ok@example.org", "nobody"]}"#).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "notify[1]: must be an email address, e.g. \"programme@my-conf.example.org\""
        );
        assert!(
            ServerSettings::from_json(r#"{} {}"#).is_err(),
            "trailing text"
        );
        let errors = ServerSettings::from_json(
            r#"{"webhooks": [{"url": "ftp://x", "secret": "short"}, {"url": "https://hooks.example/a", "format": "slack", "secret": "0123456789abcdef"}]}"#,
        )
        .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["webhooks[0].url", "webhooks[0].secret"]);
        let settings = ServerSettings::from_json(
            r#"{"webhooks": [{"url": "https://hooks.example/T0/B0/xyz", "format": "slack", "secret": "0123456789abcdef"}]}"#,
        )
        .unwrap();
        let shown = format!("{settings:?}");
        assert!(
            !shown.contains("xyz") && !shown.contains("0123456789abcdef"),
            "{shown}"
        );
        assert!(settings.webhooks[0].id().starts_with("webhook:"));
        let hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        let settings =
            ServerSettings::from_json(&format!(r#"{{"organiser_tokens": ["{hash}"]}}"#)).unwrap();
        assert_eq!(settings.organiser_tokens, [hash.to_lowercase()]);
        let errors =
            ServerSettings::from_json(r#"{"organiser_tokens": ["the-token-itself"]}"#).unwrap_err();
        assert_eq!(errors[0].path, "organiser_tokens[0]");
        assert!(errors[0].message.contains("sha256sum"), "{errors:?}");
    }
}
