-- PostgreSQL's 0007_audit_chain.sql: the tables SQLite's migration of the same number created, in their
-- shape at version 12 (later SQLite rebuilds and added columns are folded in, as no
-- PostgreSQL database predates them). Native types: BIGINT identity keys, TIMESTAMPTZ,
-- DATE, BOOLEAN, BYTEA; money stays whole fen in BIGINT. Keep both directories in step.

-- The audit log is append-only: no statement may change or remove an entry, whoever runs it.
-- (The hash chain's columns are in 0001's audit_log.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
