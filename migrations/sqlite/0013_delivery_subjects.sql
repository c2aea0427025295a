-- What each delivery is about (the id of the activity's object): deliveries to one inbox keep
-- their order per subject only, so that one that keeps failing (an agenda answering 500 to one
-- event's Update) holds back the later activities about that object, not every other one.
ALTER TABLE deliveries ADD COLUMN subject TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_subject ON deliveries (inbox, subject, state, id);
