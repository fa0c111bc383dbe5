// Package undl reads and writes the UN Digital Library's Security Council
// voting CSV: one row per member per vote.
package undl

import (
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
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err, 1)
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
	var votes []models.ImportVote
	index := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, csvError(err, line)
		}
		field := func(name string) (string, int) {
			i := col[name]
			return restore(strings.TrimSpace(rec[i])), i + 1
		}
		bad := func(name, format string, args ...any) error {
			_, c := field(name)
			return &ParseError{Line: line, Column: c, Msg: name + ": " + fmt.Sprintf(format, args...)}
		}
		code, codeColumn := field("ms_code")
		code = models.NormalizeCode(code)
		if !models.ValidCode(code) {
			return nil, bad("ms_code", "%q is not an ISO 3166-1 alpha-3 code", code)
		}
		name, _ := field("ms_name")
		if name == "" {
			return nil, bad("ms_name", "is empty")
		}
		perm, ok := parseBool(field("permanent_member"))
		if !ok {
			return nil, bad("permanent_member", "must be TRUE or FALSE")
		}
		_, voteColumn := field("ms_vote")
		vote, ok := parseVote(field("ms_vote"))
		if !ok {
			return nil, bad("ms_vote", "must be Y, N, A, X or empty")
		}
		ds, dateColumn := field("date")
		date, err := models.ParseDate(ds)
		if err != nil {
			return nil, bad("date", "%q %s", ds, err.Error())
		}
		symbol, _ := field("draft")
		title, _ := field("description")
		if title == "" {
			title = symbol
		}
		if title == "" {
			return nil, bad("description", "a vote needs a draft symbol or a description")
		}
		topic, _ := field("agenda")
		if topic == "" {
			topic = "Unspecified"
		}
		meeting, _ := field("meeting")
		resolution, modality := "", ""
		if _, ok := col["resolution"]; ok {
			resolution, _ = field("resolution")
		}
		if _, ok := col["modality"]; ok {
			modality, _ = field("modality")
		}
		note := ""
		if _, ok := col["vote_note"]; ok {
			note, _ = field("vote_note")
		}
		key := symbol + "\x00" + string(date) + "\x00" + meeting + "\x00" + title
		i, seen := index[key]
		if !seen {
			i = len(votes)
			index[key] = i
			votes = append(votes, models.ImportVote{Symbol: symbol, Title: title, Topic: topic, VotedOn: date,
				Meeting: meeting, Procedural: strings.EqualFold(note, proceduralNote), Resolution: resolution,
				WithoutVote: strings.Contains(strings.ToLower(modality), "without"), Line: line, DateColumn: dateColumn})
		}
		for _, c := range votes[i].Casts {
			if c.Code == code {
				return nil, bad("ms_code", "%s votes twice on %s", code, title)
			}
		}
		votes[i].Casts = append(votes[i].Casts, models.ImportCast{Code: code, Name: name, Permanent: perm, Vote: vote,
			Line: line, Column: codeColumn, VoteColumn: voteColumn})
	}
	return votes, nil
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
