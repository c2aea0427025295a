-- The narrow copy's text index holds, besides the words' beginnings and the cells of a row's
-- place (0026), each word's first 3 letters in the row's cell of one degree (`^res@6:52:4`: the
-- grid's level 6, whose cells are 2^6 / 64 = 1 degree wide).
--
-- A common beginning in a dense circle met two long lists in the index: at 1,000,000 entries,
-- `q=res` within 100 km of Amsterdam went through the 122,638 rows of `^res` and the 169,148 rows
-- of the circle's 35 cells to find none in common (25 to 31 ms). Those of `^res` in the circle's
-- 12 cells of a degree are a short list, which the index reads first and checks the others
-- against (`db::initiatives::cells::beginnings_covering`).
--
-- Only the first 3 letters and one level: about 20 more words a row, where every beginning at
-- every level would add hundreds.
CREATE FUNCTION initiative_beginning_place_words(words tsvector, latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN latitude IS NULL OR longitude IS NULL THEN ''::tsvector
        ELSE array_to_tsvector(ARRAY(
            SELECT DISTINCT '^' || left(word, 3) || '@6:' || floor(latitude)::BIGINT
                || ':' || floor(longitude)::BIGINT
            FROM unnest(tsvector_to_array(words)) AS word
            WHERE length(word) >= 3 AND word ~ '^[a-z0-9]'))
    END
$$;

CREATE OR REPLACE FUNCTION initiative_index_words(words tsvector, latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT words || initiative_beginning_words(words) || initiative_place_words(latitude, longitude)
        || initiative_beginning_place_words(words, latitude, longitude)
$$;

-- The index of the function's former words is rebuilt (its statistics target is kept).
REINDEX INDEX initiative_words_index;
ANALYZE initiative_words;
