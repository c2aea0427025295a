-- The chapter's directory: initiatives, events, their labels, admin tokens, the outgoing log.

CREATE TABLE initiatives (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL,
    name             TEXT NOT NULL,
    summary          TEXT NOT NULL,
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    categories       TEXT NOT NULL,  -- JSON array of category ids
    tags             TEXT NOT NULL,  -- JSON array of tags as written
    location         TEXT,           -- JSON object (domain::Location)
    latitude         REAL,
    longitude        REAL,
    website          TEXT,
    email            TEXT,
    phone            TEXT,
    opening_hours    TEXT,
    languages        TEXT NOT NULL,  -- JSON array of BCP 47 tags
    image_url        TEXT,
    status           TEXT NOT NULL,
    sort_key         TEXT NOT NULL,  -- folded name, for ordering
    search_text      TEXT NOT NULL,  -- folded text of every searchable field
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX initiatives_slug_key ON initiatives (slug);
CREATE INDEX initiatives_sort_key ON initiatives (sort_key, id);
CREATE INDEX initiatives_point ON initiatives (latitude, longitude);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    description_html TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT,
    finishes_at      TEXT NOT NULL,  -- ends_at, or starts_at when the end is open
    timezone         TEXT NOT NULL,
    location         TEXT,
    latitude         REAL,
    longitude        REAL,
    online_url       TEXT,
    initiative_id    INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
    categories       TEXT NOT NULL,
    tags             TEXT NOT NULL,
    capacity         INTEGER,
    join_mode        TEXT NOT NULL,
    registration_url TEXT,
    status           TEXT NOT NULL,
    language         TEXT,
    search_text      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX events_slug_key ON events (slug);
CREATE INDEX events_starts_at ON events (starts_at, id);
CREATE INDEX events_finishes_at ON events (finishes_at);
CREATE INDEX events_initiative ON events (initiative_id);
CREATE INDEX events_point ON events (latitude, longitude);

-- Categories and folded tags, for filtering.
CREATE TABLE initiative_labels (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,  -- 'category' or 'tag'
    value         TEXT NOT NULL,
    PRIMARY KEY (initiative_id, kind, value)
);
CREATE INDEX initiative_labels_value ON initiative_labels (kind, value);

CREATE TABLE event_labels (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (event_id, kind, value)
);
CREATE INDEX event_labels_value ON event_labels (kind, value);

CREATE TABLE admin_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the token
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- What happened to the directory, written in the same transaction as the change, for
-- federation to act on (the transactional outbox pattern).
CREATE TABLE outgoing (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    payload     TEXT NOT NULL,  -- JSON of domain::Outgoing
    created_at  TEXT NOT NULL,
    handled_at  TEXT
);
CREATE INDEX outgoing_pending ON outgoing (handled_at, id);
