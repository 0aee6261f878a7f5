//! The organiser's export, shared by the HTTP route and the CLI: JSON (lossless) and CSV
//! (one row per proposal, for spreadsheets, with formula injection neutralised). Each
//! proposal as it stands: its current version, its state (`submitted`, `withdrawn`), its
//! number of versions (`version`: every change and withdrawal adds one) and where it
//! stands with the organisers (`triage`, set in the inbox, with who and when).

use crate::store::StoredProposal;
use cfp_core::{Answer, Field, Proposal, SpeakerField, TalkField};
use serde::Serialize;

cfp_core::wire_names! {
    /// What the export can be written as (`?format=`, `--format`).
    pub enum ExportFormat {
        Json = "json",
        Csv = "csv",
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        ExportFormat::from_name(s).ok_or_else(|| s.to_owned())
    }
}

impl schemars::JsonSchema for ExportFormat {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExportFormat".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
        schemars::json_schema!({"type": "string", "enum": names})
    }
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The JSON export: the event's id and every proposal.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonExport<'a> {
    event: &'a str,
    /// In the shape a speaker's GET reads them (`StoredProposal`).
    proposals: &'a [StoredProposal],
}

pub fn render(event: &str, rows: &[StoredProposal], format: ExportFormat) -> String {
    match format {
        ExportFormat::Json => json(event, rows),
        ExportFormat::Csv => csv(rows),
    }
}

fn json(event: &str, rows: &[StoredProposal]) -> String {
    let export = JsonExport {
        event,
        proposals: rows,
    };
    // Serialising plain strings and structs into a String cannot fail.
    serde_json::to_string_pretty(&export).unwrap_or_default()
}

