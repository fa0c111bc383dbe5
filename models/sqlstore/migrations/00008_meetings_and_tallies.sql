-- +goose Up
-- The Council's record gives most votes as a tally, not member by member:
-- a vote keeps its tally (NULL where the record gives none), whether
-- every sitting member's vote is known, and where it comes from. Votes
-- recorded before were whole roll calls: their tally is their casts'.
ALTER TABLE votes ADD COLUMN tally_yes INTEGER;
ALTER TABLE votes ADD COLUMN tally_no INTEGER;
ALTER TABLE votes ADD COLUMN tally_abstain INTEGER;
ALTER TABLE votes ADD COLUMN tally_non_voting INTEGER;
ALTER TABLE votes ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE votes ADD COLUMN source TEXT NOT NULL DEFAULT '';
UPDATE votes SET
    tally_yes = (SELECT COUNT(*) FROM vote_casts c WHERE c.draft_id = votes.draft_id AND c.vote = 'yes'),
    tally_no = (SELECT COUNT(*) FROM vote_casts c WHERE c.draft_id = votes.draft_id AND c.vote = 'no'),
    tally_abstain = (SELECT COUNT(*) FROM vote_casts c WHERE c.draft_id = votes.draft_id AND c.vote = 'abstain'),
    tally_non_voting = (SELECT COUNT(*) FROM vote_casts c WHERE c.draft_id = votes.draft_id AND c.vote = 'absent');
-- The research answers count roll calls whose members' votes are known
-- and say how many they left out: those are read by date.
CREATE INDEX votes_incomplete ON votes (complete, voted_on);

-- Meetings as the record lists them: the record's symbol, the day (and
-- the record's number, for the order of one day's meetings), its agenda
-- items and its decisions in the record's order. A decision that is a
-- vote links to its draft.
CREATE TABLE meetings (
    symbol        TEXT PRIMARY KEY,
    number        INTEGER NOT NULL,
    met_on        TEXT NOT NULL,
    closed        BOOLEAN NOT NULL DEFAULT FALSE,
    procedure     TEXT NOT NULL,
    press_release TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL
);
CREATE INDEX meetings_newest ON meetings (met_on, number, symbol);

CREATE TABLE meeting_agenda (
    meeting TEXT NOT NULL REFERENCES meetings (symbol),
    ord     INTEGER NOT NULL,
    item    TEXT NOT NULL,
    PRIMARY KEY (meeting, ord)
);

CREATE TABLE meeting_decisions (
    meeting  TEXT NOT NULL REFERENCES meetings (symbol),
    ord      INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    symbol   TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL DEFAULT '',
    draft_id BIGINT REFERENCES drafts (id),
    PRIMARY KEY (meeting, ord)
);
CREATE INDEX meeting_decisions_kind ON meeting_decisions (kind, meeting);
CREATE INDEX meeting_decisions_draft ON meeting_decisions (draft_id);

-- +goose Down
DROP TABLE meeting_decisions;
DROP TABLE meeting_agenda;
DROP TABLE meetings;
DROP INDEX votes_incomplete;
ALTER TABLE votes DROP COLUMN source;
ALTER TABLE votes DROP COLUMN complete;
ALTER TABLE votes DROP COLUMN tally_non_voting;
ALTER TABLE votes DROP COLUMN tally_abstain;
ALTER TABLE votes DROP COLUMN tally_no;
ALTER TABLE votes DROP COLUMN tally_yes;
