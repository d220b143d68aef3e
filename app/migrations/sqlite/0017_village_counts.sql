-- Issue 23 (ten times the work). The summary of one village tested each feedback form's
-- and ledger item's village through its household, row by row (35 ms for the twelve-month trend
-- at 20,000 forms). `in_village_id` is the village a record counts in, kept by triggers in the
-- writing transaction so that one index range answers: a feedback form's is its household's
-- (NULL without one: a card's form counts in every village where the cadre it concerns has
-- households, read from `rollup_assignments`); a ledger item's is its own village, else its
-- household's. Derived data like the rollups: when a household moves village, its records
-- move with it. The PostgreSQL file says the same in its dialect.

ALTER TABLE feedback ADD COLUMN in_village_id INTEGER;
UPDATE feedback SET in_village_id = (
    SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
    WHERE h.id = feedback.household_id);
-- With the cadre, so that a card's forms (no village) are read from the index alone too.
CREATE INDEX feedback_in_village ON feedback(in_village_id, received_at, cadre_id);

ALTER TABLE ledger_items ADD COLUMN in_village_id INTEGER;
UPDATE ledger_items SET in_village_id = COALESCE(village_id, (
    SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
    WHERE h.id = ledger_items.household_id));
-- Overdue items per owner, and commitments open and overdue, of one village.
CREATE INDEX ledger_items_in_village ON ledger_items(in_village_id, status, deadline, owner_id);
CREATE INDEX ledger_items_in_village_kind ON ledger_items(in_village_id, kind, status, deadline);
-- The items closed in a month of one village: the events' index, then this one alone.
CREATE INDEX ledger_items_id_village ON ledger_items(id, in_village_id);

CREATE TRIGGER record_villages_feedback_insert AFTER INSERT ON feedback
WHEN NEW.household_id IS NOT NULL BEGIN
    UPDATE feedback SET in_village_id = (
        SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
        WHERE h.id = NEW.household_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER record_villages_feedback_update AFTER UPDATE OF household_id ON feedback BEGIN
    UPDATE feedback SET in_village_id = (
        SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
        WHERE h.id = NEW.household_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER record_villages_item_insert AFTER INSERT ON ledger_items BEGIN
    UPDATE ledger_items SET in_village_id = COALESCE(NEW.village_id, (
        SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
        WHERE h.id = NEW.household_id))
    WHERE id = NEW.id;
END;

CREATE TRIGGER record_villages_item_update AFTER UPDATE OF household_id, village_id
ON ledger_items BEGIN
    UPDATE ledger_items SET in_village_id = COALESCE(NEW.village_id, (
        SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
        WHERE h.id = NEW.household_id))
    WHERE id = NEW.id;
END;

CREATE TRIGGER record_villages_household_move AFTER UPDATE OF group_id ON households
WHEN NEW.group_id <> OLD.group_id BEGIN
    UPDATE feedback SET in_village_id = (
        SELECT g.village_id FROM village_groups g WHERE g.id = NEW.group_id)
    WHERE household_id = NEW.id;
    UPDATE ledger_items SET in_village_id = (
        SELECT g.village_id FROM village_groups g WHERE g.id = NEW.group_id)
    WHERE household_id = NEW.id AND village_id IS NULL;
END;

-- 户数 per 村民小组: the village list (on every summary and village page) counted 200,000
-- households group by group (4.6 ms at ten counties). Groups whose households all moved
-- keep a row of 0.
CREATE TABLE rollup_group_households (
    group_id   BIGINT NOT NULL PRIMARY KEY,
    households BIGINT NOT NULL
);
INSERT INTO rollup_group_households (group_id, households)
SELECT group_id, COUNT(*) FROM households GROUP BY group_id;

CREATE TRIGGER rollup_group_households_insert AFTER INSERT ON households BEGIN
    INSERT INTO rollup_group_households (group_id, households) VALUES (NEW.group_id, 1)
    ON CONFLICT (group_id) DO UPDATE SET households = households + 1;
END;

CREATE TRIGGER rollup_group_households_move AFTER UPDATE OF group_id ON households
WHEN NEW.group_id <> OLD.group_id BEGIN
    UPDATE rollup_group_households SET households = households - 1
    WHERE group_id = OLD.group_id;
    INSERT INTO rollup_group_households (group_id, households) VALUES (NEW.group_id, 1)
    ON CONFLICT (group_id) DO UPDATE SET households = households + 1;
END;

-- A household's village (its group's), kept on the row so that the register's order (village,
-- group, household) is one index: a page of 200,000 households is read in order and stops
-- after its rows, instead of sorting them all. Set and moved by triggers like the rest.
ALTER TABLE households ADD COLUMN in_village_id INTEGER;
UPDATE households SET in_village_id = (
    SELECT g.village_id FROM village_groups g WHERE g.id = households.group_id);
CREATE INDEX households_place ON households(in_village_id, group_id);

