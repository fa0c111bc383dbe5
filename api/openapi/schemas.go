package openapi

import (
	"regexp"
	"strings"

	"unsc/api/internal/httpx"
)

// Schemas for parameters and properties, built afresh on each call since
// a document's schemas are changed in place as rules are merged in.

// requiredText is text the server requires: not blank, no control
// characters, at most max characters.
func requiredText(max int) map[string]any {
	return map[string]any{"minLength": 1, "maxLength": max, "pattern": nonBlankPattern}
}

// optionalText is text that may be empty: no control characters, at most
// max characters.
func optionalText(max int) map[string]any {
	return map[string]any{"maxLength": max, "pattern": textPattern}
}

// IDSchema is a database id.
func IDSchema() map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "minimum": 1}
}

// QueryText is a free-text query value.
func QueryText() map[string]any {
	return map[string]any{"type": "string", "maxLength": httpx.MaxQueryValue}
}

// CursorSchema is a cursor the server gave out.
func CursorSchema() map[string]any {
	return map[string]any{"type": "string", "maxLength": httpx.MaxQueryValue, "pattern": CursorPattern}
}

// DateSchema is a calendar date written YYYY-MM-DD.
func DateSchema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "pattern": datePattern}
}

// ListSchema is a comma-separated list of one or more of vals.
func ListSchema(vals []string) map[string]any {
	quoted := make([]string, len(vals))
	for i, v := range vals {
		quoted[i] = regexp.QuoteMeta(v)
	}
	one := "(" + strings.Join(quoted, "|") + ")"
	return map[string]any{"type": "string", "pattern": "^" + one + "(," + one + ")*$"}
}

// OptionalListSchema is ListSchema that also takes the empty string.
func OptionalListSchema(vals []string) map[string]any {
	s := ListSchema(vals)
	s["pattern"] = "^(" + strings.TrimSuffix(strings.TrimPrefix(s["pattern"].(string), "^"), "$") + ")?$"
	return s
}

// CodeListSchema is a comma-separated list of one or more member codes,
// each three letters in any case, within httpx.MaxQueryValue characters: the
// longest such list is a code and a comma shorter than a multiple of four.
func CodeListSchema() map[string]any {
	return map[string]any{"type": "string", "maxLength": (httpx.MaxQueryValue+1)/4*4 - 1, "pattern": "^[A-Za-z]{3}(,[A-Za-z]{3})*$"}
}

// YearOrDateSchema is a year, YYYY, or a calendar date, YYYY-MM-DD.
func YearOrDateSchema() map[string]any {
	return map[string]any{"type": "string", "anyOf": []any{
		map[string]any{"type": "string", "pattern": `^[0-9]{4}$`},
		DateSchema()}}
}

// EnumSchema is a string that is one of vals.
func EnumSchema(vals []string) map[string]any {
	return map[string]any{"type": "string", "enum": anys(vals)}
}

func anys(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}
