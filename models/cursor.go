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

// CursorKey is the position after which the next page starts: the sort
// key of the last item served. It travels base64-encoded, opaque to clients.
type CursorKey struct {
	S string `json:"s,omitempty"`
	N int64  `json:"n,omitempty"`
}

func encodeCursor(k CursorKey) string {
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (CursorKey, error) {
	var k CursorKey
	if c == "" {
		return k, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || json.Unmarshal(b, &k) != nil {
		return k, InvalidField("cursor", "is not a cursor this server gave out")
	}
	return k, nil
}

// MaxPageBytes bounds one page of a list, encoded: a page of large items
// stops early, with a cursor to the rest, rather than pass it. Sizes are
// estimated from the items' text with room for escaping, so the encoded
// page stays under the bound; no single item comes near it.
const MaxPageBytes = 4 << 20

// PageOf trims rows fetched with one extra to limit, and to MaxPageBytes
// by size's estimate of each item (nil: items are small and fixed in
// size), and sets the cursor to the last item kept.
func PageOf[T any](rows []T, limit int, key func(T) CursorKey, size func(T) int) Page[T] {
	n := min(len(rows), limit)
	if size != nil {
		total := 0
		for i := range n {
			if total += size(rows[i]); total > MaxPageBytes && i > 0 {
				n = i
				break
			}
		}
	}
	p := Page[T]{Items: rows[:n]}
	if n < len(rows) {
		p.Next = encodeCursor(key(rows[n-1]))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p
}

// TextSize estimates the encoded size of text: JSON escaping at most
// doubles what counts here, quotes and line breaks.
func TextSize(texts ...string) int {
	n := 0
	for _, t := range texts {
		n += 2*len(t) + 8
	}
	return n
}

// PageArgs reads a list's cursor and page size.
func PageArgs(cursor string, limit int) (CursorKey, int, error) {
	k, err := decodeCursor(cursor)
	return k, ClampLimit(limit), err
}

// ClampLimit is the page size served for a requested limit: DefaultLimit
// when none is asked for, never more than MaxLimit.
func ClampLimit(limit int) int {
	if limit <= 0 {
		return DefaultLimit
	}
	return min(limit, MaxLimit)
}
