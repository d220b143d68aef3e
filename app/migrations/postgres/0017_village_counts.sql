-- Issue 23 (ten times the work). The summary of one village tested each feedback form's
-- and ledger item's village through its household, row by row. `in_village_id` is the village a
-- record counts in, set by triggers on every write so that one index range answers: a
-- feedback form's is its household's (NULL without one: a card's form counts in every village
-- where the cadre it concerns has households, read from `rollup_assignments`); a ledger
-- item's is its own village, else its household's. Derived data like the rollups: when a
-- household moves village, its records move with it. The SQLite file says the same in its
-- dialect.

CREATE FUNCTION household_village(hid BIGINT) RETURNS BIGINT LANGUAGE SQL STABLE AS $$
    SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
    WHERE h.id = hid
$$;

ALTER TABLE feedback ADD COLUMN in_village_id BIGINT;
UPDATE feedback SET in_village_id = household_village(household_id)
WHERE household_id IS NOT NULL;
-- With the cadre, so that a card's forms (no village) are read from the index alone too.
CREATE INDEX feedback_in_village ON feedback(in_village_id, received_at, cadre_id);

ALTER TABLE ledger_items ADD COLUMN in_village_id BIGINT;
UPDATE ledger_items SET in_village_id = COALESCE(village_id, household_village(household_id));
-- Overdue items per owner, and commitments open and overdue, of one village.
CREATE INDEX ledger_items_in_village ON ledger_items(in_village_id, status, deadline, owner_id);
CREATE INDEX ledger_items_in_village_kind ON ledger_items(in_village_id, kind, status, deadline);
-- The items closed in a month of one village: the events' index, then this one alone.
CREATE INDEX ledger_items_id_village ON ledger_items(id, in_village_id);

CREATE FUNCTION record_villages_feedback() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.in_village_id := household_village(NEW.household_id);
    RETURN NEW;
END $$;
CREATE TRIGGER record_villages_feedback BEFORE INSERT OR UPDATE OF household_id ON feedback
FOR EACH ROW EXECUTE FUNCTION record_villages_feedback();

CREATE FUNCTION record_villages_item() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.in_village_id := COALESCE(NEW.village_id, household_village(NEW.household_id));
    RETURN NEW;
END $$;
CREATE TRIGGER record_villages_item BEFORE INSERT OR UPDATE OF household_id, village_id
ON ledger_items FOR EACH ROW EXECUTE FUNCTION record_villages_item();

CREATE FUNCTION record_villages_household_move() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback SET in_village_id = household_village(NEW.id) WHERE household_id = NEW.id;
    UPDATE ledger_items SET in_village_id = household_village(NEW.id)
    WHERE household_id = NEW.id AND village_id IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER record_villages_household_move AFTER UPDATE OF group_id ON households
FOR EACH ROW WHEN (NEW.group_id <> OLD.group_id)
EXECUTE FUNCTION record_villages_household_move();

-- 户数 per 村民小组: the village list (on every summary and village page) counted 200,000
-- households group by group. Groups whose households all moved keep a row of 0.
CREATE TABLE rollup_group_households (
    group_id   BIGINT NOT NULL PRIMARY KEY,
    households BIGINT NOT NULL
);
INSERT INTO rollup_group_households (group_id, households)
SELECT group_id, COUNT(*) FROM households GROUP BY group_id;

CREATE FUNCTION rollup_group_households() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        UPDATE rollup_group_households SET households = households - 1
        WHERE group_id = OLD.group_id;
    END IF;
    INSERT INTO rollup_group_households (group_id, households) VALUES (NEW.group_id, 1)
    ON CONFLICT (group_id) DO UPDATE
    SET households = rollup_group_households.households + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_group_households_insert AFTER INSERT ON households
FOR EACH ROW EXECUTE FUNCTION rollup_group_households();
CREATE TRIGGER rollup_group_households_move AFTER UPDATE OF group_id ON households
FOR EACH ROW WHEN (NEW.group_id <> OLD.group_id) EXECUTE FUNCTION rollup_group_households();

