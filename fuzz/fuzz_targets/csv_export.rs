//! The CSV export of proposals built from JSON or arbitrary bytes never panics, reads back with the csv crate as one row per proposal of one width, and no cell starts as a formula.
#![no_main]

use std::collections::BTreeSet;

use cfp_server::export::{neutralise, render, ExportFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rows = cfp_fuzz::rows(data);
    let out = render("ev", &rows, ExportFormat::Csv);

    let most = |n: fn(&cfp_core::Proposal) -> usize| {
        rows.iter().map(|r| n(&r.proposal)).max().unwrap_or(0)
    };
    let questions: BTreeSet<&String> = rows
        .iter()
        .flat_map(|r| r.proposal.answers.keys())
        .collect();
    // id, received_at, state, version, updated_at; the six proposal fields; per speaker
    // and talk its fields; a column per question; undelivered_mail.
    let width = 5
        + 6
        + 4 * most(|p| p.speakers.len()).max(1)
        + 5 * most(|p| p.talks.len())
        + questions.len()
        + 1;

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the export does not read back: {e}\n{out}"));
    assert_eq!(
        records.len(),
        rows.len() + 1,
        "a header and one row per proposal"
    );
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.len(), width, "row {i} of {out:?}");
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "row {i}: {cell:?} would be read as a formula"
            );
        }
    }
    for (row, record) in rows.iter().zip(&records[1..]) {
        assert_eq!(&record[0], neutralise(&row.id));
        assert_eq!(&record[5], neutralise(&row.proposal.title), "the title");
    }
});
