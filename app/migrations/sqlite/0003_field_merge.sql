-- Schema 2 of the sync payload: which phone sent a visit, and the household facts it saw
-- differently (a JSON list, part of the content hash).
ALTER TABLE visits ADD COLUMN device_id TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';

-- Who last set each household fact from the field and at what device time: a proposal with a
-- later device time wins, field by field.
CREATE TABLE household_field_stamps (
    household_id INTEGER NOT NULL REFERENCES households(id),
    field        TEXT NOT NULL,
    device_time  TEXT NOT NULL,
    device       TEXT NOT NULL,
    cadre_id     INTEGER REFERENCES users(id),
    PRIMARY KEY (household_id, field)
);

-- Two devices disagreeing on one fact: both values stay here until the office picks one.
CREATE TABLE household_field_conflicts (
    id             INTEGER PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households(id),
    field          TEXT NOT NULL,
    kept_value     TEXT NOT NULL,
    kept_time      TEXT NOT NULL,
    kept_cadre_id  INTEGER REFERENCES users(id),
    other_value    TEXT NOT NULL,
    other_time     TEXT NOT NULL,
    other_cadre_id INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    resolved_at    TEXT,
    resolved_by    INTEGER REFERENCES users(id),
    chosen_value   TEXT
);
CREATE INDEX household_field_conflicts_open ON household_field_conflicts(resolved_at, id);
