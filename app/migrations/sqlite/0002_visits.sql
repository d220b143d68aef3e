-- The visit diary (民情日记): append-only, keyed by the UUIDv7 the phone made, so a record
-- pushed twice can only ever be stored once.
CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households(id),
    cadre_id       INTEGER NOT NULL REFERENCES users(id),
    visited_at     TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    method         TEXT NOT NULL,
    content        TEXT NOT NULL,
    process        TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    problems       TEXT NOT NULL,
    follow_up      BOOLEAN NOT NULL,
    gps_lat        REAL,
    gps_lon        REAL,
    gps_accuracy_m REAL,
    content_hash   TEXT NOT NULL,
    receipt        TEXT NOT NULL,
    schema_version INTEGER NOT NULL
);
CREATE INDEX visits_household ON visits(household_id, visited_at);
CREATE INDEX visits_cadre ON visits(cadre_id, visited_at);

-- The same id with different content: nothing is overwritten; the second version waits here
-- for the office.
CREATE TABLE visit_conflicts (
    id          INTEGER PRIMARY KEY,
    visit_id    TEXT NOT NULL REFERENCES visits(id),
    cadre_id    INTEGER NOT NULL REFERENCES users(id),
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL
);
