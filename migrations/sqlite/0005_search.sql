-- Full-text search: FTS5 indexes over the folded search text, kept current by triggers.
-- Prefix indexes make search-as-you-type fast.

CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    search_text, content = 'initiatives', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
INSERT INTO initiatives_fts (rowid, search_text) SELECT id, search_text FROM initiatives;
CREATE TRIGGER initiatives_fts_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO initiatives_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER initiatives_fts_update AFTER UPDATE OF search_text ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO initiatives_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE VIRTUAL TABLE events_fts USING fts5(
    search_text, content = 'events', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
INSERT INTO events_fts (rowid, search_text) SELECT id, search_text FROM events;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF search_text ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO events_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
