-- The narrow copy's words hold each row's categories, `~n` for bit n of its mask (the n-th of
-- `db::labels::CATEGORY_BITS`), so that a text with categories is intersected with them in the
-- copy's text index: checking each match's mask visited every match of a common word, all
-- 100,000 rows for a word the category never has (`q=cow&category=mobility`: 27.7 ms, 1.8 ms from
-- the index). A user's words are folded to letters and digits: none begins with `~`.
CREATE FUNCTION initiative_category_words(bits BIGINT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT '~' || n FROM generate_series(0, 62) AS n WHERE bits & (1::BIGINT << n) <> 0))
$$;

UPDATE initiative_words SET search_vector = search_vector || initiative_category_words(category_bits);

CREATE OR REPLACE FUNCTION initiative_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO initiative_words
        SELECT id, sort_key, category_bits, latitude, longitude, status, origin_id,
        unconfirmed_since, search_vector || initiative_category_words(category_bits)
        FROM added WHERE review = 'published';
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION initiative_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiative_words WHERE id = OLD.id
        AND (OLD.id <> NEW.id OR NEW.review IS DISTINCT FROM 'published');
    IF NEW.review = 'published' THEN
        INSERT INTO initiative_words
            VALUES (NEW.id, NEW.sort_key, NEW.category_bits, NEW.latitude, NEW.longitude,
                    NEW.status, NEW.origin_id, NEW.unconfirmed_since,
                    NEW.search_vector || initiative_category_words(NEW.category_bits))
            ON CONFLICT (id) DO UPDATE SET sort_key = EXCLUDED.sort_key,
                category_bits = EXCLUDED.category_bits, latitude = EXCLUDED.latitude,
                longitude = EXCLUDED.longitude, status = EXCLUDED.status,
                origin_id = EXCLUDED.origin_id, unconfirmed_since = EXCLUDED.unconfirmed_since,
                search_vector = EXCLUDED.search_vector;
    END IF;
    RETURN NULL;
END
$$;

ANALYZE initiative_words;
