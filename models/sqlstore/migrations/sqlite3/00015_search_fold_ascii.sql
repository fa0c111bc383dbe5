-- +goose Up
-- On PostgreSQL this version makes search_fold skip translate() for a text
-- without a letter to fold; SQLite's tokenizer folds by itself: nothing
-- to change here.
SELECT 1;

-- +goose Down
SELECT 1;
