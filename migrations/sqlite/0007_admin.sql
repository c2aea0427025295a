-- The web admin: the people who run the chapter, their sessions, invitations, what they did,
-- and the domains the chapter refuses to federate with.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT NOT NULL UNIQUE,  -- lowercase
    password_hash       TEXT NOT NULL,         -- Argon2id, PHC string
    role                TEXT NOT NULL,         -- 'admin' or 'editor'
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,  -- hex SHA-256 of the cookie's secret
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,     -- the token every form of this session carries
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links that create an account: the first start's set-up link, and admins' invitations.
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the link's secret
    role       TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE CASCADE,  -- NULL: the set-up link
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Every admin action, with who and when. No foreign key: the log outlives accounts.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id  INTEGER,
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE TABLE domain_blocks (
    domain     TEXT PRIMARY KEY,  -- lowercase host, without port; covers its subdomains
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
