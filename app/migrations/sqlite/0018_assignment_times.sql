-- Issue 23 (ten times the work). The coverage cadence reads each month's households
-- visited from `rollup_visits` (0015), less those assigned only after the month ended: this
-- index finds those few assignments (covering what the count reads) instead of every one
-- ever made.
CREATE INDEX household_cadres_assigned ON household_cadres(assigned_at, user_id, household_id);
