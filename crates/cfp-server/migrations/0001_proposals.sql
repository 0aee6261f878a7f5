-- One row per accepted proposal. Written in the SQL both SQLite and PostgreSQL accept:
-- the same migration and the same queries serve both.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    received_at TEXT NOT NULL,
    title TEXT NOT NULL,
    proposal TEXT NOT NULL,
    UNIQUE (event_id, idempotency_key)
);

CREATE INDEX proposals_by_event ON proposals (event_id, received_at);
