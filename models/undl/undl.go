// Package undl reads and writes the UN Digital Library's Security Council
// voting CSV: one row per member per vote.
package undl

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"unsc/models"
)

// Columns are the columns of the UN Digital Library's Security Council
// voting dataset, in its order.
var Columns = []string{"undl_id", "ms_code", "ms_name", "permanent_member", "ms_vote", "date", "resolution", "draft",
	"meeting", "description", "agenda", "subjects", "vote_note", "modality", "total_yes", "total_no",
	"total_abstentions", "total_non_voting", "total_ms", "undl_link"}

// codes maps our votes to the dataset's codes: Y, N, A, and X for not
// voting.
var codes = map[models.Cast]string{models.CastYes: "Y", models.CastNo: "N", models.CastAbstain: "A", models.CastAbsent: "X"}

// The modality column: adopted with a recorded vote, or without a vote
// (then the Library records every member Y).
const (
	modalityRecorded = "Recorded Vote"
	modalityWithout  = "Without Vote"
)

// proceduralNote marks a procedural draft in vote_note, so that a file
// read back counts its votes the same way.
const proceduralNote = "procedural"

// Write writes the drafts' roll calls as UN Digital Library CSV: one row
// per member per vote. Unlike the Library's own files it includes vetoed
// and failed drafts. Fields the tracker does not hold are empty.
func Write(w io.Writer, drafts []models.Draft, members []models.Member) error {
	return NewWriter(w).Write(drafts, members)
}

// Writer writes roll calls as UN Digital Library CSV a batch of drafts at
// a time, so that the whole record can be streamed: the header goes out
// before the first batch.
type Writer struct {
	cw     *csv.Writer
	header bool
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// Write writes the voted drafts of one batch and flushes them; members
// names every member that cast a vote in it.
func (wr *Writer) Write(drafts []models.Draft, members []models.Member) error {
	cw := wr.cw
	if !wr.header {
		if err := cw.Write(Columns); err != nil {
			return err
		}
		wr.header = true
	}
	byCode := map[string]models.Member{}
	for _, m := range members {
		byCode[m.Code] = m
	}
	for _, d := range drafts {
		v := d.Vote
		if v == nil {
			continue
		}
		symbol := ""
		if d.Symbol != nil {
			symbol = *d.Symbol
		}
		note := ""
		if d.Procedural {
			note = proceduralNote
		}
		resolution := ""
		if d.Resolution != nil {
			resolution = *d.Resolution
		}
		// agenda is the Council's agenda item; a draft without one gives
		// its topic, which is what the importer reads the column as.
		agenda := d.Agenda
		if agenda == "" {
			agenda = d.Topic
		}
		modality := modalityRecorded
		if v.AdoptedWithoutVote {
			modality = modalityWithout
		}
		// Only the members whose vote is known: a vote the record gives by
		// its tally names some members or none, never a guess.
		voters := make([]string, 0, len(v.Votes))
		for code := range v.Votes {
			voters = append(voters, code)
		}
		slices.Sort(voters)
		for _, code := range voters {
			// ms_name as the state was named at the vote; permanent_member
			// True or False, as the Library's data dictionary writes them.
			m := byCode[code].On(v.VotedOn)
			text := []string{"", code, m.Name, libraryBool(m.Permanent), codes[v.Votes[code]],
				string(v.VotedOn), resolution, symbol, v.Meeting, d.Title, agenda, "", note, modality}
			for i, cell := range text {
				text[i] = neutralise(cell)
			}
			totals := totalsOf(v)
			if err := cw.Write(append(append(text, totals...), "")); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// totalsOf gives the columns total_yes, total_no, total_abstentions,
// total_non_voting and total_ms of a vote: the stored tally (for a whole
// roll call, its count), empty where the record gives none; total_ms is
// the Council's seats on the day, the members the tally accounts for,
// however few of their votes are known.
func totalsOf(v *models.Vote) []string {
	n := models.CouncilOn(v.VotedOn).Seats
	seats := strconv.Itoa(n)
	c := v.Counts
	if c == nil && (v.Complete || len(v.Votes) == n) {
		counted := models.CountsOf(v.Votes)
		c = &counted
	}
	if c == nil {
		return []string{"", "", "", "", seats}
	}
	return []string{strconv.Itoa(c.Yes), strconv.Itoa(c.No), strconv.Itoa(c.Abstain), strconv.Itoa(c.NonVoting), strconv.Itoa(c.Total())}
}

// libraryBool writes a boolean as the Library does: True or False.
func libraryBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// formulaStart reports whether a cell, past any leading quotes, starts
// with a character a spreadsheet takes as the start of a formula (OWASP's
// list for CSV injection: = + - @, tab, carriage return).
func formulaStart(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// neutralise prefixes a cell that matches ^'*[=+\-@\t\r] with one quote,
// as OWASP recommends against CSV injection. Counting the quotes already
// there makes it reversible: restore strips exactly the one added.
func neutralise(s string) string {
	if formulaStart(s) {
		return "'" + s
	}
	return s
}

// restore undoes neutralise: a cell that matches ^'+[=+\-@\t\r] loses one
// leading quote. A cell from the Library's own files never starts with a
// quote, so it is read unchanged.
func restore(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart(s) {
		return s[1:]
	}
	return s
}

// ParseError names the line and column of the first problem in a file.
type ParseError struct {
	Line, Column int
	Msg          string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Parse reads UN Digital Library CSV into roll calls, checking every
// field; it stops at the first problem, naming its line and column.
// Columns may come in any order; unknown columns are ignored.
func Parse(r io.Reader) ([]models.ImportVote, error) {
	br := bufio.NewReader(r)
	if err := skipUTF8BOM(br); err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err, 1)
	}
	if err := checkUTF8(cr, header); err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))] = i
	}
	for _, need := range []string{"ms_code", "ms_name", "permanent_member", "ms_vote", "date", "draft", "meeting", "description", "agenda"} {
		if _, ok := col[need]; !ok {
			return nil, &ParseError{Line: 1, Column: 1, Msg: "missing column " + need}
		}
	}
	rc := rollCalls{index: map[string]int{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos panics when the read gave no record: the csv
			// package's error names the line itself.
			return nil, csvError(err, 0)
		}
		if err := checkUTF8(cr, rec); err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if err := rc.add(csvRow{col: col, rec: rec, line: line}); err != nil {
			return nil, err
		}
	}
	return rc.votes, nil
}

