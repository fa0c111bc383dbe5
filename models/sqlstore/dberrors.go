package sqlstore

import (
	"errors"

	"gorm.io/gorm"
)

// isUniqueViolation reports whether err is a unique-constraint failure,
// from gorm or from a statement of our own, on either database.
func isUniqueViolation(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) || sqliteUnique(err) || postgresUnique(err)
}

// Busy reports whether err is the database asking to be tried again later
// (locked for longer than the wait allows, out of connections, a conflict
// between transactions), rather than a fault.
func Busy(err error) bool { return sqliteBusy(err) || postgresBusy(err) }
