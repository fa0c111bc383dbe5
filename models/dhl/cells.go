package dhl

// The grammar of the yearly tables' cells other than the outcome (see
// outcome.go): the meeting record, the date, the press release and the
// agenda.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reResumption = regexp.MustCompile(`^\(?\s*Resumption\s*([0-9]+|[IVX]+)?\s*\)`)
	rePart       = regexp.MustCompile(`^\(?\s*Part\s*([0-9]+|[IVX]+)\s*\)`)
	reClosed     = regexp.MustCompile(`^\(?\s*(closed|privada)\s*\)?`)
	reHeldIn     = regexp.MustCompile(`^\(\s*meeting held in ([^)]+)\)`)
	reCorr       = regexp.MustCompile(`^\+\s*Corr\.\s*\d+`)
)

// parseRecordCell reads "S/PV.N", "S/PV.N (Resumption 2)+Corr.1",
// "S/PV.N\n(closed)", "S/PV.N(meeting held in Nairobi)", "S/PV.N (Part I)\nS/PV.N (Part II)", "--".
func parseRecordCell(c *cell, m *Meeting) error {
	t := c.text()
	if t == "--" {
		return nil
	}
	var num, suffix string
	var parts []string
	for t != "" {
		t = strings.TrimSpace(t)
		if t == "" {
			break
		}
		if mm := reRecordSym.FindStringSubmatch(t); mm != nil {
			if num != "" && mm[1] != num {
				return fmt.Errorf("two different meeting records")
			}
			num = mm[1]
			t = t[len(mm[0]):]
			continue
		}
		if num == "" {
			return fmt.Errorf("expected a meeting record S/PV.N or --")
		}
		if mm := reResumption.FindStringSubmatch(t); mm != nil {
			if suffix != "" {
				return fmt.Errorf("two resumption/part markers")
			}
			if mm[1] == "" {
				suffix = "(Resumption)"
			} else {
				suffix = fmt.Sprintf("(Resumption %d)", arabic(mm[1]))
			}
			t = t[len(mm[0]):]
			continue
		}
		if mm := rePart.FindStringSubmatch(t); mm != nil {
			parts = append(parts, roman(arabic(mm[1])))
			t = t[len(mm[0]):]
			continue
		}
		if mm := reClosed.FindStringSubmatch(t); mm != nil {
			m.Closed = true
			t = t[len(mm[0]):]
			continue
		}
		if mm := reHeldIn.FindStringSubmatch(t); mm != nil {
			m.Place = strings.TrimSpace(mm[1])
			t = t[len(mm[0]):]
			continue
		}
		if mm := reCorr.FindStringSubmatch(t); mm != nil {
			m.Corrigenda++
			t = t[len(mm[0]):]
			continue
		}
		return fmt.Errorf("unreadable text %q after the meeting record", t)
	}
	if num == "" {
		return fmt.Errorf("no meeting record")
	}
	m.Record = "S/PV." + num
	switch {
	case len(parts) == 1:
		suffix = "(Part " + parts[0] + ")"
	case len(parts) > 1:
		// 1990, S/PV.2970 (Part I) and (Part II) in one cell: one meeting
		// whose record was issued in parts; keep the plain record.
		if suffix != "" {
			return fmt.Errorf("parts and resumption together")
		}
	}
	if suffix != "" {
		m.Record += " " + suffix
	}
	return nil
}

// recordSymbol reads a cell's line that gives a meeting record alone
// ("S/PV.9048", "S/PV.3046 (Resumption 1)"), as parseRecordCell reads
// it; ok is false for anything else.
func recordSymbol(line string) (string, bool) {
	var m Meeting
	if err := parseRecordCell(&cell{lines: []string{line}}, &m); err != nil || m.Record == "" {
		return "", false
	}
	return m.Record, true
}

