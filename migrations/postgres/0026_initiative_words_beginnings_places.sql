-- The narrow copy's text index holds, besides each row's words and categories (`~n`, 0024):
--
-- - the beginnings of its words, `^` and their first 3 to 6 letters (`^rep`, `^repa`, `^repai`,
--   `^repair`), so that a search for a word's beginning is one word of the index. A prefix
--   (`rep:*`) is matched by reading every word that begins with it, and all their rows, into a
--   bitmap before anything else: 172,145 rows for a common 3-letter prefix at 1,000,000 entries,
--   60 to 70 ms, however few of them a circle or a category keep;
-- - its place, `@k:y:x`: the cell at row y and column x of the grid of level k, whose cells are
--   2^k / 64 degrees wide (1.7 km of latitude at level 0 to 445 km at level 8), at every level,
--   so that a circle is the cells covering it (`db::initiatives::cells`). A text in a circle is
--   then one query of the index, which skips through a common word's rows to those cells.
--
-- Neither begins like a user's words, which are folded to letters and digits. They are in the
-- index only (of an expression, `initiative_index_words`), not in the copy's rows: they would
-- make each row's words three times larger (478 to 1,372 bytes), the copy 1.6 GB at 1,000,000
-- entries, where it is 0.6 GB. A search that walks the copy's rows matches each row's own
-- words; its matches gathered from this index need not be checked again, the index being exact.
CREATE FUNCTION initiative_beginning_words(words tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT DISTINCT '^' || left(word, n)
        FROM unnest(tsvector_to_array(words)) AS word, generate_series(3, 6) AS n
        WHERE length(word) >= n AND word ~ '^[a-z0-9]'))
$$;

-- At level k, a degree holds 64 / 2^k cells: a power of two, by which a coordinate's product is
-- exact, as in `db::initiatives::cells`.
CREATE FUNCTION initiative_place_words(latitude DOUBLE PRECISION, longitude DOUBLE PRECISION)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN latitude IS NULL OR longitude IS NULL THEN ''::tsvector
        ELSE array_to_tsvector(ARRAY(
            SELECT '@' || k || ':' || floor(latitude * (64.0::DOUBLE PRECISION / (1 << k)))::BIGINT
                || ':' || floor(longitude * (64.0::DOUBLE PRECISION / (1 << k)))::BIGINT
            FROM generate_series(0, 8) AS k))
    END
$$;

-- What the copy's text index holds of a row.
CREATE FUNCTION initiative_index_words(words tsvector, latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT words || initiative_beginning_words(words) || initiative_place_words(latitude, longitude)
$$;

CREATE INDEX initiative_words_index ON initiative_words
    USING gin (initiative_index_words(search_vector, latitude, longitude));
DROP INDEX initiative_words_search;
-- Its statistics keep the 10,000 most common of its words, not 1,000: among the beginnings and
-- cells, the 1,000th is in more than 1 % of the rows, and the planner took any word less common
-- for one in 0.5 % (`^tog`, in 33,244 rows of 1,000,000, for 4,999; `db::words::gathered`).
-- `ANALYZE` reads 300,000 rows for them (17 s at 1,000,000 entries).
ALTER INDEX initiative_words_index ALTER COLUMN 1 SET STATISTICS 1000;
ANALYZE initiative_words;
