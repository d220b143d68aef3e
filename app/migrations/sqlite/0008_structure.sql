-- The plan's structure (三(一), 四): posts, the leading group, liaison teams, the town's
-- leadership for the card, service days as records, and the obligations calendar.

-- A person's post in the programme, set by the office. The pairing quota reads it (局长 two
-- households, every other post but the office one). Accounts made before it get the post
-- their role and title implied, as the quota used to guess it.
ALTER TABLE users ADD COLUMN post TEXT NOT NULL DEFAULT 'liaison'
    CHECK (post IN ('director', 'deputy', 'discipline', 'unit_head', 'liaison', 'office'));
-- 岗位职责, printed on the liaison card.
ALTER TABLE users ADD COLUMN duties TEXT NOT NULL DEFAULT '';
UPDATE users SET post = CASE
    WHEN role = 'admin' THEN 'office'
    WHEN role = 'leader' AND title LIKE '%纪检%' THEN 'discipline'
    WHEN role = 'leader' AND title LIKE '%局长%' AND title NOT LIKE '%副局长%' THEN 'director'
    WHEN role = 'leader' THEN 'deputy'
    WHEN title LIKE '%股长%' OR title LIKE '%主任%' OR title LIKE '%负责人%' THEN 'unit_head'
    ELSE 'liaison' END;

-- 领导小组: who holds which seat, from when to when. A change ends the row (ended_on) and
-- starts another, so the roster's history stays. One person may hold two seats (a deputy
-- head who runs the office, as the plan has it).
CREATE TABLE leading_group (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    seat       TEXT NOT NULL
               CHECK (seat IN ('head', 'deputy_head', 'member', 'office_head', 'daily')),
    duties     TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX leading_group_current ON leading_group(user_id, seat) WHERE ended_on IS NULL;

-- 整顿中: a village whose organisation is under rectification; its team stays put (三(二)1).
ALTER TABLE villages ADD COLUMN rectifying BOOLEAN NOT NULL DEFAULT FALSE;

-- 联村工作队: a village's team members with their part and dates; the 第一书记 is a member.
CREATE TABLE team_members (
    id              INTEGER PRIMARY KEY,
    village_id      INTEGER NOT NULL REFERENCES villages(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    part            TEXT NOT NULL CHECK (part IN ('captain', 'member')),
    first_secretary BOOLEAN NOT NULL DEFAULT FALSE,
    started_on      TEXT NOT NULL,
    ended_on        TEXT,
    end_reason      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX team_members_current ON team_members(village_id, user_id)
    WHERE ended_on IS NULL;
CREATE INDEX team_members_user ON team_members(user_id, ended_on);

-- The town's leadership (镇班子成员), printed on the card beside the bureau's.
CREATE TABLE town_leaders (
    id         INTEGER PRIMARY KEY,
    town       TEXT NOT NULL,
    name       TEXT NOT NULL,
    post       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    duties     TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

-- 便民服务日: one record per village and day, so a day nobody came still counts.
CREATE TABLE service_days (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    held_on    TEXT NOT NULL,
    place      TEXT NOT NULL,
    staff      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (village_id, held_on)
);
CREATE INDEX service_days_day ON service_days(held_on);
ALTER TABLE receptions ADD COLUMN service_day_id INTEGER REFERENCES service_days(id);

-- 意见反馈表 (三(一)2 五): 'yes' brought back, 'no' with the reason in no_form_reason, ''
-- not said (visits from before this migration, or phones not yet updated). 联系卡已发放.
ALTER TABLE visits ADD COLUMN feedback_form TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN no_form_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN card_given BOOLEAN NOT NULL DEFAULT FALSE;

-- The obligations calendar: the plan's recurring duties as data. An edit ends the version in
-- force (active_until) and starts the next from the current period, so a past period keeps
-- the rule it was judged by. Whether an instance was met is computed from records, never
-- stored. Records dated before a rule's active_from never count for or against it (visits
-- made before the form question existed cannot have answered it).
CREATE TABLE obligations (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    clause       TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL CHECK (scope IN ('bureau', 'village', 'person')),
    period       TEXT NOT NULL CHECK (period IN ('month', 'half_year', 'year')),
    window_from  INTEGER NOT NULL DEFAULT 1,
    window_to    INTEGER NOT NULL DEFAULT 31,
    due_day      INTEGER NOT NULL DEFAULT 31,
    evidence     TEXT NOT NULL,
    min_count    INTEGER NOT NULL DEFAULT 1,
    villages     TEXT NOT NULL DEFAULT '',
    active_from  TEXT NOT NULL,
    active_until TEXT,
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    UNIQUE (code, version)
);

INSERT INTO obligations
    (code, version, title, clause, scope, period, window_from, window_to, due_day, evidence,
     min_count, active_from, created_at)
VALUES
    ('dispatch_meeting', 1, '局党组每月召开调度会', '三(一)2 五', 'bureau', 'month', 1, 31, 25,
     'meeting', 1, '2016-01-01', '2016-01-01T00:00:00Z'),
    ('service_days', 1, '每月6日、7日固定服务日', '三(一)1 一；三(二)3 二', 'village', 'month',
     6, 7, 7, 'service_day', 2, '2016-01-01', '2016-01-01T00:00:00Z'),
    ('feedback_forms', 1, '入户走访带回意见反馈表', '三(一)2 五', 'person', 'month', 1, 31, 31,
     'visit_form', 1, CURRENT_DATE, '2016-01-01T00:00:00Z'),
    ('monthly_coverage', 1, '每月走访全部联系户', '三(一)2 一', 'person', 'month', 1, 31, 31,
     'coverage', 1, '2016-01-01', '2016-01-01T00:00:00Z');