// rollCalls are the votes read so far, each found by its draft symbol,
// date, meeting and title.
type rollCalls struct {
	votes []models.ImportVote
	index map[string]int // key -> index in votes
}

// add reads a row: one member's vote, added to its roll call.
func (rc *rollCalls) add(r csvRow) error {
	code, codeColumn := r.field("ms_code")
	code = models.NormalizeCode(code)
	if !models.ValidCode(code) {
		return r.bad("ms_code", "%q is not an ISO 3166-1 alpha-3 code", code)
	}
	name, _ := r.field("ms_name")
	if name == "" {
		return r.bad("ms_name", "is empty")
	}
	perm, ok := parseBool(r.field("permanent_member"))
	if !ok {
		return r.bad("permanent_member", "must be TRUE or FALSE")
	}
	_, voteColumn := r.field("ms_vote")
	vote, ok := parseVote(r.field("ms_vote"))
	if !ok {
		return r.bad("ms_vote", "must be Y, N, A, X or empty")
	}
	v, err := r.rollCall()
	if err != nil {
		return err
	}
	key := v.Symbol + "\x00" + string(v.VotedOn) + "\x00" + v.Meeting + "\x00" + v.Title
	i, seen := rc.index[key]
	if !seen {
		i = len(rc.votes)
		rc.index[key] = i
		rc.votes = append(rc.votes, v)
	}
	for _, c := range rc.votes[i].Casts {
		if c.Code == code {
			return r.bad("ms_code", "%s votes twice on %s", code, v.Title)
		}
	}
	rc.votes[i].Casts = append(rc.votes[i].Casts, models.ImportCast{Code: code, Name: name, Permanent: perm, Vote: vote,
		Line: r.line, Column: codeColumn, VoteColumn: voteColumn})
	return nil
}

// csvRow is a record of the file, its fields found by column name.
type csvRow struct {
	col  map[string]int // column name -> index
	rec  []string
	line int
}

// field returns the named field, trimmed and restored (see restore), and
// its 1-based column.
func (r csvRow) field(name string) (string, int) {
	i := r.col[name]
	return restore(strings.TrimSpace(r.rec[i])), i + 1
}

// optional returns the named field, or "" when the file has no such column.
func (r csvRow) optional(name string) string {
	if _, ok := r.col[name]; !ok {
		return ""
	}
	v, _ := r.field(name)
	return v
}

// bad is a *ParseError at the named field.
func (r csvRow) bad(name, format string, args ...any) error {
	_, c := r.field(name)
	return &ParseError{Line: r.line, Column: c, Msg: name + ": " + fmt.Sprintf(format, args...)}
}

// rollCall reads the row's roll call, without its members' votes: the
// draft, date, meeting and how it was voted.
func (r csvRow) rollCall() (models.ImportVote, error) {
	ds, dateColumn := r.field("date")
	date, err := models.ParseDate(ds)
	if err != nil {
		return models.ImportVote{}, r.bad("date", "%q %s", ds, err.Error())
	}
	symbol, _ := r.field("draft")
	title, _ := r.field("description")
	if title == "" {
		title = symbol
	}
	if title == "" {
		return models.ImportVote{}, r.bad("description", "a vote needs a draft symbol or a description")
	}
	topic, _ := r.field("agenda")
	if topic == "" {
		topic = "Unspecified"
	}
	meeting, _ := r.field("meeting")
	return models.ImportVote{Symbol: symbol, Title: title, Topic: topic, VotedOn: date, Meeting: meeting,
		Procedural: strings.EqualFold(r.optional("vote_note"), proceduralNote), Resolution: r.optional("resolution"),
		WithoutVote: strings.Contains(strings.ToLower(r.optional("modality")), "without"), Line: r.line, DateColumn: dateColumn}, nil
}

func csvError(err error, line int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	if err == io.EOF {
		return &ParseError{Line: line, Column: 1, Msg: "the file is empty"}
	}
	return &ParseError{Line: line, Column: 1, Msg: err.Error()}
}

func parseBool(s string, _ int) (bool, bool) {
	switch strings.ToUpper(s) {
	case "TRUE", "T", "1", "Y", "YES":
		return true, true
	case "FALSE", "F", "0", "N", "NO":
		return false, true
	}
	return false, false
}

func parseVote(s string, _ int) (models.Cast, bool) {
	switch strings.ToUpper(s) {
	case "Y":
		return models.CastYes, true
	case "N":
		return models.CastNo, true
	case "A":
		return models.CastAbstain, true
	case "X", "":
		return models.CastAbsent, true
	}
	return "", false
}
