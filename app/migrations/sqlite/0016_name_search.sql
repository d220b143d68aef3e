-- Issue 23 (ten times the work): a name search read every household and member with
-- `LIKE '%王%'` (135 ms at 200,000 households). Every one- and two-character piece of the
-- head's and the members' names (ASCII letters lower-cased, as the search box's text is)
-- is kept here with its household, by triggers on every write of a name, and filled from
-- what the tables hold. One or two characters searched are one index range; longer text is
-- the households holding all its pairs, confirmed by `LIKE`. Names are at most 20
-- characters (the forms and the import refuse longer), so positions up to 64 cover them.
CREATE TABLE search_positions (i INTEGER NOT NULL PRIMARY KEY);
INSERT INTO search_positions (i)
SELECT a.n * 8 + b.n + 1
FROM (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) a
CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
            UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) b;

CREATE TABLE search_name_grams (
    gram         TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    PRIMARY KEY (gram, household_id)
);
CREATE INDEX search_name_grams_household ON search_name_grams(household_id);
INSERT INTO search_name_grams (gram, household_id)
SELECT DISTINCT substr(lower(n.name), p.i, w.n), n.household_id
FROM (SELECT id AS household_id, head_name AS name FROM households
      UNION ALL SELECT household_id, name FROM household_members) n
JOIN search_positions p ON p.i <= length(n.name)
JOIN (SELECT 1 AS n UNION ALL SELECT 2) w ON p.i + w.n - 1 <= length(n.name);

CREATE TRIGGER search_name_grams_head AFTER INSERT ON households BEGIN
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(lower(NEW.head_name), p.i, w.n), NEW.id
    FROM search_positions p JOIN (SELECT 1 AS n UNION ALL SELECT 2) w
      ON p.i + w.n - 1 <= length(NEW.head_name)
    WHERE true
    ON CONFLICT (gram, household_id) DO NOTHING;
END;

CREATE TRIGGER search_name_grams_member AFTER INSERT ON household_members BEGIN
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(lower(NEW.name), p.i, w.n), NEW.household_id
    FROM search_positions p JOIN (SELECT 1 AS n UNION ALL SELECT 2) w
      ON p.i + w.n - 1 <= length(NEW.name)
    WHERE true
    ON CONFLICT (gram, household_id) DO NOTHING;
END;

-- A name changed or taken away: the household's pieces made again from all its names.
CREATE TRIGGER search_name_grams_head_renamed AFTER UPDATE OF head_name ON households BEGIN
    DELETE FROM search_name_grams WHERE household_id = NEW.id;
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(lower(n.name), p.i, w.n), NEW.id
    FROM (SELECT NEW.head_name AS name
          UNION ALL SELECT name FROM household_members WHERE household_id = NEW.id) n
    JOIN search_positions p ON p.i <= length(n.name)
    JOIN (SELECT 1 AS n UNION ALL SELECT 2) w ON p.i + w.n - 1 <= length(n.name)
    WHERE true
    ON CONFLICT (gram, household_id) DO NOTHING;
END;

CREATE TRIGGER search_name_grams_member_renamed
AFTER UPDATE OF name, household_id ON household_members BEGIN
    DELETE FROM search_name_grams WHERE household_id IN (OLD.household_id, NEW.household_id);
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(lower(n.name), p.i, w.n), n.household_id
    FROM (SELECT id AS household_id, head_name AS name FROM households
          WHERE id IN (OLD.household_id, NEW.household_id)
          UNION ALL SELECT household_id, name FROM household_members
          WHERE household_id IN (OLD.household_id, NEW.household_id)) n
    JOIN search_positions p ON p.i <= length(n.name)
    JOIN (SELECT 1 AS n UNION ALL SELECT 2) w ON p.i + w.n - 1 <= length(n.name)
    WHERE true
    ON CONFLICT (gram, household_id) DO NOTHING;
END;

CREATE TRIGGER search_name_grams_member_gone AFTER DELETE ON household_members BEGIN
    DELETE FROM search_name_grams WHERE household_id = OLD.household_id;
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(lower(n.name), p.i, w.n), n.household_id
    FROM (SELECT id AS household_id, head_name AS name FROM households
          WHERE id = OLD.household_id
          UNION ALL SELECT household_id, name FROM household_members
          WHERE household_id = OLD.household_id) n
    JOIN search_positions p ON p.i <= length(n.name)
    JOIN (SELECT 1 AS n UNION ALL SELECT 2) w ON p.i + w.n - 1 <= length(n.name)
    WHERE true
    ON CONFLICT (gram, household_id) DO NOTHING;
END;