func arabic(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10}
	n := 0
	for i := 0; i < len(s); i++ {
		v := vals[s[i]]
		if i+1 < len(s) && vals[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	return n
}

func roman(n int) string {
	r := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	if n >= 0 && n < len(r) {
		return r[n]
	}
	return strconv.Itoa(n)
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var reDayMonth = regexp.MustCompile(`^(\d{1,2})(?:\s*[-/+]\s*(\d{1,2}))?\s+([A-Za-z]+)\.?(?:\s+(\d{4}))?$`)

// parseDayMonth reads "4 February", "09 September", "4 Sep.", "21/22
// November", "4-5 October", "4 + 5 March" in year and returns the first
// and (for a range) last day. A year after the month ("4 February 2012")
// is accepted when it is year (or year is 0); the veto list's dates
// reach it without theirs, read apart for its two-digit years.
func parseDayMonth(s string, year int) (string, string, error) {
	m := reDayMonth.FindStringSubmatch(s)
	if m == nil {
		return "", "", fmt.Errorf("expected a date: day and month")
	}
	mon, ok := months[strings.ToLower(m[3])]
	if !ok {
		return "", "", fmt.Errorf("unknown month %q", m[3])
	}
	if m[4] != "" {
		y, _ := strconv.Atoi(m[4])
		if year != 0 && y != year {
			return "", "", fmt.Errorf("year %d, expected %d", y, year)
		}
		year = y
	}
	if year == 0 {
		return "", "", fmt.Errorf("no year")
	}
	mk := func(d string) (string, error) {
		day, _ := strconv.Atoi(d)
		if day < 1 || day > daysIn(year, mon) {
			return "", fmt.Errorf("no day %d in month %d of %d", day, mon, year)
		}
		return fmt.Sprintf("%04d-%02d-%02d", year, mon, day), nil
	}
	first, err := mk(m[1])
	if err != nil {
		return "", "", err
	}
	last := ""
	if m[2] != "" {
		if last, err = mk(m[2]); err != nil {
			return "", "", err
		}
		if last <= first {
			return "", "", fmt.Errorf("range ends before it starts")
		}
	}
	return first, last, nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var rePressTok = regexp.MustCompile(`^(?:(S[CG]/\s?\d+(?:/Rev\.\d+)?)|(Corr\.\d*|Add\.\d+)|(\(not posted\))|([\s+\-]+))`)

// parsePress reads the press release cell: "SC/10536", "None issued",
// "--", "SC/6124 + Corr.1", "SC/6432/Rev.1", "SC/6298 (not posted)",
// "SG/2030-SC/6292", "SC/6490+SC/6491+Corr.1". The first symbol is the
// press release; further ones are returned as also. Corrigenda, addenda
// and "(not posted)" are not kept.
func parsePress(s string) (first string, also []string, err error) {
	switch strings.ToLower(s) {
	case "", "--", "none issued", "none":
		return "", nil, nil
	}
	for t := s; t != ""; {
		m := rePressTok.FindStringSubmatch(t)
		if m == nil {
			return "", nil, fmt.Errorf("expected press release symbols (SC/N), \"None issued\" or --")
		}
		if m[1] != "" {
			sym := strings.ReplaceAll(m[1], " ", "")
			if first == "" {
				first = sym
			} else {
				also = append(also, sym)
			}
		}
		t = t[len(m[0]):]
	}
	if first == "" {
		return "", nil, fmt.Errorf("no press release symbol")
	}
	if !strings.HasPrefix(first, "SC/") {
		for i, a := range also {
			if strings.HasPrefix(a, "SC/") {
				first, also[i] = a, first
				break
			}
		}
	}
	return first, also, nil
}

// agendaItems splits an agenda cell into its items. A cell breaks its
// lines (<br>) both between items (1946: "The Syrian and Lebanese question"
// then "Report by the Committee of Experts...") and inside a long one
// ("...addressed to the" then "President of the Security Council
// (S/2014/264)"), so a line continues the item before it when it starts
// with a lower-case letter, a digit or a bracket, or when the line before
// ends mid-phrase: with a comma, colon, dash or ampersand, or with a
// lower-case word that cannot end a title (the, of, to, and...).
func agendaItems(lines []string) []string {
	var items []string
	for _, l := range lines {
		if l == "" {
			continue
		}
		if n := len(items); n > 0 && continues(items[n-1], l) {
			items[n-1] += " " + l
			continue
		}
		items = append(items, l)
	}
	return items
}

var midPhrase = map[string]bool{"the": true, "of": true, "to": true, "and": true, "in": true, "for": true, "by": true,
	"on": true, "with": true, "from": true, "a": true, "an": true, "at": true, "pursuant": true, "maintaining": true,
	"concerning": true, "between": true, "against": true, "under": true, "regarding": true, "its": true, "their": true}

func continues(prev, line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if unicode.IsLower(r) || unicode.IsDigit(r) || strings.ContainsRune("([&", r) || strings.HasPrefix(line, "Add.") || strings.HasPrefix(line, "Corr.") {
		return true
	}
	if strings.ContainsAny(prev[len(prev)-1:], ",:-&") {
		return true
	}
	words := strings.Fields(prev)
	return midPhrase[words[len(words)-1]]
}
