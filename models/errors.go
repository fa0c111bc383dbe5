package models

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error so that a transport can answer it correctly.
type Kind int

// The kinds of error the domain reports.
const (
	// KindInternal is a failure of the tracker itself, never the caller's.
	KindInternal Kind = iota
	// KindInvalid is input that breaks a rule; Fields name what is wrong.
	KindInvalid
	// KindNotFound names something that does not exist.
	KindNotFound
	// KindConflict is a request that clashes with what is stored.
	KindConflict
	// KindStale is a change based on a version that is no longer current:
	// someone else changed the thing since the caller read it.
	KindStale
	// KindVersionRequired is a change to something that already has a
	// version, made without saying which version it replaces.
	KindVersionRequired
	// KindUnauthenticated is a credential that is not valid.
	KindUnauthenticated
	// KindNotYet names something that exists but has not happened yet:
	// a draft with no vote recorded.
	KindNotYet
	// KindUnavailable is the database not able to answer now (unreachable,
	// shutting down, read-only, damaged, too slow): the caller may try
	// again later, and nothing it asked for was done.
	KindUnavailable
	// KindInsufficientStorage is a write refused because the database's
	// disk is full.
	KindInsufficientStorage
)

// FieldError names one invalid field and says what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a domain error with a kind, a message fit for a client and,
// for invalid input, the fields at fault.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// NotFound reports that the named thing does not exist.
func NotFound(format string, args ...any) error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports that a request clashes with what is stored.
func Conflict(format string, args ...any) error {
	return &Error{Kind: KindConflict, Message: fmt.Sprintf(format, args...)}
}

// Unavailable reports that the database cannot answer now; message is
// fit for a client and says nothing of the cause.
func Unavailable(message string) error {
	return &Error{Kind: KindUnavailable, Message: message}
}

// Invalid reports invalid input, one entry per field at fault.
func Invalid(fields ...FieldError) error {
	return &Error{Kind: KindInvalid, Message: "invalid input", Fields: fields}
}

// InvalidField reports one invalid field.
func InvalidField(field, format string, args ...any) error {
	return Invalid(FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// KindOf returns the kind of err, KindInternal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Problems collects field errors while a value is checked.
type Problems []FieldError

// Add records that field is invalid.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was recorded, else an Invalid error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return Invalid(p...)
}

// addAll records the fields of an Invalid error.
func (p *Problems) addAll(err error) {
	var e *Error
	if errors.As(err, &e) {
		*p = append(*p, e.Fields...)
	}
}
