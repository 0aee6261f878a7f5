-- Every version of a proposal is kept, never overwritten: the first as received (what a
-- replayed Idempotency-Key is compared with), then one per change and per withdrawal
-- (the body as it then stood, and the state it left). `proposals` keeps who it is
-- (id, event, key, received_at), its current version's number and its state.
CREATE TABLE proposal_versions (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    version BIGINT NOT NULL,
    saved_at TEXT NOT NULL,
    state TEXT NOT NULL,
    proposal TEXT NOT NULL,
    PRIMARY KEY (proposal_id, version)
);

INSERT INTO proposal_versions (proposal_id, version, saved_at, state, proposal)
    SELECT id, 1, received_at, 'submitted', proposal FROM proposals;

ALTER TABLE proposals DROP COLUMN proposal;
ALTER TABLE proposals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE proposals ADD COLUMN state TEXT NOT NULL DEFAULT 'submitted';

-- The speakers' addresses of each proposal's current version, trimmed and lowercase:
-- what limits.proposals_per_speaker counts. Rows for proposals stored before this
-- migration are filled in by the store at start-up (reading JSON is not portable SQL).
CREATE TABLE proposal_speakers (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    event_id TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (proposal_id, email)
);

CREATE INDEX proposal_speakers_by_email ON proposal_speakers (event_id, email);

-- The server's own secrets, made once and kept with the data: `edit_token`, the key of
-- the private links' tokens (src/edit_token.rs).
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);
