package models

import (
	"regexp"
	"unicode"
)

// The UN's document symbols, as the record writes them, in ASCII: a
// symbol is compared byte for byte, so a look-alike (a Cyrillic S, a
// full-width one, a lower-case s, an invisible character, spaces around
// it) is refused rather than taken for another document. Spaces around a
// symbol are refused rather than trimmed, so that what is stored is what
// the client sent.
const (
	// DraftSymbolPattern is a draft resolution's symbol: S/2012/77 (since
	// 1994), S/10416 (before), or S/PV.122 for a draft moved orally and
	// known by its meeting's record; revised, added to or corrected as
	// S/10446/Rev.1, S/7285/Add.1, S/3188/Corr.1.
	DraftSymbolPattern = `S/(?:(?:19|20)[0-9]{2}/[1-9][0-9]{0,5}|[1-9][0-9]{0,5}|PV\.[1-9][0-9]{0,4})(?:/Rev\.[1-9][0-9]?)?(?:/(?:Add|Corr)\.[1-9][0-9]?)?`
	// MeetingRecordPattern is a meeting's record: S/PV.6627, and a meeting
	// held over as S/PV.3336 (Resumption 1), S/PV.3842 (Resumption) or
	// split as S/PV.4820 (Part II).
	MeetingRecordPattern = `S/PV\.[1-9][0-9]{0,4}(?: \((?:Resumption(?: [1-9][0-9]?)?|Part [IVX]{1,4})\))?`
	// LetterPattern is a letter's symbol, S/2020/246: a decision taken in
	// writing (as in 2020, when the Council could not meet) is recorded
	// by the letter that gives its outcome rather than by a meeting.
	LetterPattern = `S/(?:19|20)[0-9]{2}/[1-9][0-9]{0,5}`
	// MeetingPattern is what names where a decision was taken: a meeting
	// record, or the letter of a decision taken in writing.
	MeetingPattern = "(?:" + MeetingRecordPattern + "|" + LetterPattern + ")"
)

var (
	draftSymbol   = regexp.MustCompile("^" + DraftSymbolPattern + "$")
	meetingRecord = regexp.MustCompile("^" + MeetingPattern + "$")
)

// ValidDraftSymbol reports whether s is a draft's symbol in the UN's form.
func ValidDraftSymbol(s string) bool { return draftSymbol.MatchString(s) }

// ValidMeetingRecord reports whether s is a meeting record's symbol in
// the UN's form, or the letter that records a decision taken in writing.
func ValidMeetingRecord(s string) bool { return meetingRecord.MatchString(s) }

// checkDraftSymbol checks a draft's symbol.
func checkDraftSymbol(p *Problems, field, v string) {
	if v != "" && !draftSymbol.MatchString(v) {
		p.Add(field, "must be a draft's symbol as the UN writes it, in ASCII without spaces around it, such as S/2012/77, S/10416/Rev.1 or S/PV.122")
	}
}

// checkMeetingRecord checks a meeting record's symbol (or a letter's).
func checkMeetingRecord(p *Problems, field, v string) {
	if v != "" && !meetingRecord.MatchString(v) {
		p.Add(field, "must be a meeting record's symbol as the UN writes it, in ASCII without spaces around it, such as S/PV.6627 or S/PV.3336 (Resumption 1), or for a decision taken in writing its letter, such as S/2020/246")
	}
}

// isFormat reports whether r is an invisible formatting character
// (Unicode's Cf category): the bidirectional controls, which reorder what
// follows them on the board (U+202E shows "S/2012/77" backwards), and the
// zero-width characters, which make two texts that look the same differ.
func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }
