-- +goose Up
-- A position's search document is written once, by the store, after the
-- position's evidence (recordPosition and the pipelined statement), rather
-- than inserted by a trigger on the position and rewritten by another for
-- each evidence row: each rewrite computed the document's tsvector and
-- updated the GIN index again.
DROP TRIGGER search_evidence_ai ON evidence;
DROP FUNCTION search_evidence();
DROP TRIGGER search_positions_ai ON positions;
DROP FUNCTION search_position();

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION search_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
    SELECT 'position', NEW.id::text, NEW.draft_id, NEW.member_code, NEW.as_of,
        m.name || ' on ' || COALESCE(d.symbol, d.title), m.name, NEW.note
    FROM members m, drafts d WHERE m.code = NEW.member_code AND d.id = NEW.draft_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER search_positions_ai AFTER INSERT ON positions FOR EACH ROW EXECUTE FUNCTION search_position();
-- +goose StatementBegin
CREATE FUNCTION search_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_docs SET body = trim(body || ' ' || NEW.speaker || ': ' || NEW.quote)
    WHERE kind = 'position' AND ref = NEW.position_id::text;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER search_evidence_ai AFTER INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION search_evidence();
