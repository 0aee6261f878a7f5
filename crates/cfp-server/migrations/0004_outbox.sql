-- What the server still has to tell someone: one row per message (an email to one
-- address, later a webhook call), written in the same transaction as the proposal,
-- change or withdrawal it is about, so a receipt never waits for SMTP and a crash loses
-- none (src/outbox.rs). `job_key` is stable and unique: a message is queued once however
-- often its write is replayed, and its Message-ID is made from it.
-- Times are Unix seconds, so that due and lease checks compare numbers on both databases.
CREATE TABLE outbox (
    job_key TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    -- The proposal's version the message is about (its body is proposal_versions').
    version BIGINT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    -- The language the message is written in (en, es, de).
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    -- An instance sending it holds it until then; another may take it after.
    leased_until BIGINT NOT NULL DEFAULT 0,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- pending, sent, or failed (given up: the export shows it to the organisers).
    state TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT,
    sent_at TEXT
);

CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE INDEX outbox_by_proposal ON outbox (proposal_id);
