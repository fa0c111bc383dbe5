-- +goose Up
-- Full-text search of the record. search_docs holds one document per
-- draft, meeting, position (with its evidence) and source: what a hit
-- shows (title, link's key, day, member) and the text searched, head
-- (symbols and titles, weighted above the rest) and body. Triggers on the
-- record's tables keep it in the same transaction as every write, however
-- the write is made (the API, a batch, the record's bulk load).
CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    ref      TEXT NOT NULL,
    draft_id INTEGER,
    member   TEXT,
    day      TEXT NOT NULL,
    symbols  TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    head     TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, ref)
);
CREATE INDEX search_docs_member ON search_docs (member) WHERE member IS NOT NULL;

-- FTS4 reads the text from search_docs (external content) and keeps only
-- the index; unicode61 folds case and, with remove_diacritics=2, accents
-- (Côte finds Cote, Türkiye finds turkiye).
CREATE VIRTUAL TABLE search_index USING fts4(content="search_docs", head, body, tokenize=unicode61 "remove_diacritics=2");

-- +goose StatementBegin
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_index (docid, head, body) VALUES (new.id, new.head, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_bu BEFORE UPDATE ON search_docs BEGIN
    DELETE FROM search_index WHERE docid = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_index (docid, head, body) VALUES (new.id, new.head, new.body);
END;
-- +goose StatementEnd

-- The documents of rows already stored.
INSERT INTO search_docs (kind, ref, draft_id, day, symbols, title, head, body)
SELECT 'draft', CAST(id AS TEXT), id, introduced_on,
    ' ' || upper(trim(COALESCE(symbol, '') || ' ' || COALESCE(resolution, ''))) || ' ',
    title, trim(COALESCE(symbol, '') || ' ' || COALESCE(resolution, '') || ' ' || title),
    trim(summary || ' ' || agenda)
FROM drafts;
INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
SELECT 'position', CAST(p.id AS TEXT), p.draft_id, p.member_code, p.as_of,
    m.name || ' on ' || COALESCE(d.symbol, d.title), m.name,
    trim(p.note || ' ' || COALESCE((SELECT group_concat(e.speaker || ': ' || e.quote, ' ') FROM evidence e WHERE e.position_id = p.id), ''))
FROM positions p JOIN members m ON m.code = p.member_code JOIN drafts d ON d.id = p.draft_id;
INSERT INTO search_docs (kind, ref, day, title, head, body)
SELECT 'source', CAST(id AS TEXT), published_on, title, title, trim(publisher || ' ' || author) FROM sources;
INSERT INTO search_docs (kind, ref, day, symbols, title, head, body)
SELECT 'meeting', symbol, met_on, ' ' || upper(symbol) || ' ', symbol, symbol,
    trim(COALESCE((SELECT group_concat(item, ' ') FROM meeting_agenda a WHERE a.meeting = meetings.symbol), '') || ' ' ||
        COALESCE((SELECT group_concat(trim(symbol || ' ' || text), ' ') FROM meeting_decisions c WHERE c.meeting = meetings.symbol), ''))
FROM meetings;

-- +goose StatementBegin
CREATE TRIGGER search_drafts_ai AFTER INSERT ON drafts BEGIN
    INSERT INTO search_docs (kind, ref, draft_id, day, symbols, title, head, body)
    VALUES ('draft', CAST(new.id AS TEXT), new.id, new.introduced_on,
        ' ' || upper(trim(COALESCE(new.symbol, '') || ' ' || COALESCE(new.resolution, ''))) || ' ',
        new.title, trim(COALESCE(new.symbol, '') || ' ' || COALESCE(new.resolution, '') || ' ' || new.title),
        trim(new.summary || ' ' || new.agenda));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_drafts_au AFTER UPDATE OF symbol, resolution, title, summary, agenda, introduced_on ON drafts
WHEN old.symbol IS NOT new.symbol OR old.resolution IS NOT new.resolution OR old.title IS NOT new.title
    OR old.summary IS NOT new.summary OR old.agenda IS NOT new.agenda OR old.introduced_on IS NOT new.introduced_on BEGIN
    UPDATE search_docs SET day = new.introduced_on,
        symbols = ' ' || upper(trim(COALESCE(new.symbol, '') || ' ' || COALESCE(new.resolution, ''))) || ' ',
        title = new.title, head = trim(COALESCE(new.symbol, '') || ' ' || COALESCE(new.resolution, '') || ' ' || new.title),
        body = trim(new.summary || ' ' || new.agenda)
    WHERE kind = 'draft' AND ref = CAST(new.id AS TEXT);
END;
-- +goose StatementEnd
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
-- +goose StatementBegin
CREATE TRIGGER search_sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO search_docs (kind, ref, day, title, head, body)
    VALUES ('source', CAST(new.id AS TEXT), new.published_on, new.title, new.title, trim(new.publisher || ' ' || new.author));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_sources_au AFTER UPDATE ON sources BEGIN
    UPDATE search_docs SET day = new.published_on, title = new.title, head = new.title, body = trim(new.publisher || ' ' || new.author)
    WHERE kind = 'source' AND ref = CAST(new.id AS TEXT);
END;
-- +goose StatementEnd
-- A meeting is written once, with its agenda and decisions, by the
-- record's bulk load, which adds its document after them (AddMeetings):
-- one FTS write a meeting, not one per agenda item and decision.

-- +goose Down
DROP TRIGGER search_sources_au;
DROP TRIGGER search_sources_ai;
DROP TRIGGER search_evidence_ai;
DROP TRIGGER search_positions_ai;
DROP TRIGGER search_drafts_au;
DROP TRIGGER search_drafts_ai;
DROP TABLE search_index;
DROP TABLE search_docs;
