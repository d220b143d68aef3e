-- PostgreSQL's 0012_photos.sql: the tables SQLite's migration of the same number created, in their
-- shape at version 12 (later SQLite rebuilds and added columns are folded in, as no
-- PostgreSQL database predates them). Native types: BIGINT identity keys, TIMESTAMPTZ,
-- DATE, BOOLEAN, BYTEA; money stays whole fen in BIGINT. Keep both directories in step.

CREATE TABLE photos (
    id           TEXT PRIMARY KEY,                       -- the phone's UUIDv7
    uploaded_by  BIGINT NOT NULL REFERENCES users(id),
    size         BIGINT NOT NULL CHECK (size > 0),      -- bytes, as declared
    sha256       TEXT NOT NULL,                          -- lower-case hex
    received     BIGINT NOT NULL DEFAULT 0,             -- bytes held in photo_parts
    mime         TEXT,                                   -- once whole
    width        BIGINT,
    height       BIGINT,
    bytes        BYTEA,                                   -- once whole
    thumb        BYTEA,                                   -- JPEG, long side 320 px
    record_kind  TEXT,                                   -- once a record names it
    record_id    TEXT,
    village_id   BIGINT REFERENCES villages(id),
    household_id BIGINT REFERENCES households(id),
    position     BIGINT NOT NULL DEFAULT 0,
    caption      TEXT NOT NULL DEFAULT '',
    taken_at     TIMESTAMP,
    in_report    BOOLEAN NOT NULL DEFAULT FALSE,         -- the office chose it for the report
    started_at   TIMESTAMPTZ NOT NULL,
    stored_at    TIMESTAMPTZ
);
CREATE INDEX photos_record ON photos(record_id, position);
CREATE INDEX photos_household ON photos(household_id);
CREATE INDEX photos_village ON photos(village_id, stored_at);

CREATE TABLE photo_parts (
    photo_id  TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    start_at  BIGINT NOT NULL,                          -- byte offset
    bytes     BYTEA NOT NULL,
    PRIMARY KEY (photo_id, start_at)
);

