package seed

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"unsc/models"
	"unsc/models/dhl"
	"unsc/models/sqlstore"
)

// PrepareMeetings makes the meetings read from some of the Library's
// yearly tables ready to load (LoadMeetings), with the corrections the
// shipped record's derivation makes that need nothing beyond the tables
// themselves: oldest first, a resolution number the table prints twice
// renumbered between its neighbours (dhl.RenumberResolutions), a meeting
// listed again on a later day joined with its first day
// (dhl.MergeHeldOver). It returns each correction, for the user to read.
// A meeting listed in two of the tables is an error naming both rows.
//
// It does not leave out a tally that contradicts the stated outcome (as
// the derivation's dhl.ReconcileTallies does): loading counts every vote
// under Art. 27, and a contradiction is an error naming the row.
func PrepareMeetings(meetings []dhl.Meeting) ([]dhl.Meeting, []string, error) {
	if m, first, twice := dhl.ListedTwice(meetings); twice {
		return nil, nil, fmt.Errorf("%s: meeting %s of %s is also at %s", m.Source, m.Record, m.Date, first)
	}
	dhl.SortMeetings(meetings)
	// Problems (a number missing or repeated) are the years not read, for
	// a file or two: only the repairs are the tables'.
	fixes, _ := dhl.RenumberResolutions(meetings)
	meetings, joins := dhl.MergeHeldOver(meetings)
	return meetings, append(fixes, joins...), nil
}

// VetoReport says what a load of the veto list changed.
type VetoReport struct {
	// Vetoes is the rows of the list read; Completed the votes that got
	// members' negative votes they did not have (Changes says which).
	Vetoes, Completed int
	Changes           []string
}

func (r VetoReport) String() string {
	return fmt.Sprintf("vetoes: %d read, %d votes given negative votes they lacked", r.Vetoes, r.Completed)
}

