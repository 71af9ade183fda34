-- Consultations, their definitions (one row per registered version, never changed once
-- registered) and the submissions received for them. One source for SQLite and PostgreSQL:
-- the only difference, the auto-numbered key, is written {{serial_primary_key}} and filled in
-- by collector/src/storage.rs for the backend at hand.
CREATE TABLE consultations (
    id TEXT PRIMARY KEY,
    current_version TEXT NOT NULL,
    title TEXT NOT NULL,
    -- the origins whose pages may submit: one per line; "*" allows any
    allowed_origins TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE consultation_versions (
    consultation_id TEXT NOT NULL REFERENCES consultations (id),
    version TEXT NOT NULL,
    definition TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL,
    PRIMARY KEY (consultation_id, version)
);

CREATE TABLE submissions (
    -- the order of arrival, for readers that follow new submissions (the live board)
    seq {{serial_primary_key}},
    -- the submission id, which is also the Idempotency-Key: what deduplicates
    id TEXT NOT NULL UNIQUE,
    consultation_id TEXT NOT NULL,
    consultation_version TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    locale TEXT NOT NULL,
    device TEXT,
    -- the format it arrived in: json or form
    format TEXT NOT NULL,
    -- the yehua.submission/1 payload as yehua-core writes it
    payload TEXT NOT NULL,
    FOREIGN KEY (consultation_id, consultation_version)
        REFERENCES consultation_versions (consultation_id, version)
);

CREATE INDEX submissions_by_consultation ON submissions (consultation_id, seq);
