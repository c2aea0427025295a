-- Pictures: uploads and copies of remote pictures, stored as files (a full size and a
-- preview) in the media store; a row each. A picture belongs to at most one initiative or
-- event, at a position (0: the main picture). When its entry goes, it is detached (the foreign
-- key sets NULL) and the sweep removes its files once the entry's Delete is out.
CREATE TABLE media (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,   -- public id, and the stem of its file names
    state           TEXT NOT NULL,          -- ready | pending (remote, to fetch) | failed
    media_type      TEXT,                   -- image/jpeg | image/webp, once ready
    width           INTEGER,
    height          INTEGER,
    preview_width   INTEGER,
    preview_height  INTEGER,
    bytes           INTEGER,
    blurhash        TEXT,
    description     TEXT NOT NULL,
    focus_x         REAL,
    focus_y         REAL,
    source_url      TEXT,                   -- a remote picture's address
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    initiative_id   INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
    event_id        INTEGER REFERENCES events (id) ON DELETE SET NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    attached_at     TEXT,
    detached_at     TEXT
);
CREATE INDEX media_initiative ON media (initiative_id, position) WHERE initiative_id IS NOT NULL;
CREATE INDEX media_event ON media (event_id, position) WHERE event_id IS NOT NULL;
CREATE INDEX media_state ON media (state, next_attempt_at);
CREATE INDEX media_loose ON media (created_at) WHERE initiative_id IS NULL AND event_id IS NULL;
