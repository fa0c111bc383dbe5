-- +goose Up
-- The Council's calendar. A meeting scheduled ahead has no record symbol
-- yet (S/PV.9000 is given when it is held), so it is keyed by an id of
-- its own; the symbol, when announced, is kept beside it, unique, to
-- match it to its record later. Its expected drafts are kept in order.
CREATE TABLE scheduled_meetings (
    id         INTEGER PRIMARY KEY,
    meets_on   TEXT NOT NULL,
    agenda     TEXT NOT NULL,
    symbol     TEXT UNIQUE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX scheduled_meetings_day ON scheduled_meetings (meets_on, id);

CREATE TABLE scheduled_drafts (
    meeting_id INTEGER NOT NULL REFERENCES scheduled_meetings (id),
    ord        INTEGER NOT NULL,
    draft_id   INTEGER NOT NULL REFERENCES drafts (id),
    PRIMARY KEY (meeting_id, ord),
    UNIQUE (meeting_id, draft_id)
);
CREATE INDEX scheduled_drafts_draft ON scheduled_drafts (draft_id);

-- The day a draft's vote is expected, when announced.
ALTER TABLE drafts ADD COLUMN expected_vote_on TEXT;
CREATE INDEX drafts_expected_vote ON drafts (expected_vote_on) WHERE expected_vote_on IS NOT NULL;

-- Recorded presidencies (Rule 18): who presided in a month, YYYY-MM. The
-- other months are counted from these.
CREATE TABLE presidencies (
    month       TEXT PRIMARY KEY,
    member_code TEXT NOT NULL REFERENCES members (code),
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE presidencies;
DROP INDEX drafts_expected_vote;
ALTER TABLE drafts DROP COLUMN expected_vote_on;
DROP TABLE scheduled_drafts;
DROP TABLE scheduled_meetings;
