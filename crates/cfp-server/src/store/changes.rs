//! The statements each write job runs inside the writer's transaction (`writer.rs`):
//! storing a new proposal (once per Idempotency-Key), saving a change as a new version,
//! a withdrawal, and the cap of proposals per speaker. Also what start-up does on the
//! writer's connection before the writer takes it: loading (or making, once) the edit
//! key, and filling in the speakers of proposals stored before the cap existed.
//!
//! Nothing here raises a constraint error for anything a request can cause (a failed
//! statement fails the whole batch, so it must mean a fault): a key or id seen before is
//! looked up or skipped with `ON CONFLICT DO NOTHING`, a speaker's address is written
//! once per proposal. Every check that must not race (the key, the version a change was
//! made from, the cap) reads inside the same transaction as the write that depends on
//! it; there is one writer, so no other write comes between.

use super::{Capped, Changed, Inserted, ProposalState, StoredProposal};
use crate::edit_token::EditKey;
use crate::inbox::{IndexRow, Triage, Triaged};
use crate::outbox::{self, Notices, Planned, What};
use crate::receipt::{new_id, now_rfc3339, Receipt};
use sqlx::{Any, AnyConnection, Row, Transaction};

/// A proposal to store.
#[derive(Debug)]
pub(crate) struct NewRow {
    pub event_id: String,
    pub key: String,
    pub received_at: String,
    pub title: String,
    pub json: String,
    /// Its speakers' addresses, normalised (`speaker_emails`), with their index.
    pub emails: Vec<(usize, String)>,
    /// The event's `limits.proposals_per_speaker`.
    pub cap: Option<u32>,
    /// The messages a new proposal causes (`outbox::plan`), queued with it.
    pub messages: Vec<Planned>,
    /// Its row of the inbox's list.
    pub index: IndexRow,
}

/// A change to a stored proposal.
#[derive(Debug)]
pub(crate) struct ChangeRow {
    pub event_id: String,
    pub id: String,
    pub at: String,
    /// The versions the client's `If-Match` named; `None`: no condition (a withdrawal
    /// without If-Match; a save always has one).
    pub expected: Option<Vec<i64>>,
    pub kind: ChangeKind,
    /// Who is told of it; what to queue depends on the version before (`outbox::plan`).
    pub notices: Notices,
}

#[derive(Debug)]
pub(crate) enum ChangeKind {
    Save {
        title: String,
        json: String,
        emails: Vec<(usize, String)>,
        cap: Option<u32>,
        index: Box<IndexRow>,
    },
    Withdraw,
}

/// Each speaker's address as the cap counts it (`cfp_core::normalised_email`, the one
/// validate's duplicate check uses), with the speaker's index; the same address twice
/// counts once.
pub(crate) fn speaker_emails(proposal: &cfp_core::Proposal) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, speaker) in proposal.speakers.iter().enumerate() {
        let email = cfp_core::normalised_email(&speaker.email);
        if !email.is_empty() && !out.iter().any(|(_, e)| *e == email) {
            out.push((i, email));
        }
    }
    out
}

