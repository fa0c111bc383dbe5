-- +goose Up
-- A member's stance before a vote is read for every vote a question
-- covers: with the stance in the index the answer comes from the index
-- alone, not from the observation's row beside its note.
CREATE INDEX positions_stance_before ON positions (draft_id, member_code, as_of, id, stance);
-- The veto list and the agreement matrix read votes by date.
CREATE INDEX votes_date ON votes (voted_on, draft_id);

-- +goose Down
DROP INDEX votes_date;
DROP INDEX positions_stance_before;
