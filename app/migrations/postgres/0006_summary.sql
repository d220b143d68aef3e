-- PostgreSQL's 0006_summary.sql: the tables SQLite's migration of the same number created, in their
-- shape at version 12 (later SQLite rebuilds and added columns are folded in, as no
-- PostgreSQL database predates them). Native types: BIGINT identity keys, TIMESTAMPTZ,
-- DATE, BOOLEAN, BYTEA; money stays whole fen in BIGINT. Keep both directories in step.

CREATE TABLE device_syncs (
    device    TEXT PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users(id),
    synced_at TIMESTAMPTZ NOT NULL,
    waiting   BIGINT NOT NULL
);
CREATE INDEX device_syncs_user ON device_syncs(user_id);
