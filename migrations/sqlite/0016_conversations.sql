-- Conversations from the fediverse: replies to our entries (comments), favourites and boosts,
-- and reports (a Flag from another server, or "Report a problem" on our pages).

-- A reply to one of our entries, or to such a reply (`depth` > 1).
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_kind  TEXT NOT NULL,     -- 'initiatives', 'events'
    entry_id    INTEGER NOT NULL,
    ap_id       TEXT NOT NULL UNIQUE,
    actor_id    INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    in_reply_to TEXT NOT NULL,
    depth       INTEGER NOT NULL,
    content     TEXT NOT NULL,     -- sanitised HTML
    url         TEXT,
    language    TEXT,
    visibility  TEXT NOT NULL,     -- 'public', 'unlisted', 'private' (never shown)
    state       TEXT NOT NULL,     -- 'pending', 'approved', 'hidden'
    published   TEXT NOT NULL,
    edited_at   TEXT,
    received_at TEXT NOT NULL
);
CREATE INDEX comments_of_entry ON comments (entry_kind, entry_id, state, published);
CREATE INDEX comments_by_state ON comments (state, received_at);
CREATE INDEX comments_by_actor ON comments (actor_id, received_at);

-- One favourite ('like') and one boost ('boost') per actor and entry.
CREATE TABLE reactions (
    entry_kind TEXT NOT NULL,
    entry_id   INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    ap_id      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (entry_kind, entry_id, kind, actor_id)
);

-- What someone says is wrong: from the fediverse (a Flag) or from a reader of our pages.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id       TEXT UNIQUE,       -- the Flag's id
    actor_id    INTEGER REFERENCES remote_actors (id) ON DELETE SET NULL,
    email       TEXT,              -- a reader's address, if they left one
    reason      TEXT NOT NULL,     -- 'closed', 'wrong', 'duplicate', 'inappropriate', 'fediverse'
    message     TEXT NOT NULL,
    entry_kind  TEXT,
    entry_id    INTEGER,
    comment_id  INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    objects     TEXT NOT NULL,     -- JSON: the addresses it names
    state       TEXT NOT NULL,     -- 'open', 'resolved', 'dismissed'
    resolution  TEXT,
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX reports_by_state ON reports (state, created_at);

-- One remote actor the chapter refuses (a report upheld against one person, not their server):
-- its activities are refused like a blocked domain's.
CREATE TABLE actor_blocks (
    actor      TEXT PRIMARY KEY,   -- the actor's id (URL)
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
