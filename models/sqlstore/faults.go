package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"unsc/models"
)

// Fault classifies err as a fault of the database rather than of the
// tracker or its caller: KindInsufficientStorage for a full disk,
// KindUnavailable for a database that cannot answer now (unreachable,
// shutting down, read-only, damaged, past its deadline, busy), and
// KindInternal for anything else. A client told either of the first two
// may try again later; nothing it asked for was done.
func Fault(err error) models.Kind {
	if err == nil {
		return models.KindInternal
	}
	if k, ok := sqliteFault(err); ok {
		return k
	}
	if k, ok := postgresFault(err); ok {
		return k
	}
	if errors.Is(err, syscall.ENOSPC) {
		return models.KindInsufficientStorage
	}
	if connectionFault(err) {
		return models.KindUnavailable
	}
	return models.KindInternal
}

// connectionFault reports whether err says the connection to the database
// failed or its deadline passed, whatever the engine.
func connectionFault(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, ErrClosed), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.As(err, &ne), errors.As(err, &ce), pgconn.Timeout(err):
		return true
	}
	// pgx reports a connection closed under a statement in words alone.
	return strings.Contains(err.Error(), "conn closed")
}

// sqliteFault classifies SQLite's own error codes: a full disk; a file
// that cannot be written, read or trusted; a statement interrupted at its
// deadline; a lock held for longer than the busy timeout.
func sqliteFault(err error) (models.Kind, bool) {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return 0, false
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return models.KindInsufficientStorage, true
	case sqlite3.ErrIoErr:
		if se.SystemErrno == syscall.ENOSPC {
			return models.KindInsufficientStorage, true
		}
		return models.KindUnavailable, true
	case sqlite3.ErrReadonly, sqlite3.ErrCorrupt, sqlite3.ErrNotADB, sqlite3.ErrCantOpen,
		sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrInterrupt, sqlite3.ErrProtocol, sqlite3.ErrNomem,
		sqlite3.ErrPerm, sqlite3.ErrAuth:
		return models.KindUnavailable, true
	}
	return 0, false
}

// postgresFault classifies PostgreSQL's SQLSTATEs: a full disk (53100);
// connection failures (class 08), shutdown and startup (57P01-57P03),
// insufficient resources (class 53), a read-only server (25006), system
// and corruption errors (class 58, XX001, XX002), and the retryable
// conflicts that Busy names.
func postgresFault(err error) (models.Kind, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return 0, false
	}
	switch {
	case pe.Code == "53100":
		return models.KindInsufficientStorage, true
	case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "58"),
		strings.HasPrefix(pe.Code, "57P"), pe.Code == "25006", pe.Code == "XX001", pe.Code == "XX002",
		postgresBusy(err):
		return models.KindUnavailable, true
	}
	return 0, false
}
