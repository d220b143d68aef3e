-- 四帮扶 (1) (三(二)1–2): the village's organisation (两委, 三会一课, 组织生活会, 民主评议,
-- 四议两公开, 活动场所) and its economy (发展规划, 跑项争资, 集体经济); and the obligations calendar
-- grows quarters, a due month for longer periods and a target range ("1 of 1–2").

-- A record made in the village on a phone (三会一课, 教育培训, 衔接汇报): the phone's UUIDv7 is the
-- key, the content hash tells a retry from a second version. The kind's own fields live in
-- the kind's table under the same id; the village and the record's own date live here, so
-- the calendar and the access rule read one place.
CREATE TABLE work_records (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('branch_meeting', 'training', 'report_trip')),
    village_id   INTEGER NOT NULL REFERENCES villages(id),
    held_on      TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    device       TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
CREATE INDEX work_records_village ON work_records(village_id, kind, held_on);
CREATE INDEX work_records_day ON work_records(kind, held_on);

-- A second version of a stored record: nothing overwritten, kept for the office.
CREATE TABLE work_conflicts (
    id          INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- 三会一课 and the 组织生活会 (三(二)1 二). team_present: the liaison team members there, as
-- comma-separated user ids. leader_attended and comment (点评) matter for the 组织生活会; by_team
-- for a 党课 the team gave.
CREATE TABLE branch_meetings (
    id              TEXT PRIMARY KEY REFERENCES work_records(id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('congress', 'committee', 'group', 'lesson', 'life')),
    place           TEXT NOT NULL,
    topic           TEXT NOT NULL,
    present         INTEGER NOT NULL,
    absent          INTEGER NOT NULL,
    team_present    TEXT NOT NULL DEFAULT '',
    leader_attended BOOLEAN NOT NULL DEFAULT FALSE,
    by_team         BOOLEAN NOT NULL DEFAULT FALSE,
    comment         TEXT NOT NULL DEFAULT ''
);

-- 教育培训 of the 两委 (三(一)1 四).
CREATE TABLE trainings (
    id        TEXT PRIMARY KEY REFERENCES work_records(id),
    topic     TEXT NOT NULL,
    attendees TEXT NOT NULL,
    headcount INTEGER NOT NULL
);

-- 两委 members with post and term; a change ends the row, so the history stays.
CREATE TABLE committee_members (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    name       TEXT NOT NULL,
    post       TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'branch_member',
                                            'director', 'deputy_director', 'committee_member')),
    term       TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    end_reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX committee_members_village ON committee_members(village_id, ended_on);

