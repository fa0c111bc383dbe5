package models

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Maximum lengths, in characters, of text fields.
const (
	MaxNameLen    = 200
	MaxTitleLen   = 500
	MaxTopicLen   = 100
	MaxAgendaLen  = 500
	MaxReasonLen  = 1000
	MaxSymbolLen  = 50
	MaxSummaryLen = 10000
	MaxNoteLen    = 5000
	MaxQuoteLen   = 5000
	MaxSpeakerLen = 300
	MaxURLLen     = 2000
	MaxMeetingLen = 50
	MaxSponsors   = 100
	MaxEvidence   = 50
)

func checkText(p *Problems, field, v string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		p.Add(field, "is required")
	case !utf8.ValidString(v):
		p.Add(field, "must be valid UTF-8")
	case utf8.RuneCountInString(v) > max:
		p.Add(field, "must be at most %d characters", max)
	case strings.ContainsFunc(v, isControl):
		p.Add(field, "must not contain control characters")
	case strings.ContainsFunc(v, isFormat):
		p.Add(field, "must not contain invisible formatting characters (bidirectional controls, zero-width characters)")
	}
}

// isControl allows line breaks and tabs in prose but no other control runes.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f
}

func itoa(i int) string { return strconv.Itoa(i) }

// ValidateKeyName checks the name of a new API key: the name recorded
// beside every write made with it, so one word of printable text.
func ValidateKeyName(name string) error {
	var p Problems
	checkText(&p, "name", name, true, MaxNameLen)
	if strings.ContainsAny(name, " \t\r\n") {
		p.Add("name", "must not contain spaces")
	}
	return p.Err()
}
