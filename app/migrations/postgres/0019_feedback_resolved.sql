-- Issue 23 (ten times the work). A form's first resolving reply (办结), kept on the form by
-- the database as replies are written: the summary's "resolved in the month" and its median
-- days are one index range over forms, where they tested each of the month's resolving
-- replies for an earlier one of its form (a probe a reply: 12 ms at ×10 for a whole month on
-- PostgreSQL). Replies are never deleted, nor change their form, status or time: triggers
-- refuse, so the first one stays the first.

-- Writers wait until the trigger is in place: a reply written between the fill and the
-- trigger would otherwise never count (another server may still be running the old version).
LOCK TABLE feedback_replies IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE feedback ADD COLUMN resolved_at TIMESTAMPTZ;
UPDATE feedback f SET resolved_at = (
    SELECT MIN(r.at) FROM feedback_replies r
    WHERE r.feedback_id = f.id AND r.status = 'resolved');
-- Covers the summary's read: the month's forms, their receipt, and the village filter's columns.
CREATE INDEX feedback_resolved ON feedback(resolved_at, submitted_at, in_village_id, cadre_id)
WHERE resolved_at IS NOT NULL;

CREATE FUNCTION feedback_resolved() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback SET resolved_at = NEW.at
    WHERE id = NEW.feedback_id AND (resolved_at IS NULL OR resolved_at > NEW.at);
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_resolved AFTER INSERT ON feedback_replies
FOR EACH ROW WHEN (NEW.status = 'resolved') EXECUTE FUNCTION feedback_resolved();
CREATE TRIGGER feedback_replies_kept BEFORE DELETE ON feedback_replies
FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('a form''s replies are never deleted (0019_feedback_resolved.sql)');
CREATE TRIGGER feedback_replies_fixed BEFORE UPDATE OF feedback_id, status, at ON feedback_replies
FOR EACH ROW EXECUTE FUNCTION
rollup_refuse('a reply''s form, status and time never change (0019_feedback_resolved.sql)');

-- Only the summary's old read used these (0017).
DROP INDEX feedback_replies_status;
DROP INDEX feedback_replies_first;
