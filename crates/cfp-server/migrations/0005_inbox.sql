-- The organisers' inbox (src/inbox.rs): where each proposal stands with them, their
-- notes, what the list filters and searches on, and who is signed in.

-- The organisers' state of a proposal: new, shortlisted, accepted, declined or spam, and
-- who set it and when. A withdrawal is the speaker's (`state`), kept apart: the inbox
-- shows a withdrawn proposal as withdrawn whatever its triage was.
ALTER TABLE proposals ADD COLUMN triage TEXT NOT NULL DEFAULT 'new';
ALTER TABLE proposals ADD COLUMN triage_by TEXT;
ALTER TABLE proposals ADD COLUMN triage_at TEXT;

-- What the list shows, filters, sorts and searches, taken from each proposal's current
-- version whenever one is saved: reading JSON in SQL is not portable. Rows for proposals
-- stored before this migration are filled in by the store at start-up. `words` is the
-- lowercase title, abstract and description (and a workshop's talks'); `people` the
-- lowercase names, addresses and affiliations, searched only when names are shown.
CREATE TABLE proposal_index (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id),
    event_id TEXT NOT NULL,
    format TEXT NOT NULL,
    track TEXT NOT NULL,
    first_speaker TEXT NOT NULL,
    talks BIGINT NOT NULL,
    words TEXT NOT NULL,
    people TEXT NOT NULL
);

CREATE INDEX proposal_index_by_event ON proposal_index (event_id);

-- The organisers' notes on a proposal, oldest first; never shown to the speaker.
CREATE TABLE proposal_notes (
    note_id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    written_at TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX proposal_notes_by_proposal ON proposal_notes (proposal_id, written_at);

-- Signed-in organisers. The cookie holds a random token; only its SHA-256 is kept, with
-- the SHA-256 of the organiser token it was signed in with (a session ends when that
-- token is taken out of the settings). Times are Unix seconds.
CREATE TABLE inbox_sessions (
    session_sha256 TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL,
    organiser TEXT NOT NULL,
    language TEXT NOT NULL,
    anonymised BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
