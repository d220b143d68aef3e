-- Login throttles and the villagers' feedback limits, counted in the database so that every
-- server sees the same counts (auth::throttle): one row per key and window.
CREATE TABLE throttles (
    key        TEXT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    count      BIGINT NOT NULL
);
CREATE INDEX throttles_started ON throttles(started_at);
