-- Sources kept in sync (src/domain/sources): a URL read on a schedule and mapped to our fields,
-- the entries each brought (by the source's own id), and every run's log.

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL,
    format        TEXT NOT NULL,              -- csv | json | geojson | gogocarto
    mapping       TEXT NOT NULL,              -- JSON (domain::sources::Mapping)
    name          TEXT NOT NULL,              -- attribution: shown on each entry it brings
    licence       TEXT,
    link          TEXT,
    every_seconds INTEGER NOT NULL,
    ignored       TEXT NOT NULL DEFAULT '[]', -- JSON array of the source's ids left out
    next_run_at   TEXT NOT NULL,
    last_run_at   TEXT,
    last_success_at TEXT,
    running_since TEXT,                       -- a run under way (taken by one process)
    failures      INTEGER NOT NULL DEFAULT 0, -- failed runs in a row
    error         TEXT,                       -- the last failure's, while failing
    created_at    TEXT NOT NULL
);
CREATE INDEX sources_due ON sources (next_run_at);

-- An initiative a source brought: the source's id for it, the digest of what it last said (a
-- row saying the same writes nothing), the fields an admin edited here since (ours from then
-- on), and when it left the source (the entry is then closed, not deleted).
CREATE TABLE source_entries (
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    source_key    TEXT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    digest        TEXT NOT NULL,
    edited        TEXT NOT NULL DEFAULT '[]',
    left_at       TEXT,
    PRIMARY KEY (source_id, source_key)
);
CREATE UNIQUE INDEX source_entries_initiative ON source_entries (initiative_id);

-- Each run: what it read and did, or why it failed; the first rejections' reasons.
CREATE TABLE source_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    error       TEXT,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    closed      INTEGER NOT NULL DEFAULT 0,
    ignored     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    notes       TEXT NOT NULL DEFAULT '[]'    -- JSON array: the first reasons, by line
);
CREATE INDEX source_runs_source ON source_runs (source_id, id);
