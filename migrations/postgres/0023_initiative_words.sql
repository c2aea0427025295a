-- A narrow copy of the published initiatives, for public searches on PostgreSQL: what they filter
-- and order on, and no more. An initiative's row is wide (5 to a page, and 100,000 of them do not
-- fit in the default shared buffers), and a search visits the row of every match it counts or
-- walks, to check its review state and its visibility: gathering a common word's 6,337 matches
-- visited 5,578 pages (22 ms), walking newest first until 1,001 matched read 16,600 rows (27 ms;
-- docs/BENCHMARKS.md, "Searches people type"). Here a row holds no more than the search needs
-- (its tsvector is most of it), so that the table stays in memory; the search finds its page's ids here and reads 20 wide rows
-- (`db::initiatives::narrow`). Only published rows: public lists see no other.
--
-- Kept by the triggers below, in the writing transaction: inserts and deletes per statement (a
-- batch is one insert here), updates per row, when one of the copied columns changed.
CREATE TABLE initiative_words (
    id            BIGINT PRIMARY KEY,
    sort_key      TEXT COLLATE "C" NOT NULL,
    category_bits BIGINT NOT NULL,
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    status        TEXT NOT NULL,
    origin_id     BIGINT,
    unconfirmed_since TIMESTAMPTZ,
    search_vector tsvector NOT NULL
);
INSERT INTO initiative_words
    SELECT id, sort_key, category_bits, latitude, longitude, status, origin_id,
        unconfirmed_since, search_vector
    FROM initiatives WHERE review = 'published';
CREATE INDEX initiative_words_search ON initiative_words USING GIN (search_vector);
CREATE INDEX initiative_words_point ON initiative_words (latitude, longitude, category_bits);
ANALYZE initiative_words;

CREATE FUNCTION initiative_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO initiative_words
        SELECT id, sort_key, category_bits, latitude, longitude, status, origin_id,
        unconfirmed_since, search_vector
        FROM added WHERE review = 'published';
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_words_added AFTER INSERT ON initiatives
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION initiative_words_added();

CREATE FUNCTION initiative_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiative_words w USING removed r WHERE w.id = r.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_words_removed AFTER DELETE ON initiatives
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION initiative_words_removed();

CREATE FUNCTION initiative_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiative_words WHERE id = OLD.id
        AND (OLD.id <> NEW.id OR NEW.review IS DISTINCT FROM 'published');
    IF NEW.review = 'published' THEN
        INSERT INTO initiative_words
            VALUES (NEW.id, NEW.sort_key, NEW.category_bits, NEW.latitude, NEW.longitude,
                    NEW.status, NEW.origin_id, NEW.unconfirmed_since, NEW.search_vector)
            ON CONFLICT (id) DO UPDATE SET sort_key = EXCLUDED.sort_key,
                category_bits = EXCLUDED.category_bits, latitude = EXCLUDED.latitude,
                longitude = EXCLUDED.longitude, status = EXCLUDED.status,
                origin_id = EXCLUDED.origin_id, unconfirmed_since = EXCLUDED.unconfirmed_since,
                search_vector = EXCLUDED.search_vector;
    END IF;
    RETURN NULL;
END
$$;
-- Most updates change none of these (a confirmation, the duplicates' pass, a mirror's refresh
-- of the same text): the condition is checked without calling the function.
CREATE TRIGGER initiative_words_changed AFTER UPDATE ON initiatives FOR EACH ROW
    WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.review IS DISTINCT FROM NEW.review
        OR OLD.sort_key IS DISTINCT FROM NEW.sort_key
        OR OLD.category_bits IS DISTINCT FROM NEW.category_bits
        OR OLD.latitude IS DISTINCT FROM NEW.latitude
        OR OLD.longitude IS DISTINCT FROM NEW.longitude OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.origin_id IS DISTINCT FROM NEW.origin_id
        OR OLD.unconfirmed_since IS DISTINCT FROM NEW.unconfirmed_since
        OR OLD.search_text IS DISTINCT FROM NEW.search_text)
    EXECUTE FUNCTION initiative_words_changed();

CREATE FUNCTION initiative_words_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE initiative_words;
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_words_emptied AFTER TRUNCATE ON initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION initiative_words_emptied();
