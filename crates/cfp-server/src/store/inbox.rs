//! The inbox's rows (`migrations/0005_inbox.sql`): the list columns kept beside each
//! proposal, the organisers' triage and notes, the signed-in sessions; the writes run by
//! the writer in its batches (`InboxWrite`), the reads through the pool.
//!
//! The list's filters become one `WHERE` (`Where`), used alike by the page of 50, its
//! count, the ids next/previous walk, and the downloads, so they can never disagree.

use super::changes::{lacking, named};
use super::{ProposalState, Store, StoreError, StoredProposal};
use crate::inbox::{Filter, IndexRow, Sort, Standing, Triage};
use cfp_core::Proposal;
use sqlx::{Any, AnyConnection, Row, Transaction};

/// The standing as SQL: the speaker's withdrawal wins over the organisers' triage.
const STANDING: &str = "(CASE WHEN p.state = 'withdrawn' THEN 'withdrawn' ELSE p.triage END)";

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub received_at: String,
    pub title: String,
    pub standing: Standing,
    pub format: String,
    pub track: String,
    pub first_speaker: String,
    pub talks: i64,
}

/// One page of the list, and how many match in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    pub total: usize,
    pub rows: Vec<Listed>,
}

/// One version of a proposal, as it was saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub version: i64,
    pub saved_at: String,
    pub state: ProposalState,
    pub proposal: Proposal,
}

/// An organiser's note on a proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub written_at: String,
    pub author: String,
    pub body: String,
}

/// A signed-in organiser, as kept (`inbox::session` makes and reads it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub session_sha256: String,
    pub token_sha256: String,
    pub organiser: String,
    pub language: String,
    pub anonymised: bool,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A write of the inbox, run by the writer in its batch; `Ok(true)` when it found what
/// it was about (the proposal, the session).
#[derive(Debug)]
pub(crate) enum InboxWrite {
    Triage {
        event_id: String,
        id: String,
        triage: Triage,
        by: String,
        at: String,
    },
    Note {
        event_id: String,
        id: String,
        note: Note,
    },
    /// A new session; expired ones are deleted on the way.
    OpenSession {
        row: SessionRow,
        now: i64,
    },
    CloseSession {
        session_sha256: String,
    },
    Anonymise {
        session_sha256: String,
        on: bool,
    },
}

impl InboxWrite {
    pub(crate) async fn run(&self, tx: &mut Transaction<'_, Any>) -> Result<bool, sqlx::Error> {
        let done = match self {
            InboxWrite::Triage {
                event_id,
                id,
                triage,
                by,
                at,
            } => {
                sqlx::query(
                    "UPDATE proposals SET triage = $1, triage_by = $2, triage_at = $3 \
                     WHERE id = $4 AND event_id = $5",
                )
                .bind(triage.as_str())
                .bind(by)
                .bind(at)
                .bind(id)
                .bind(event_id)
                .execute(&mut **tx)
                .await?
            }
            InboxWrite::Note { event_id, id, note } => {
                sqlx::query(
                    "INSERT INTO proposal_notes (note_id, proposal_id, written_at, author, body) \
                     SELECT $1, p.id, $2, $3, $4 FROM proposals p WHERE p.id = $5 AND p.event_id = $6",
                )
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(&note.written_at)
                .bind(&note.author)
                .bind(&note.body)
                .bind(id)
                .bind(event_id)
                .execute(&mut **tx)
                .await?
            }
            InboxWrite::OpenSession { row, now } => {
                sqlx::query("DELETE FROM inbox_sessions WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO inbox_sessions (session_sha256, token_sha256, organiser, language, \
                     anonymised, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&row.session_sha256)
                .bind(&row.token_sha256)
                .bind(&row.organiser)
                .bind(&row.language)
                .bind(i64::from(row.anonymised))
                .bind(row.created_at)
                .bind(row.expires_at)
                .execute(&mut **tx)
                .await?
            }
            InboxWrite::CloseSession { session_sha256 } => {
                sqlx::query("DELETE FROM inbox_sessions WHERE session_sha256 = $1")
                    .bind(session_sha256)
                    .execute(&mut **tx)
                    .await?
            }
            InboxWrite::Anonymise { session_sha256, on } => {
                sqlx::query("UPDATE inbox_sessions SET anonymised = $1 WHERE session_sha256 = $2")
                    .bind(i64::from(*on))
                    .bind(session_sha256)
                    .execute(&mut **tx)
                    .await?
            }
        };
        Ok(done.rows_affected() == 1)
    }
}

/// Keep `index` as the list's row of proposal `id` (a new one, or a saved change).
pub(crate) async fn set_index(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
    index: &IndexRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO proposal_index (proposal_id, event_id, format, track, first_speaker, talks, words, people) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (proposal_id) DO UPDATE SET \
         format = excluded.format, track = excluded.track, first_speaker = excluded.first_speaker, \
         talks = excluded.talks, words = excluded.words, people = excluded.people",
    )
    .bind(id)
    .bind(event_id)
    .bind(&index.format)
    .bind(&index.track)
    .bind(&index.first_speaker)
    .bind(index.talks)
    .bind(&index.words)
    .bind(&index.people)
    .execute(conn)
    .await?;
    Ok(())
}

