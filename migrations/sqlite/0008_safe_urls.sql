-- Mirrored entries link to their page at the origin; only http(s) addresses may be links
-- (a hostile server could send `javascript:`). New ones are checked when mirrored; this clears
-- any stored before that check.
UPDATE initiatives SET origin_url = NULL
WHERE origin_url IS NOT NULL AND origin_url NOT LIKE 'http://%' AND origin_url NOT LIKE 'https://%';
UPDATE events SET origin_url = NULL
WHERE origin_url IS NOT NULL AND origin_url NOT LIKE 'http://%' AND origin_url NOT LIKE 'https://%';
