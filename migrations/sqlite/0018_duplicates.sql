-- Likely duplicates among initiatives (src/domain/duplicates): the contacts as normalised keys,
-- indexed for exact look-ups beside the point index (latitude, longitude); the pairs found and
-- what admins decided of them; and where a merged entry went, so that its address redirects.

ALTER TABLE initiatives ADD COLUMN website_key TEXT;
ALTER TABLE initiatives ADD COLUMN email_key TEXT;
ALTER TABLE initiatives ADD COLUMN phone_key TEXT;

-- The keys of the rows already there, as src/domain/duplicates/keys.rs makes them (a query
-- string or a fragment stays in this website key; the next edit drops it).
UPDATE initiatives SET
    email_key = CASE WHEN instr(email, '@') > 0 THEN lower(trim(email)) END,
    website_key = lower(trim(website));
UPDATE initiatives SET website_key = substr(website_key, 9) WHERE website_key LIKE 'https://%';
UPDATE initiatives SET website_key = substr(website_key, 8) WHERE website_key LIKE 'http://%';
UPDATE initiatives SET website_key = substr(website_key, 5) WHERE website_key LIKE 'www.%';
UPDATE initiatives SET website_key = NULLIF(rtrim(website_key, '/'), '');
UPDATE initiatives SET phone_key = replace(replace(replace(replace(replace(replace(replace(
    phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '+', ''), '/', '');
UPDATE initiatives SET phone_key = CASE WHEN length(phone_key) >= 9 THEN substr(phone_key, -9) END;

-- Whether its duplicates are still to be looked for: every write sets it (src/db/initiatives),
-- the writes of the admin's forms and the API look at once, and a background pass looks for the
-- others (imports, mirrored entries), the rows already there first.
ALTER TABLE initiatives ADD COLUMN unchecked INTEGER NOT NULL DEFAULT 1;
CREATE INDEX initiatives_unchecked ON initiatives (id) WHERE unchecked = 1;

CREATE INDEX initiatives_website_key ON initiatives (website_key) WHERE website_key IS NOT NULL;
CREATE INDEX initiatives_email_key ON initiatives (email_key) WHERE email_key IS NOT NULL;
CREATE INDEX initiatives_phone_key ON initiatives (phone_key) WHERE phone_key IS NOT NULL;

-- A pair of initiatives likely the same (first_id < second_id), found on a write, until an
-- admin decides: 'same' (linked: one card with both origins) or 'different' (never proposed
-- again). A merge removes one of the two, and the pair with it.
CREATE TABLE duplicates (
    first_id   INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    second_id  INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    score      REAL NOT NULL,
    distance_m REAL,
    found_at   TEXT NOT NULL,
    decision   TEXT,
    decided_at TEXT,
    PRIMARY KEY (first_id, second_id)
);
CREATE INDEX duplicates_second ON duplicates (second_id);
CREATE INDEX duplicates_open ON duplicates (decision, found_at);

-- The entry a merged one went into: its address answers 301 there instead of 410.
ALTER TABLE tombstones ADD COLUMN merged_into INTEGER;
