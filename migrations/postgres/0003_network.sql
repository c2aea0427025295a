-- The network: entries mirrored from followed actors, and how each follow is curated.

ALTER TABLE initiatives ADD COLUMN origin_id BIGINT REFERENCES remote_actors (id) ON DELETE CASCADE;
ALTER TABLE initiatives ADD COLUMN ap_id TEXT;
ALTER TABLE initiatives ADD COLUMN origin_url TEXT;
ALTER TABLE initiatives ADD COLUMN review TEXT NOT NULL DEFAULT 'published';
CREATE UNIQUE INDEX initiatives_ap_id ON initiatives (ap_id);
CREATE INDEX initiatives_origin ON initiatives (origin_id);

ALTER TABLE events ADD COLUMN origin_id BIGINT REFERENCES remote_actors (id) ON DELETE CASCADE;
ALTER TABLE events ADD COLUMN ap_id TEXT;
ALTER TABLE events ADD COLUMN origin_url TEXT;
ALTER TABLE events ADD COLUMN review TEXT NOT NULL DEFAULT 'published';
CREATE UNIQUE INDEX events_ap_id ON events (ap_id);
CREATE INDEX events_origin ON events (origin_id);

-- 'auto' publishes what arrives; 'review' holds it for an admin.
ALTER TABLE follows ADD COLUMN policy TEXT NOT NULL DEFAULT 'auto';
-- Optional filters: JSON array of category ids; a bounding box.
ALTER TABLE follows ADD COLUMN filter_categories TEXT;
ALTER TABLE follows ADD COLUMN filter_south DOUBLE PRECISION;
ALTER TABLE follows ADD COLUMN filter_west DOUBLE PRECISION;
ALTER TABLE follows ADD COLUMN filter_north DOUBLE PRECISION;
ALTER TABLE follows ADD COLUMN filter_east DOUBLE PRECISION;
-- Backfill from the followed actor's outbox: the next page to read, and when it was done.
ALTER TABLE follows ADD COLUMN backfill_next TEXT;
ALTER TABLE follows ADD COLUMN backfill_pages BIGINT NOT NULL DEFAULT 0;
ALTER TABLE follows ADD COLUMN synced_at TIMESTAMPTZ;
