-- Photos (issue 20). The bytes live in the database itself, so `shugen backup` and the restore
-- drill carry them with the records they prove. A photo arrives in parts (a cut-off upload
-- resumes); it is whole once `stored_at` is set, its SHA-256 checked and its thumbnail made.
-- Until a record names it, it belongs to its uploader only.
CREATE TABLE photos (
    id           TEXT PRIMARY KEY,                       -- the phone's UUIDv7
    uploaded_by  INTEGER NOT NULL REFERENCES users(id),
    size         INTEGER NOT NULL CHECK (size > 0),      -- bytes, as declared
    sha256       TEXT NOT NULL,                          -- lower-case hex
    received     INTEGER NOT NULL DEFAULT 0,             -- bytes held in photo_parts
    mime         TEXT,                                   -- once whole
    width        INTEGER,
    height       INTEGER,
    bytes        BLOB,                                   -- once whole
    thumb        BLOB,                                   -- JPEG, long side 320 px
    record_kind  TEXT,                                   -- once a record names it
    record_id    TEXT,
    village_id   INTEGER REFERENCES villages(id),
    household_id INTEGER REFERENCES households(id),
    position     INTEGER NOT NULL DEFAULT 0,
    caption      TEXT NOT NULL DEFAULT '',
    taken_at     TEXT,
    in_report    BOOLEAN NOT NULL DEFAULT FALSE,         -- the office chose it for the report
    started_at   TEXT NOT NULL,
    stored_at    TEXT
);
CREATE INDEX photos_record ON photos(record_id, position);
CREATE INDEX photos_household ON photos(household_id);
CREATE INDEX photos_village ON photos(village_id, stored_at);

-- The parts of an upload under way, deleted once the photo is whole.
CREATE TABLE photo_parts (
    photo_id  TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    start_at  INTEGER NOT NULL,                          -- byte offset
    bytes     BLOB NOT NULL,
    PRIMARY KEY (photo_id, start_at)
);
