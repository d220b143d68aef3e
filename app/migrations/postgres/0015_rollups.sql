-- Issue 23 (ten times the work): the summary counted households, assignments and visits over
-- whole tables on every read (0.45 s at 200,000 households and 1,000,000 visits). These
-- rolled-up counts are kept by triggers in the same transaction as every write that changes
-- them, whichever code path writes (the app, `shugen generate`, `copy-db`, a hand fix), and
-- are filled here from what the tables hold. They are derived data: `copy-db` leaves them
-- behind and the target's triggers rebuild them row by row. Months and days are Beijing's
-- (UTC+8), as everywhere in the summary. Households are never deleted, and visits are never
-- deleted nor change household, person, time or village (a correction is a new visit): the
-- last triggers refuse those writes, so that a feature that needs one must count it here
-- first instead of leaving the figures wrong. Every write transaction holds the writers'
-- advisory lock (DESIGN.md §6), so two "first visit of the month" tests never race. The
-- SQLite file says the same in its dialect.

CREATE FUNCTION beijing_month(t TIMESTAMPTZ) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC' + INTERVAL '8 hours', 'YYYY-MM') $$;
CREATE FUNCTION beijing_day(t TIMESTAMPTZ) RETURNS DATE LANGUAGE SQL IMMUTABLE AS
$$ SELECT CAST(t AT TIME ZONE 'UTC' + INTERVAL '8 hours' AS DATE) $$;

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
SELECT hc.user_id, g.village_id, beijing_day(hc.assigned_at), COUNT(*)
FROM household_cadres hc JOIN households h ON h.id = hc.household_id
JOIN village_groups g ON g.id = h.group_id
GROUP BY hc.user_id, g.village_id, beijing_day(hc.assigned_at);

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
                   beijing_month(v.visited_at) AS month,
                   CASE WHEN EXISTS (SELECT 1 FROM household_cadres hc
                                     WHERE hc.household_id = v.household_id
                                       AND hc.user_id = v.cadre_id) THEN 1 ELSE 0 END AS own
            FROM visits v) t) u
GROUP BY cadre_id, month, village_id;

CREATE FUNCTION rollup_households_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_village_households (village_id, households)
    SELECT g.village_id, 1 FROM village_groups g WHERE g.id = NEW.group_id
    ON CONFLICT (village_id) DO UPDATE
    SET households = rollup_village_households.households + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_households_insert AFTER INSERT ON households
FOR EACH ROW EXECUTE FUNCTION rollup_households_insert();

CREATE FUNCTION rollup_households_move() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_village_households SET households = households - 1
    WHERE village_id = (SELECT g.village_id FROM village_groups g WHERE g.id = OLD.group_id);
    INSERT INTO rollup_village_households (village_id, households)
    SELECT g.village_id, 1 FROM village_groups g WHERE g.id = NEW.group_id
    ON CONFLICT (village_id) DO UPDATE
    SET households = rollup_village_households.households + 1;
    UPDATE rollup_assignments a SET households = a.households - (
        SELECT COUNT(*) FROM household_cadres hc
        WHERE hc.household_id = NEW.id AND hc.user_id = a.user_id
          AND beijing_day(hc.assigned_at) = a.assigned_on)
    WHERE a.village_id = (SELECT g.village_id FROM village_groups g WHERE g.id = OLD.group_id)
      AND a.user_id IN (SELECT hc.user_id FROM household_cadres hc WHERE hc.household_id = NEW.id);
    DELETE FROM rollup_assignments WHERE households = 0
      AND user_id IN (SELECT hc.user_id FROM household_cadres hc WHERE hc.household_id = NEW.id);
    INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
    SELECT hc.user_id, g.village_id, beijing_day(hc.assigned_at), COUNT(*)
    FROM household_cadres hc JOIN village_groups g ON g.id = NEW.group_id
    WHERE hc.household_id = NEW.id
    GROUP BY hc.user_id, g.village_id, beijing_day(hc.assigned_at)
    ON CONFLICT (user_id, village_id, assigned_on) DO UPDATE
    SET households = rollup_assignments.households + excluded.households;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_households_move AFTER UPDATE OF group_id ON households
FOR EACH ROW WHEN (NEW.group_id <> OLD.group_id) EXECUTE FUNCTION rollup_households_move();

-- An assignment made, taken back, or changed (a corrected date, a hand fix: the old one taken
-- back and the new one made).
CREATE FUNCTION rollup_household_cadres() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE rollup_assignments SET households = households - 1
        WHERE user_id = OLD.user_id AND assigned_on = beijing_day(OLD.assigned_at)
          AND village_id = (SELECT g.village_id FROM households h
                            JOIN village_groups g ON g.id = h.group_id
                            WHERE h.id = OLD.household_id);
        DELETE FROM rollup_assignments WHERE user_id = OLD.user_id AND households = 0;
        UPDATE rollup_visits r SET own_visits = r.own_visits - o.n,
                                   own_households = r.own_households - 1
        FROM (SELECT beijing_month(v.visited_at) AS month, v.village_id, COUNT(*) AS n
              FROM visits v WHERE v.household_id = OLD.household_id AND v.cadre_id = OLD.user_id
              GROUP BY beijing_month(v.visited_at), v.village_id) o
        WHERE r.cadre_id = OLD.user_id AND r.month = o.month AND r.village_id = o.village_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO rollup_assignments (user_id, village_id, assigned_on, households)
        SELECT NEW.user_id, g.village_id, beijing_day(NEW.assigned_at), 1
        FROM households h JOIN village_groups g ON g.id = h.group_id WHERE h.id = NEW.household_id
        ON CONFLICT (user_id, village_id, assigned_on) DO UPDATE
        SET households = rollup_assignments.households + 1;
        INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                                   own_households)
        SELECT NEW.user_id, beijing_month(v.visited_at), v.village_id, 0, 0, COUNT(*), 1
        FROM visits v WHERE v.household_id = NEW.household_id AND v.cadre_id = NEW.user_id
        GROUP BY beijing_month(v.visited_at), v.village_id
        ON CONFLICT (cadre_id, month, village_id) DO UPDATE SET
            own_visits = rollup_visits.own_visits + excluded.own_visits,
            own_households = rollup_visits.own_households + excluded.own_households;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_household_cadres
