-- +goose Up
-- Each vote cast keeps the member's last stance before the vote (the
-- newest observation on or before the vote's day that is not retracted,
-- ties to the one recorded last): alignment reads it from the cast's row
-- rather than looking it up once per vote. Triggers keep it up in the
-- transaction of every write it depends on: a cast recorded, a vote's day
-- changed, a position recorded or retracted. Each recomputes the stance
-- of the casts it touches the same way (the subquery repeated below).
ALTER TABLE vote_casts ADD COLUMN stance_before TEXT;

UPDATE vote_casts SET stance_before = (SELECT p.stance FROM positions p
    WHERE p.draft_id = vote_casts.draft_id AND p.member_code = vote_casts.member_code
      AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = vote_casts.draft_id)
      AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
    ORDER BY p.as_of DESC, p.id DESC LIMIT 1);

-- +goose StatementBegin
CREATE TRIGGER vote_casts_stance AFTER INSERT ON vote_casts BEGIN
    UPDATE vote_casts SET stance_before = (SELECT p.stance FROM positions p
        WHERE p.draft_id = vote_casts.draft_id AND p.member_code = vote_casts.member_code
          AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = vote_casts.draft_id)
          AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
        ORDER BY p.as_of DESC, p.id DESC LIMIT 1)
    WHERE draft_id = NEW.draft_id AND member_code = NEW.member_code;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER votes_stance AFTER UPDATE OF voted_on ON votes BEGIN
    UPDATE vote_casts SET stance_before = (SELECT p.stance FROM positions p
        WHERE p.draft_id = vote_casts.draft_id AND p.member_code = vote_casts.member_code
          AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = vote_casts.draft_id)
          AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
        ORDER BY p.as_of DESC, p.id DESC LIMIT 1)
    WHERE draft_id = NEW.draft_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER positions_stance AFTER INSERT ON positions BEGIN
    UPDATE vote_casts SET stance_before = (SELECT p.stance FROM positions p
        WHERE p.draft_id = vote_casts.draft_id AND p.member_code = vote_casts.member_code
          AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = vote_casts.draft_id)
          AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
        ORDER BY p.as_of DESC, p.id DESC LIMIT 1)
    WHERE draft_id = NEW.draft_id AND member_code = NEW.member_code;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER position_retractions_stance AFTER INSERT ON position_retractions BEGIN
    UPDATE vote_casts SET stance_before = (SELECT p.stance FROM positions p
        WHERE p.draft_id = vote_casts.draft_id AND p.member_code = vote_casts.member_code
          AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = vote_casts.draft_id)
          AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
        ORDER BY p.as_of DESC, p.id DESC LIMIT 1)
    WHERE (draft_id, member_code) = (SELECT draft_id, member_code FROM positions WHERE id = NEW.position_id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER position_retractions_stance;
DROP TRIGGER positions_stance;
DROP TRIGGER votes_stance;
DROP TRIGGER vote_casts_stance;
ALTER TABLE vote_casts DROP COLUMN stance_before;
