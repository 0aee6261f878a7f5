//! A realistic proposal to measure and demonstrate with: a workshop block as the first seed
//! describes it (talks curated by one organiser), with text of a chosen length.

use crate::proposal::{Proposal, Speaker, Talk};

/// A Dask-style workshop with `talks` talks and a description of `description_words` words.
pub fn workshop(talks: usize, description_words: usize) -> Proposal {
    let sentence = "Dask scales the PyData stack from a laptop to a cluster of machines. ";
    let words = |n: usize| {
        sentence
            .split_whitespace()
            .cycle()
            .take(n)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Proposal {
        title: "Pangeo: big data geoscience with Dask".into(),
        format: Some("workshop".into()),
        track: Some("use-case".into()),
        r#abstract: words(120),
        description: words(description_words),
        speakers: vec![Speaker {
            name: "Ryan Abernathey".into(),
            email: "ryan@example.org".into(),
            affiliation: "Columbia University".into(),
            bio: words(60),
        }],
        talks: (1..=talks)
            .map(|i| Talk {
                title: format!("Talk {i}: climate data at scale"),
                speaker_name: format!("Speaker {i}"),
                speaker_email: format!("speaker{i}@example.org"),
                r#abstract: words(150),
                minutes: Some(20),
            })
            .collect(),
        code_of_conduct: true,
        ..Proposal::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::count_words;

    #[test]
    fn the_sample_has_the_asked_shape() {
        let p = workshop(5, 5_000);
        assert_eq!(p.talks.len(), 5);
        assert_eq!(count_words(&p.description), 5_000);
    }
}
