-- Initiatives imported from a file with an `id` or `ref` column keep that key, so that
-- importing the file again updates the entries it made, whatever became of their name or place.
ALTER TABLE initiatives ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX initiatives_import_key ON initiatives (import_key);
