-- The events an iCalendar source brought, as source_entries holds its initiatives: the UID
-- (with RECURRENCE-ID for one date of a series), what the source last said (a digest), the
-- fields an admin edited here since, and when it left the source.
CREATE TABLE source_events (
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    digest     TEXT NOT NULL,
    edited     TEXT NOT NULL DEFAULT '[]',
    left_at    TEXT,
    PRIMARY KEY (source_id, source_key)
);
CREATE UNIQUE INDEX source_events_event ON source_events (event_id);
