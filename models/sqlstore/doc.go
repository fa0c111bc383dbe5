// Package sqlstore keeps the tracker's data, the domain of package models,
// in SQLite (a file) or PostgreSQL (a connection string): the store and
// its single committer, batches, the two engines, the version counters
// that keep caches true across processes, migrations, idempotency keys,
// API keys and the change feed's storage.
package sqlstore
