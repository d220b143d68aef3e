-- The ledger (民情台账), its append-only log, monthly dispatch meetings (调度会), service-day
-- receptions (便民服务日接待) and poor-household pairing (结对帮扶).

-- `id` is a UUIDv7: made on the phone for an item raised on a visit, else on the server.
-- (source, source_id) is unique, so a visit, a feedback item or a reception becomes at most
-- one item however often it is synced, triaged or tapped.
CREATE TABLE ledger_items (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('petition', 'dispute', 'hazard', 'proxy_service',
                                               'commitment', 'help_plan')),
    title        TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    household_id INTEGER REFERENCES households(id),
    village_id   INTEGER REFERENCES villages(id),
    difficulty   TEXT,
    source       TEXT NOT NULL CHECK (source IN ('direct', 'visit', 'feedback', 'reception')),
    source_id    TEXT,
    owner_id     INTEGER REFERENCES users(id),
    deadline     TEXT,
    status       TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'resolved',
                                                 'closed')),
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX ledger_items_owner ON ledger_items(owner_id, status, deadline);
CREATE INDEX ledger_items_due ON ledger_items(status, deadline);
CREATE INDEX ledger_items_household ON ledger_items(household_id);

-- Every step and note, never updated or deleted: who, when, what changed, why.
-- `confirmation` is how a villager-facing item's closing was confirmed (villager / callback).
CREATE TABLE ledger_events (
    id           INTEGER PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES ledger_items(id),
    at           TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES users(id),
    step         TEXT NOT NULL,
    status       TEXT NOT NULL,
    owner_id     INTEGER REFERENCES users(id),
    deadline     TEXT,
    note         TEXT NOT NULL DEFAULT '',
    confirmation TEXT
);
CREATE INDEX ledger_events_item ON ledger_events(item_id, id);

CREATE TABLE meetings (
    id         INTEGER PRIMARY KEY,
    held_on    TEXT NOT NULL,
    title      TEXT NOT NULL,
    attendees  TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- What the meeting decided about one feedback item or one ledger item.
CREATE TABLE meeting_decisions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    feedback_id TEXT REFERENCES feedback(id),
    item_id     TEXT REFERENCES ledger_items(id),
    decision    TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users(id),
    at          TEXT NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id, id);

CREATE TABLE receptions (
    id            TEXT PRIMARY KEY,
    held_on       TEXT NOT NULL,
    cadre_id      INTEGER NOT NULL REFERENCES users(id),
    visitor_name  TEXT NOT NULL,
    visitor_phone TEXT NOT NULL DEFAULT '',
    village       TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    matter        TEXT NOT NULL,
    action        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX receptions_day ON receptions(held_on);

-- 结对帮扶: an ended pairing keeps its row (ended_at set) so the history stays.
CREATE TABLE pairings (
    id           INTEGER PRIMARY KEY,
    cadre_id     INTEGER NOT NULL REFERENCES users(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    paired_at    TEXT NOT NULL,
    ended_at     TEXT,
    ended_note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pairings_cadre ON pairings(cadre_id, ended_at);
CREATE INDEX pairings_household ON pairings(household_id, ended_at);
CREATE UNIQUE INDEX pairings_current ON pairings(cadre_id, household_id) WHERE ended_at IS NULL;
