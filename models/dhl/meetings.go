package dhl

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Outcome kinds.
const (
	KindResolution            = "resolution"             // S/RES/N (YYYY), adopted
	KindPresidentialStatement = "presidential_statement" // S/PRST/YYYY/N; before 1994 an S/N document "(PRST)", or none ("PRST unnumbered")
	KindCommunique            = "communique"             // communiqué issued after a closed (private) meeting
	KindDraft                 = "draft"                  // draft resolution put to the vote and not adopted
	KindElection              = "election"               // election of members of the International Court of Justice; Text names those elected
	KindNote                  = "note"                   // a note by the President of the Council (S/YYYY/N) recorded as the meeting's outcome
	KindLetter                = "letter"                 // a letter of the President (S/YYYY/N) recorded as the meeting's outcome
	KindReferral              = "referral"               // referral of applications to the Committee on the Admission of New Members
	KindDecision              = "decision"               // "Decision": a decision recorded without a document (2003, S/PV.4820)
	KindDocument              = "document"               // a bare S/ document symbol, not described further (1993: S/26596 after a closed meeting)
)

// Draft results.
const (
	ResultVetoed = "vetoed" // the negative vote of one or more permanent members defeated it
	ResultFailed = "failed" // it did not obtain the required majority
)

// Ways a resolution was adopted (Outcome.Adoption).
const (
	AdoptedByVote      = "vote"         // a tally is given
	AdoptedUnanimously = "unanimous"    // the table says "adopted unanimously" and gives no tally
	AdoptedWithoutVote = "without_vote" // "without vote" / "without a vote"
	AdoptedByConsensus = "consensus"    // "adopted by consensus"
)

// Tally is a vote: yes-no-abstain as published, and NonVoting, the seats
// left (11 seats to 1965, 15 from 1966; see Seats) that did not vote
// (absent, or not participating).
type Tally struct {
	Yes       int `json:"yes"`
	No        int `json:"no"`
	Abstain   int `json:"abstain"`
	NonVoting int `json:"non_voting"`
}

// Outcome is one decision (or failed draft) recorded for a meeting.
// Its JSON form is one object of the "outcomes" array of record.jsonl.
type Outcome struct {
	Kind   string `json:"kind"`
	Symbol string `json:"symbol,omitempty"` // normalised: "S/RES/2035 (2012)", "S/PRST/2012/26", "S/2012/77", "S/PV.384" (early drafts known only by the record)
	// Also lists further documents of the same decision, as published:
	// corrigenda and addenda of a draft ("S/1148/Corr.1"), or a second
	// draft put to the same vote.
	Also     []string `json:"also,omitempty"`
	Result   string   `json:"result,omitempty"`   // drafts: "vetoed" or "failed"
	Adoption string   `json:"adoption,omitempty"` // resolutions: "vote", "unanimous", "without_vote", "consensus"; "" when the table says nothing
	*Tally            // yes, no, abstain, non_voting; absent when no tally is given
	VetoedBy []string `json:"vetoed_by,omitempty"` // drafts: permanent members whose negative vote defeated it (CHN, FRA, GBR, RUS, USA), sorted
	// Votes are members' votes where a source names them (recent rows
	// only): member code -> "yes", "no", "abstain".
	Votes map[string]string `json:"votes,omitempty"`
	Text  string            `json:"text,omitempty"` // wording kept as published: who was elected, "(as amended)", "France did not participate in the voting."
}