// LoadVetoes applies the Library's veto list to the record stored, in
// one write, all or nothing. Each row must match a vote of the record: a
// draft not adopted of its days, by symbol, else the only one at its
// meeting; its vetoers become those members' negative votes, which a
// vote known by its tally may lack (the list is the official one,
// A/58/47, Annex III). A row that matches nothing, a member recorded as
// voting otherwise, or a vote that Art. 27 then counts other than
// vetoed is an error naming the row. A list that agrees with the record
// changes nothing.
func LoadVetoes(ctx context.Context, s *sqlstore.Store, by string, vetoes []dhl.Veto) (VetoReport, error) {
	var r VetoReport
	if len(vetoes) == 0 {
		return r, nil
	}
	err := s.InBatch(ctx, by, func(b *sqlstore.Batch) error {
		r = VetoReport{Vetoes: len(vetoes)}
		from, to := vetoes[0].Date, vetoes[0].Date
		for _, v := range vetoes {
			from, to = min(from, v.Date), max(to, v.Date, v.DateEnd)
		}
		votes, err := b.VotedDecisions(models.Date(from), models.Date(to))
		if err != nil {
			return err
		}
		matched := map[int64]bool{}
		for i := range vetoes {
			if err := loadVeto(b, &vetoes[i], votes, matched, &r); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

// vetoRowError places a problem with a row of the veto list by its file,
// row and cell, as the reader does.
func vetoRowError(v *dhl.Veto, column, text, format string, args ...any) error {
	e := &dhl.ParseError{File: v.Source, Column: column, Text: text, Err: fmt.Sprintf(format, args...)}
	if file, row, ok := strings.Cut(strings.TrimPrefix(v.Source, "dhl:"), "#row"); ok {
		if n, err := strconv.Atoi(row); err == nil {
			e.File, e.Row = file, n
		}
	}
	return e
}

const (
	vetoColumnDraft  = "Draft"
	vetoColumnMember = "Permanent Member Casting Negative Vote"
)

// loadVeto matches one row of the list to a vote of the record and gives
// that vote the row's negative votes.
func loadVeto(b *sqlstore.Batch, v *dhl.Veto, votes []sqlstore.VotedDecision, matched map[int64]bool, r *VetoReport) error {
	found, err := matchVeto(b, v, votes, matched)
	if err != nil {
		return err
	}
	matched[found.DraftID] = true
	drafts := strings.Join(v.Drafts, " ")
	if found.Kind != models.DecisionDraftNotAdopted {
		return vetoRowError(v, vetoColumnDraft, drafts, "the record has %s adopted as a resolution at %s", found.Symbol, found.Meeting)
	}
	d, err := b.GetDraft(found.DraftID)
	if err != nil {
		return err
	}
	if d.Vote == nil {
		return vetoRowError(v, vetoColumnDraft, drafts, "draft %d of %s has no vote recorded", d.ID, found.Meeting)
	}
	return completeVeto(b, v, found, d.ID, d.Vote, r)
}

// matchVeto finds the vote a row of the list names, of those not matched
// yet: a draft of its days by symbol, else the only draft not adopted at
// its meeting.
func matchVeto(b *sqlstore.Batch, v *dhl.Veto, votes []sqlstore.VotedDecision, matched map[int64]bool) (*sqlstore.VotedDecision, error) {
	end := v.Date
	if v.DateEnd != "" {
		end = v.DateEnd
	}
	drafts := strings.Join(v.Drafts, " ")
	var bySymbol, atMeeting []sqlstore.VotedDecision
	for _, d := range votes {
		if string(d.MetOn) < v.Date || string(d.MetOn) > end || matched[d.DraftID] {
			continue
		}
		if slices.Contains(v.Drafts, d.Symbol) {
			bySymbol = append(bySymbol, d)
		}
		if d.Kind == models.DecisionDraftNotAdopted && vetoMeeting(v, d.Meeting) {
			atMeeting = append(atMeeting, d)
		}
	}
	switch {
	case len(bySymbol) > 0:
		// Early drafts known only by their meeting's record (1947,
		// S/PV.206: five drafts, two vetoed): the list's rows take them
		// in order, those the record has vetoed first, by the members the
		// row names first of all, those whose remark agrees besides.
		var found *sqlstore.VotedDecision
		best := -1
		for i, d := range bySymbol {
			held, err := b.GetDraft(d.DraftID)
			if err != nil {
				return nil, err
			}
			score := 0
			if held.Vote != nil && held.Vote.Outcome == models.OutcomeVetoed {
				score++
				if slices.Equal(held.Vote.VetoedBy, v.VetoedBy) {
					score += 2
				}
			}
			if v.Text != "" && strings.Contains(d.Text, v.Text) {
				score += 2
			}
			if score > best {
				found, best = &bySymbol[i], score
			}
		}
		return found, nil
	case len(atMeeting) == 1:
		return &atMeeting[0], nil
	case len(atMeeting) > 1:
		return nil, vetoRowError(v, vetoColumnDraft, drafts, "%d drafts not adopted at %s, none of them %s: which one the list means is not known",
			len(atMeeting), atMeeting[0].Meeting, drafts)
	default:
		return nil, vetoRowError(v, vetoColumnDraft, drafts, "no vote of the record on %s matches it (by symbol, or at %s)",
			v.Date, strings.Join(append(slices.Clone(v.Records), v.Letters...), ", "))
	}
}

// completeVeto gives the vote old (of draft id, matched to row v) the
// row's negative votes it lacks and the outcome vetoed, and reports the
// change; a member the record has voting otherwise is an error, and a vote
// that already has them all and is vetoed is left as it is.
func completeVeto(b *sqlstore.Batch, v *dhl.Veto, found *sqlstore.VotedDecision, id int64, old *models.Vote, r *VetoReport) error {
	casts := map[string]models.Cast{}
	for code, c := range old.Votes {
		casts[code] = c
	}
	added := []string{}
	for _, code := range v.VetoedBy {
		c, known := casts[code]
		switch {
		case known && c != models.CastNo:
			return vetoRowError(v, vetoColumnMember, strings.Join(v.VetoedBy, ", "),
				"the record has %s voting %s on %s (%s)", code, c, found.Symbol, old.Source)
		case !known:
			casts[code] = models.CastNo
			added = append(added, code)
		}
	}
	if len(added) == 0 && old.Outcome == models.OutcomeVetoed {
		return nil
	}
	in := models.VoteInput{VotedOn: old.VotedOn, Meeting: old.Meeting, Votes: casts, Procedure: old.Procedure,
		AdoptedWithoutVote: old.AdoptedWithoutVote, Counts: old.Counts, Outcome: models.OutcomeVetoed, Source: old.Source}
	if err := b.CorrectVote(id, in, old.Version); err != nil {
		return vetoRowError(v, vetoColumnMember, strings.Join(v.VetoedBy, ", "), "%s at %s (%s): %v", found.Symbol, found.Meeting, old.Source, err)
	}
	r.Completed++
	change := fmt.Sprintf("%s: %s at %s: no votes of %s added", v.Source, found.Symbol, found.Meeting, strings.Join(added, ", "))
	if old.Outcome != models.OutcomeVetoed {
		change += fmt.Sprintf("; %s, now vetoed", old.Outcome)
	}
	r.Changes = append(r.Changes, change)
	return nil
}

// vetoMeeting reports whether a meeting of the record is one a row of the
// list names: its record (a resumption or part of it too), or the letter
// of a decision taken by written procedure.
func vetoMeeting(v *dhl.Veto, meeting string) bool {
	base, _, _ := strings.Cut(meeting, " ")
	for _, r := range v.Records {
		if rb, _, _ := strings.Cut(r, " "); rb == base {
			return true
		}
	}
	return slices.Contains(v.Letters, meeting)
}
