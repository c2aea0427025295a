-- Scheduled jobs (src/cluster): each one's next run, claimed once per period, and how often it
-- ran. SQLite serves one process; the table keeps the schedule the same on both engines.

CREATE TABLE scheduled_jobs (
    name TEXT PRIMARY KEY,
    next_run_at TEXT NOT NULL,
    runs INTEGER NOT NULL DEFAULT 0,
    last_run_at TEXT,
    last_runner TEXT
);

-- Which process leased a delivery (the same column as on PostgreSQL).
ALTER TABLE deliveries ADD COLUMN leased_by TEXT;
