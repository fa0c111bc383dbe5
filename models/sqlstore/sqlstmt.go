package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// The statements of the hottest writes, prepared when the store opens.
const (
	sqlSavepoint    = "SAVEPOINT w"
	sqlRollbackTo   = "ROLLBACK TO SAVEPOINT w"
	sqlRelease      = "RELEASE SAVEPOINT w"
	sqlInsertReplay = `INSERT INTO replays (key_name, idem_key, fingerprint, answer, created_at) VALUES (?, ?, ?, ?, ?)`
	sqlInsertChange = `INSERT INTO changes (kind, entity, entity_id, draft_id, member_code, key_name, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	sqlDraftExists    = "SELECT COUNT(*) FROM drafts WHERE id = ?"
	sqlSourceExists   = "SELECT COUNT(*) FROM sources WHERE id = ?"
	sqlInsertPosition = `INSERT INTO positions (draft_id, member_code, stance, as_of, note, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
	sqlInsertEvidence = "INSERT INTO evidence (position_id, ord, quote, speaker, source_id) VALUES (?, ?, ?, ?, ?)"
	sqlUpdateCurrent  = `INSERT INTO current_positions (draft_id, member_code, position_id) VALUES (?, ?, ?)
		ON CONFLICT (draft_id, member_code) DO UPDATE SET position_id = excluded.position_id
		WHERE (SELECT as_of FROM positions WHERE id = current_positions.position_id) <= ?`
	// sqlInsertPositionDoc adds a position's search document: its
	// member's name and draft are read here, its text is positionDocBody.
	sqlInsertPositionDoc = `INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
		SELECT 'position', CAST(? AS TEXT), d.id, m.code, CAST(? AS TEXT), m.name || ' on ' || COALESCE(d.symbol, d.title), m.name, CAST(? AS TEXT)
		FROM members m, drafts d WHERE m.code = ? AND d.id = ?`
)

var hotStatements = []string{sqlSavepoint, sqlRollbackTo, sqlRelease, sqlInsertReplay, sqlInsertChange, sqlDraftExists, sqlSourceExists, sqlInsertPosition, sqlInsertEvidence, sqlUpdateCurrent, sqlInsertPositionDoc}

// statements holds SQL prepared once on the writer connection. gorm's own
// statement cache prepares anew in every transaction, and every write is
// in one, so the hottest writes use these instead. On PostgreSQL nothing
// is prepared by name (pgx caches what it may, see openPostgres): the
// statements are only rewritten once into its placeholders.
type statements struct {
	mu   sync.Mutex
	m    map[string]*sql.Stmt
	text map[string]string
}

// rebind keeps every hot statement as to rewrites it, to run unprepared.
func (st *statements) rebind(to func(string) string) {
	st.text = make(map[string]string, len(hotStatements))
	for _, q := range hotStatements {
		st.text[q] = to(q)
	}
}

// prepare prepares every hot statement on db, whose one connection must
// be free: inside a transaction it would wait for itself.
func (st *statements) prepare(db *sql.DB) error {
	st.m = make(map[string]*sql.Stmt, len(hotStatements))
	for _, q := range hotStatements {
		s, err := db.Prepare(q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		st.m[q] = s
	}
	return nil
}

func (st *statements) get(query string) (*sql.Stmt, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if s, ok := st.m[query]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("statement not prepared: %q", query)
}

func (st *statements) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, s := range st.m {
		s.Close()
	}
}

// begin starts a write transaction on the writer's pool through
// database/sql, and gives gorm a session on it the way gorm's own Begin
// does (Statement.ConnPool is the transaction, a public field). The store
// keeps the *sql.Tx itself, for the prepared statements, rather than
// reading it back out of gorm.
func (s *Store) begin(ctx context.Context) (*gorm.DB, *sql.Tx, error) {
	db, err := s.w.DB()
	if err != nil {
		return nil, nil, err
	}
	var t *sql.Tx
	if s.pipelined {
		t, err = s.beginOn(ctx, db)
	} else {
		t, err = db.BeginTx(ctx, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	// A session with a context gets a statement of its own: without one
	// it would share s.w's, and setting the pool would point s.w itself
	// at this transaction.
	tx := s.w.Session(&gorm.Session{NewDB: true, Context: ctx})
	tx.Statement.ConnPool = t
	return tx, t, nil
}

// sqlTx is the transaction of the write being committed: only the
// committer's goroutine writes, one batch at a time (commit sets and
// clears s.writing), so the write functions it runs find it here.
func (s *Store) sqlTx() (*sql.Tx, error) {
	if s.writing == nil {
		return nil, fmt.Errorf("a prepared statement outside a write transaction")
	}
	return s.writing, nil
}

// exec runs a prepared statement in tx.
func (s *Store) exec(tx *gorm.DB, query string, args ...any) (sql.Result, error) {
	t, err := s.sqlTx()
	if err != nil {
		return nil, err
	}
	if q, ok := s.stmts.text[query]; ok {
		return t.ExecContext(s.writeCtx, q, args...)
	}
	st, err := s.stmts.get(query)
	if err != nil {
		return nil, err
	}
	return t.StmtContext(s.writeCtx, st).ExecContext(s.writeCtx, args...)
}

// queryRow runs a prepared single-row query in tx.
func (s *Store) queryRow(tx *gorm.DB, query string, args ...any) (*sql.Row, error) {
	t, err := s.sqlTx()
	if err != nil {
		return nil, err
	}
	if q, ok := s.stmts.text[query]; ok {
		return t.QueryRowContext(s.writeCtx, q, args...), nil
	}
	st, err := s.stmts.get(query)
	if err != nil {
		return nil, err
	}
	return t.StmtContext(s.writeCtx, st).QueryRowContext(s.writeCtx, args...), nil
}
