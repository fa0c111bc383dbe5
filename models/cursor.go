package models

import (
	"encoding/base64"
	"encoding/json"
)

// Page is one page of a list and the cursor to the next ("" at the end).
type Page[T any] struct {
	Items []T
	Next  string
}

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// cursorKey is the position after which the next page starts: the sort
// key of the last item served. It travels base64-encoded, opaque to clients.
type cursorKey struct {
	S string `json:"s,omitempty"`
	N int64  `json:"n,omitempty"`
}

func encodeCursor(k cursorKey) string {
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (cursorKey, error) {
	var k cursorKey
	if c == "" {
		return k, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || json.Unmarshal(b, &k) != nil {
		return k, InvalidField("cursor", "is not a cursor this server gave out")
	}
	return k, nil
}

// pageOf trims rows fetched with one extra to limit and sets the cursor.
func pageOf[T any](rows []T, limit int, key func(T) cursorKey) Page[T] {
	p := Page[T]{Items: rows}
	if len(rows) > limit {
		p.Items = rows[:limit]
		p.Next = encodeCursor(key(rows[limit-1]))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p
}

func clampLimit(limit int) int {
	if limit <= 0 {
		return DefaultLimit
	}
	return min(limit, MaxLimit)
}
