-- The newest entries (home page, Atom feed) without sorting the whole directory.
CREATE INDEX initiatives_updated ON initiatives (updated_at, id);
CREATE INDEX events_updated ON events (updated_at, id);