pub(crate) async fn insert(
    tx: &mut Transaction<'_, Any>,
    key: &EditKey,
    row: &NewRow,
) -> Result<Inserted, sqlx::Error> {
    let receipt = |id: String, received_at: String| Receipt {
        edit_token: key.token(&row.event_id, &id),
        id,
        received_at,
    };
    // Before the key is looked up: a replay waiting behind its first is then a replay,
    // not a proposal over the cap.
    if row.cap.is_some() {
        serialise_on(tx, speaker_keys(&row.event_id, &row.emails)).await?;
    }
    for _ in 0..3 {
        // A key seen before answers first: a replay is already counted by the cap.
        let stored = sqlx::query(
            "SELECT p.id, p.received_at, v.proposal FROM proposals p \
             JOIN proposal_versions v ON v.proposal_id = p.id AND v.version = 1 \
             WHERE p.event_id = $1 AND p.idempotency_key = $2",
        )
        .bind(&row.event_id)
        .bind(&row.key)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(stored) = stored {
            let json: String = stored.try_get("proposal")?;
            if json != row.json {
                return Ok(Inserted::KeyConflict);
            }
            return Ok(Inserted::Replayed(receipt(
                stored.try_get("id")?,
                stored.try_get("received_at")?,
            )));
        }
        if let Some(capped) = over_cap(tx, &row.event_id, "", &row.emails, row.cap).await? {
            return Ok(Inserted::TooManyProposals(capped));
        }
        let id = new_id();
        let done = sqlx::query(
            "INSERT INTO proposals (id, event_id, idempotency_key, received_at, title, version, state) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&row.event_id)
        .bind(&row.key)
        .bind(&row.received_at)
        .bind(&row.title)
        .bind(ProposalState::Submitted.as_str())
        .execute(&mut **tx)
        .await?;
        // Nothing inserted: the random id (50 bits) was taken; look again, draw another.
        if done.rows_affected() == 1 {
            add_version(
                tx,
                &id,
                1,
                &row.received_at,
                ProposalState::Submitted,
                &row.json,
            )
            .await?;
            set_speakers(tx, &row.event_id, &id, &row.emails).await?;
            super::inbox::set_index(tx, &row.event_id, &id, &row.index).await?;
            super::outbox::queue(tx, &row.event_id, &id, 1, &row.messages).await?;
            return Ok(Inserted::New(receipt(id, row.received_at.clone())));
        }
    }
    Err(sqlx::Error::Protocol(
        "could not find a free proposal id in 3 tries".into(),
    ))
}

pub(crate) async fn change(
    tx: &mut Transaction<'_, Any>,
    row: &ChangeRow,
) -> Result<Changed<Current>, sqlx::Error> {
    serialise_on(tx, vec![format!("proposal\n{}", row.id)]).await?;
    let Some(current) = current(tx, &row.event_id, &row.id).await? else {
        return Ok(Changed::Missing);
    };
    let stale = row
        .expected
        .as_ref()
        .is_some_and(|versions| !versions.contains(&current.version));
    let (state, json) = match &row.kind {
        ChangeKind::Save { .. } if current.state == ProposalState::Withdrawn => {
            return Ok(Changed::Withdrawn)
        }
        // Already as asked (the same body again, say a retry whose first answer was
        // lost; a second withdrawal): the proposal as it stands, no new version. RFC
        // 9110 (13.1.1) lets a server answer so even when If-Match no longer matches.
        ChangeKind::Save { json, .. } if *json == current.json => {
            return Ok(Changed::Done(current))
        }
        ChangeKind::Withdraw if current.state == ProposalState::Withdrawn => {
            return Ok(Changed::Done(current))
        }
        _ if stale => return Ok(Changed::Stale(current.version)),
        ChangeKind::Save {
            title,
            json,
            emails,
            cap,
            index,
        } => {
            if cap.is_some() {
                serialise_on(tx, speaker_keys(&row.event_id, emails)).await?;
            }
            if let Some(capped) = over_cap(tx, &row.event_id, &row.id, emails, *cap).await? {
                return Ok(Changed::TooManyProposals(capped));
            }
            sqlx::query("UPDATE proposals SET title = $1 WHERE id = $2")
                .bind(title)
                .bind(&row.id)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM proposal_speakers WHERE proposal_id = $1")
                .bind(&row.id)
                .execute(&mut **tx)
                .await?;
            set_speakers(tx, &row.event_id, &row.id, emails).await?;
            super::inbox::set_index(tx, &row.event_id, &row.id, index).await?;
            (ProposalState::Submitted, json.clone())
        }
        ChangeKind::Withdraw => (ProposalState::Withdrawn, current.json.clone()),
    };
    let version = current.version + 1;
    add_version(tx, &row.id, version, &row.at, state, &json).await?;
    if row.notices.mail || !row.notices.webhooks.is_empty() {
        let what = match row.kind {
            ChangeKind::Save { .. } => What::Changed,
            ChangeKind::Withdraw => What::Withdrawn,
        };
        let parse = |json: &str| serde_json::from_str::<cfp_core::Proposal>(json);
        // Both bodies were written by this server; one that does not parse is a fault.
        let (now, before) = parse(&json)
            .and_then(|now| Ok((now, parse(&current.json)?)))
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let messages = outbox::plan(what, &now, Some(&before), &row.notices);
        super::outbox::queue(tx, &row.event_id, &row.id, version, &messages).await?;
    }
    sqlx::query("UPDATE proposals SET version = $1, state = $2 WHERE id = $3")
        .bind(version)
        .bind(state.as_str())
        .bind(&row.id)
        .execute(&mut **tx)
        .await?;
    Ok(Changed::Done(Current {
        version,
        state,
        updated_at: row.at.clone(),
        json,
        ..current
    }))
}

/// A proposal's row and current version, as the writer reads them (the body unparsed).
#[derive(Debug)]
pub(crate) struct Current {
    pub id: String,
    pub event_id: String,
    pub received_at: String,
    pub version: i64,
    pub state: ProposalState,
    pub updated_at: String,
    pub json: String,
    /// The organisers' triage: in the export, never in the speaker's view.
    pub triage: Triaged,
}

impl Current {
    /// The proposal as the speaker sees it.
    pub fn parse(self) -> Result<StoredProposal, super::StoreError> {
        Ok(StoredProposal {
            triage: None,
            proposal: serde_json::from_str(&self.json)?,
            id: self.id,
            event_id: self.event_id,
            received_at: self.received_at,
            version: self.version,
            state: self.state,
            updated_at: self.updated_at,
            undelivered: Vec::new(),
        })
    }
}

/// The columns `Current` reads, for the writer and the store's readers alike.
pub(crate) const CURRENT: &str = "SELECT p.id, p.event_id, p.received_at, p.version, p.state, \
    p.triage, p.triage_by, p.triage_at, v.saved_at, v.proposal FROM proposals p \
    JOIN proposal_versions v ON v.proposal_id = p.id AND v.version = p.version";

/// Text column `name` of `row` read as one of a set of names (`parse`); another is a
/// decode error naming the column and the value (this server wrote none such).
pub(crate) fn named<T>(
    row: &sqlx::any::AnyRow,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(name)?;
    parse(&text).ok_or_else(|| sqlx::Error::Decode(format!("unknown {name} {text:?}").into()))
}

pub(crate) fn current_from_row(row: &sqlx::any::AnyRow) -> Result<Current, sqlx::Error> {
    Ok(Current {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        received_at: row.try_get("received_at")?,
        version: row.try_get("version")?,
        state: named(row, "state", ProposalState::parse)?,
        updated_at: row.try_get("saved_at")?,
        json: row.try_get("proposal")?,
        triage: Triaged {
            state: named(row, "triage", Triage::from_name)?,
            by: row.try_get("triage_by")?,
            at: row.try_get("triage_at")?,
        },
    })
}

async fn current(
    tx: &mut Transaction<'_, Any>,
    event_id: &str,
    id: &str,
) -> Result<Option<Current>, sqlx::Error> {
    let row = sqlx::query(&format!("{CURRENT} WHERE p.event_id = $1 AND p.id = $2"))
        .bind(event_id)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(current_from_row).transpose()
}

async fn add_version(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    version: i64,
    at: &str,
    state: ProposalState,
    json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO proposal_versions (proposal_id, version, saved_at, state, proposal) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(at)
    .bind(state.as_str())
    .bind(json)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn set_speakers(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
    emails: &[(usize, String)],
) -> Result<(), sqlx::Error> {
    for (_, email) in emails {
        sqlx::query(
            "INSERT INTO proposal_speakers (proposal_id, event_id, email) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(event_id)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The first speaker who already has `cap` proposals in the event that are not
/// withdrawn, not counting proposal `except` (the one being changed; "" for a new one).
async fn over_cap(
    tx: &mut Transaction<'_, Any>,
    event_id: &str,
    except: &str,
    emails: &[(usize, String)],
    cap: Option<u32>,
) -> Result<Option<Capped>, sqlx::Error> {
    let Some(cap) = cap else { return Ok(None) };
    for (speaker, email) in emails {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM proposal_speakers s \
             JOIN proposals p ON p.id = s.proposal_id \
             WHERE s.event_id = $1 AND s.email = $2 AND p.state = $3 AND p.id <> $4",
        )
        .bind(event_id)
        .bind(email)
        .bind(ProposalState::Submitted.as_str())
        .bind(except)
        .fetch_one(&mut **tx)
        .await?;
        let n: i64 = row.try_get("n")?;
        if n >= i64::from(cap) {
            return Ok(Some(Capped {
                speaker: *speaker,
                email: email.clone(),
                limit: cap,
            }));
        }
    }
    Ok(None)
}

/// Hold this transaction's other steps until every other transaction on one of `keys`
/// has ended, so that what it reads stays true until it writes. One process's writes go
/// through its one writer, so on SQLite (one process per file) they already are one
/// after the other; two servers on one PostgreSQL are not: each would count a speaker's
/// proposals in its own transaction and both insert past the cap, or both save version
/// 2 over version 1. A transaction-scoped advisory lock per key holds the second until
/// the first commits. Keys are taken in sorted order, a proposal's before its speakers',
/// so two transactions never wait on each other in a circle.
async fn serialise_on(
    tx: &mut Transaction<'_, Any>,
    mut keys: Vec<String>,
) -> Result<(), sqlx::Error> {
    if tx.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    keys.sort();
    for key in keys {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `serialise_on`'s keys for counting these speakers' proposals to an event.
fn speaker_keys(event_id: &str, emails: &[(usize, String)]) -> Vec<String> {
    emails
        .iter()
        .map(|(_, email)| format!("speaker\n{event_id}\n{email}"))
        .collect()
}

/// The edit key kept in `secrets`, made on the first start. Two servers starting at
/// once on one PostgreSQL both end with the one that was inserted first.
pub(crate) async fn edit_key(conn: &mut AnyConnection) -> Result<EditKey, super::StoreError> {
    let fresh = EditKey::generate()?;
    sqlx::query(
        "INSERT INTO secrets (name, value, created_at) VALUES ('edit_token', $1, $2) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(fresh.to_hex())
    .bind(now_rfc3339())
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query("SELECT value FROM secrets WHERE name = 'edit_token'")
        .fetch_one(&mut *conn)
        .await?;
    let stored: String = row.try_get("value")?;
    EditKey::from_hex(&stored).ok_or(super::StoreError::BadSecret)
}

/// Speakers' rows for proposals stored before `proposal_speakers` existed (or restored
/// from a dump without it): the cap counts them too. Cheap when there are none.
pub(crate) async fn backfill_speakers(conn: &mut AnyConnection) -> Result<(), super::StoreError> {
    for stored in lacking(conn, "proposal_speakers").await? {
        let emails = speaker_emails(&stored.proposal);
        set_speakers(conn, &stored.event_id, &stored.id, &emails).await?;
    }
    Ok(())
}

/// Every proposal, as it stands, that has no row in `table` (by its `proposal_id`):
/// what a start-up backfill of that table fills in.
pub(crate) async fn lacking(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<Vec<StoredProposal>, super::StoreError> {
    let rows = sqlx::query(&format!(
        "{CURRENT} WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.proposal_id = p.id)"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| current_from_row(row)?.parse())
        .collect()
}
