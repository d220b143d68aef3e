-- Accounts, sessions, the village/household registry and the audit log.
-- Portable SQL: standard types, timestamps as ISO-8601 UTC text.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    phone         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'cadre')),
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL
);

-- Only a hash of the session id is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE villages (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    town       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE village_groups (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (village_id, name)
);

CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    group_id         INTEGER NOT NULL REFERENCES village_groups(id),
    head_name        TEXT NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    population       INTEGER NOT NULL,
    economy          TEXT NOT NULL DEFAULT '',
    income_sources   TEXT NOT NULL DEFAULT '',
    family_planning  TEXT NOT NULL DEFAULT '',
    social_relations TEXT NOT NULL DEFAULT '',
    poor             BOOLEAN NOT NULL DEFAULT FALSE,
    difficulties     TEXT NOT NULL DEFAULT '',
    notable          BOOLEAN NOT NULL DEFAULT FALSE,
    key_petitioner   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX households_group ON households(group_id);
CREATE INDEX households_head ON households(head_name);

-- ID numbers: ciphertext, a keyed blind index for exact lookups, and the masked form for
-- display, so listing never needs the key.
CREATE TABLE household_members (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    relation     TEXT NOT NULL,
    birth_year   INTEGER,
    id_cipher    TEXT,
    id_blind     TEXT,
    id_masked    TEXT
);
CREATE INDEX household_members_household ON household_members(household_id);
CREATE INDEX household_members_blind ON household_members(id_blind);

CREATE TABLE household_cadres (
    household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    assigned_at  TEXT NOT NULL,
    PRIMARY KEY (household_id, user_id)
);
CREATE INDEX household_cadres_user ON household_cadres(user_id);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_id    INTEGER,
    role       TEXT,
    action     TEXT NOT NULL,
    object     TEXT NOT NULL DEFAULT '',
    result     TEXT NOT NULL
);
