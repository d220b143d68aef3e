-- Liaison cards (便民联系卡), the programme's public contacts, and villagers' feedback
-- (意见反馈表).

-- A token is printed on paper and lives for ever: never reused, never changed. Revoking sets
-- `active` false and keeps the row, so the token can never be issued again.
CREATE TABLE cards (
    id         INTEGER PRIMARY KEY,
    token      TEXT NOT NULL UNIQUE,
    cadre_id   INTEGER NOT NULL REFERENCES users(id),
    duties     TEXT NOT NULL DEFAULT '',
    promise    TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    issued_at  TEXT NOT NULL,
    revoked_at TEXT,
    printed_at TEXT
);
CREATE INDEX cards_cadre ON cards(cadre_id);

-- The lines every card and the public pages print: the bureau's office, its leadership's
-- contact and the town's. One row per key.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- `id` is the form key the public page handed out, or the UUIDv7 a cadre's phone made: a
-- resubmitted form or a retried sync meets the primary key and gets its first receipt back.
-- `cadre_id` is the cadre the feedback concerns (the card's holder when sent, or the cadre
-- who wrote it down); conduct complaints about that cadre are never shown to them.
CREATE TABLE feedback (
    id           TEXT PRIMARY KEY,
    receipt      TEXT NOT NULL UNIQUE,
    category     TEXT NOT NULL,
    content      TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    channel      TEXT NOT NULL CHECK (channel IN ('card', 'cadre', 'reception')),
    card_id      INTEGER REFERENCES cards(id),
    cadre_id     INTEGER REFERENCES users(id),
    household_id INTEGER REFERENCES households(id),
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'accepted', 'in_progress', 'resolved')),
    submitted_at TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX feedback_status ON feedback(status, received_at);
CREATE INDEX feedback_cadre ON feedback(cadre_id, received_at);

-- The office's answers. Public ones show on the villager's receipt page.
CREATE TABLE feedback_replies (
    id          INTEGER PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    status      TEXT NOT NULL,
    body        TEXT NOT NULL,
    public      BOOLEAN NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX feedback_replies_feedback ON feedback_replies(feedback_id, at);

-- The same phone id with other content: nothing is overwritten; the second version waits
-- here for the office, as with visits.
CREATE TABLE feedback_conflicts (
    id          INTEGER PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    cadre_id    INTEGER NOT NULL REFERENCES users(id),
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL
);
