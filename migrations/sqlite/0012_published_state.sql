-- What the chapter last told its followers about itself, by key: for now its pinned events
-- ("pinned" = their ids), so that it sends an Update of its actor when they change.
CREATE TABLE published_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