/// List rows for proposals stored before the inbox existed (or restored without them).
pub(crate) async fn backfill_index(conn: &mut AnyConnection) -> Result<(), StoreError> {
    for stored in lacking(conn, "proposal_index").await? {
        set_index(
            conn,
            &stored.event_id,
            &stored.id,
            &IndexRow::of(&stored.proposal),
        )
        .await?;
    }
    Ok(())
}

/// A filter as SQL: the `WHERE` after the joins, and its values ($1 is the event).
struct Where {
    sql: String,
    binds: Vec<String>,
}

impl Where {
    fn new(event_id: &str, filter: &Filter) -> Where {
        let mut w = Where {
            sql: "p.event_id = $1".to_owned(),
            binds: vec![event_id.to_owned()],
        };
        if let Some(format) = &filter.format {
            w.and("i.format = ", format.clone());
        }
        if let Some(track) = &filter.track {
            w.and("i.track = ", track.clone());
        }
        match &filter.standing {
            Some(Ok(standing)) => w.and(&format!("{STANDING} = "), standing.as_str().to_owned()),
            // Nothing has a state the inbox does not know.
            Some(Err(_)) => w.sql.push_str(" AND 1 = 0"),
            None => {}
        }
        for word in &filter.words {
            let pattern = format!("%{}%", like_escaped(word));
            w.binds.push(pattern);
            let n = w.binds.len();
            if filter.people {
                w.sql.push_str(&format!(
                    " AND (i.words LIKE ${n} ESCAPE '\\' OR i.people LIKE ${n} ESCAPE '\\')"
                ));
            } else {
                w.sql
                    .push_str(&format!(" AND i.words LIKE ${n} ESCAPE '\\'"));
            }
        }
        w
    }

    fn and(&mut self, test: &str, value: String) {
        self.binds.push(value);
        self.sql
            .push_str(&format!(" AND {test}${}", self.binds.len()));
    }

    fn query(&self, select: &str, tail: &str) -> String {
        format!(
            "{select} FROM proposals p JOIN proposal_index i ON i.proposal_id = p.id \
             WHERE {} {tail}",
            self.sql
        )
    }
}

/// `%`, `_` and the escape itself, taken literally by `LIKE ... ESCAPE '\'`.
fn like_escaped(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => "ORDER BY p.received_at DESC, p.id DESC",
        Sort::Oldest => "ORDER BY p.received_at, p.id",
        Sort::Title => "ORDER BY LOWER(p.title), p.id",
        Sort::Speaker => "ORDER BY LOWER(i.first_speaker), p.received_at, p.id",
        Sort::Standing => {
            "ORDER BY (CASE WHEN p.state = 'withdrawn' THEN 4 WHEN p.triage = 'new' THEN 0 \
             WHEN p.triage = 'shortlisted' THEN 1 WHEN p.triage = 'accepted' THEN 2 \
             WHEN p.triage = 'declined' THEN 3 ELSE 5 END), p.received_at DESC, p.id"
        }
    }
}

fn bound<'q>(
    sql: &'q str,
    binds: &'q [String],
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    binds
        .iter()
        .fold(sqlx::query(sql), |query, value| query.bind(value.as_str()))
}

