-- +goose Up
-- The record as the UN keeps it: an adopted draft's resolution symbol and
-- the agenda item it was taken under.
ALTER TABLE drafts ADD COLUMN resolution TEXT;
ALTER TABLE drafts ADD COLUMN agenda TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX drafts_resolution ON drafts (resolution) WHERE resolution IS NOT NULL;

-- A vote by written procedure (meeting then holds the letter's symbol), and
-- a decision adopted without a vote (every sitting member recorded yes, as
-- the UN Digital Library records it).
ALTER TABLE votes ADD COLUMN procedure TEXT NOT NULL DEFAULT 'meeting';
ALTER TABLE votes ADD COLUMN adopted_without_vote BOOLEAN NOT NULL DEFAULT FALSE;

-- One draft revises, amends or competes with another; each pair and kind
-- is stored once, from the draft that names the other.
CREATE TABLE draft_links (
    id         INTEGER PRIMARY KEY,
    draft_id   INTEGER NOT NULL REFERENCES drafts (id),
    kind       TEXT NOT NULL,
    other_id   INTEGER NOT NULL REFERENCES drafts (id),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (draft_id, kind, other_id),
    CHECK (draft_id <> other_id)
);
CREATE INDEX draft_links_other ON draft_links (other_id, kind, draft_id);

-- An observation found wrong is retracted, not deleted: it stays in the
-- history, marked, and no longer counts.
CREATE TABLE position_retractions (
    position_id  INTEGER PRIMARY KEY REFERENCES positions (id),
    reason       TEXT NOT NULL,
    retracted_by TEXT NOT NULL,
    retracted_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE position_retractions;
DROP TABLE draft_links;
ALTER TABLE votes DROP COLUMN adopted_without_vote;
ALTER TABLE votes DROP COLUMN procedure;
DROP INDEX drafts_resolution;
ALTER TABLE drafts DROP COLUMN agenda;
ALTER TABLE drafts DROP COLUMN resolution;