CREATE TRIGGER households_place_insert AFTER INSERT ON households BEGIN
    UPDATE households SET in_village_id = (
        SELECT g.village_id FROM village_groups g WHERE g.id = NEW.group_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER households_place_move AFTER UPDATE OF group_id ON households BEGIN
    UPDATE households SET in_village_id = (
        SELECT g.village_id FROM village_groups g WHERE g.id = NEW.group_id)
    WHERE id = NEW.id;
END;

-- The list filtered by a tag: counted and paged from the tagged households alone, in order.
CREATE INDEX households_poor ON households(in_village_id, group_id) WHERE poor;
CREATE INDEX households_notable ON households(in_village_id, group_id) WHERE notable;
CREATE INDEX households_key_petitioner ON households(in_village_id, group_id)
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
SELECT strftime('%Y-%m', received_at, '+8 hours'), COALESCE(in_village_id, 0),
       CASE WHEN in_village_id IS NULL THEN COALESCE(cadre_id, 0) ELSE 0 END, COUNT(*)
FROM feedback
GROUP BY strftime('%Y-%m', received_at, '+8 hours'), COALESCE(in_village_id, 0),
         CASE WHEN in_village_id IS NULL THEN COALESCE(cadre_id, 0) ELSE 0 END;

-- A form counts under its values as inserted; setting its village (the trigger above, in the
-- same statement) moves it like any later change, so the order the triggers run in is moot.
CREATE TRIGGER rollup_feedback_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO rollup_feedback (month, village_id, cadre_id, forms)
    VALUES (strftime('%Y-%m', NEW.received_at, '+8 hours'), COALESCE(NEW.in_village_id, 0),
            CASE WHEN NEW.in_village_id IS NULL THEN COALESCE(NEW.cadre_id, 0) ELSE 0 END, 1)
    ON CONFLICT (month, village_id, cadre_id) DO UPDATE SET forms = forms + 1;
END;

CREATE TRIGGER rollup_feedback_moved AFTER UPDATE OF in_village_id, cadre_id ON feedback
WHEN OLD.in_village_id IS NOT NEW.in_village_id OR OLD.cadre_id IS NOT NEW.cadre_id BEGIN
    UPDATE rollup_feedback SET forms = forms - 1
    WHERE month = strftime('%Y-%m', OLD.received_at, '+8 hours')
      AND village_id = COALESCE(OLD.in_village_id, 0)
      AND cadre_id = CASE WHEN OLD.in_village_id IS NULL THEN COALESCE(OLD.cadre_id, 0)
                          ELSE 0 END;
    INSERT INTO rollup_feedback (month, village_id, cadre_id, forms)
    VALUES (strftime('%Y-%m', NEW.received_at, '+8 hours'), COALESCE(NEW.in_village_id, 0),
            CASE WHEN NEW.in_village_id IS NULL THEN COALESCE(NEW.cadre_id, 0) ELSE 0 END, 1)
    ON CONFLICT (month, village_id, cadre_id) DO UPDATE SET forms = forms + 1;
END;

CREATE TRIGGER rollup_feedback_kept BEFORE DELETE ON feedback BEGIN
    SELECT RAISE(ABORT, 'feedback is never deleted (0017_village_counts.sql)');
END;

CREATE TRIGGER rollup_feedback_fixed BEFORE UPDATE OF received_at ON feedback BEGIN
    SELECT RAISE(ABORT, 'a form''s time of receipt never changes (0017_village_counts.sql)');
END;

CREATE TABLE rollup_closed (
    month      TEXT NOT NULL,
    village_id BIGINT NOT NULL,
    items      BIGINT NOT NULL,
    PRIMARY KEY (month, village_id)
);
INSERT INTO rollup_closed (month, village_id, items)
SELECT strftime('%Y-%m', e.at, '+8 hours'), COALESCE(i.in_village_id, 0),
       COUNT(DISTINCT e.item_id)
FROM ledger_events e JOIN ledger_items i ON i.id = e.item_id
WHERE e.step = 'close'
GROUP BY strftime('%Y-%m', e.at, '+8 hours'), COALESCE(i.in_village_id, 0);

CREATE TRIGGER rollup_closed_insert AFTER INSERT ON ledger_events
WHEN NEW.step = 'close' AND NOT EXISTS (
    SELECT 1 FROM ledger_events o INDEXED BY ledger_events_item_step
    WHERE o.item_id = NEW.item_id AND o.step = 'close' AND o.id <> NEW.id
      AND strftime('%Y-%m', o.at, '+8 hours') = strftime('%Y-%m', NEW.at, '+8 hours'))
BEGIN
    INSERT INTO rollup_closed (month, village_id, items)
    SELECT strftime('%Y-%m', NEW.at, '+8 hours'), COALESCE(i.in_village_id, 0), 1
    FROM ledger_items i WHERE i.id = NEW.item_id
    ON CONFLICT (month, village_id) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER rollup_closed_moved AFTER UPDATE OF in_village_id ON ledger_items
WHEN OLD.in_village_id IS NOT NEW.in_village_id BEGIN
    UPDATE rollup_closed SET items = items - 1
    WHERE village_id = COALESCE(OLD.in_village_id, 0)
      AND month IN (SELECT strftime('%Y-%m', e.at, '+8 hours')
                    FROM ledger_events e INDEXED BY ledger_events_item_step
                    WHERE e.item_id = NEW.id AND e.step = 'close');
    INSERT INTO rollup_closed (month, village_id, items)
    SELECT DISTINCT strftime('%Y-%m', e.at, '+8 hours'), COALESCE(NEW.in_village_id, 0), 1
    FROM ledger_events e INDEXED BY ledger_events_item_step
    WHERE e.item_id = NEW.id AND e.step = 'close'
    ON CONFLICT (month, village_id) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER rollup_closed_kept BEFORE DELETE ON ledger_events BEGIN
    SELECT RAISE(ABORT, 'the ledger''s events are never deleted (0017_village_counts.sql)');
END;

CREATE TRIGGER rollup_closed_fixed BEFORE UPDATE OF item_id, step, at ON ledger_events BEGIN
    SELECT RAISE(ABORT,
        'a ledger event''s item, step and time never change (0017_village_counts.sql)');
END;
