-- Prefix indexes of 5 and 6 letters as well: a whole word typed ("repair", "jardin") was longer
-- than the longest prefix index, and FTS5 then merged the lists of every word beginning with it
-- (3 ms for a common one) instead of reading one list (0.3 ms). The triggers on the content
-- tables name the indexes, not their options, and keep working.
DROP TABLE initiatives_fts;
CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    search_text, content = 'initiatives', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
);
INSERT INTO initiatives_fts (initiatives_fts) VALUES ('rebuild');

DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5(
    search_text, content = 'events', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
);
INSERT INTO events_fts (events_fts) VALUES ('rebuild');
