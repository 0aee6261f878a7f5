//! The JSON Schema of the event config (feature `schema`), generated from the Rust types
//! with schemars so it cannot drift from what serde accepts: `deny_unknown_fields` becomes
//! `additionalProperties: false`, serde defaults become `default`, doc comments become
//! descriptions. `cfp-server schema` prints it; `docs/event-config.schema.json` is a copy
//! that a test keeps equal to this output.
//!
//! The patterns below restate, as regular expressions, what `config/check.rs` and
//! `deadline.rs` accept, so an editor can flag a bad id or timestamp while typing. The
//! schema is the structural half only: everything that needs more than one value at once
//! (min ≤ max, unique ids, scopes naming real formats) stays in `EventConfig::check`.

use crate::config::EventConfig;
use crate::deadline::Deadline;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// What `check::is_slug` accepts: lowercase ASCII letters, digits and hyphens, not
/// starting or ending with a hyphen. (Two hyphens in a row are accepted, as in the check.)
pub(crate) const SLUG: &str = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

/// What `check::is_origin` accepts: `http(s)://host[:port]`, nothing after.
pub(crate) const ORIGIN: &str = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$";

/// What `check::is_page_url` accepts: `http(s)://` and a host, no whitespace, no `#`.
pub(crate) const PAGE_URL: &str = "^https?://[^\\s#/?]+[^\\s#]*$";

/// What `check::is_language_tag` accepts: `en`, `de-CH`, `es-419`.
pub(crate) const LANGUAGE_TAG: &str = "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$";

/// Something other than whitespace: the check refuses blank names and labels.
pub(crate) const NOT_BLANK: &str = "\\S";

/// `deadline.rs` in one expression: a date and time with `Z` or `±HH:MM`, or a date, or a
/// date and time, followed by `AoE` (any case, at most one space before it). Impossible
/// days such as 2023-02-29 pass the pattern; the parser refuses them.
const DEADLINE: &str = concat!(
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
    "(",
    "[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])",
    "|",
    "([Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?)? ?[Aa][Oo][Ee]",
    ")$"
);

/// The schema's own top-level description: what it checks and what it leaves to the core.
const DESCRIPTION: &str = "The event config of a cfp-widget call for proposals: one JSON object per event, read by the widget (inline or by URL) and by cfp-server. This schema describes its structure: keys, types, enums, defaults, id and timestamp patterns. Checks that need several values at once are not expressed here and are made by cfp-core's EventConfig::check (the widget's config error box, and `cfp-server check-config FILE`): a min not above its max, ids unique among formats, tracks, questions and options, question scopes naming existing formats and tracks, keys a question kind does not use (options only for choice and multi_choice, limit only for long_text, min/max only for multi_choice and number), track_required with no tracks, a limit with neither min nor max, opens_at before deadline, edits_until not before the deadline (and only with one), a honeypot that is not a proposal field, and impossible dates such as 2023-02-29. See docs/config.md.";

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "cfp_core::Deadline".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "title": "A point in time with its offset",
            "description": "RFC 3339 with a mandatory offset (`2020-02-11T23:59:59-06:00`, `2021-04-01T12:00:00Z`), or AoE, anywhere on earth (UTC-12): `2021-04-01T23:59:59 AoE`, or `2021-04-01 AoE` for the last second of that day.",
            "pattern": DEADLINE,
            "examples": ["2020-02-11T23:59:59-06:00", "2021-04-01 AoE"]
        })
    }
}

/// The event config's JSON Schema (draft 2020-12).
pub fn event_config_schema() -> Schema {
    let mut schema = schemars::schema_for!(EventConfig);
    schema.insert("title".into(), "cfp-widget event config".into());
    schema.insert("description".into(), DESCRIPTION.into());
    schema
}

/// The schema as pretty JSON with a final newline: the text of
/// `docs/event-config.schema.json`.
pub fn event_config_schema_json() -> String {
    let schema = event_config_schema();
    // A schemars Schema is a JSON value with string keys; serialising it cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
