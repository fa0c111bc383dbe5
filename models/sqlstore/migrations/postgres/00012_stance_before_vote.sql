-- +goose Up
-- Each vote cast keeps the member's last stance before the vote (the
-- newest observation on or before the vote's day that is not retracted,
-- ties to the one recorded last): alignment reads it from the cast's row
-- rather than looking it up once per vote. Triggers keep it up in the
-- transaction of every write it depends on: a cast recorded, a vote's day
-- changed, a position recorded or retracted.
ALTER TABLE vote_casts ADD COLUMN stance_before TEXT COLLATE "C";

-- +goose StatementBegin
CREATE FUNCTION unsc_stance_before(d BIGINT, m TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT p.stance FROM positions p
    WHERE p.draft_id = d AND p.member_code = m
      AND p.as_of <= (SELECT voted_on FROM votes WHERE draft_id = d)
      AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
    ORDER BY p.as_of DESC, p.id DESC LIMIT 1
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION unsc_cast_stance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.stance_before := unsc_stance_before(NEW.draft_id, NEW.member_code);
    RETURN NEW;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION unsc_vote_stances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vote_casts SET stance_before = unsc_stance_before(draft_id, member_code) WHERE draft_id = NEW.draft_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION unsc_position_stance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vote_casts SET stance_before = unsc_stance_before(draft_id, member_code)
    WHERE draft_id = NEW.draft_id AND member_code = NEW.member_code;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION unsc_retraction_stance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vote_casts c SET stance_before = unsc_stance_before(c.draft_id, c.member_code)
    FROM positions p WHERE p.id = NEW.position_id AND c.draft_id = p.draft_id AND c.member_code = p.member_code;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER vote_casts_stance BEFORE INSERT OR UPDATE OF draft_id, member_code ON vote_casts
    FOR EACH ROW EXECUTE FUNCTION unsc_cast_stance();
CREATE TRIGGER votes_stance AFTER UPDATE OF voted_on ON votes
    FOR EACH ROW EXECUTE FUNCTION unsc_vote_stances();
CREATE TRIGGER positions_stance AFTER INSERT ON positions
    FOR EACH ROW EXECUTE FUNCTION unsc_position_stance();
CREATE TRIGGER position_retractions_stance AFTER INSERT ON position_retractions
    FOR EACH ROW EXECUTE FUNCTION unsc_retraction_stance();

UPDATE vote_casts SET stance_before = unsc_stance_before(draft_id, member_code);

-- +goose Down
DROP TRIGGER position_retractions_stance ON position_retractions;
DROP TRIGGER positions_stance ON positions;
DROP TRIGGER votes_stance ON votes;
DROP TRIGGER vote_casts_stance ON vote_casts;
DROP FUNCTION unsc_retraction_stance();
DROP FUNCTION unsc_position_stance();
DROP FUNCTION unsc_vote_stances();
DROP FUNCTION unsc_cast_stance();
DROP FUNCTION unsc_stance_before(BIGINT, TEXT);
ALTER TABLE vote_casts DROP COLUMN stance_before;
