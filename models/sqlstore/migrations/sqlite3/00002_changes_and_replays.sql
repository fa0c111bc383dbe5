-- +goose Up
-- Every write, in order: the change feed.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    draft_id    INTEGER REFERENCES drafts (id),
    member_code TEXT REFERENCES members (code),
    source_id   INTEGER REFERENCES sources (id),
    position_id INTEGER REFERENCES positions (id),
    key_name    TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX changes_draft ON changes (draft_id, id);

-- The first response to each write sent with an Idempotency-Key, so that
-- a retry is answered without writing again. Keys belong to the API key
-- that sent them.
CREATE TABLE replays (
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
CREATE INDEX replays_created ON replays (created_at);

-- +goose Down
DROP TABLE replays;
DROP TABLE changes;
