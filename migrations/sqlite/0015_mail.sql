-- E-mail: the queue of messages (rendered when sent), what admins are told, readers'
-- subscriptions, signed links, and the confirmation of initiatives by their contacts.

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
-- The last notice told to this user at once, and in a daily digest; when each was last mailed.
ALTER TABLE users ADD COLUMN notices_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN notices_digested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN told_at TEXT;
ALTER TABLE users ADD COLUMN digested_at TEXT;

-- How a user hears of each kind of notice: 'now', 'daily' or 'never' (no row: the default).
CREATE TABLE notice_settings (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    how     TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Something admins should know of, recorded in the transaction that caused it.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,  -- what it is about: a path on this site, a host
    label      TEXT NOT NULL,  -- its name, for the message
    cause      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Messages to send: what to say (kind + params), rendered in the recipient's language when sent.
CREATE TABLE mails (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    cause           TEXT NOT NULL UNIQUE,  -- one message per cause, ever
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    locale          TEXT NOT NULL,
    params          TEXT NOT NULL,         -- JSON
    state           TEXT NOT NULL,         -- 'pending', 'sent', 'failed'
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    leased_until    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX mails_due ON mails (next_attempt_at) WHERE state = 'pending';
CREATE INDEX mails_sent ON mails (sent_at) WHERE sent_at IS NOT NULL;

-- Readers who asked for what is new in an area, by e-mail.
CREATE TABLE subscriptions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL,
    email_key      TEXT NOT NULL,          -- lowercase, to find one address's subscriptions
    locale         TEXT NOT NULL,
    kinds          TEXT NOT NULL,          -- 'all', 'initiatives' or 'events'
    latitude       REAL,
    longitude      REAL,
    radius_km      REAL,
    place          TEXT NOT NULL DEFAULT '', -- the area's name, as the reader typed it
    categories     TEXT NOT NULL DEFAULT '', -- category ids, comma-separated; empty: all
    origin         TEXT NOT NULL,          -- 'all', 'local' or 'network'
    frequency      TEXT NOT NULL,          -- 'daily' or 'weekly'
    state          TEXT NOT NULL,          -- 'pending', 'active', 'ended'
    created_at     TEXT NOT NULL,
    confirmed_at   TEXT,
    ended_at       TEXT,
    digest_at      TEXT             -- what was new up to then was told
);
CREATE INDEX subscriptions_email ON subscriptions (email_key, created_at);
CREATE INDEX subscriptions_due ON subscriptions (digest_at) WHERE state = 'active';

-- Links sent by e-mail: random secrets, stored hashed, for one purpose and one thing.
CREATE TABLE mail_links (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX mail_links_expiry ON mail_links (expires_at);

-- An initiative's contact confirmed it is still true; reminders asked; no answer to them.
ALTER TABLE initiatives ADD COLUMN confirmed_at TEXT;
ALTER TABLE initiatives ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN reminded_at TEXT;
ALTER TABLE initiatives ADD COLUMN unconfirmed_since TEXT;

-- Changes an initiative's owner proposed through a signed link, waiting for an admin
-- (freshness.owner_edits = "review"): the API's update body, as JSON.
CREATE TABLE owner_edits (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    patch         TEXT NOT NULL,
    state         TEXT NOT NULL,  -- 'pending', 'applied', 'discarded'
    created_at    TEXT NOT NULL,
    decided_at    TEXT
);
CREATE INDEX owner_edits_pending ON owner_edits (created_at) WHERE state = 'pending';
