-- Free slugs are found by a range in byte order: `base`, then `base-…` up to `base.`
-- (`db::slugs::used`). The unique indexes on slug sort in the database's collation (C.UTF-8,
-- en_US.UTF-8…), which cannot serve a range in "C": each look-up read the whole slug index and
-- filtered every row, 76 ms per batch of 64 inbox entries at 20,000 events, growing with the
-- table. These indexes sort in byte order, and serve those ranges.
CREATE INDEX initiatives_slug_bytes ON initiatives (slug COLLATE "C");
CREATE INDEX events_slug_bytes ON events (slug COLLATE "C");
