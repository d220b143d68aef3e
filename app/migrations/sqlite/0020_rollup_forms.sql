-- Issue 23 (ten times the work). Home visits (入户走访) and those that answered the feedback
-- form's question (意见反馈表: brought back, or not with a reason) per person and Beijing month,
-- kept as visits are written: the calendar's monthly 入户走访带回意见反馈表 line reads a few
-- hundred rows instead of a whole month's home visits (47 ms for a month at ×10 on
-- PostgreSQL). A visit's way, form answer and reason never change: triggers refuse.
CREATE TABLE rollup_forms (
    month       TEXT NOT NULL,
    cadre_id    BIGINT NOT NULL,
    home_visits BIGINT NOT NULL,
    answered    BIGINT NOT NULL,
    PRIMARY KEY (month, cadre_id)
);
INSERT INTO rollup_forms (month, cadre_id, home_visits, answered)
SELECT strftime('%Y-%m', visited_at, '+8 hours'), cadre_id, COUNT(*),
       SUM(CASE WHEN feedback_form = 'yes' OR (feedback_form = 'no' AND no_form_reason <> '')
                THEN 1 ELSE 0 END)
FROM visits WHERE method = 'home'
GROUP BY strftime('%Y-%m', visited_at, '+8 hours'), cadre_id;

CREATE TRIGGER rollup_forms_insert AFTER INSERT ON visits WHEN NEW.method = 'home' BEGIN
    INSERT INTO rollup_forms (month, cadre_id, home_visits, answered)
    VALUES (strftime('%Y-%m', NEW.visited_at, '+8 hours'), NEW.cadre_id, 1,
            CASE WHEN NEW.feedback_form = 'yes'
                      OR (NEW.feedback_form = 'no' AND NEW.no_form_reason <> '')
                 THEN 1 ELSE 0 END)
    ON CONFLICT (month, cadre_id) DO UPDATE
    SET home_visits = home_visits + 1, answered = answered + excluded.answered;
END;

CREATE TRIGGER rollup_forms_fixed BEFORE UPDATE OF method, feedback_form, no_form_reason
ON visits BEGIN
    SELECT RAISE(ABORT,
        'a visit''s way and feedback-form answer never change (0020_rollup_forms.sql)');
END;