-- 民主评议党员, yearly: the ratings as counts, when the result was published, and what was done
-- about members rated 不合格. Unpublished, it does not meet the obligation.
CREATE TABLE appraisals (
    id           INTEGER PRIMARY KEY,
    village_id   INTEGER NOT NULL REFERENCES villages(id),
    held_on      TEXT NOT NULL,
    excellent    INTEGER NOT NULL,
    qualified    INTEGER NOT NULL,
    basic        INTEGER NOT NULL,
    unqualified  INTEGER NOT NULL,
    published_on TEXT,
    follow_up    TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX appraisals_village ON appraisals(village_id, held_on);

-- 四议两公开: a decision and its steps, each at most once, in order (the server's state machine).
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    title      TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE TABLE decision_steps (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    step        TEXT NOT NULL CHECK (step IN ('propose', 'discuss', 'review', 'resolve',
                                              'announce', 'report')),
    done_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    UNIQUE (decision_id, step)
);

-- 活动场所: its state and planned work (one row per village), funds by source in whole fen,
-- progress notes.
CREATE TABLE venues (
    village_id INTEGER PRIMARY KEY REFERENCES villages(id),
    condition  TEXT NOT NULL,
    planned    TEXT NOT NULL DEFAULT '',
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL
);
CREATE TABLE venue_funds (
    id          INTEGER PRIMARY KEY,
    village_id  INTEGER NOT NULL REFERENCES villages(id),
    source      TEXT NOT NULL CHECK (source IN ('higher', 'outside', 'department', 'donor')),
    amount_fen  BIGINT NOT NULL CHECK (amount_fen >= 0),
    received_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE TABLE venue_progress (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    noted_on   TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- 谋发展规划 (and 谋集体经济's plan): every save is a new version; the latest is the plan.
CREATE TABLE dev_plans (
    id           INTEGER PRIMARY KEY,
    village_id   INTEGER NOT NULL REFERENCES villages(id),
    version      INTEGER NOT NULL,
    goal         TEXT NOT NULL,
    approach     TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    industry     TEXT NOT NULL DEFAULT '',
    environment  TEXT NOT NULL DEFAULT '',
    livelihood   TEXT NOT NULL DEFAULT '',
    collective   TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    UNIQUE (village_id, version)
);

-- 谋跑项争资: a project and its money in whole fen; approved_on dates the approval the yearly
-- obligation ("1–2 projects a year") counts.
CREATE TABLE projects (
    id           INTEGER PRIMARY KEY,
    village_id   INTEGER NOT NULL REFERENCES villages(id),
    name         TEXT NOT NULL,
    funder       TEXT NOT NULL,
    applied_fen  BIGINT NOT NULL DEFAULT 0 CHECK (applied_fen >= 0),
    approved_fen BIGINT NOT NULL DEFAULT 0 CHECK (approved_fen >= 0),
    received_fen BIGINT NOT NULL DEFAULT 0 CHECK (received_fen >= 0),
    status       TEXT NOT NULL
                 CHECK (status IN ('planning', 'applied', 'approved', 'funded', 'refused')),
    approved_on  TEXT,
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX projects_village ON projects(village_id, approved_on);

-- 衔接汇报: a trip to a provincial, city or county department, made on the phone.
CREATE TABLE report_trips (
    id         TEXT PRIMARY KEY REFERENCES work_records(id),
    level      TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
    department TEXT NOT NULL,
    purpose    TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL
);

-- 集体经济: the village collective's income by year, whole fen.
CREATE TABLE collective_income (
    village_id INTEGER NOT NULL REFERENCES villages(id),
    year       INTEGER NOT NULL,
    income_fen BIGINT NOT NULL CHECK (income_fen >= 0),
    note       TEXT NOT NULL DEFAULT '',
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (village_id, year)
);

-- The calendar: a quarter period (the CHECK is rebuilt, SQLite cannot alter one), the due
-- month inside a longer period (its 1st–12th month; the due day is in that month), and an
-- upper target shown beside the minimum.
CREATE TABLE obligations_new (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    clause       TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL CHECK (scope IN ('bureau', 'village', 'person')),
    period       TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'half_year', 'year')),
    window_from  INTEGER NOT NULL DEFAULT 1,
    window_to    INTEGER NOT NULL DEFAULT 31,
    due_day      INTEGER NOT NULL DEFAULT 31,
    due_month    INTEGER NOT NULL DEFAULT 12,
    evidence     TEXT NOT NULL,
    min_count    INTEGER NOT NULL DEFAULT 1,
    max_count    INTEGER,
    villages     TEXT NOT NULL DEFAULT '',
    active_from  TEXT NOT NULL,
    active_until TEXT,
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    UNIQUE (code, version)
);
INSERT INTO obligations_new
    (id, code, version, title, clause, scope, period, window_from, window_to, due_day, evidence,
     min_count, villages, active_from, active_until, created_by, created_at)
SELECT id, code, version, title, clause, scope, period, window_from, window_to, due_day,
       evidence, min_count, villages, active_from, active_until, created_by, created_at
FROM obligations;
DROP TABLE obligations;
ALTER TABLE obligations_new RENAME TO obligations;

-- The four helps' cadences, from the start of this year so that this year's records count.
-- 三会一课 by common practice: 支部党员大会 and 党课 each quarter, 支部委员会 and 党小组会 each
-- month; the plan's own: a 组织生活会 each half-year with the team leader there and commenting, a
-- 党课 by the team and a published 民主评议 each year, 1–2 funded projects a year.
INSERT INTO obligations
    (code, version, title, clause, scope, period, due_day, due_month, evidence, min_count,
     max_count, active_from, created_at)
VALUES
    ('branch_congress', 1, '支部党员大会（三会一课）', '三(二)1 二', 'village', 'quarter', 31, 3,
     'congress', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('branch_committee', 1, '支部委员会（三会一课）', '三(二)1 二', 'village', 'month', 31, 12,
     'branch_committee', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('party_group', 1, '党小组会（三会一课）', '三(二)1 二', 'village', 'month', 31, 12,
     'party_group', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('party_lesson', 1, '上党课（三会一课）', '三(二)1 二', 'village', 'quarter', 31, 3,
     'party_lesson', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('life_meeting', 1, '每半年一次组织生活会（工作队负责人参与并点评）', '三(二)1 二', 'village',
     'half_year', 31, 6, 'life_meeting', 1, NULL, date('now', 'start of year'),
     '2016-01-01T00:00:00Z'),
    ('team_lesson', 1, '工作队每年至少上一次党课', '三(二)1 二', 'village', 'year', 31, 12,
     'team_lesson', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('appraisal', 1, '每年民主评议党员并公开结果', '三(二)1 二', 'village', 'year', 31, 12,
     'appraisal', 1, NULL, date('now', 'start of year'), '2016-01-01T00:00:00Z'),
    ('funded_projects', 1, '每年帮助争取1-2个项目资金', '三(二)2 二', 'village', 'year', 31, 12,
     'project', 1, 2, date('now', 'start of year'), '2016-01-01T00:00:00Z');
