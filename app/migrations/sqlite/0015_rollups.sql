-- Issue 23 (ten times the work): the summary counted households, assignments and visits over
-- whole tables on every read (0.45 s at 200,000 households and 1,000,000 visits). These
-- rolled-up counts are kept by triggers in the same transaction as every write that changes
-- them, whichever code path writes (the app, `shugen generate`, `copy-db`, a hand fix), and
-- are filled here from what the tables hold. They are derived data: `copy-db` leaves them
-- behind and the target's triggers rebuild them row by row. Months and days are Beijing's
-- (UTC+8), as everywhere in the summary. Households are never deleted, and visits are never
-- deleted nor change household, person, time or village (a correction is a new visit): the
-- last triggers refuse those writes, so that a feature that needs one must count it here
-- first instead of leaving the figures wrong. The triggers name the index they read a
-- household's visits by: without statistics, SQLite would pick the village's or the person's
-- and read thousands of visits for each one written.

-- 户数: households per village.
CREATE TABLE rollup_village_households (
    village_id BIGINT NOT NULL PRIMARY KEY,
    households BIGINT NOT NULL
);
INSERT INTO rollup_village_households (village_id, households)
SELECT g.village_id, COUNT(*) FROM households h JOIN village_groups g ON g.id = h.group_id
GROUP BY g.village_id;

-- 联系户: households assigned to a person, per village and Beijing day of assignment (a
-- cadence's "households they had by the end of the week" sums the days before it).
CREATE TABLE rollup_assignments (
    user_id     BIGINT NOT NULL,
    village_id  BIGINT NOT NULL,
    assigned_on DATE NOT NULL,
    households  BIGINT NOT NULL,
    PRIMARY KEY (user_id, village_id, assigned_on)
);
CREATE INDEX rollup_assignments_village ON rollup_assignments(village_id, user_id);
INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
SELECT hc.user_id, g.village_id, date(hc.assigned_at, '+8 hours'), COUNT(*)
FROM household_cadres hc JOIN households h ON h.id = hc.household_id
JOIN village_groups g ON g.id = h.group_id
GROUP BY hc.user_id, g.village_id, date(hc.assigned_at, '+8 hours');

-- 走访: per person, Beijing month and the visit's village: their visits; the households whose
-- first visit of the month was theirs (summed over people: the households visited; a
-- household counts in the village of that first visit); and the same two for the households
-- assigned to them (their coverage), kept current when an assignment is made or taken back.
CREATE TABLE rollup_visits (
    cadre_id       BIGINT NOT NULL,
    month          TEXT NOT NULL,
    village_id     BIGINT NOT NULL,
    visits         BIGINT NOT NULL,
    households     BIGINT NOT NULL,
    own_visits     BIGINT NOT NULL,
    own_households BIGINT NOT NULL,
    PRIMARY KEY (cadre_id, month, village_id)
);
CREATE INDEX rollup_visits_month ON rollup_visits(month, village_id);
INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                           own_households)
SELECT cadre_id, month, village_id, COUNT(*),
       SUM(CASE WHEN first_in_month = 1 THEN 1 ELSE 0 END), SUM(own),
       SUM(CASE WHEN own = 1 AND first_by_cadre = 1 THEN 1 ELSE 0 END)
FROM (SELECT cadre_id, month, village_id, own,
             ROW_NUMBER() OVER (PARTITION BY month, household_id
                                ORDER BY visited_at, id) AS first_in_month,
             ROW_NUMBER() OVER (PARTITION BY month, household_id, cadre_id
                                ORDER BY visited_at, id) AS first_by_cadre
      FROM (SELECT v.id, v.cadre_id, v.household_id, v.village_id, v.visited_at,
                   strftime('%Y-%m', v.visited_at, '+8 hours') AS month,
                   CASE WHEN EXISTS (SELECT 1 FROM household_cadres hc
                                     WHERE hc.household_id = v.household_id
                                       AND hc.user_id = v.cadre_id) THEN 1 ELSE 0 END AS own
            FROM visits v) t) u
GROUP BY cadre_id, month, village_id;

CREATE TRIGGER rollup_households_insert AFTER INSERT ON households BEGIN
    INSERT INTO rollup_village_households (village_id, households)
    SELECT g.village_id, 1 FROM village_groups g WHERE g.id = NEW.group_id
    ON CONFLICT (village_id) DO UPDATE SET households = households + 1;
