-- One row the writer rewrites to prove the database still takes writes (GET /healthz,
-- start-up, and every 2 s during an outage). `room` holds 64 KiB of filler, as much as
-- the largest proposal, so a disk without room for a proposal fails it too.
CREATE TABLE heartbeat (
    id INTEGER PRIMARY KEY,
    beat_at TEXT NOT NULL,
    room TEXT NOT NULL
);
