package sqlstore

// On PostgreSQL every statement is a round trip to the server, and the
// committer's one connection waits for each in turn while it holds the
// lock that orders every instance's writes. The hottest write (a position)
// is therefore sent as one statement that checks what it needs, and the
// committer sends the statements of the position writes queued together in
// one pipeline: one round trip for all of them.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// piped is a write as one statement whose arguments are known before it
// is sent. scan reads the statement's answer: handled is false when the
// statement wrote nothing and the write's own function (writeJob.fn) must
// run instead, to refuse it with the reason or to write it step by step.
type piped struct {
	sql  string
	args []any
	scan func(row pgx.Row) (handled bool, err error)
}

// sqlRecordPositionPiped records a position as recordPosition does, in one
// statement: the position, its evidence, the member's current position,
// the change feed's row and the search document, written only when the draft and every source
// exist. It returns the new position's id, or no row when something is
// missing (recordPosition then says what).
const sqlRecordPositionPiped = `WITH pos AS (
	INSERT INTO positions (draft_id, member_code, stance, as_of, note, recorded_by, recorded_at)
	SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz
	WHERE EXISTS (SELECT 1 FROM drafts WHERE id = $1::bigint)
	  AND NOT EXISTS (SELECT 1 FROM unnest($10::bigint[]) AS e(source_id)
	    WHERE NOT EXISTS (SELECT 1 FROM sources WHERE id = e.source_id))
	RETURNING id),
ev AS (
	INSERT INTO evidence (position_id, ord, quote, speaker, source_id)
	SELECT pos.id, e.ord - 1, e.quote, e.speaker, e.source_id
	FROM pos, unnest($8::text[], $9::text[], $10::bigint[]) WITH ORDINALITY AS e(quote, speaker, source_id, ord)),
cur AS (
	INSERT INTO current_positions (draft_id, member_code, position_id)
	SELECT $1::bigint, $2::text, id FROM pos
	ON CONFLICT (draft_id, member_code) DO UPDATE SET position_id = excluded.position_id
	WHERE (SELECT as_of FROM positions WHERE id = current_positions.position_id) <= $4::text),
ch AS (
	INSERT INTO changes (kind, entity, entity_id, draft_id, member_code, key_name, at)
	SELECT $11::text, $12::text, id::text, $1::bigint, $2::text, $6::text, $7::timestamptz FROM pos),
doc AS (
	INSERT INTO search_docs (kind, ref, draft_id, member, day, title, head, body)
	SELECT 'position', pos.id::text, d.id, m.code, $4::text, m.name || ' on ' || COALESCE(d.symbol, d.title), m.name, $13::text
	FROM pos, members m, drafts d WHERE m.code = $2::text AND d.id = $1::bigint)
SELECT id FROM pos`

// pgxConn is what pgx's database/sql driver gives Conn.Raw: the pgx
// connection underneath.
type pgxConn interface{ Conn() *pgx.Conn }

// errNotPipelined reports a connection that cannot pipeline.
var errNotPipelined = errors.New("the writer's connection is not pgx's")

// runPiped runs a run of piped writes queued together: their statements
// go in one round trip, inside a savepoint of their own. When any of them
// fails the whole run is rolled back to that savepoint and each write
// runs alone, through its own function, as every other write does; a write
// whose statement wrote nothing runs the same way. errs[i] is jobs[i]'s
// outcome: nil when it was written.
func (s *Store) runPiped(tx *gorm.DB, jobs []*writeJob) []error {
	errs := make([]error, len(jobs))
	var live []int
	for i, j := range jobs {
		if errs[i] = j.ctx.Err(); errs[i] == nil {
			live = append(live, i)
		}
	}
	handled := make([]bool, len(jobs))
	if len(live) > 0 {
		if err := s.sendPiped(jobs, live, handled); err != nil {
			clear(handled)
		}
	}
	for _, i := range live {
		if !handled[i] {
			if errs[i] = s.ensureLocked(tx); errs[i] == nil { // if the pipeline did not take it
				errs[i] = s.runSavepoint(tx, jobs[i].fn)
			}
		}
	}
	return errs
}

// sendPiped sends the live jobs' statements in one pipeline and marks
// those they wrote. On an error the run is rolled back: nothing of it
// stands.
func (s *Store) sendPiped(jobs []*writeJob, live []int, handled []bool) error {
	ctx := s.writeCtx // the batch's, with its deadline
	return s.wconn.Raw(func(dc any) error {
		pc, ok := dc.(pgxConn)
		if !ok {
			return errNotPipelined
		}
		c := pc.Conn()
		b := &pgx.Batch{}
		locking := s.unlocked
		if locking {
			// The batch's lock, in this round trip, before the savepoint:
			// a run rolled back keeps it.
			b.Queue(sqlLockVersions)
		}
		b.Queue("SAVEPOINT p")
		for _, i := range live {
			b.Queue(jobs[i].pipe.sql, jobs[i].pipe.args...)
		}
		b.Queue("RELEASE SAVEPOINT p")
		br := c.SendBatch(ctx, b)
		var err error
		if locking {
			if _, err = br.Exec(); err == nil {
				s.unlocked = false
			}
		}
		if err == nil {
			_, err = br.Exec()
		}
		for _, i := range live {
			if err == nil {
				handled[i], err = jobs[i].pipe.scan(br.QueryRow())
			}
		}
		if err == nil {
			_, err = br.Exec()
		}
		err = errors.Join(err, br.Close())
		if err == nil {
			return nil
		}
		if _, rerr := c.Exec(ctx, "ROLLBACK TO SAVEPOINT p"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, rerr := c.Exec(ctx, "RELEASE SAVEPOINT p")
		return errors.Join(err, rerr)
	})
}

// scanID reads the id a piped statement returns, or says that it wrote
// nothing.
func scanID(id *int64) func(pgx.Row) (bool, error) {
	return func(row pgx.Row) (bool, error) {
		err := row.Scan(id)
		if errors.Is(err, pgx.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
}

// beginOn starts the write transaction on a connection held for the batch,
// so that the pipeline runs on the transaction's own connection.
func (s *Store) beginOn(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		// A connection that cannot begin (the server restarted under
		// it) goes, or the pool would hand it to the next batch again.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
		return nil, err
	}
	s.wconn = conn
	return t, nil
}
