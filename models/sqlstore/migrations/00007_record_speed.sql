-- +goose Up
-- The record's questions read a member's vote beside each roll call: with
-- the vote in the index, from the index alone, not from the cast's row.
-- A member's votes in order of roll call; a roll call's votes by member.
CREATE INDEX vote_casts_member_vote ON vote_casts (member_code, draft_id, vote);
DROP INDEX vote_casts_member;
CREATE INDEX vote_casts_draft_vote ON vote_casts (draft_id, member_code, vote);

-- +goose Down
DROP INDEX vote_casts_draft_vote;
CREATE INDEX vote_casts_member ON vote_casts (member_code);
DROP INDEX vote_casts_member_vote;
