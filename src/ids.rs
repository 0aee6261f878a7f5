//! Element ids derived from field paths, so the error summary, labels, hints and inputs
//! all agree: `speakers[0].email` is `cfp-field-speakers-0-email`.

/// The id of the input for a field path.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("cfp-field-");
    let mut last_dash = true;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
            last_dash = false;
        } else if !last_dash {
            id.push('-');
            last_dash = true;
        }
    }
    if id.ends_with('-') {
        id.pop();
    }
    id
}

/// The id of a field's hint, error message or counter: `<field id>-<part>`.
pub fn part_id(path: &str, part: &str) -> String {
    format!("{}-{part}", field_id(path))
}

/// The "Add a talk" button.
pub const ADD_TALK: &str = "cfp-talks-add";
/// The "Add another speaker" button.
pub const ADD_SPEAKER: &str = "cfp-speakers-add";

/// A list item's button: `item_button("talk", 2, "up")` is `cfp-talk-2-up`.
pub fn item_button(list: &str, index: usize, action: &str) -> String {
    format!("cfp-{list}-{index}-{action}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_ids() {
        assert_eq!(field_id("title"), "cfp-field-title");
        assert_eq!(field_id("speakers[0].email"), "cfp-field-speakers-0-email");
        assert_eq!(
            field_id("talks[12].abstract"),
            "cfp-field-talks-12-abstract"
        );
        assert_eq!(field_id("code_of_conduct"), "cfp-field-code_of_conduct");
        assert_eq!(part_id("abstract", "hint"), "cfp-field-abstract-hint");
    }
}