-- A household's village (its group's), kept on the row so that the register's order (village,
-- group, household) is one index: a page of 200,000 households is read in order and stops
-- after its rows, instead of sorting them all. Set by a trigger like the rest.
ALTER TABLE households ADD COLUMN in_village_id BIGINT;
UPDATE households h SET in_village_id = g.village_id FROM village_groups g
WHERE g.id = h.group_id;
CREATE INDEX households_place ON households(in_village_id, group_id, id);

CREATE FUNCTION households_place() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.in_village_id := (SELECT g.village_id FROM village_groups g WHERE g.id = NEW.group_id);
    RETURN NEW;
END $$;
CREATE TRIGGER households_place BEFORE INSERT OR UPDATE OF group_id ON households
FOR EACH ROW EXECUTE FUNCTION households_place();

-- The list filtered by a tag: counted and paged from the tagged households alone, in order.
CREATE INDEX households_poor ON households(in_village_id, group_id, id) WHERE poor;
CREATE INDEX households_notable ON households(in_village_id, group_id, id) WHERE notable;
CREATE INDEX households_key_petitioner ON households(in_village_id, group_id, id)
WHERE key_petitioner;

-- Feedback first resolved in a month: that month's resolving replies from the first index,
-- each tested for an earlier one of its form by the second (without it SQLite tests through
-- the first: every resolving reply for each).
CREATE INDEX feedback_replies_status ON feedback_replies(status, at, feedback_id);
CREATE INDEX feedback_replies_first ON feedback_replies(feedback_id, status, at);
-- Likewise an item's earlier steps of a kind (a commitment first reported done, an item's
-- closes in a month).
CREATE INDEX ledger_events_item_step ON ledger_events(item_id, step, at);

