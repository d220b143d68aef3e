-- 四帮扶 (2) (三(二)3–4, 三(一)2 四): screening rounds and publicity (帮化矛盾隐患), clean-ups, the
-- three-year programme, household works, 村规民约 and the sanitation crew (帮改村容村貌), the
-- service pack's library and 代购.
--
-- Two CHECK lists grow (the record kinds, the ledger's sources). SQLite changes a CHECK only by
-- rebuilding the table, and both tables are referenced by others: migrations run with foreign
-- keys off and are checked with `PRAGMA foreign_key_check` after (`db::migrate`), SQLite's
-- own procedure for such changes. No row changes.

CREATE TABLE work_records_new (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('branch_meeting', 'training', 'report_trip',
                                               'screening', 'publicity', 'cleanup', 'purchase',
                                               'purchase_update')),
    village_id   INTEGER NOT NULL REFERENCES villages(id),
    held_on      TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    device       TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
INSERT INTO work_records_new
SELECT id, kind, village_id, held_on, recorded_by, device, content_hash, received_at
FROM work_records;
DROP TABLE work_records;
ALTER TABLE work_records_new RENAME TO work_records;
CREATE INDEX work_records_village ON work_records(village_id, kind, held_on);
CREATE INDEX work_records_day ON work_records(kind, held_on);

CREATE TABLE ledger_items_new (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('petition', 'dispute', 'hazard', 'proxy_service',
                                               'commitment', 'help_plan')),
    title        TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    household_id INTEGER REFERENCES households(id),
    village_id   INTEGER REFERENCES villages(id),
    difficulty   TEXT,
    source       TEXT NOT NULL CHECK (source IN ('direct', 'visit', 'feedback', 'reception',
                                                 'screening')),
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
INSERT INTO ledger_items_new
SELECT id, kind, title, detail, household_id, village_id, difficulty, source, source_id,
       owner_id, deadline, status, created_by, created_at, updated_at
FROM ledger_items;
DROP TABLE ledger_items;
ALTER TABLE ledger_items_new RENAME TO ledger_items;
CREATE INDEX ledger_items_owner ON ledger_items(owner_id, status, deadline);
CREATE INDEX ledger_items_due ON ledger_items(status, deadline);
CREATE INDEX ledger_items_household ON ledger_items(household_id);
CREATE INDEX ledger_items_kind ON ledger_items(kind, created_at);

-- 矛盾纠纷、安全隐患排查 (三(二)3 三): with the town's and the village's cadres. A round with
-- nothing found is a record too.
CREATE TABLE screenings (
    id             TEXT PRIMARY KEY REFERENCES work_records(id),
    kind           TEXT NOT NULL CHECK (kind IN ('dispute', 'hazard', 'both')),
    team           TEXT NOT NULL DEFAULT '',
    town_cadres    TEXT NOT NULL DEFAULT '',
    village_cadres TEXT NOT NULL DEFAULT '',
    places         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
-- What a round found, in the order written; ledger_item_id once it is in the 台账.
CREATE TABLE screening_findings (
    screening_id   TEXT NOT NULL REFERENCES screenings(id),
    n              INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('dispute', 'hazard')),
    place          TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL,
    ledger_item_id TEXT REFERENCES ledger_items(id),
    PRIMARY KEY (screening_id, n)
);

-- 安全生产、水路交通安全、护林防火 and 环卫 publicity sessions.
CREATE TABLE publicity (
    id       TEXT PRIMARY KEY REFERENCES work_records(id),
    topic    TEXT NOT NULL CHECK (topic IN ('production', 'traffic', 'fire', 'law', 'hygiene')),
    place    TEXT NOT NULL,
    audience INTEGER NOT NULL,
    material TEXT NOT NULL DEFAULT ''
);

-- 环境卫生集中整治 with the bureau's militia unit (民兵应急连), monthly.
CREATE TABLE cleanups (
    id        TEXT PRIMARY KEY REFERENCES work_records(id),
    area      TEXT NOT NULL,
    militia   INTEGER NOT NULL,
    villagers INTEGER NOT NULL,
    work      TEXT NOT NULL
);

-- The three-year 绿化、美化、亮化 programme, one row per milestone.
CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    category   TEXT NOT NULL CHECK (category IN ('greening', 'beautifying', 'lighting')),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX milestones_village ON milestones(village_id, due_on);

-- 改水、改厕、改灶、危房改造、太阳能、沼气 per household, one row per kind.
CREATE TABLE household_works (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    kind         TEXT NOT NULL CHECK (kind IN ('water', 'toilet', 'stove', 'house', 'solar',
                                               'biogas')),
    status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
    started_on   TEXT,
    done_on      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    updated_by   INTEGER NOT NULL REFERENCES users(id),
    updated_at   TEXT NOT NULL,
    UNIQUE (household_id, kind)
);

-- 村规民约, every version kept; and the sanitation crew (保洁队伍) with its routine.
CREATE TABLE village_rules (
    village_id INTEGER NOT NULL REFERENCES villages(id),
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    adopted_on TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (village_id, version)
);
CREATE TABLE sanitation_crews (
    village_id INTEGER NOT NULL REFERENCES villages(id),
    version    INTEGER NOT NULL,
    members    TEXT NOT NULL,
    routine    TEXT NOT NULL,
    since      TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (village_id, version)
);

-- 科技服务包: the office's library (惠农政策、科技致富信息、法律法规).
CREATE TABLE materials (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('policy', 'technology', 'law')),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL
);
-- 代购: what a villager asked to be bought (money in whole fen), then its deliveries and the
-- villager's confirmation as further records; closed once delivered and confirmed.
CREATE TABLE purchases (
    id           TEXT PRIMARY KEY REFERENCES work_records(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    item         TEXT NOT NULL,
    quantity     TEXT NOT NULL,
    estimate_fen BIGINT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purchases_household ON purchases(household_id);
CREATE TABLE purchase_updates (
    id           TEXT PRIMARY KEY REFERENCES work_records(id),
    purchase_id  TEXT NOT NULL REFERENCES purchases(id),
    delivered    BOOLEAN NOT NULL,
    actual_fen   BIGINT,
    paid_by      TEXT CHECK (paid_by IN ('villager', 'cadre', 'bureau')),
    confirmed_by TEXT,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purchase_updates_purchase ON purchase_updates(purchase_id);

-- The cadences (三(二)3 三, 4 一、二): a clean-up and a screening round every month, and the
-- programme's milestones in the month they fall due.
INSERT INTO obligations
    (code, version, title, clause, scope, period, due_day, due_month, evidence, min_count,
     max_count, active_from, created_at)
VALUES
    ('cleanup', 1, '每月环境卫生集中整治（民兵应急连参加）', '三(二)4 一', 'village', 'month', 31,
     12, 'cleanup', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('screening', 1, '定期开展矛盾纠纷、安全隐患排查', '三(二)3 三', 'village', 'month', 31, 12,
     'screening', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('milestones', 1, '三年内完成绿化、美化、亮化（当月到期节点）', '三(二)4 二', 'village', 'month',
     31, 12, 'milestone', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z');
