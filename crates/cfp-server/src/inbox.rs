//! The organisers' inbox under `/admin/`: server-rendered pages to read, search and triage
//! what came in, without JavaScript. This file holds what the pages and the store share:
//! where a proposal stands with the organisers (`Triage`, `Standing`), what a list view
//! asks for (`View`: filters, search, sort, page, all of it in the URL), the columns the
//! store keeps for listing (`IndexRow`), and the anonymised view (`anonymise`).
//!
//! `session.rs` is signing in (organiser tokens to a session cookie, CSRF tokens);
//! `pages.rs` the HTML (maud, so everything a speaker wrote is escaped by the template);
//! `diff.rs` what changed between two versions. The handlers are `routes/inbox.rs`.

pub mod diff;
pub mod pages;
pub mod session;

use cfp_core::{Proposal, SpeakerField, TalkField};

/// Proposals per page of the list.
pub const PAGE_SIZE: usize = 50;

cfp_core::wire_names! {
    serde
    /// Where a proposal stands with the organisers: what they set on its page.
    pub enum Triage {
        New = "new",
        Shortlisted = "shortlisted",
        Accepted = "accepted",
        Declined = "declined",
        Spam = "spam",
    }
}

impl schemars::JsonSchema for Triage {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Triage".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Triage::ALL.iter().map(|t| t.as_str()).collect();
        schemars::json_schema!({"type": "string", "enum": names})
    }
}

cfp_core::wire_names! {
    /// What the inbox shows, counts and filters by: the organisers' triage, except that a
    /// proposal the speaker withdrew is withdrawn whatever its triage was.
    pub enum Standing {
        New = "new",
        Shortlisted = "shortlisted",
        Accepted = "accepted",
        Declined = "declined",
        Withdrawn = "withdrawn",
        Spam = "spam",
    }
}

impl Standing {
    pub fn of(withdrawn: bool, triage: Triage) -> Standing {
        if withdrawn {
            return Standing::Withdrawn;
        }
        match triage {
            Triage::New => Standing::New,
            Triage::Shortlisted => Standing::Shortlisted,
            Triage::Accepted => Standing::Accepted,
            Triage::Declined => Standing::Declined,
            Triage::Spam => Standing::Spam,
        }
    }
}

cfp_core::wire_names! {
    /// The orders the list can be in.
    pub enum Sort {
        Newest = "newest",
        Oldest = "oldest",
        Title = "title",
        Speaker = "speaker",
        Standing = "state",
    }
}

/// The organisers' triage as the export shows it: the state, who set it and when
/// (neither for a proposal nobody has triaged).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Triaged {
    pub state: Triage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A list view as its URL says it (`?format=workshop&state=new&q=dask&sort=title&page=2`):
/// every link and form of the inbox carries it on, so a view can be bookmarked and
/// shared, and next/previous stay inside it. A value the event does not have is kept
/// and matches nothing; an empty one (`format=`, as a form sends "Any") is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub format: Option<String>,
    pub track: Option<String>,
    pub state: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

/// What the store filters on: `View` read, with whether names may be searched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub format: Option<String>,
    pub track: Option<String>,
    /// A state name the inbox does not know matches nothing (`Err` keeps it).
    pub standing: Option<Result<Standing, String>>,
    /// Lowercase words, each of which must be in the proposal.
    pub words: Vec<String>,
    /// Search the speakers' names, addresses and affiliations too (not when anonymised).
    pub people: bool,
}

