-- The audit log becomes a hash chain: each entry stores the hash of the one before it and its
-- own hash over (that hash, its id, time, actor, action, object, result). Changing, removing
-- or reordering an entry breaks every hash after it; `shugen audit verify` walks the chain.
-- Entries written before this migration keep empty hashes and are reported as unchained.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Append-only inside the database too: the application never updates or deletes an entry,
-- and these refuse anyone who tries through SQL. (PostgreSQL: a rule or trigger function,
-- and a role without UPDATE/DELETE on the table.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
