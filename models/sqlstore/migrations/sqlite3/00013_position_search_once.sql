-- +goose Up
-- A position's search document is written once, by the store, after the
-- position's evidence (recordPosition), rather than inserted by a trigger
-- on the position and rewritten by another for each evidence row: each
-- rewrite took the document out of the full-text index and put it back,
-- which cost more than the rest of the write together.
DROP TRIGGER search_evidence_ai;
DROP TRIGGER search_positions_ai;

-- +goose Down
-- +goose StatementBegin
CREATE TRIGGER search_positions_ai AFTER INSERT ON positions BEGIN
    INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
    SELECT 'position', CAST(new.id AS TEXT), new.draft_id, new.member_code, new.as_of,
        m.name || ' on ' || COALESCE(d.symbol, d.title), m.name, new.note
    FROM members m, drafts d WHERE m.code = new.member_code AND d.id = new.draft_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_evidence_ai AFTER INSERT ON evidence BEGIN
    UPDATE search_docs SET body = trim(body || ' ' || new.speaker || ': ' || new.quote)
    WHERE kind = 'position' AND ref = CAST(new.position_id AS TEXT);
END;
-- +goose StatementEnd
