-- Issue 23 (ten times the work). Home visits (入户走访) and those that answered the feedback
-- form's question (意见反馈表: brought back, or not with a reason) per person and Beijing month,
-- kept as visits are written: the calendar's monthly 入户走访带回意见反馈表 line reads a few
-- hundred rows instead of a whole month's home visits (47 ms for a month at ×10 on
-- PostgreSQL). A visit's way, form answer and reason never change: triggers refuse.

-- Writers wait until the trigger is in place: a visit written between the fill and the
-- trigger would otherwise never count (another server may still be running the old version).
LOCK TABLE visits IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE rollup_forms (
    month       TEXT NOT NULL,
    cadre_id    BIGINT NOT NULL,
    home_visits BIGINT NOT NULL,
    answered    BIGINT NOT NULL,
    PRIMARY KEY (month, cadre_id)
);
INSERT INTO rollup_forms (month, cadre_id, home_visits, answered)
SELECT beijing_month(visited_at), cadre_id, COUNT(*),
       SUM(CASE WHEN feedback_form = 'yes' OR (feedback_form = 'no' AND no_form_reason <> '')
                THEN 1 ELSE 0 END)
FROM visits WHERE method = 'home' GROUP BY 1, 2;

-- Per statement, as `rollup_visits` (0015): a batch of a phone's visits is one upsert a
-- person and month.
CREATE FUNCTION rollup_forms_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_forms (month, cadre_id, home_visits, answered)
    SELECT beijing_month(visited_at), cadre_id, COUNT(*),
           SUM(CASE WHEN feedback_form = 'yes'
                         OR (feedback_form = 'no' AND no_form_reason <> '')
                    THEN 1 ELSE 0 END)
    FROM added WHERE method = 'home' GROUP BY 1, 2
    ON CONFLICT (month, cadre_id) DO UPDATE
    SET home_visits = rollup_forms.home_visits + excluded.home_visits,
        answered = rollup_forms.answered + excluded.answered;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_forms_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION rollup_forms_insert();
CREATE TRIGGER rollup_forms_fixed BEFORE UPDATE OF method, feedback_form, no_form_reason
ON visits FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('a visit''s way and feedback-form answer never change (0020_rollup_forms.sql)');
ALTER TABLE rollup_forms SET (fillfactor = 50);