END;

CREATE TRIGGER rollup_households_move AFTER UPDATE OF group_id ON households
WHEN NEW.group_id <> OLD.group_id BEGIN
    UPDATE rollup_village_households SET households = households - 1
    WHERE village_id = (SELECT g.village_id FROM village_groups g WHERE g.id = OLD.group_id);
    INSERT INTO rollup_village_households (village_id, households)
    SELECT g.village_id, 1 FROM village_groups g WHERE g.id = NEW.group_id
    ON CONFLICT (village_id) DO UPDATE SET households = households + 1;
    UPDATE rollup_assignments SET households = households - (
        SELECT COUNT(*) FROM household_cadres hc
        WHERE hc.household_id = NEW.id AND hc.user_id = rollup_assignments.user_id
          AND date(hc.assigned_at, '+8 hours') = rollup_assignments.assigned_on)
    WHERE village_id = (SELECT g.village_id FROM village_groups g WHERE g.id = OLD.group_id)
      AND user_id IN (SELECT hc.user_id FROM household_cadres hc WHERE hc.household_id = NEW.id);
    DELETE FROM rollup_assignments WHERE households = 0
      AND user_id IN (SELECT hc.user_id FROM household_cadres hc WHERE hc.household_id = NEW.id);
    INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
    SELECT hc.user_id, g.village_id, date(hc.assigned_at, '+8 hours'), COUNT(*)
    FROM household_cadres hc JOIN village_groups g ON g.id = NEW.group_id
    WHERE hc.household_id = NEW.id
    GROUP BY hc.user_id, g.village_id, date(hc.assigned_at, '+8 hours')
    ON CONFLICT (user_id, village_id, assigned_on)
    DO UPDATE SET households = households + excluded.households;
END;

CREATE TRIGGER rollup_household_cadres_insert AFTER INSERT ON household_cadres BEGIN
    INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
    SELECT NEW.user_id, g.village_id, date(NEW.assigned_at, '+8 hours'), 1
    FROM households h JOIN village_groups g ON g.id = h.group_id WHERE h.id = NEW.household_id
    ON CONFLICT (user_id, village_id, assigned_on) DO UPDATE SET households = households + 1;
    INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                               own_households)
    SELECT NEW.user_id, strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id, 0, 0,
           COUNT(*), 1
    FROM visits v INDEXED BY visits_household
    WHERE v.household_id = NEW.household_id AND v.cadre_id = NEW.user_id
    GROUP BY strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id
    ON CONFLICT (cadre_id, month, village_id) DO UPDATE SET
        own_visits = own_visits + excluded.own_visits,
        own_households = own_households + excluded.own_households;
END;

CREATE TRIGGER rollup_household_cadres_delete AFTER DELETE ON household_cadres BEGIN
    UPDATE rollup_assignments SET households = households - 1
    WHERE user_id = OLD.user_id AND assigned_on = date(OLD.assigned_at, '+8 hours')
      AND village_id = (SELECT g.village_id FROM households h
                        JOIN village_groups g ON g.id = h.group_id WHERE h.id = OLD.household_id);
    DELETE FROM rollup_assignments WHERE user_id = OLD.user_id AND households = 0;
    UPDATE rollup_visits SET own_visits = own_visits - o.n, own_households = own_households - 1
    FROM (SELECT strftime('%Y-%m', v.visited_at, '+8 hours') AS month, v.village_id,
                 COUNT(*) AS n
          FROM visits v INDEXED BY visits_household
          WHERE v.household_id = OLD.household_id AND v.cadre_id = OLD.user_id
          GROUP BY strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id) o
    WHERE rollup_visits.cadre_id = OLD.user_id AND rollup_visits.month = o.month
      AND rollup_visits.village_id = o.village_id;
END;

