-- SQLite's text index of initiatives holds, besides their words, two columns of words that
-- are not a text's (a search's words are matched in `search_text` only):
--
-- - `category_words`, each of its categories as `c` and its bit in `category_bits` (migration
--   0011): `c5` for repair. A text with categories is then one query of the index, which
--   intersects the lists of its words and of its categories, newest first, where it walked the
--   text's matches newest first and read each one's row for its mask (`q=paris&category=spaces`
--   at 100,000 entries, 12,340 matches: 15 ms), or looked a rare word's few matches up among
--   the category's every label (15 ms);
-- - `place_words`, its cell at every level of the grid of `db::initiatives::cells` (the narrow
--   copy's on PostgreSQL, migration postgres 0026): `p` and its level, `y` and its row, `x` and
--   its column (`p5y464x729`), counted from 180 degrees south and 360 west, so that both are
--   positive and CAST, which truncates towards zero, is their floor (SQLite has no floor()).
--   A text in a circle is then the index's lists of its words and of the cells covering the
--   circle, where a common word's matches were gathered into a set that each row of the
--   circle's box was looked up in (`q=res` within 100 km of Amsterdam: 12,539 rows in its box,
--   6,376 matches: 12 to 30 ms).
--
-- Both are computed from the row (virtual columns: nothing stored), read by the index as its
-- external content; relevance weighs the words alone.
ALTER TABLE initiatives ADD COLUMN category_words TEXT GENERATED ALWAYS AS (
    CASE WHEN category_bits & 1 <> 0 THEN 'c0 ' ELSE '' END ||
    CASE WHEN category_bits & 2 <> 0 THEN 'c1 ' ELSE '' END ||
    CASE WHEN category_bits & 4 <> 0 THEN 'c2 ' ELSE '' END ||
    CASE WHEN category_bits & 8 <> 0 THEN 'c3 ' ELSE '' END ||
    CASE WHEN category_bits & 16 <> 0 THEN 'c4 ' ELSE '' END ||
    CASE WHEN category_bits & 32 <> 0 THEN 'c5 ' ELSE '' END ||
    CASE WHEN category_bits & 64 <> 0 THEN 'c6 ' ELSE '' END ||
    CASE WHEN category_bits & 128 <> 0 THEN 'c7 ' ELSE '' END ||
    CASE WHEN category_bits & 256 <> 0 THEN 'c8 ' ELSE '' END ||
    CASE WHEN category_bits & 512 <> 0 THEN 'c9 ' ELSE '' END ||
    CASE WHEN category_bits & 1024 <> 0 THEN 'c10 ' ELSE '' END ||
    CASE WHEN category_bits & 2048 <> 0 THEN 'c11 ' ELSE '' END
) VIRTUAL;
ALTER TABLE initiatives ADD COLUMN place_words TEXT GENERATED ALWAYS AS (
    CASE WHEN latitude IS NULL OR longitude IS NULL THEN '' ELSE
        'p0y' || CAST((latitude + 180) * 64.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 64.0 AS INTEGER) || ' ' ||
        'p1y' || CAST((latitude + 180) * 32.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 32.0 AS INTEGER) || ' ' ||
        'p2y' || CAST((latitude + 180) * 16.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 16.0 AS INTEGER) || ' ' ||
        'p3y' || CAST((latitude + 180) * 8.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 8.0 AS INTEGER) || ' ' ||
        'p4y' || CAST((latitude + 180) * 4.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 4.0 AS INTEGER) || ' ' ||
        'p5y' || CAST((latitude + 180) * 2.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 2.0 AS INTEGER) || ' ' ||
        'p6y' || CAST((latitude + 180) * 1.0 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 1.0 AS INTEGER) || ' ' ||
        'p7y' || CAST((latitude + 180) * 0.5 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 0.5 AS INTEGER) || ' ' ||
        'p8y' || CAST((latitude + 180) * 0.25 AS INTEGER) || 'x' ||
            CAST((longitude + 360) * 0.25 AS INTEGER) || ' '
    END
) VIRTUAL;

DROP TABLE initiatives_fts;
CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    search_text, category_words, place_words, content = 'initiatives', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
);
INSERT INTO initiatives_fts (initiatives_fts) VALUES ('rebuild');
INSERT INTO initiatives_fts (initiatives_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0, 0.0)');

DROP TRIGGER initiatives_fts_insert;
DROP TRIGGER initiatives_fts_delete;
DROP TRIGGER initiatives_fts_update;
CREATE TRIGGER initiatives_fts_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO initiatives_fts (rowid, search_text, category_words, place_words)
    VALUES (new.id, new.search_text, new.category_words, new.place_words);
END;
CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, search_text, category_words, place_words)
    VALUES ('delete', old.id, old.search_text, old.category_words, old.place_words);
END;
CREATE TRIGGER initiatives_fts_update
AFTER UPDATE OF search_text, category_bits, latitude, longitude ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, search_text, category_words, place_words)
    VALUES ('delete', old.id, old.search_text, old.category_words, old.place_words);
    INSERT INTO initiatives_fts (rowid, search_text, category_words, place_words)
    VALUES (new.id, new.search_text, new.category_words, new.place_words);
END;
