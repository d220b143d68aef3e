-- Issue 23 (ten times the work). A form's first resolving reply (办结), kept on the form by
-- the database as replies are written: the summary's "resolved in the month" and its median
-- days are one index range over forms, where they tested each of the month's resolving
-- replies for an earlier one of its form (a probe a reply: 12 ms at ×10 for a whole month on
-- PostgreSQL). Replies are never deleted, nor change their form, status or time: triggers
-- refuse, so the first one stays the first.
ALTER TABLE feedback ADD COLUMN resolved_at TEXT;
UPDATE feedback SET resolved_at = (
    SELECT MIN(r.at) FROM feedback_replies r
    WHERE r.feedback_id = feedback.id AND r.status = 'resolved');
-- Covers the summary's read: the month's forms, their receipt, and the village filter's columns.
CREATE INDEX feedback_resolved ON feedback(resolved_at, submitted_at, in_village_id, cadre_id)
WHERE resolved_at IS NOT NULL;

CREATE TRIGGER feedback_resolved AFTER INSERT ON feedback_replies
WHEN NEW.status = 'resolved' BEGIN
    UPDATE feedback SET resolved_at = NEW.at
    WHERE id = NEW.feedback_id AND (resolved_at IS NULL OR resolved_at > NEW.at);
END;

CREATE TRIGGER feedback_replies_kept BEFORE DELETE ON feedback_replies BEGIN
    SELECT RAISE(ABORT, 'a form''s replies are never deleted (0019_feedback_resolved.sql)');
END;

CREATE TRIGGER feedback_replies_fixed BEFORE UPDATE OF feedback_id, status, at ON feedback_replies
BEGIN
    SELECT RAISE(ABORT, 'a reply''s form, status and time never change (0019_feedback_resolved.sql)');
END;

-- Only the summary's old read used these (0017).
DROP INDEX feedback_replies_status;
DROP INDEX feedback_replies_first;
