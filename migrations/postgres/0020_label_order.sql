-- Labels ordered like the directory: each carries its initiative's sort key, so that a category's
-- page is read in order from its own index and its count from that index, instead of walking the
-- whole directory by name and checking each row (a category nobody uses read all of it:
-- docs/BENCHMARKS.md, "Searches people type"). Labels are written with the key
-- (src/db/labels.rs); a renamed initiative's labels follow it by this trigger.
ALTER TABLE initiative_labels ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE initiative_labels l SET sort_key = i.sort_key FROM initiatives i
    WHERE i.id = l.initiative_id;
DROP INDEX initiative_labels_value;
CREATE INDEX initiative_labels_ordered ON initiative_labels (kind, value, sort_key, initiative_id);
CREATE FUNCTION initiative_labels_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiative_labels SET sort_key = NEW.sort_key WHERE initiative_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_labels_sort_key AFTER UPDATE OF sort_key ON initiatives
    FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key)
    EXECUTE FUNCTION initiative_labels_sort_key();