AFTER INSERT OR DELETE OR UPDATE OF household_id, user_id, assigned_at ON household_cadres
FOR EACH ROW EXECUTE FUNCTION rollup_household_cadres();

-- Per statement, over the rows it added, one at a time in time order: PostgreSQL runs row
-- triggers after the whole statement, so a row trigger of a many-row INSERT (copy-db) would
-- see the statement's later rows as visits made before it, and no household would be first.
-- A visit of the same household and month counts as seen before when it was there before the
-- statement or comes earlier in it. Each read is one range of the household's index (the
-- household and the month's instants), with the row's values as parameters: a query joined
-- to the statement's rows, or one naming the village too, was planned over the village's
-- visits (0.4 ms a visit, growing with them).
CREATE FUNCTION rollup_visits_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    m TEXT;
    own INT;
    month_start TIMESTAMPTZ;
    month_end TIMESTAMPTZ;
BEGIN
    FOR r IN SELECT id, household_id, cadre_id, village_id, visited_at FROM added
             ORDER BY visited_at, id LOOP
        m := beijing_month(r.visited_at);
        month_start := (date_trunc('month', r.visited_at AT TIME ZONE 'UTC' + INTERVAL '8 hours')
                        - INTERVAL '8 hours') AT TIME ZONE 'UTC';
        month_end := (date_trunc('month', r.visited_at AT TIME ZONE 'UTC' + INTERVAL '8 hours')
                      + INTERVAL '1 month' - INTERVAL '8 hours') AT TIME ZONE 'UTC';
        own := CASE WHEN EXISTS (SELECT 1 FROM household_cadres hc
                                 WHERE hc.household_id = r.household_id
                                   AND hc.user_id = r.cadre_id) THEN 1 ELSE 0 END;
        INSERT INTO rollup_visits (cadre_id, month, village_id, visits, households, own_visits,
                                   own_households)
        VALUES (r.cadre_id, m, r.village_id, 1,
                CASE WHEN EXISTS (
                         SELECT 1 FROM visits o
                         WHERE o.household_id = r.household_id AND o.id <> r.id
                           AND o.visited_at >= month_start AND o.visited_at < month_end
                           AND ((o.visited_at, o.id) < (r.visited_at, r.id)
                                OR o.id NOT IN (SELECT id FROM added)))
                     THEN 0 ELSE 1 END,
                own,
                CASE WHEN own = 1 AND NOT EXISTS (
                         SELECT 1 FROM visits o
                         WHERE o.household_id = r.household_id AND o.cadre_id = r.cadre_id
                           AND o.id <> r.id
                           AND o.visited_at >= month_start AND o.visited_at < month_end
                           AND ((o.visited_at, o.id) < (r.visited_at, r.id)
                                OR o.id NOT IN (SELECT id FROM added)))
                     THEN 1 ELSE 0 END)
        ON CONFLICT (cadre_id, month, village_id) DO UPDATE SET
            visits = rollup_visits.visits + 1,
            households = rollup_visits.households + excluded.households,
            own_visits = rollup_visits.own_visits + excluded.own_visits,
            own_households = rollup_visits.own_households + excluded.own_households;
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_visits_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION rollup_visits_insert();

CREATE FUNCTION rollup_refuse() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
CREATE TRIGGER rollup_households_kept BEFORE DELETE ON households
FOR EACH ROW EXECUTE FUNCTION rollup_refuse('households are never deleted (0015_rollups.sql)');
CREATE TRIGGER rollup_visits_kept BEFORE DELETE ON visits
FOR EACH ROW EXECUTE FUNCTION rollup_refuse('visits are never deleted (0015_rollups.sql)');
CREATE TRIGGER rollup_visits_fixed BEFORE UPDATE OF household_id, cadre_id, visited_at, village_id
ON visits FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('a visit''s household, person, time and village never change (0015_rollups.sql)');

-- The summary's ledger lines: commitments open and overdue counted from one index range,
-- and the items closed in a month read from the events' index alone.
CREATE INDEX ledger_items_kind_status ON ledger_items(kind, status, deadline);
DROP INDEX ledger_events_step;
CREATE INDEX ledger_events_step ON ledger_events(step, at, item_id);

-- Overdue items per owner (and their village) read from the index alone.
DROP INDEX ledger_items_due;
CREATE INDEX ledger_items_due ON ledger_items(status, deadline, owner_id, village_id, household_id);
