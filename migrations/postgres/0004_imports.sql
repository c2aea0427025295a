-- Events imported from iCalendar keep their UID, so that importing the same file again
-- updates them instead of adding copies.
ALTER TABLE events ADD COLUMN source_uid TEXT;
CREATE UNIQUE INDEX events_source_uid ON events (source_uid);

-- What `partage backup` records about itself, in the backup file only.
CREATE TABLE backup_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
