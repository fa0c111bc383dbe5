package openapi

import (
	"fmt"
	"strings"
	"unicode"

	"unsc/models"
)

// Patterns for what the server checks in text. Each is read alike by
// ECMA-262 (which JSON Schema names) and by RE2: characters outside Latin-1
// appear as themselves, not as escapes.
var (
	// controlRunes are the characters refused in text: control
	// characters (tab and line breaks are prose) and Unicode's format
	// characters (bidirectional controls, zero-width characters). The few
	// format characters beyond the Basic Multilingual Plane appear as
	// themselves: a reader of ECMA-262 patterns without the u flag refuses
	// more than the server there, never less.
	controlRunes = `\x00-\x08\x0B\x0C\x0E-\x1F\x7F` + runeClass(unicode.Cf)
	// spaceRunes are what the server trims before it calls text blank
	// (strings.TrimSpace: Unicode White_Space).
	spaceRunes = runeClass(unicode.White_Space)
	// textPattern: any text without control characters.
	textPattern = "^[^" + controlRunes + "]*$"
	// nonBlankPattern: text without control characters and with at least
	// one character that is not white space.
	nonBlankPattern = "^[^" + controlRunes + "]*[^" + controlRunes + spaceRunes + "][^" + controlRunes + "]*$"
	// CodePattern: an ISO 3166-1 alpha-3 code in any case (the server
	// upper-cases it).
	CodePattern = `^[A-Za-z]{3}$`
	// OptionalCodePattern: a member filter; blank means no filter, and the
	// server trims white space around a code.
	OptionalCodePattern = "^[" + spaceRunes + "]*([A-Za-z]{3}[" + spaceRunes + "]*)?$"
	datePattern         = `^\d{4}-\d{2}-\d{2}$`
	// draftSymbol, meetingSymbol: a symbol in the UN's form, which also
	// bounds its length.
	draftSymbol   = models.DraftSymbolPattern
	meetingSymbol = models.MeetingPattern
	// CursorPattern: cursors are base64url without padding.
	CursorPattern = `^[A-Za-z0-9_-]*$`
	// urlPattern: an absolute http or https URL with a host, in the forms
	// net/url reads without error: host characters it takes unescaped, an
	// optional numeric port, and after it no control character and no %
	// that does not start an escape.
	urlPattern = `^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9._~!$&'()*+,;=-]|[^\x00-\x7F])+(:[0-9]*)?([/?#]([^\x00-\x1F\x7F%]|%[0-9A-Fa-f]{2})*)?$`
)

// runeClass writes the runes of t as the inside of a bracket expression.
func runeClass(t *unicode.RangeTable) string {
	var b strings.Builder
	write := func(r rune) {
		if r < 0x100 {
			fmt.Fprintf(&b, `\x%02X`, r)
		} else {
			b.WriteRune(r)
		}
	}
	span := func(lo, hi, stride rune) {
		if stride == 1 && hi > lo {
			write(lo)
			b.WriteByte('-')
			write(hi)
			return
		}
		for r := lo; r <= hi; r += stride {
			write(r)
		}
	}
	for _, r := range t.R16 {
		span(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		span(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return b.String()
}
