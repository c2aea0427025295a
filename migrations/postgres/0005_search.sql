-- Full-text search: a tsvector of the folded search text, indexed with GIN.

ALTER TABLE initiatives ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX initiatives_search ON initiatives USING GIN (search_vector);

ALTER TABLE events ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX events_search ON events USING GIN (search_vector);