impl View {
    /// A view from a query string (without its `?`): unknown keys are ignored and the
    /// last of a repeated one wins, so no URL makes the list fail.
    pub fn parse(query: &str) -> View {
        let mut view = View::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let slot = match key.as_ref() {
                "format" => &mut view.format,
                "track" => &mut view.track,
                "state" => &mut view.state,
                "q" => &mut view.q,
                "sort" => &mut view.sort,
                "page" => &mut view.page,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        view
    }

    /// The filter this view asks for; `anonymised` searches no names.
    pub fn filter(&self, anonymised: bool) -> Filter {
        Filter {
            format: given(&self.format),
            track: given(&self.track),
            standing: given(&self.state).map(|name| Standing::from_name(&name).ok_or(name.clone())),
            words: given(&self.q)
                .map(|q| {
                    q.to_lowercase()
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            people: !anonymised,
        }
    }

    /// The order asked for; newest first by default, and by speaker only when names
    /// are shown.
    pub fn sort(&self, anonymised: bool) -> Sort {
        match given(&self.sort).and_then(|s| Sort::from_name(&s)) {
            Some(Sort::Speaker) if anonymised => Sort::Newest,
            Some(sort) => sort,
            None => Sort::Newest,
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> usize {
        given(&self.page)
            .and_then(|p| p.parse::<usize>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    /// The same view on another page.
    pub fn on_page(&self, page: usize) -> View {
        View {
            page: (page > 1).then(|| page.to_string()),
            ..self.clone()
        }
    }

    /// The view as a query string, without the `?`; only what is set, in a fixed order.
    pub fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("format", &self.format),
            ("track", &self.track),
            ("state", &self.state),
            ("q", &self.q),
            ("sort", &self.sort),
            ("page", &self.page),
        ] {
            if let Some(value) = given(value) {
                out.append_pair(key, &value);
            }
        }
        out.finish()
    }

    /// `path` with this view's query, if it has one.
    pub fn link(&self, path: &str) -> String {
        match self.query() {
            q if q.is_empty() => path.to_owned(),
            q => format!("{path}?{q}"),
        }
    }

    /// Whether anything narrows the list.
    pub fn is_filtered(&self) -> bool {
        [&self.format, &self.track, &self.state, &self.q]
            .into_iter()
            .any(|v| given(v).is_some())
    }
}

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// What the store keeps of a proposal's current version for the list (table
/// `proposal_index`), made whenever a version is saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexRow {
    pub format: String,
    pub track: String,
    pub first_speaker: String,
    pub talks: i64,
    pub words: String,
    pub people: String,
}

impl IndexRow {
    pub fn of(p: &Proposal) -> IndexRow {
        let mut words = vec![p.title.as_str(), &p.r#abstract, &p.description];
        let mut people = Vec::new();
        for speaker in &p.speakers {
            for field in [
                SpeakerField::Name,
                SpeakerField::Email,
                SpeakerField::Affiliation,
            ] {
                people.push(field.get(speaker));
            }
        }
        for talk in &p.talks {
            words.extend([talk.title.as_str(), &talk.r#abstract]);
            for field in [TalkField::SpeakerName, TalkField::SpeakerEmail] {
                people.extend(field.get(talk));
            }
        }
        // One line per field: a search word never spans two of them.
        let joined = |parts: Vec<&str>| parts.join("\n").to_lowercase();
        IndexRow {
            format: p.format.clone().unwrap_or_default(),
            track: p.track.clone().unwrap_or_default(),
            first_speaker: p
                .speakers
                .first()
                .map(|s| s.name.trim().to_owned())
                .unwrap_or_default(),
            talks: p.talks.len() as i64,
            words: joined(words),
            people: joined(people),
        }
    }
}

/// The proposal with everything that says who its people are taken out: the speakers'
/// names, addresses, affiliations and bios, and the names and addresses of a workshop's
/// talks' speakers. What the anonymised view shows and downloads.
pub fn anonymise(p: &Proposal) -> Proposal {
    let mut p = p.clone();
    for speaker in &mut p.speakers {
        for field in SpeakerField::ALL {
            field.get_mut(speaker).clear();
        }
    }
    for talk in &mut p.talks {
        talk.speaker_name.clear();
        talk.speaker_email.clear();
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_round_trips_through_its_query_and_reads_loosely() {
        let view = View::parse("format=workshop&track=&q=Dask%20Arrays&sort=title&page=2&x=1");
        assert_eq!(
            view.query(),
            "format=workshop&q=Dask+Arrays&sort=title&page=2"
        );
        assert_eq!(view.page(), 2);
        assert_eq!(
            view.on_page(1).query(),
            "format=workshop&q=Dask+Arrays&sort=title"
        );
        let filter = view.filter(false);
        assert_eq!(filter.words, ["dask", "arrays"]);
        assert_eq!(filter.track, None);
        assert_eq!(view.sort(false), Sort::Title);
        let odd = View {
            state: Some("lost".into()),
            sort: Some("speaker".into()),
            page: Some("-3".into()),
            ..View::default()
        };
        assert_eq!(odd.filter(true).standing, Some(Err("lost".into())));
        assert!(!odd.filter(true).people);
        assert_eq!(
            odd.sort(true),
            Sort::Newest,
            "no sorting by name when anonymised"
        );
        assert_eq!(odd.page(), 1);
        assert_eq!(View::default().link("/admin/"), "/admin/");
    }

    #[test]
    fn withdrawn_wins_over_triage_and_anonymised_keeps_no_person() {
        assert_eq!(Standing::of(true, Triage::Accepted), Standing::Withdrawn);
        assert_eq!(Standing::of(false, Triage::Spam), Standing::Spam);
        let mut p = Proposal::blank();
        p.title = "Dask".into();
        p.speakers[0] = cfp_core::Speaker {
            name: "James Lamb".into(),
            email: "j@example.org".into(),
            affiliation: "SpotHero".into(),
            bio: "Bio".into(),
        };
        p.talks.push(cfp_core::Talk {
            title: "Zarr".into(),
            speaker_name: "Ada".into(),
            speaker_email: "ada@example.org".into(),
            ..cfp_core::Talk::default()
        });
        let row = IndexRow::of(&p);
        assert_eq!(row.first_speaker, "James Lamb");
        assert!(row.people.contains("spothero") && row.people.contains("ada@example.org"));
        assert!(row.words.contains("zarr") && !row.words.contains("james"));
        let shown = serde_json::to_string(&anonymise(&p)).unwrap();
        for person in ["James", "j@example.org", "SpotHero", "Bio", "Ada", "ada@"] {
            assert!(!shown.contains(person), "{person} in {shown}");
        }
        assert!(shown.contains("Zarr"));
    }
}