impl Store {
    /// How many of an event's proposals stand where, in `Standing::ALL`'s order.
    pub async fn inbox_counts(&self, event_id: &str) -> Result<Vec<(Standing, i64)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {STANDING} AS standing, COUNT(*) AS n FROM proposals p \
             WHERE p.event_id = $1 GROUP BY {STANDING}"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts: Vec<(Standing, i64)> = Standing::ALL.iter().map(|s| (*s, 0)).collect();
        for row in &rows {
            let name: String = row.try_get("standing")?;
            let n: i64 = row.try_get("n")?;
            if let Some(slot) = counts.iter_mut().find(|(s, _)| s.as_str() == name) {
                slot.1 = n;
            }
        }
        Ok(counts)
    }

    /// The `page`th (from 0) `size` proposals of an event that `filter` lets through.
    pub async fn inbox_page(
        &self,
        event_id: &str,
        filter: &Filter,
        sort: Sort,
        page: usize,
        size: usize,
    ) -> Result<ListPage, StoreError> {
        let w = Where::new(event_id, filter);
        let count_sql = w.query("SELECT COUNT(*) AS n", "");
        let total: i64 = bound(&count_sql, &w.binds)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let sql = w.query(
            &format!(
                "SELECT p.id, p.received_at, p.title, i.format, i.track, i.first_speaker, \
                 i.talks, {STANDING} AS standing"
            ),
            &format!("{} LIMIT {size} OFFSET {}", order_by(sort), page * size),
        );
        let rows = bound(&sql, &w.binds).fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|row| {
                Ok(Listed {
                    id: row.try_get("id")?,
                    received_at: row.try_get("received_at")?,
                    title: row.try_get("title")?,
                    standing: named(row, "standing", Standing::from_name)?,
                    format: row.try_get("format")?,
                    track: row.try_get("track")?,
                    first_speaker: row.try_get("first_speaker")?,
                    talks: row.try_get("talks")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(ListPage {
            total: usize::try_from(total).unwrap_or(0),
            rows,
        })
    }

    /// The ids of every proposal `filter` lets through, in `sort`'s order: what
    /// next/previous walk.
    pub async fn inbox_ids(
        &self,
        event_id: &str,
        filter: &Filter,
        sort: Sort,
    ) -> Result<Vec<String>, StoreError> {
        let w = Where::new(event_id, filter);
        let sql = w.query("SELECT p.id", order_by(sort));
        let rows = bound(&sql, &w.binds).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| row.try_get::<String, _>("id").map_err(StoreError::from))
            .collect()
    }

    /// The proposals `filter` lets through, whole, in `sort`'s order, as the export
    /// shows them (with their triage and undelivered messages): the inbox's downloads.
    pub async fn inbox_export(
        &self,
        event_id: &str,
        filter: &Filter,
        sort: Sort,
    ) -> Result<Vec<StoredProposal>, StoreError> {
        let ids = self.inbox_ids(event_id, filter, sort).await?;
        let mut all: std::collections::HashMap<String, StoredProposal> = self
            .list(event_id)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        Ok(ids.iter().filter_map(|id| all.remove(id)).collect())
    }

    /// Every version of a proposal, first to current.
    pub async fn versions(&self, event_id: &str, id: &str) -> Result<Vec<Version>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.version, v.saved_at, v.state, v.proposal FROM proposal_versions v \
             JOIN proposals p ON p.id = v.proposal_id \
             WHERE p.event_id = $1 AND p.id = $2 ORDER BY v.version",
        )
        .bind(event_id)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let json: String = row.try_get("proposal")?;
                Ok(Version {
                    version: row.try_get("version")?,
                    saved_at: row.try_get("saved_at")?,
                    state: named(row, "state", ProposalState::parse)?,
                    proposal: serde_json::from_str(&json)?,
                })
            })
            .collect()
    }

    /// The organisers' notes on a proposal, oldest first.
    pub async fn notes(&self, event_id: &str, id: &str) -> Result<Vec<Note>, StoreError> {
        let rows = sqlx::query(
            "SELECT n.written_at, n.author, n.body FROM proposal_notes n \
             JOIN proposals p ON p.id = n.proposal_id \
             WHERE p.event_id = $1 AND p.id = $2 ORDER BY n.written_at, n.note_id",
        )
        .bind(event_id)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Note {
                    written_at: row.try_get("written_at")?,
                    author: row.try_get("author")?,
                    body: row.try_get("body")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Set the organisers' triage of a proposal; false if the event has no such proposal.
    pub async fn set_triage(
        &self,
        event_id: &str,
        id: &str,
        triage: Triage,
        by: &str,
        at: &str,
    ) -> Result<bool, StoreError> {
        self.inbox_write(InboxWrite::Triage {
            event_id: event_id.to_owned(),
            id: id.to_owned(),
            triage,
            by: by.to_owned(),
            at: at.to_owned(),
        })
        .await
    }

    /// Add a note to a proposal; false if the event has no such proposal.
    pub async fn add_note(&self, event_id: &str, id: &str, note: Note) -> Result<bool, StoreError> {
        self.inbox_write(InboxWrite::Note {
            event_id: event_id.to_owned(),
            id: id.to_owned(),
            note,
        })
        .await
    }

    pub async fn open_session(&self, row: SessionRow, now: i64) -> Result<(), StoreError> {
        self.inbox_write(InboxWrite::OpenSession { row, now })
            .await
            .map(drop)
    }

    /// The session whose cookie hashes to `session_sha256`, if it has not expired.
    pub async fn session(
        &self,
        session_sha256: &str,
        now: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT session_sha256, token_sha256, organiser, language, anonymised, created_at, \
             expires_at FROM inbox_sessions WHERE session_sha256 = $1 AND expires_at > $2",
        )
        .bind(session_sha256)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(SessionRow {
                session_sha256: row.try_get("session_sha256")?,
                token_sha256: row.try_get("token_sha256")?,
                organiser: row.try_get("organiser")?,
                language: row.try_get("language")?,
                anonymised: row.try_get::<i64, _>("anonymised")? != 0,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    pub async fn close_session(&self, session_sha256: &str) -> Result<(), StoreError> {
        self.inbox_write(InboxWrite::CloseSession {
            session_sha256: session_sha256.to_owned(),
        })
        .await
        .map(drop)
    }

    pub async fn set_anonymised(&self, session_sha256: &str, on: bool) -> Result<(), StoreError> {
        self.inbox_write(InboxWrite::Anonymise {
            session_sha256: session_sha256.to_owned(),
            on,
        })
        .await
        .map(drop)
    }

    async fn inbox_write(&self, op: InboxWrite) -> Result<bool, StoreError> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        self.send(super::writer::WriteJob::Inbox { op, reply })
            .await?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }
}