// Meeting is one row (or one group of rows joined by rowspans) of a
// yearly table: a meeting of the Council, or (2020-2021) a decision taken
// by written procedure / at a videoconference without a meeting record.
// Its JSON form is one line of record.jsonl.
type Meeting struct {
	// Record is the meeting record's symbol, normalised: "S/PV.6711",
	// "S/PV.3046 (Resumption 1)", "S/PV.2970 (Part I)". Empty when the
	// table gives none ("--": written procedure or videoconference).
	Record     string `json:"meeting,omitempty"`
	Closed     bool   `json:"closed,omitempty"`     // the "(closed)" (private) marker
	Corrigenda int    `json:"corrigenda,omitempty"` // "+Corr.1": corrigenda issued to the record
	Place      string `json:"place,omitempty"`      // "(meeting held in Nairobi)": "Nairobi"
	Date       string `json:"date"`                 // YYYY-MM-DD, the (first) day
	DateEnd    string `json:"date_end,omitempty"`   // last day when the cell gives a range ("21/22 November")
	// PressRelease is the press release symbol ("SC/10536"); empty when
	// "None issued", "--" or absent (the tables give none before 1994).
	PressRelease string   `json:"press_release,omitempty"`
	PressAlso    []string `json:"press_also,omitempty"` // further press releases of the meeting ("SG/2030-SC/6292": SC/6292)
	// Letters: the 2020 (written procedure) and 2021 tables' columns
	// "Letter with Vote Procedure / Briefings" and "Letter with Vote
	// Outcome" (S/YYYY/N symbols).
	ProcedureLetters []string  `json:"procedure_letters,omitempty"`
	OutcomeLetters   []string  `json:"outcome_letters,omitempty"`
	Agenda           []string  `json:"agenda,omitempty"`
	Outcomes         []Outcome `json:"outcomes,omitempty"`
	// Notes say where the reader corrected or interpreted the page
	// (a misprinted year, a stray cell); empty for most meetings.
	Notes []string `json:"notes,omitempty"`
	// Source is the provenance: "dhl:FILE#rowN" (N as in ParseError.Row,
	// the meeting's first row), or for the recent drafts the press
	// release URL(s) of the row.
	Source string `json:"source"`
}

// Seats is the number of members of the Council in a year: 11 to 1965,
// 15 from 1966 (Charter amendment of Article 23 in force 31 August 1965).
func Seats(year int) int {
	if year < 1966 {
		return 11
	}
	return 15
}

// PermanentMembers are the codes of the permanent seats.
var PermanentMembers = []string{"CHN", "FRA", "GBR", "RUS", "USA"}

// Column names, as the tables' header cells give them (whitespace collapsed).
const (
	colRecord    = "Meeting Record"
	colDate      = "Date"
	colPress     = "Press Release"
	colRecording = "Recording"
	colTopic     = "Topic"
	colProcedure = "Letter with Vote Procedure / Briefings"
	colLetter    = "Letter with Vote Outcome"
	colOutcome   = "Security Council Outcome / Vote"
)

var knownMeetingColumns = map[string]bool{colRecord: true, colDate: true, colPress: true, colRecording: true,
	colTopic: true, colProcedure: true, colLetter: true, colOutcome: true}

var (
	reTitle     = regexp.MustCompile(`^Meetings conducted by the Security Council in (\d{4})\b`)
	reFileYear  = regexp.MustCompile(`scact(\d{4})`)
	reRecordSym = regexp.MustCompile(`^S/PV\.\s?(\d+)`)
	reLetterSym = regexp.MustCompile(`^S/\d{4}/\d+$`)
)

