-- Labels ordered like the directory: each carries its initiative's sort key, so that a category's
-- page is read in order from its own index and its count from that index, instead of walking the
-- whole directory by name and checking each row (a category nobody uses read all of it:
-- docs/BENCHMARKS.md, "Searches people type"). Labels are written with the key
-- (src/db/labels.rs); a renamed initiative's labels follow it by this trigger.
ALTER TABLE initiative_labels ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE initiative_labels SET sort_key = (SELECT i.sort_key FROM initiatives i
    WHERE i.id = initiative_labels.initiative_id);
DROP INDEX initiative_labels_value;
CREATE INDEX initiative_labels_ordered ON initiative_labels (kind, value, sort_key, initiative_id);
CREATE TRIGGER initiative_labels_sort_key AFTER UPDATE OF sort_key ON initiatives
    WHEN old.sort_key IS NOT new.sort_key
BEGIN
    UPDATE initiative_labels SET sort_key = new.sort_key WHERE initiative_id = new.id;
END;
