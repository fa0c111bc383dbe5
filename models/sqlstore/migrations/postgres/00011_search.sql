-- +goose Up
-- Full-text search of the record: one document per draft, meeting,
-- position (with its evidence) and source, kept by triggers in the same
-- transaction as every write; see the SQLite migration for the columns.
-- search_fold lowers and takes diacritics off by the table the domain
-- folds queries with (models.FoldFrom, models.FoldTo), and splits words
-- where SQLite's tokenizer does, so S/PV.6711 is the words s pv 6711 on
-- both databases rather than one of PostgreSQL's file-path tokens.
-- +goose StatementBegin
CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(translate(lower(t), 'àáâãäåāăąǎǻȁȃȧçćĉċčďèéêëēĕėęěȅȇȩĝğġģǧĥìíîïĩīĭįǐȉȋĵķǩĺļľñńņňǹòóôõöōŏőǒȍȏȯŕŗřȑȓśŝşšșţťțùúûüũūŭůűųǔǖǘǚǜȕȗŵýÿŷźżž', 'aaaaaaaaaaaaaacccccdeeeeeeeeeeeeggggghiiiiiiiiiiijkklllnnnnnoooooooooooorrrrrssssstttuuuuuuuuuuuuuuuuuwyyyzzz'), '[^[:alnum:]]+', ' ', 'g')
$$;
-- +goose StatementEnd

CREATE TABLE search_docs (
    id       BIGSERIAL PRIMARY KEY,
    kind     TEXT NOT NULL,
    ref      TEXT NOT NULL,
    draft_id BIGINT,
    member   TEXT,
    day      TEXT NOT NULL,
    symbols  TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    head     TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    tsv      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_fold(head)), 'A') || setweight(to_tsvector('simple', search_fold(body)), 'B')) STORED,
    UNIQUE (kind, ref)
);
CREATE INDEX search_docs_member ON search_docs (member) WHERE member IS NOT NULL;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

INSERT INTO search_docs (kind, ref, draft_id, day, symbols, title, head, body)
SELECT 'draft', id::text, id, introduced_on,
    ' ' || upper(trim(COALESCE(symbol, '') || ' ' || COALESCE(resolution, ''))) || ' ',
    title, trim(COALESCE(symbol, '') || ' ' || COALESCE(resolution, '') || ' ' || title),
    trim(summary || ' ' || agenda)
FROM drafts;
INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
SELECT 'position', p.id::text, p.draft_id, p.member_code, p.as_of,
    m.name || ' on ' || COALESCE(d.symbol, d.title), m.name,
    trim(p.note || ' ' || COALESCE((SELECT string_agg(e.speaker || ': ' || e.quote, ' ' ORDER BY e.ord) FROM evidence e WHERE e.position_id = p.id), ''))
FROM positions p JOIN members m ON m.code = p.member_code JOIN drafts d ON d.id = p.draft_id;
INSERT INTO search_docs (kind, ref, day, title, head, body)
SELECT 'source', id::text, published_on, title, title, trim(publisher || ' ' || author) FROM sources;
INSERT INTO search_docs (kind, ref, day, symbols, title, head, body)
SELECT 'meeting', symbol, met_on, ' ' || upper(symbol) || ' ', symbol, symbol,
    trim(COALESCE((SELECT string_agg(item, ' ' ORDER BY ord) FROM meeting_agenda a WHERE a.meeting = meetings.symbol), '') || ' ' ||
        COALESCE((SELECT string_agg(trim(c.symbol || ' ' || c.text), ' ' ORDER BY ord) FROM meeting_decisions c WHERE c.meeting = meetings.symbol), ''))
FROM meetings;

-- +goose StatementBegin
CREATE FUNCTION search_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_docs (kind, ref, draft_id, day, symbols, title, head, body)
    VALUES ('draft', NEW.id::text, NEW.id, NEW.introduced_on,
        ' ' || upper(trim(COALESCE(NEW.symbol, '') || ' ' || COALESCE(NEW.resolution, ''))) || ' ',
        NEW.title, trim(COALESCE(NEW.symbol, '') || ' ' || COALESCE(NEW.resolution, '') || ' ' || NEW.title),
        trim(NEW.summary || ' ' || NEW.agenda))
    ON CONFLICT (kind, ref) DO UPDATE SET day = EXCLUDED.day, symbols = EXCLUDED.symbols, title = EXCLUDED.title,
        head = EXCLUDED.head, body = EXCLUDED.body;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER search_drafts_ai AFTER INSERT ON drafts FOR EACH ROW EXECUTE FUNCTION search_draft();
CREATE TRIGGER search_drafts_au AFTER UPDATE OF symbol, resolution, title, summary, agenda, introduced_on ON drafts FOR EACH ROW
    WHEN (OLD.symbol IS DISTINCT FROM NEW.symbol OR OLD.resolution IS DISTINCT FROM NEW.resolution OR OLD.title IS DISTINCT FROM NEW.title
        OR OLD.summary IS DISTINCT FROM NEW.summary OR OLD.agenda IS DISTINCT FROM NEW.agenda OR OLD.introduced_on IS DISTINCT FROM NEW.introduced_on)
    EXECUTE FUNCTION search_draft();

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

-- +goose StatementBegin
CREATE FUNCTION search_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_docs (kind, ref, day, title, head, body)
    VALUES ('source', NEW.id::text, NEW.published_on, NEW.title, NEW.title, trim(NEW.publisher || ' ' || NEW.author))
    ON CONFLICT (kind, ref) DO UPDATE SET day = EXCLUDED.day, title = EXCLUDED.title, head = EXCLUDED.head, body = EXCLUDED.body;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER search_sources_aiu AFTER INSERT OR UPDATE ON sources FOR EACH ROW EXECUTE FUNCTION search_source();

-- A meeting is written once, with its agenda and decisions, by the
-- record's bulk load, which adds its document after them (AddMeetings).

-- +goose Down
DROP TRIGGER search_sources_aiu ON sources;
DROP FUNCTION search_source();
DROP TRIGGER search_evidence_ai ON evidence;
DROP FUNCTION search_evidence();
DROP TRIGGER search_positions_ai ON positions;
DROP FUNCTION search_position();
DROP TRIGGER search_drafts_au ON drafts;
DROP TRIGGER search_drafts_ai ON drafts;
DROP FUNCTION search_draft();
DROP TABLE search_docs;
DROP FUNCTION search_fold(text);