-- The summary's twelve-month trend: forms received (反映) and items closed (销号) per Beijing
-- month and village, so the trend is a few hundred rows, not a year of forms and events
-- tested month by month. `rollup_feedback.village_id` is the form's `in_village_id`, 0 for a
-- form with no household (a card's), which is counted under the cadre it concerns
-- (`cadre_id`, else 0), so that a village's figure can take the cards of the cadres with
-- households there. `rollup_closed` counts an item once in a month however often it was closed
-- in it, in its village (0: none). Both follow a household's move with its records. Forms and
-- the ledger's events are never deleted, nor change when or what they record: triggers refuse.
CREATE TABLE rollup_feedback (
    month      TEXT NOT NULL,
    village_id BIGINT NOT NULL,
    cadre_id   BIGINT NOT NULL,
    forms      BIGINT NOT NULL,
    PRIMARY KEY (month, village_id, cadre_id)
);
INSERT INTO rollup_feedback (month, village_id, cadre_id, forms)
SELECT beijing_month(received_at), COALESCE(in_village_id, 0),
       CASE WHEN in_village_id IS NULL THEN COALESCE(cadre_id, 0) ELSE 0 END, COUNT(*)
FROM feedback GROUP BY 1, 2, 3;

-- PostgreSQL sets a form's village before the row is written (above), so its count is kept
-- from the row as stored; a column trigger would miss a village set by that trigger.
CREATE FUNCTION rollup_feedback() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        UPDATE rollup_feedback SET forms = forms - 1
        WHERE month = beijing_month(OLD.received_at)
          AND village_id = COALESCE(OLD.in_village_id, 0)
          AND cadre_id = CASE WHEN OLD.in_village_id IS NULL THEN COALESCE(OLD.cadre_id, 0)
                              ELSE 0 END;
    END IF;
    INSERT INTO rollup_feedback (month, village_id, cadre_id, forms)
    VALUES (beijing_month(NEW.received_at), COALESCE(NEW.in_village_id, 0),
            CASE WHEN NEW.in_village_id IS NULL THEN COALESCE(NEW.cadre_id, 0) ELSE 0 END, 1)
    ON CONFLICT (month, village_id, cadre_id) DO UPDATE
    SET forms = rollup_feedback.forms + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_feedback_insert AFTER INSERT ON feedback
FOR EACH ROW EXECUTE FUNCTION rollup_feedback();
CREATE TRIGGER rollup_feedback_moved AFTER UPDATE ON feedback
FOR EACH ROW WHEN (OLD.in_village_id IS DISTINCT FROM NEW.in_village_id
                   OR OLD.cadre_id IS DISTINCT FROM NEW.cadre_id)
EXECUTE FUNCTION rollup_feedback();
CREATE TRIGGER rollup_feedback_kept BEFORE DELETE ON feedback
FOR EACH ROW EXECUTE FUNCTION rollup_refuse('feedback is never deleted (0017_village_counts.sql)');
CREATE TRIGGER rollup_feedback_fixed BEFORE UPDATE OF received_at ON feedback
FOR EACH ROW EXECUTE FUNCTION rollup_refuse('a form''s time of receipt never changes (0017_village_counts.sql)');

CREATE TABLE rollup_closed (
    month      TEXT NOT NULL,
    village_id BIGINT NOT NULL,
    items      BIGINT NOT NULL,
    PRIMARY KEY (month, village_id)
);
INSERT INTO rollup_closed (month, village_id, items)
SELECT beijing_month(e.at), COALESCE(i.in_village_id, 0), COUNT(DISTINCT e.item_id)
FROM ledger_events e JOIN ledger_items i ON i.id = e.item_id
WHERE e.step = 'close'
GROUP BY 1, 2;

-- Per statement (row triggers of a many-row INSERT run after it, each seeing the others): an
-- item closed in a month counts once, unless a close of that month was there before.
CREATE FUNCTION rollup_closed_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_closed (month, village_id, items)
    SELECT a.month, COALESCE(i.in_village_id, 0), COUNT(*)
    FROM (SELECT DISTINCT item_id, beijing_month(at) AS month FROM added
          WHERE step = 'close') a
    JOIN ledger_items i ON i.id = a.item_id
    WHERE NOT EXISTS (SELECT 1 FROM ledger_events o
                      WHERE o.item_id = a.item_id AND o.step = 'close'
                        AND beijing_month(o.at) = a.month
                        AND o.id NOT IN (SELECT id FROM added))
    GROUP BY 1, 2
    ON CONFLICT (month, village_id) DO UPDATE SET items = rollup_closed.items + excluded.items;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_closed_insert AFTER INSERT ON ledger_events REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION rollup_closed_insert();

CREATE FUNCTION rollup_closed_moved() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rollup_closed SET items = items - 1
    WHERE village_id = COALESCE(OLD.in_village_id, 0)
      AND month IN (SELECT beijing_month(e.at) FROM ledger_events e
                    WHERE e.item_id = NEW.id AND e.step = 'close');
    INSERT INTO rollup_closed (month, village_id, items)
    SELECT DISTINCT beijing_month(e.at), COALESCE(NEW.in_village_id, 0), 1
    FROM ledger_events e WHERE e.item_id = NEW.id AND e.step = 'close'
    ON CONFLICT (month, village_id) DO UPDATE SET items = rollup_closed.items + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_closed_moved AFTER UPDATE ON ledger_items
FOR EACH ROW WHEN (OLD.in_village_id IS DISTINCT FROM NEW.in_village_id)
EXECUTE FUNCTION rollup_closed_moved();
CREATE TRIGGER rollup_closed_kept BEFORE DELETE ON ledger_events
FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('the ledger''s events are never deleted (0017_village_counts.sql)');
CREATE TRIGGER rollup_closed_fixed BEFORE UPDATE OF item_id, step, at ON ledger_events
FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('a ledger event''s item, step and time never change (0017_village_counts.sql)');

-- Updated in place on every form, close and visit: room in each page for the new version
-- (PostgreSQL's HOT updates), so the counts do not spread over thousands of pages between
-- two autovacuums.
ALTER TABLE rollup_visits SET (fillfactor = 50);
ALTER TABLE rollup_assignments SET (fillfactor = 50);
ALTER TABLE rollup_village_households SET (fillfactor = 50);
ALTER TABLE rollup_group_households SET (fillfactor = 50);
ALTER TABLE rollup_feedback SET (fillfactor = 50);
ALTER TABLE rollup_closed SET (fillfactor = 50);
