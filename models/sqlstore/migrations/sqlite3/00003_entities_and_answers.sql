-- +goose Up
-- The change feed names what was written by entity and id, so that a new
-- kind of resource needs no column of its own; draft_id and member_code
-- say which draft and member a change concerns.
CREATE TABLE changes_by_entity (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    draft_id    INTEGER REFERENCES drafts (id),
    member_code TEXT REFERENCES members (code),
    key_name    TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
INSERT INTO changes_by_entity (id, kind, entity, entity_id, draft_id, member_code, key_name, at)
SELECT id, kind,
    CASE
        WHEN kind LIKE 'member.%' THEN 'member'
        WHEN kind LIKE 'source.%' THEN 'source'
        WHEN kind LIKE 'position.%' THEN 'position'
        WHEN kind LIKE 'vote.%' THEN 'vote'
        ELSE 'draft'
    END,
    CASE
        WHEN kind LIKE 'member.%' THEN member_code
        WHEN kind LIKE 'source.%' THEN CAST(source_id AS TEXT)
        WHEN kind LIKE 'position.%' THEN CAST(position_id AS TEXT)
        ELSE CAST(draft_id AS TEXT)
    END,
    draft_id, member_code, key_name, at
FROM changes;
DROP TABLE changes;
ALTER TABLE changes_by_entity RENAME TO changes;
CREATE INDEX changes_draft ON changes (draft_id, id);

-- A kept answer is opaque to the store: the transport encodes it (status,
-- headers and body) and reads it back.
CREATE TABLE replays_opaque (
    key_name    TEXT NOT NULL,
    idem_key    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    answer      BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (key_name, idem_key)
);
INSERT INTO replays_opaque (key_name, idem_key, fingerprint, answer, created_at)
SELECT key_name, idem_key, fingerprint,
    CAST(json_object('status', status, 'location', location, 'etag', etag, 'body', body) AS BLOB), created_at
FROM replays;
DROP TABLE replays;
ALTER TABLE replays_opaque RENAME TO replays;
CREATE INDEX replays_created ON replays (created_at);

-- +goose Down
CREATE TABLE replays_columns (
    key_name    TEXT NOT NULL,
    idem_key    TEXT NOT NULL,
    method      TEXT NOT NULL,
    path        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    etag        TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (key_name, idem_key)
);
DROP TABLE replays;
ALTER TABLE replays_columns RENAME TO replays;
CREATE INDEX replays_created ON replays (created_at);

CREATE TABLE changes_by_column (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    draft_id    INTEGER REFERENCES drafts (id),
    member_code TEXT REFERENCES members (code),
    source_id   INTEGER REFERENCES sources (id),
    position_id INTEGER REFERENCES positions (id),
    key_name    TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
INSERT INTO changes_by_column (id, kind, draft_id, member_code, source_id, position_id, key_name, at)
SELECT id, kind, draft_id, member_code,
    CASE WHEN entity = 'source' THEN CAST(entity_id AS INTEGER) END,
    CASE WHEN entity = 'position' THEN CAST(entity_id AS INTEGER) END,
    key_name, at
FROM changes;
DROP TABLE changes;
ALTER TABLE changes_by_column RENAME TO changes;
CREATE INDEX changes_draft ON changes (draft_id, id);
