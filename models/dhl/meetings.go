package dhl

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

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
	t := &meetingTable{file: base}
	if m := reFileYear.FindStringSubmatch(base); m != nil {
		t.year, _ = strconv.Atoi(m[1])
	}
	if err := eachRow(r, base, t.read); err != nil {
		return nil, err
	}
	t.flush()
	return oldestFirst(base, t.cols, "Meeting Record, Date, Topic", t.out)
}

// meetingTable is ParseMeetings' state while it reads a page's rows.
type meetingTable struct {
	file  string         // the file's base name
	year  int            // from the file name, else the page title; 0 until known
	cols  map[string]int // column name -> grid column; nil before the header row
	names []string       // grid column -> column name
	out   []Meeting      // the meetings read, in page order
	cur   *Meeting       // the meeting being read: continuation rows add to it
}

// perr is a *ParseError for row rw.
func (t *meetingTable) perr(rw *row, col, text, format string, a ...any) error {
	return rowError(t.file, rw.n, col, text, format, a...)
}

// read reads one row: skipped, the title or a note, the header, or data.
func (t *meetingTable) read(rw *row) error {
	switch {
	case len(rw.cells) == 0:
		return nil // an empty <tr></tr> (1960): nothing to read
	case rw.own == 1 && rw.cells[0].colspan > 1 && len(rw.cells) == 1:
		return t.spanning(rw)
	case isHeader(rw):
		return t.header(rw)
	}
	return t.data(rw)
}

// spanning reads a row spanning the table: the title, or a note.
func (t *meetingTable) spanning(rw *row) error {
	text := rw.cells[0].text()
	if m := reTitle.FindStringSubmatch(text); m != nil {
		// scact2020_covid_table_en.html is titled 2021; its dates are
		// 2020's: the file name (the Library's URL) wins over the title.
		if t.year == 0 {
			t.year, _ = strconv.Atoi(m[1])
		}
		return nil
	}
	if strings.HasPrefix(text, "Document links will work once the document has been published") {
		return nil
	}
	return t.perr(rw, "", text, "a row spanning the table that is neither the title nor a known note")
}

// header reads the header row: the columns of the rows below it.
func (t *meetingTable) header(rw *row) error {
	t.cols, t.names = map[string]int{}, nil
	for _, c := range rw.cells {
		n := c.text()
		if !knownMeetingColumns[n] {
			return t.perr(rw, "", n, "unknown column %q in the header row", n)
		}
		t.cols[n] = c.col
		for len(t.names) <= c.col {
			t.names = append(t.names, "")
		}
		t.names[c.col] = n
	}
	for _, need := range []string{colRecord, colDate, colTopic, colOutcome} {
		if _, ok := t.cols[need]; !ok {
			return t.perr(rw, "", "", "header row lacks column %q", need)
		}
	}
	return nil
}

// get returns rw's cell in the named column, or nil when the header has
// no such column or the row no such cell.
func (t *meetingTable) get(rw *row, col string) *cell {
	i, ok := t.cols[col]
	if !ok {
		return nil
	}
	return rw.at(i)
}

// data reads a row of the table's body: a new meeting, or the
// continuation of the meeting above it (a rowspan, or 1948's rows with
// empty record and date cells), which adds agenda items and outcomes.
func (t *meetingTable) data(rw *row) error {
	if t.cols == nil {
		return t.perr(rw, "", "", "a data row before the header row")
	}
	if t.year == 0 {
		return t.perr(rw, "", "", "no year (neither page title nor file name gives one)")
	}
	// Cells beyond the header's columns: the 1964 table has a stray "--" cell.
	for _, c := range rw.cells {
		if c.col >= len(t.names) {
			if text := c.text(); text != "" && text != "--" {
				return t.perr(rw, fmt.Sprintf("column %d", c.col+1), text, "a cell beyond the header's %d columns", len(t.names))
			}
		}
	}
	rec, date, topic := t.get(rw, colRecord), t.get(rw, colDate), t.get(rw, colTopic)
	if rec == nil || date == nil || topic == nil {
		return t.perr(rw, "", "", "row has %d cells, the header %d columns", len(rw.cells), len(t.names))
	}
	continuation := rec.carried || (rec.text() == "" && date.text() == "")
	if continuation {
		if t.cur == nil {
			return t.perr(rw, colRecord, "", "a continuation row (no record of its own) with no meeting above it")
		}
		if !date.carried && date.text() != "" {
			return t.perr(rw, colDate, date.text(), "a continuation row with a date of its own")
		}
	} else {
		t.flush()
		m, err := t.meeting(rw, rec, date)
		if err != nil {
			return err
		}
		t.cur = m
	}
	if !topic.carried {
		t.cur.Agenda = appendNew(t.cur.Agenda, agendaItems(topic.lines)...)
	}
	return t.outcomes(rw, continuation)
}

