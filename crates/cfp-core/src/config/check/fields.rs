//! Checks on `endpoint.fields`, the names an endpoint expects: each key is a field the
//! form can send, each name is one the endpoint can tell apart from every other.

use crate::config::EventConfig;
use crate::field::{Field, ProposalKey};
use std::collections::{BTreeMap, HashMap};

pub(super) fn check(
    config: &EventConfig,
    fields: &BTreeMap<String, String>,
    problem: &mut impl FnMut(String, &str),
) {
    let most_talks = config
        .formats
        .iter()
        .filter_map(|f| f.talks.map(|t| t.max))
        .max()
        .unwrap_or(0);
    let mut taken: HashMap<&str, &str> = HashMap::new();
    for (path, name) in fields {
        let at = format!("endpoint.fields[{path:?}]");
        let unsent = |what: String| format!("is never sent: {what}");
        match Field::parse(path) {
            None => problem(
                at.clone(),
                "is not a field of a proposal; use a path as errors name fields, such as \"title\", \"speakers[0].email\", \"talks[1].abstract\" or \"answers.<question id>\"",
            ),
            Some(Field::Speakers | Field::Talks) => problem(
                at.clone(),
                "names a whole list; map its entries' fields one by one, e.g. \"speakers[0].name\"",
            ),
            Some(Field::Speaker(i, _)) if i >= config.speakers.max as usize => problem(
                at.clone(),
                &unsent(format!(
                    "speakers.max is {}, so the form has no speaker {}",
                    config.speakers.max,
                    // A path may carry any index up to usize::MAX: `+ 1` must not overflow.
                    // Saturating (no speaker usize::MAX either) rather than u128, whose
                    // formatting added about 440 B to the widget's brotli.
                    i.saturating_add(1)
                )),
            ),
            Some(Field::Talk(i, _)) if i >= most_talks as usize => problem(
                at.clone(),
                &unsent(match most_talks {
                    0 => "no format has talks".to_owned(),
                    n => format!("no format has more than {n} talks"),
                }),
            ),
            Some(Field::Answer(id)) if config.question(&id).is_none() => problem(
                at.clone(),
                "is not the id of one of the event's questions",
            ),
            Some(_) => {}
        }
        if name.trim().is_empty() {
            problem(
                at,
                "must be the name the endpoint expects, e.g. \"entry.1234567\"",
            );
        } else if let Some(other) = taken.insert(name, path) {
            problem(
                at,
                &format!("is also the name of {other:?}; the endpoint could not tell them apart"),
            );
        } else if *name == config.honeypot {
            problem(
                at,
                "is the honeypot's name; bots fill that field, people never do",
            );
        } else if is_own_name(name) && !fields.contains_key(name) {
            problem(
                at,
                "is the name another field is sent under; choose a name of the endpoint's",
            );
        }
    }
}

/// Whether `name` is one the form gives a field of its own (`abstract`, `speakers[0][bio]`).
fn is_own_name(name: &str) -> bool {
    ProposalKey::from_name(name).is_some()
        || ["speakers[", "talks[", "answers["]
            .iter()
            .any(|prefix| name.starts_with(prefix))
}
