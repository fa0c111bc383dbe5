-- +goose Up
-- Portable SQL: text dates (YYYY-MM-DD), no engine-specific types.
CREATE TABLE members (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    permanent  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE terms (
    member_code TEXT NOT NULL REFERENCES members (code),
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL,
    PRIMARY KEY (member_code, start_year),
    CHECK (end_year >= start_year)
);
CREATE INDEX terms_years ON terms (start_year, end_year);

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    publisher    TEXT NOT NULL,
    author       TEXT NOT NULL DEFAULT '',
    published_on TEXT NOT NULL,
    url          TEXT,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE drafts (
    id            INTEGER PRIMARY KEY,
    symbol        TEXT UNIQUE,
    title         TEXT NOT NULL,
    topic         TEXT NOT NULL,
    introduced_on TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    procedural    BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX drafts_newest ON drafts (introduced_on, id);
CREATE INDEX drafts_status ON drafts (status, introduced_on, id);
CREATE INDEX drafts_topic ON drafts (topic, introduced_on, id);

CREATE TABLE draft_sponsors (
    draft_id INTEGER NOT NULL REFERENCES drafts (id),
    ord      INTEGER NOT NULL,
    sponsor  TEXT NOT NULL,
    PRIMARY KEY (draft_id, ord)
);
CREATE INDEX draft_sponsors_sponsor ON draft_sponsors (sponsor, draft_id);

CREATE TABLE positions (
    id          INTEGER PRIMARY KEY,
    draft_id    INTEGER NOT NULL REFERENCES drafts (id),
    member_code TEXT NOT NULL REFERENCES members (code),
    stance      TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX positions_history ON positions (draft_id, member_code, as_of, id);
CREATE INDEX positions_member ON positions (member_code, id);
CREATE INDEX positions_stance ON positions (stance, id);

CREATE TABLE evidence (
    position_id INTEGER NOT NULL REFERENCES positions (id),
    ord         INTEGER NOT NULL,
    quote       TEXT NOT NULL,
    speaker     TEXT NOT NULL,
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (position_id, ord)
);
CREATE INDEX evidence_source ON evidence (source_id);

-- The current position of each member on each draft: the observation with
-- the latest as_of, then the latest recorded. Kept beside the append-only
-- history so that reads need no "latest per group" scan.
CREATE TABLE current_positions (
    draft_id    INTEGER NOT NULL REFERENCES drafts (id),
    member_code TEXT NOT NULL REFERENCES members (code),
    position_id INTEGER NOT NULL REFERENCES positions (id),
    PRIMARY KEY (draft_id, member_code)
);
CREATE INDEX current_positions_member ON current_positions (member_code, draft_id);
CREATE INDEX current_positions_position ON current_positions (position_id);

CREATE TABLE votes (
    draft_id    INTEGER PRIMARY KEY REFERENCES drafts (id),
    voted_on    TEXT NOT NULL,
    meeting     TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE vote_casts (
    draft_id    INTEGER NOT NULL REFERENCES votes (draft_id),
    member_code TEXT NOT NULL REFERENCES members (code),
    vote        TEXT NOT NULL,
    PRIMARY KEY (draft_id, member_code)
);
CREATE INDEX vote_casts_member ON vote_casts (member_code);

CREATE TABLE api_keys (
    name       TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- +goose Down
DROP TABLE api_keys;
DROP TABLE vote_casts;
DROP TABLE votes;
DROP TABLE current_positions;
DROP TABLE evidence;
DROP TABLE positions;
DROP TABLE draft_sponsors;
DROP TABLE drafts;
DROP TABLE sources;
DROP TABLE terms;
DROP TABLE members;