/// One row per proposal; a column per field of cfp-core's table (`columns`).
fn csv(rows: &[StoredProposal]) -> String {
    let columns = columns(rows.iter().map(|r| &r.proposal));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "received_at",
        "state",
        "version",
        "updated_at",
        "triage",
        "triage_by",
        "triage_at",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain(columns.iter().map(Field::csv_column))
    .chain(["undelivered_mail".to_owned()]);
    let records = rows.iter().map(|row| {
        [
            row.id.clone(),
            row.received_at.clone(),
            row.state.as_str().to_owned(),
            row.version.to_string(),
            row.updated_at.clone(),
            row.triage
                .as_ref()
                .map_or("", |t| t.state.as_str())
                .to_owned(),
            row.triage
                .as_ref()
                .and_then(|t| t.by.clone())
                .unwrap_or_default(),
            row.triage
                .as_ref()
                .and_then(|t| t.at.clone())
                .unwrap_or_default(),
        ]
        .into_iter()
        .chain(columns.iter().map(|field| cell(&row.proposal, field)))
        .chain([undelivered(row)])
        .collect::<Vec<_>>()
    });
    for record in std::iter::once(header.collect()).chain(records) {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(record.iter().map(|cell| neutralise(cell).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A column per field of cfp-core's table (`Field`), as many speaker and talk columns as
/// the largest of `proposals` needs, one per question answered in any, in id order: the
/// CSV's columns, and what the inbox compares two versions by.
pub fn columns<'a>(proposals: impl Iterator<Item = &'a Proposal> + Clone) -> Vec<Field> {
    let most = |n: fn(&Proposal) -> usize| proposals.clone().map(n).max().unwrap_or(0);
    let (speakers, talks) = (most(|p| p.speakers.len()).max(1), most(|p| p.talks.len()));
    let mut columns = vec![
        Field::Title,
        Field::Format,
        Field::Track,
        Field::Abstract,
        Field::Description,
        Field::CodeOfConduct,
    ];
    for i in 0..speakers {
        columns.extend(SpeakerField::ALL.iter().map(|&f| Field::Speaker(i, f)));
    }
    for i in 0..talks {
        columns.extend(TalkField::ALL.iter().map(|&f| Field::Talk(i, f)));
    }
    let questions: std::collections::BTreeSet<&String> =
        proposals.flat_map(|p| p.answers.keys()).collect();
    columns.extend(questions.into_iter().map(|id| Field::Answer(id.clone())));
    columns
}

/// The messages about a proposal that could not be delivered, one a line:
/// `received to ada@example.org: 550 no such user`.
fn undelivered(row: &StoredProposal) -> String {
    row.undelivered
        .iter()
        .map(|u| format!("{} to {}: {}", u.kind, u.to, u.error))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One field of `p` as a spreadsheet cell ("" for a speaker, talk or answer it lacks).
pub fn cell(p: &Proposal, field: &Field) -> String {
    match field {
        Field::Format => p.format.clone().unwrap_or_default(),
        Field::Track => p.track.clone().unwrap_or_default(),
        Field::CodeOfConduct => yes_no(p.code_of_conduct),
        Field::Talk(i, TalkField::Minutes) => p
            .talks
            .get(*i)
            .and_then(|t| t.minutes)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        Field::Answer(id) => p.answers.get(id).map(answer_cell).unwrap_or_default(),
        Field::Title
        | Field::Abstract
        | Field::Description
        | Field::Speaker(..)
        | Field::Talk(..) => field.text(p).unwrap_or_default().to_owned(),
        Field::Speakers | Field::Talks => String::new(),
    }
}

fn yes_no(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_owned()
}

/// An answer as a spreadsheet cell: yes/no, the number, the text, picks joined by "; ".
fn answer_cell(answer: &Answer) -> String {
    match answer {
        Answer::Bool(yes) => yes_no(*yes),
        Answer::Number(n) => n.to_string(),
        Answer::Text(text) => text.clone(),
        Answer::Choices(picks) => picks.join("; "),
    }
}

/// OWASP CSV injection: a cell a spreadsheet would read as a formula gets a leading `'`.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::Speaker;

    fn row(title: &str) -> StoredProposal {
        StoredProposal {
            id: "7K3MQ-9XZ2A".into(),
            event_id: "ev".into(),
            received_at: "2026-11-22T18:00:00Z".into(),
            state: crate::store::ProposalState::Submitted,
            version: 1,
            updated_at: "2026-11-22T18:00:00Z".into(),
            undelivered: Vec::new(),
            triage: None,
            proposal: Proposal {
                title: title.into(),
                format: Some("talk".into()),
                track: None,
                r#abstract: "Line one\nline \"two\", with a comma".into(),
                description: String::new(),
                speakers: vec![Speaker {
                    name: "@james".into(),
                    email: "j@example.org".into(),
                    affiliation: "-".into(),
                    bio: "\tbio".into(),
                }],
                code_of_conduct: true,
                ..Proposal::default()
            },
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Scaling ML"), "Scaling ML");
        let out = csv(&[row("=cmd|' /C calc'!A0")]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        let get = |name: &str| record[headers.iter().position(|h| h == name).unwrap()].to_owned();
        assert_eq!(get("title"), "'=cmd|' /C calc'!A0");
        assert_eq!(get("speaker1_name"), "'@james");
        assert_eq!(get("speaker1_affiliation"), "'-");
        assert_eq!(get("speaker1_bio"), "'\tbio");
        assert_eq!(get("abstract"), "Line one\nline \"two\", with a comma");
        assert_eq!(get("code_of_conduct"), "yes");
        assert_eq!(get("state"), "submitted");
        assert_eq!(get("version"), "1");
    }

    #[test]
    fn talks_and_answers_get_their_own_columns() {
        let mut workshop = row("Pangeo");
        workshop.proposal.talks = vec![cfp_core::Talk {
            title: "=Zarr".into(),
            speaker_name: "A".into(),
            speaker_email: "a@example.org".into(),
            r#abstract: "Chunks.".into(),
            minutes: Some(20),
        }];
        workshop
            .proposal
            .answers
            .insert("first-talk".into(), Answer::Bool(true));
        workshop.proposal.answers.insert(
            "topics".into(),
            Answer::Choices(vec!["ml".into(), "hpc".into()]),
        );
        let plain = row("A talk");
        let out = csv(&[workshop, plain]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let get = |r: usize, name: &str| {
            records[r][headers.iter().position(|h| h == name).unwrap()].to_owned()
        };
        assert_eq!(get(0, "talk1_title"), "'=Zarr");
        assert_eq!(get(0, "talk1_minutes"), "20");
        assert_eq!(get(0, "answer_first-talk"), "yes");
        assert_eq!(get(0, "answer_topics"), "ml; hpc");
        assert_eq!(get(1, "talk1_title"), "");
        assert_eq!(get(1, "answer_first-talk"), "");
    }

    #[test]
    fn json_keeps_the_proposal_whole() {
        let out = json("ev", &[row("Scaling ML")]);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["event"], "ev");
        assert_eq!(value["proposals"][0]["id"], "7K3MQ-9XZ2A");
        assert_eq!(value["proposals"][0]["state"], "submitted");
        assert_eq!(value["proposals"][0]["version"], 1);
        assert!(value["proposals"][0].get("event_id").is_none());
        assert_eq!(
            value["proposals"][0]["proposal"]["speakers"][0]["name"],
            "@james"
        );
    }
}