// meeting reads the cells of a meeting's first row but its agenda and
// outcomes: record, date, press release and letters.
func (t *meetingTable) meeting(rw *row, rec, date *cell) (*Meeting, error) {
	m := Meeting{Source: fmt.Sprintf("dhl:%s#row%d", t.file, rw.n)}
	if err := parseRecordCell(rec, &m); err != nil {
		return nil, t.perr(rw, colRecord, rec.text(), "%v", err)
	}
	var err error
	if m.Date, m.DateEnd, err = parseDayMonth(date.text(), t.year); err != nil {
		return nil, t.perr(rw, colDate, date.text(), "%v", err)
	}
	if c := t.get(rw, colPress); c != nil {
		if m.PressRelease, m.PressAlso, err = parsePress(c.text()); err != nil {
			return nil, t.perr(rw, colPress, c.text(), "%v", err)
		}
	}
	// The Recording column ("Webcast", "--", "Part 1:Webcast ...")
	// only says whether a webcast exists: not read.
	if m.ProcedureLetters, err = t.letters(rw, colProcedure); err != nil {
		return nil, err
	}
	if m.OutcomeLetters, err = t.letters(rw, colLetter); err != nil {
		return nil, err
	}
	return &m, nil
}

// letters reads a column of letters (2020-2021): S/YYYY/N symbols, one a
// line, or "--".
func (t *meetingTable) letters(rw *row, col string) ([]string, error) {
	c := t.get(rw, col)
	if c == nil {
		return nil, nil
	}
	var out []string
	for _, l := range c.lines {
		if l == "--" {
			continue
		}
		l = strings.ReplaceAll(l, " ", "")
		if !reLetterSym.MatchString(l) {
			return nil, t.perr(rw, col, c.text(), "expected S/YYYY/N symbols or --")
		}
		out = append(out, l)
	}
	return out, nil
}

// outcomes reads rw's outcome cell into the current meeting.
func (t *meetingTable) outcomes(rw *row, continuation bool) error {
	outc := t.get(rw, colOutcome)
	if outc == nil {
		// 1961, S/PV.969: the row has no outcome cell at all; read as no outcome.
		if continuation {
			return t.perr(rw, colOutcome, "", "continuation row without an outcome cell")
		}
		return nil
	}
	if outc.carried {
		return nil
	}
	got, err := parseOutcomes(outc.lines, yearOf(t.cur.Date), &t.cur.Notes)
	if err != nil {
		return t.perr(rw, colOutcome, outc.text(), "%v", err)
	}
	t.cur.Outcomes = append(t.cur.Outcomes, got...)
	return nil
}

// flush ends the current meeting: kept, or joined to the meeting before
// it when the two rows are one meeting.
func (t *meetingTable) flush() {
	cur := t.cur
	if cur == nil {
		return
	}
	t.cur = nil
	n := len(t.out)
	if n == 0 {
		t.out = append(t.out, *cur)
		return
	}
	p := &t.out[n-1]
	switch {
	case sameMeeting(p, cur):
		// 2011, S/PV.6576: the same row twice in a row
		p.Notes = append(p.Notes, "the table repeats this row at "+cur.Source+": read once")
	case cur.Record != "" && p.Record == cur.Record && p.Date == cur.Date && p.PressRelease == cur.PressRelease:
		// 2000, S/PV.4194: two rows, one per agenda item, of one
		// meeting without a rowspan: one meeting
		p.Agenda = appendNew(p.Agenda, cur.Agenda...)
		p.Outcomes = append(p.Outcomes, cur.Outcomes...)
		p.Notes = append(p.Notes, cur.Notes...)
		p.Closed = p.Closed || cur.Closed
	default:
		t.out = append(t.out, *cur)
	}
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

// sameMeeting tells whether two rows say exactly the same thing.
func sameMeeting(a, b *Meeting) bool {
	x, y := *a, *b
	x.Source, y.Source, x.Notes, y.Notes = "", "", nil, nil
	return reflect.DeepEqual(x, y)
}

// appendNew appends to ss those of items it does not hold yet.
func appendNew(ss []string, items ...string) []string {
	for _, s := range items {
		if !contains(ss, s) {
			ss = append(ss, s)
		}
	}
	return ss
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
