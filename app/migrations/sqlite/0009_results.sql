-- 创好工作业绩 (三(一)1 五) and 补助和奖励 (四): what each village achieved, and the leading
-- group's yearly decision on each person, with the figures it decided on.
CREATE TABLE village_results (
    id          INTEGER PRIMARY KEY,
    village_id  INTEGER NOT NULL REFERENCES villages(id),
    achieved_on TEXT NOT NULL,
    area        TEXT NOT NULL
                CHECK (area IN ('industry', 'infrastructure', 'living', 'appearance', 'other')),
    highlight   TEXT NOT NULL,
    before_text TEXT NOT NULL DEFAULT '',
    after_text  TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX village_results_day ON village_results(achieved_on);

-- A decision is never edited: a second one for the same person and year is a new row, and
-- the latest stands (the earlier stays as the record of what was decided before).
CREATE TABLE assessments (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    year       INTEGER NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('reward', 'none')),
    reason     TEXT NOT NULL,
    figures    TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL
);
CREATE INDEX assessments_year ON assessments(year, user_id, id);
