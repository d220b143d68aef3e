-- What each phone said at its last sync: records it still held (outbox, set-aside records,
-- a started draft). The summary's "data still on phones" reads this, never the phones.
-- `device` is "{user id}/{the phone's own random id}", as the visits' device column.
CREATE TABLE device_syncs (
    device    TEXT PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    synced_at TEXT NOT NULL,
    waiting   INTEGER NOT NULL
);
CREATE INDEX device_syncs_user ON device_syncs(user_id);

-- The summary counts by month: visits by time (covering who and whom, so a month's counts
-- never touch the table), feedback by time, ledger items by kind and time, steps by time.
CREATE INDEX visits_time ON visits(visited_at, household_id, cadre_id);
CREATE INDEX feedback_received ON feedback(received_at);
CREATE INDEX ledger_items_kind ON ledger_items(kind, created_at);
CREATE INDEX ledger_events_step ON ledger_events(step, at);

-- A visit keeps the village it happened in (its household's, when stored), so a village's
-- figures count a range of one index instead of joining every visit to its household.
ALTER TABLE visits ADD COLUMN village_id INTEGER REFERENCES villages(id);
UPDATE visits SET village_id = (
    SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
    WHERE h.id = visits.household_id);
CREATE INDEX visits_village_time ON visits(village_id, visited_at, household_id, cadre_id);
