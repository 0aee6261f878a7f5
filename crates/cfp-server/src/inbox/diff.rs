//! What changed between two versions of a proposal: field by field, over the export's
//! columns (`export::columns`, `export::cell`), so a field the CSV has is a field the
//! inbox compares, and a new one in cfp-core's table reaches both.

use crate::export;
use cfp_core::{Field, Proposal};

/// One field that differs: its value before and after ("" where it was absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub field: Field,
    pub before: String,
    pub after: String,
}

/// The fields whose values differ from `before` to `after`, in form order.
pub fn changes(before: &Proposal, after: &Proposal) -> Vec<Changed> {
    export::columns([before, after].into_iter())
        .into_iter()
        .filter_map(|field| {
            let (was, is) = (export::cell(before, &field), export::cell(after, &field));
            (was != is).then_some(Changed {
                field,
                before: was,
                after: is,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::SpeakerField;

    #[test]
    fn only_what_changed_is_listed_with_both_values() {
        let mut before = Proposal::blank();
        before.title = "Dask".into();
        before.speakers[0].name = "James".into();
        let mut after = before.clone();
        after.title = "Dask at scale".into();
        after.speakers.push(cfp_core::Speaker {
            name: "Ada".into(),
            ..Default::default()
        });
        let changed = changes(&before, &after);
        let fields: Vec<&Field> = changed.iter().map(|c| &c.field).collect();
        assert_eq!(
            fields,
            [&Field::Title, &Field::Speaker(1, SpeakerField::Name)]
        );
        assert_eq!(changed[0].before, "Dask");
        assert_eq!(changed[1].before, "");
        assert_eq!(changed[1].after, "Ada");
        assert!(changes(&after, &after).is_empty());
    }
}