-- A changed assignment (a corrected date, a hand fix) is the old one taken back and the new one
-- made.
CREATE TRIGGER rollup_household_cadres_update
AFTER UPDATE OF household_id, user_id, assigned_at ON household_cadres BEGIN
    UPDATE rollup_assignments SET households = households - 1
    WHERE user_id = OLD.user_id AND assigned_on = date(OLD.assigned_at, '+8 hours')
      AND village_id = (SELECT g.village_id FROM households h
                        JOIN village_groups g ON g.id = h.group_id WHERE h.id = OLD.household_id);
    DELETE FROM rollup_assignments WHERE user_id = OLD.user_id AND households = 0;
    UPDATE rollup_visits SET own_visits = own_visits - o.n, own_households = own_households - 1
    FROM (SELECT strftime('%Y-%m', v.visited_at, '+8 hours') AS month, v.village_id,
                 COUNT(*) AS n
          FROM visits v INDEXED BY visits_household
          WHERE v.household_id = OLD.household_id AND v.cadre_id = OLD.user_id
          GROUP BY strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id) o
    WHERE rollup_visits.cadre_id = OLD.user_id AND rollup_visits.month = o.month
      AND rollup_visits.village_id = o.village_id;
    INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
    SELECT NEW.user_id, g.village_id, date(NEW.assigned_at, '+8 hours'), 1
    FROM households h JOIN village_groups g ON g.id = h.group_id WHERE h.id = NEW.household_id
    ON CONFLICT (user_id, village_id, assigned_on) DO UPDATE SET households = households + 1;
    INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                               own_households)
    SELECT NEW.user_id, strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id, 0, 0,
           COUNT(*), 1
    FROM visits v INDEXED BY visits_household
    WHERE v.household_id = NEW.household_id AND v.cadre_id = NEW.user_id
    GROUP BY strftime('%Y-%m', v.visited_at, '+8 hours'), v.village_id
    ON CONFLICT (cadre_id, month, village_id) DO UPDATE SET
        own_visits = own_visits + excluded.own_visits,
        own_households = own_households + excluded.own_households;
END;

CREATE TRIGGER rollup_visits_insert AFTER INSERT ON visits BEGIN
    INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                               own_households)
    SELECT NEW.cadre_id, t.month, NEW.village_id, 1,
           CASE WHEN EXISTS (SELECT 1 FROM visits o INDEXED BY visits_household
                             WHERE o.household_id = NEW.household_id AND o.id <> NEW.id
                               AND strftime('%Y-%m', o.visited_at, '+8 hours') = t.month)
                THEN 0 ELSE 1 END,
           t.own,
           CASE WHEN t.own = 1 AND NOT EXISTS (
                    SELECT 1 FROM visits o INDEXED BY visits_household
                    WHERE o.household_id = NEW.household_id AND o.cadre_id = NEW.cadre_id
                      AND o.id <> NEW.id
                      AND strftime('%Y-%m', o.visited_at, '+8 hours') = t.month)
                THEN 1 ELSE 0 END
    FROM (SELECT strftime('%Y-%m', NEW.visited_at, '+8 hours') AS month,
                 CASE WHEN EXISTS (SELECT 1 FROM household_cadres hc
                                   WHERE hc.household_id = NEW.household_id
                                     AND hc.user_id = NEW.cadre_id) THEN 1 ELSE 0 END AS own) t
    WHERE true
    ON CONFLICT (cadre_id, month, village_id) DO UPDATE SET
        visits = visits + 1,
        households = households + excluded.households,
        own_visits = own_visits + excluded.own_visits,
        own_households = own_households + excluded.own_households;
END;

CREATE TRIGGER rollup_households_kept BEFORE DELETE ON households BEGIN
    SELECT RAISE(ABORT, 'households are never deleted (0015_rollups.sql)');
END;

CREATE TRIGGER rollup_visits_kept BEFORE DELETE ON visits BEGIN
    SELECT RAISE(ABORT, 'visits are never deleted (0015_rollups.sql)');
END;

CREATE TRIGGER rollup_visits_fixed BEFORE UPDATE OF household_id, cadre_id, visited_at, village_id
ON visits BEGIN
    SELECT RAISE(ABORT,
        'a visit''s household, person, time and village never change (0015_rollups.sql)');
END;

-- The summary's ledger lines: commitments open and overdue counted from one index range,
-- and the items closed in a month read from the events' index alone.
CREATE INDEX ledger_items_kind_status ON ledger_items(kind, status, deadline);
DROP INDEX ledger_events_step;
CREATE INDEX ledger_events_step ON ledger_events(step, at, item_id);

-- Overdue items per owner (and their village) read from the index alone.
DROP INDEX ledger_items_due;
CREATE INDEX ledger_items_due ON ledger_items(status, deadline, owner_id, village_id, household_id);