// ParseMeetings reads one yearly table ("Meetings conducted by the
// Security Council in YYYY", or the 2020 written-procedure table) and
// returns its meetings oldest first (the page lists them newest first).
// name is the file's name, used for the year (with the page title) and
// in errors and provenance. Every row is either a meeting, the
// continuation of the meeting above (rowspan, or 1948's rows with empty
// record and date cells), or recognised as not a meeting (title, header,
// note, empty row); anything else is a *ParseError.
func ParseMeetings(r io.Reader, name string) ([]Meeting, error) {
	base := filepath.Base(name)
	rows, err := readRows(r, base)
	if err != nil {
		return nil, err
	}
	year := 0
	if m := reFileYear.FindStringSubmatch(base); m != nil {
		year, _ = strconv.Atoi(m[1])
	}
	var cols map[string]int // column name -> grid column
	var names []string      // grid column -> name
	var out []Meeting
	var cur *Meeting
	flush := func() {
		if cur == nil {
			return
		}
		if n := len(out); n > 0 && sameMeeting(&out[n-1], cur) {
			// 2011, S/PV.6576: the same row twice in a row
			out[n-1].Notes = append(out[n-1].Notes, "the table repeats this row at "+cur.Source+": read once")
		} else if n > 0 && cur.Record != "" && out[n-1].Record == cur.Record && out[n-1].Date == cur.Date && out[n-1].PressRelease == cur.PressRelease {
			// 2000, S/PV.4194: two rows, one per agenda item, of one
			// meeting without a rowspan: one meeting
			p := &out[n-1]
			for _, a := range cur.Agenda {
				if !contains(p.Agenda, a) {
					p.Agenda = append(p.Agenda, a)
				}
			}
			p.Outcomes = append(p.Outcomes, cur.Outcomes...)
			p.Notes = append(p.Notes, cur.Notes...)
			p.Closed = p.Closed || cur.Closed
		} else {
			out = append(out, *cur)
		}
		cur = nil
	}
	for _, rw := range rows {
		perr := func(col, text, format string, a ...any) error {
			return &ParseError{File: base, Row: rw.n, Column: col, Text: text, Err: fmt.Sprintf(format, a...)}
		}
		switch {
		case len(rw.cells) == 0:
			continue // an empty <tr></tr> (1960): nothing to read
		case rw.own == 1 && rw.cells[0].colspan > 1 && len(rw.cells) == 1:
			// a row spanning the table: the title, or a note
			t := rw.cells[0].text()
			if m := reTitle.FindStringSubmatch(t); m != nil {
				y, _ := strconv.Atoi(m[1])
				if year == 0 {
					year = y
				} else if y != year {
					// scact2020_covid_table_en.html is titled 2021; its dates
					// are 2020's: the file name (the Library's URL) wins.
					continue
				}
				continue
			}
			if strings.HasPrefix(t, "Document links will work once the document has been published") {
				continue
			}
			return nil, perr("", t, "a row spanning the table that is neither the title nor a known note")
		case isHeader(rw):
			cols, names = map[string]int{}, nil
			for _, c := range rw.cells {
				n := c.text()
				if !knownMeetingColumns[n] {
					return nil, perr("", n, "unknown column %q in the header row", n)
				}
				cols[n] = c.col
				for len(names) <= c.col {
					names = append(names, "")
				}
				names[c.col] = n
			}
			for _, need := range []string{colRecord, colDate, colTopic, colOutcome} {
				if _, ok := cols[need]; !ok {
					return nil, perr("", "", "header row lacks column %q", need)
				}
			}
			continue
		}
		if cols == nil {
			return nil, perr("", "", "a data row before the header row")
		}
		if year == 0 {
			return nil, perr("", "", "no year (neither page title nor file name gives one)")
		}
		// Cells beyond the header's columns: the 1964 table has a stray "--" cell.
		for _, c := range rw.cells {
			if c.col >= len(names) {
				if t := c.text(); t != "" && t != "--" {
					return nil, perr(fmt.Sprintf("column %d", c.col+1), t, "a cell beyond the header's %d columns", len(names))
				}
			}
		}
		get := func(col string) *cell {
			i, ok := cols[col]
			if !ok {
				return nil
			}
			return rw.at(i)
		}
		rec, date, topic, outc := get(colRecord), get(colDate), get(colTopic), get(colOutcome)
		if rec == nil || date == nil || topic == nil {
			return nil, perr("", "", "row has %d cells, the header %d columns", len(rw.cells), len(names))
		}
		continuation := rec.carried || (rec.text() == "" && date.text() == "")
		if continuation {
			if cur == nil {
				return nil, perr(colRecord, "", "a continuation row (no record of its own) with no meeting above it")
			}
			if !date.carried && date.text() != "" {
				return nil, perr(colDate, date.text(), "a continuation row with a date of its own")
			}
		} else {
			flush()
			m := Meeting{Source: fmt.Sprintf("dhl:%s#row%d", base, rw.n)}
			if err := parseRecordCell(rec, &m); err != nil {
				return nil, perr(colRecord, rec.text(), "%v", err)
			}
			var err error
			if m.Date, m.DateEnd, err = parseDayMonth(date.text(), year); err != nil {
				return nil, perr(colDate, date.text(), "%v", err)
			}
			if c := get(colPress); c != nil {
				if m.PressRelease, m.PressAlso, err = parsePress(c.text()); err != nil {
					return nil, perr(colPress, c.text(), "%v", err)
				}
			}
			// The Recording column ("Webcast", "--", "Part 1:Webcast ...")
			// only says whether a webcast exists: not read.
			for _, lc := range []struct {
				col string
				dst *[]string
			}{{colProcedure, &m.ProcedureLetters}, {colLetter, &m.OutcomeLetters}} {
				c := get(lc.col)
				if c == nil {
					continue
				}
				for _, l := range c.lines {
					if l == "--" {
						continue
					}
					l = strings.ReplaceAll(l, " ", "")
					if !reLetterSym.MatchString(l) {
						return nil, perr(lc.col, c.text(), "expected S/YYYY/N symbols or --")
					}
					*lc.dst = append(*lc.dst, l)
				}
			}
			cur = &m
		}
		if !topic.carried {
			for _, t := range agendaItems(topic.lines) {
				if !contains(cur.Agenda, t) {
					cur.Agenda = append(cur.Agenda, t)
				}
			}
		}
		if outc == nil {
			// 1961, S/PV.969: the row has no outcome cell at all; read as no outcome.
			if continuation {
				return nil, perr(colOutcome, "", "continuation row without an outcome cell")
			}
			continue
		}
		if !outc.carried {
			os, err := parseOutcomes(outc.lines, yearOf(cur.Date), &cur.Notes)
			if err != nil {
				return nil, perr(colOutcome, outc.text(), "%v", err)
			}
			cur.Outcomes = append(cur.Outcomes, os...)
		}
	}
	flush()
	if cols == nil {
		return nil, &ParseError{File: base, Err: "no header row (Meeting Record, Date, Topic, ...)"}
	}
	// newest first on the page; oldest first out
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

func isHeader(rw *row) bool {
	if rw.own < 3 {
		return false
	}
	for _, c := range rw.cells {
		if !c.th || c.carried {
			return false
		}
	}
	return rw.cells[0].text() == colRecord || rw.cells[0].text() == colDate
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func yearOf(date string) int {
	y, _ := strconv.Atoi(date[:4])
	return y
}

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
// November", "4-5 October", "4 + 5 March" (and, in the veto list, a
// year after the month) and returns the first and (for a range) last day.
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

// sameMeeting tells whether two rows say exactly the same thing.
func sameMeeting(a, b *Meeting) bool {
	x, y := *a, *b
	x.Source, y.Source, x.Notes, y.Notes = "", "", nil, nil
	return reflect.DeepEqual(x, y)
}

// RenumberResolutions checks that resolution numbers run 1, 2, 3... in
// the order of the meetings (which must be sorted by date, and by record
// within a day) and repairs one kind of misprint: a number that appears
// twice where the sequence has a gap of exactly one number between the
// neighbours of one of the two (1990, S/PV.2939: "S/RES/663" for 666;
// 1991, S/PV.2990: "S/RES/701" for 695). The repaired resolution gets
// the missing number and a note. It returns a description of each
// repair, and of every number still missing or repeated.
func RenumberResolutions(meetings []Meeting) (repairs, problems []string) {
	type ref struct{ m, o, n int }
	var seq []ref
	count := map[int]int{}
	for i := range meetings {
		for j, o := range meetings[i].Outcomes {
			if o.Kind == KindResolution {
				n := resNumber(o.Symbol)
				seq = append(seq, ref{i, j, n})
				count[n]++
			}
		}
	}
	for k, r := range seq {
		if count[r.n] < 2 || k == 0 || k == len(seq)-1 {
			continue
		}
		prev, next := seq[k-1].n, seq[k+1].n
		if next-prev == 2 && r.n != prev+1 && count[prev+1] == 0 {
			o := &meetings[r.m].Outcomes[r.o]
			old := o.Symbol
			o.Symbol = fmt.Sprintf("S/RES/%d (%s)", prev+1, old[strings.IndexByte(old, '(')+1:len(old)-1])
			note := fmt.Sprintf("the table prints %s, a number it also gives another resolution; between %d and %d this is %d", old, prev, next, prev+1)
			meetings[r.m].Notes = append(meetings[r.m].Notes, note)
			repairs = append(repairs, meetings[r.m].Source+": "+note)
			count[r.n]--
			count[prev+1]++
			seq[k].n = prev + 1
		}
	}
	max := 0
	for n := range count {
		if n > max {
			max = n
		}
	}
	for n := 1; n <= max; n++ {
		switch c := count[n]; {
		case c == 0:
			problems = append(problems, fmt.Sprintf("resolution %d is missing", n))
		case c > 1:
			problems = append(problems, fmt.Sprintf("resolution %d appears %d times", n, c))
		}
	}
	return repairs, problems
}

func resNumber(sym string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(sym[:strings.IndexByte(sym, ' ')], "S/RES/"))
	return n
}

// SortMeetings orders meetings oldest first: by date, then by record
// number (meetings without a record after those with one, in their
// given order), stably.
func SortMeetings(ms []Meeting) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Date != ms[j].Date {
			return ms[i].Date < ms[j].Date
		}
		a, b := recordNumber(ms[i].Record), recordNumber(ms[j].Record)
		if a == 0 || b == 0 {
			return a != 0 && b == 0
		}
		return a < b
	})
}

func recordNumber(r string) int {
	m := reRecordSym.FindStringSubmatch(r)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
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
