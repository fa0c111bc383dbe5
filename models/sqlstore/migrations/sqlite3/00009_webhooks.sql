-- +goose Up
-- Webhook subscriptions: each belongs to the key that made it. Its
-- secret signs deliveries, so it is kept as is (a hash could not sign);
-- after a rotation the previous secret signs too until it expires.
-- Times in these tables are Unix milliseconds, compared as numbers on
-- both engines.
CREATE TABLE webhooks (
    id                    INTEGER PRIMARY KEY,
    owner                 TEXT NOT NULL,
    url                   TEXT NOT NULL,
    events                TEXT NOT NULL,
    draft_id              INTEGER,
    member_code           TEXT,
    topic                 TEXT,
    agenda                TEXT,
    secret                TEXT NOT NULL,
    previous_secret       TEXT,
    previous_secret_until INTEGER,
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason       TEXT,
    version               INTEGER NOT NULL DEFAULT 1,
    -- The last change of the feed when the webhook was made: it is sent
    -- only what comes after.
    after_change          INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks (owner, id);

-- Where the fan-out of the change feed to subscriptions has reached. It
-- starts at the feed's end: history before webhooks is not sent.
CREATE TABLE webhook_cursor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    change_id INTEGER NOT NULL
);
INSERT INTO webhook_cursor (id, change_id) SELECT 1, COALESCE(MAX(id), 0) FROM changes;

-- The projection each draft was last seen with, to tell when its likely
-- outcome changes and to send the old projection beside the new.
CREATE TABLE webhook_projections (
    draft_id INTEGER PRIMARY KEY,
    outcome    TEXT NOT NULL,
    projection TEXT NOT NULL
);

-- One event for one subscription, from its queueing to its last attempt.
CREATE TABLE webhook_deliveries (
    id           INTEGER PRIMARY KEY,
    webhook_id   INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- Counts the times the delivery was queued anew (sent again, or its
    -- webhook resumed); a job of an earlier round does nothing.
    generation   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    retry_from   INTEGER NOT NULL,
    next_at      INTEGER,
    last_status  INTEGER,
    last_error   TEXT NOT NULL DEFAULT '',
    delivered_at INTEGER,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_at);
CREATE INDEX webhook_deliveries_newest ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    status      INTEGER,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL,
    response    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_projections;
DROP TABLE webhook_cursor;
DROP TABLE webhooks;
