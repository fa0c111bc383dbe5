package models

import (
	"errors"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// isUniqueViolation reports whether err is a unique-constraint failure,
// from gorm or from a statement of our own.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.Is(err, gorm.ErrDuplicatedKey) || (errors.As(err, &se) &&
		(se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey))
}

// Busy reports whether err is SQLite saying the database is locked by
// someone else for longer than the busy timeout: a reason to retry later.
func Busy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
