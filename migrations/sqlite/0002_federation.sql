-- Federation: our actors' keys, remote actors, followers, what we sent and to whom, what we
-- received, and the tombstones of deleted objects.

CREATE TABLE actor_keys (
    actor           TEXT PRIMARY KEY,  -- 'chapter' or 'application'
    public_key_pem  TEXT NOT NULL,
    private_key_pem TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE remote_actors (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id              TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    username           TEXT,
    name               TEXT,
    inbox              TEXT NOT NULL,
    shared_inbox       TEXT,
    outbox             TEXT,
    public_key_id      TEXT NOT NULL,
    public_key_pem     TEXT NOT NULL,
    fetched_at         TEXT NOT NULL
);

CREATE TABLE followers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    local_actor     TEXT NOT NULL,  -- 'chapter' or 'application'
    actor_id        INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    follow_ap_id    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (local_actor, actor_id)
);

-- Remote actors (chapters, Mobilizon groups, Gancio instances) the chapter follows.
CREATE TABLE follows (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id         INTEGER NOT NULL UNIQUE REFERENCES remote_actors (id) ON DELETE CASCADE,
    follow_ap_id     TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL,  -- 'pending', 'accepted', 'rejected'
    created_at       TEXT NOT NULL,
    accepted_at      TEXT,
    last_activity_at TEXT
);

-- Activities we published, in order: the outbox, and what deliveries carry.
CREATE TABLE activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ap_id       TEXT NOT NULL UNIQUE,
    local_actor TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    public      INTEGER NOT NULL,  -- 1 when listed in the outbox
    created_at  TEXT NOT NULL
);

-- One row per activity and inbox: the persistent delivery queue.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    inbox           TEXT NOT NULL,
    host            TEXT NOT NULL,
    state           TEXT NOT NULL,  -- 'pending', 'delivered', 'failed'
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    leased_until    TEXT,           -- set while a worker is sending it
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (activity_id, inbox)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_inbox ON deliveries (inbox, state, id);

-- Remote hosts that keep failing are skipped until they answer again.
CREATE TABLE hosts (
    host              TEXT PRIMARY KEY,
    failures          INTEGER NOT NULL,
    first_failure_at  TEXT,
    unavailable_since TEXT,
    last_success_at   TEXT
);

-- Activity ids already processed, so that a redelivery is processed once.
CREATE TABLE received_activities (
    ap_id           TEXT PRIMARY KEY,
    actor           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    signature_style TEXT NOT NULL,  -- 'cavage' or 'rfc9421'
    received_at     TEXT NOT NULL
);

-- Deleted local objects: their URLs answer 410 Gone with a Tombstone.
CREATE TABLE tombstones (
    kind       TEXT NOT NULL,  -- 'initiative' or 'event'
    object_id  INTEGER NOT NULL,
    slug       TEXT NOT NULL,
    former_type TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (kind, object_id)
);
CREATE INDEX tombstones_slug ON tombstones (kind, slug);
