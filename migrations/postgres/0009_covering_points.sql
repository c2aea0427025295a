-- The review state rides along with each point, so that a circle's rows are counted from the
-- index alone: each row used to be read from the table only to check that it is published
-- (a 10 km circle's count, 3.7 ms; docs/BENCHMARKS.md).
DROP INDEX initiatives_point;
CREATE INDEX initiatives_point ON initiatives (latitude, longitude, review);
DROP INDEX events_point;
CREATE INDEX events_point ON events (latitude, longitude, review);
