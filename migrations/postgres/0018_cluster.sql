-- Several processes on one database (src/cluster): each scheduled job's next run, claimed by
-- one process per period (the row is updated only when it is due), and how often it ran.

CREATE TABLE scheduled_jobs (
    name TEXT PRIMARY KEY,
    next_run_at TIMESTAMPTZ NOT NULL,
    runs BIGINT NOT NULL DEFAULT 0,
    last_run_at TIMESTAMPTZ,
    last_runner TEXT
);

-- Which process leased a delivery (`scheduled_jobs.last_runner`'s names): when that process is
-- gone (its advisory lock free), another takes its deliveries over at once.
ALTER TABLE deliveries ADD COLUMN leased_by TEXT;
