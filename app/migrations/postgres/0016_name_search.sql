-- Issue 23 (ten times the work): a name search read every household and member with
-- `LIKE '%王%'` (199 ms at 200,000 households). Every one- and two-character piece of the
-- head's and the members' names (ASCII letters lower-cased, as the search box's text is)
-- is kept here with its household, by triggers on every write of a name, and filled from
-- what the tables hold. One or two characters searched are one index range; longer text is
-- the households holding all its pairs, confirmed by `LIKE`. Names are at most 20
-- characters (the forms and the import refuse longer), so positions up to 64 cover them.
-- The SQLite file says the same in its dialect.
CREATE FUNCTION ascii_lower(t TEXT) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS
$$ SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

CREATE TABLE search_positions (i INTEGER NOT NULL PRIMARY KEY);
INSERT INTO search_positions (i) SELECT generate_series(1, 64);

CREATE TABLE search_name_grams (
    gram         TEXT NOT NULL,
    household_id BIGINT NOT NULL,
    PRIMARY KEY (gram, household_id)
);
CREATE INDEX search_name_grams_household ON search_name_grams(household_id);
INSERT INTO search_name_grams (gram, household_id)
SELECT DISTINCT substr(ascii_lower(n.name), p.i, w.n), n.household_id
FROM (SELECT id AS household_id, head_name AS name FROM households
      UNION ALL SELECT household_id, name FROM household_members) n
JOIN search_positions p ON p.i <= length(n.name)
JOIN (VALUES (1), (2)) w(n) ON p.i + w.n - 1 <= length(n.name);

-- The pieces of one name added to a household's.
CREATE FUNCTION search_name_grams_add(hid BIGINT, name TEXT) RETURNS VOID LANGUAGE SQL AS $$
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(ascii_lower(name), p.i, w.n), hid
    FROM search_positions p JOIN (VALUES (1), (2)) w(n) ON p.i + w.n - 1 <= length(name)
    ON CONFLICT (gram, household_id) DO NOTHING;
$$;

-- A household's pieces made again from all its names (a name changed or taken away).
CREATE FUNCTION search_name_grams_of(hid BIGINT) RETURNS VOID LANGUAGE SQL AS $$
    DELETE FROM search_name_grams WHERE household_id = hid;
    INSERT INTO search_name_grams (gram, household_id)
    SELECT DISTINCT substr(ascii_lower(n.name), p.i, w.n), hid
    FROM (SELECT head_name AS name FROM households WHERE id = hid
          UNION ALL SELECT name FROM household_members WHERE household_id = hid) n
    JOIN search_positions p ON p.i <= length(n.name)
    JOIN (VALUES (1), (2)) w(n) ON p.i + w.n - 1 <= length(n.name);
$$;

CREATE FUNCTION search_name_grams() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'households' THEN
        IF TG_OP = 'INSERT' THEN
            PERFORM search_name_grams_add(NEW.id, NEW.head_name);
        ELSE
            PERFORM search_name_grams_of(NEW.id);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM search_name_grams_add(NEW.household_id, NEW.name);
    ELSE
        PERFORM search_name_grams_of(OLD.household_id);
        IF TG_OP = 'UPDATE' THEN
            PERFORM search_name_grams_of(NEW.household_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_name_grams AFTER INSERT OR UPDATE OF head_name ON households
FOR EACH ROW EXECUTE FUNCTION search_name_grams();
CREATE TRIGGER search_name_grams
AFTER INSERT OR DELETE OR UPDATE OF name, household_id ON household_members
FOR EACH ROW EXECUTE FUNCTION search_name_grams();
