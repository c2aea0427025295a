-- The categories as a bit mask in the point index (bit n: the n-th category of
-- src/domain/category.rs, an order that only grows), so that a circle's rows are checked for
-- their category from the index alone: each used to need a look-up in the labels (a 20 km circle
-- and one category, 54 ms; docs/BENCHMARKS.md). The labels stay, for lists without a circle.
ALTER TABLE initiatives ADD COLUMN category_bits INTEGER NOT NULL DEFAULT 0;
UPDATE initiatives SET category_bits = (SELECT COALESCE(SUM(CASE l.value WHEN 'mobility' THEN 1
    WHEN 'food' THEN 2 WHEN 'housing' THEN 4 WHEN 'spaces' THEN 8 WHEN 'goods' THEN 16 WHEN
    'repair' THEN 32 WHEN 'skills' THEN 64 WHEN 'finance' THEN 128 WHEN 'energy' THEN 256 WHEN
    'culture' THEN 512 WHEN 'digital' THEN 1024 WHEN 'care' THEN 2048 ELSE 0 END), 0) FROM
    initiative_labels l WHERE l.initiative_id = initiatives.id AND l.kind = 'category');
DROP INDEX initiatives_point;
CREATE INDEX initiatives_point ON initiatives (latitude, longitude, review, category_bits);
ALTER TABLE events ADD COLUMN category_bits INTEGER NOT NULL DEFAULT 0;
UPDATE events SET category_bits = (SELECT COALESCE(SUM(CASE l.value WHEN 'mobility' THEN 1 WHEN
    'food' THEN 2 WHEN 'housing' THEN 4 WHEN 'spaces' THEN 8 WHEN 'goods' THEN 16 WHEN 'repair'
    THEN 32 WHEN 'skills' THEN 64 WHEN 'finance' THEN 128 WHEN 'energy' THEN 256 WHEN 'culture'
    THEN 512 WHEN 'digital' THEN 1024 WHEN 'care' THEN 2048 ELSE 0 END), 0) FROM event_labels l
    WHERE l.event_id = events.id AND l.kind = 'category');
DROP INDEX events_point;
CREATE INDEX events_point ON events (latitude, longitude, review, category_bits);
