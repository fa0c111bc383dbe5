-- +goose Up
-- On PostgreSQL this version writes the position trigger's query out in
-- full, as SQLite's trigger (00012) has it already: nothing to change here.
SELECT 1;

-- +goose Down
SELECT 1;
