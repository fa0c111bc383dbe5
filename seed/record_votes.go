package seed

import (
	"fmt"
	"strings"

	"unsc/models"
	"unsc/models/dhl"
	"unsc/models/sqlstore"
)

// votes records the votes of the new meetings' resolutions and drafts not
// adopted and links each decision to its draft: a draft the tracker holds
// already gets its vote; the others are added with theirs at once.
func (l *loader) votes(meetings []dhl.Meeting, fresh []freshMeeting) error {
	var items []sqlstore.VotedDraft
	type at struct{ meeting, decision int }
	var where []at
	for fi := range fresh {
		f := &fresh[fi]
		dm := &meetings[f.row]
		for j := range dm.Outcomes {
			o := &dm.Outcomes[j]
			if !decisionKind(o.Kind).Voted() {
				continue
			}
			name := fmt.Sprintf("%s (%s) %s %s", f.meeting.Symbol, dm.Source, o.Kind, o.Symbol)
			in, err := voteOf(dm, f.meeting, o)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if id, ok := l.drafts[o.Symbol]; ok && o.Symbol != "" {
				if err := l.voteOnHeld(id, in); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				f.meeting.Decisions[j].DraftID = &id
				continue
			}
			item := sqlstore.VotedDraft{Name: name, Draft: l.draftOf(dm, f.meeting, o), Vote: in}
			if o.Kind == dhl.KindResolution {
				item.Resolution = o.Symbol
			}
			items = append(items, item)
			where = append(where, at{fi, j})
		}
	}
	ids, err := l.b.AddVotedDrafts(items)
	if err != nil {
		return err
	}
	for k, id := range ids {
		fresh[where[k].meeting].meeting.Decisions[where[k].decision].DraftID = &id
	}
	l.report.Drafts += len(ids)
	l.report.Votes += len(ids)
	return nil
}

// voteOnHeld gives a draft the tracker already holds its vote from the
// record; a draft already voted keeps its roll call, which must give the
// record's tally and outcome.
func (l *loader) voteOnHeld(id int64, in models.VoteInput) error {
	d, err := l.b.GetDraft(id)
	if err != nil {
		return err
	}
	if d.Vote == nil {
		if err := l.b.RecordVote(id, in); err != nil {
			return err
		}
		l.report.Votes++
		return nil
	}
	v := d.Vote
	if in.Counts != nil && v.Counts != nil && *in.Counts != *v.Counts {
		return models.Conflict("draft %d holds a vote of %d-%d-%d (%d not voting); the record gives %d-%d-%d (%d not voting)",
			id, v.Yes, v.No, v.Abstain, v.Absent, in.Counts.Yes, in.Counts.No, in.Counts.Abstain, in.Counts.NonVoting)
	}
	if in.Outcome != "" && v.Outcome != in.Outcome {
		return models.Conflict("draft %d holds a vote that was %s; the record says %s", id, v.Outcome, in.Outcome)
	}
	return nil
}

// voteOf is the vote the record gives for an outcome: its tally where
// the table gives one, the members' votes a source names (the vetoes;
// each member's vote in some press releases), and the outcome it states.
func voteOf(dm *dhl.Meeting, m models.Meeting, o *dhl.Outcome) (models.VoteInput, error) {
	in := models.VoteInput{VotedOn: m.Date, Meeting: recordOf(dm), Procedure: m.Procedure, Source: dm.Source,
		Votes: map[string]models.Cast{}}
	switch o.Kind {
	case dhl.KindResolution:
		in.Outcome = models.OutcomeAdopted
		in.AdoptedWithoutVote = o.Adoption == dhl.AdoptedWithoutVote || o.Adoption == dhl.AdoptedByConsensus
	case dhl.KindDraft:
		in.Outcome = models.OutcomeFailed
		if o.Result == dhl.ResultVetoed {
			in.Outcome = models.OutcomeVetoed
		}
	}
	if o.Tally != nil {
		in.Counts = &models.Counts{Yes: o.Yes, No: o.No, Abstain: o.Abstain, NonVoting: o.NonVoting}
	}
	for code, v := range o.Votes {
		c := models.Cast(v)
		if !c.Valid() || c == models.CastAbsent {
			return in, fmt.Errorf("vote of %s: %q is not yes, no or abstain", code, v)
		}
		in.Votes[code] = c
	}
	for _, code := range o.VetoedBy {
		if c, ok := in.Votes[code]; ok && c != models.CastNo {
			return in, fmt.Errorf("%s is named as vetoing and as voting %s", code, c)
		}
		in.Votes[code] = models.CastNo
	}
	return in, nil
}

// draftOf is the draft a vote of the record was taken on. The record
// names the agenda item, not the draft's title: the item is its title,
// and its topic the item's head (before a dash or colon) where the item
// is longer than a topic may be. The vote's day stands for the day it was
// introduced, which the record does not give.
func (l *loader) draftOf(dm *dhl.Meeting, m models.Meeting, o *dhl.Outcome) models.DraftInput {
	at := "at " + recordOf(dm)
	if recordOf(dm) == "" {
		at = "on " + string(m.Date)
	}
	agenda := strings.Join(m.Agenda, "; ")
	if agenda == "" {
		agenda = "Agenda item not given in the record"
	}
	in := models.DraftInput{Title: clip(agenda, models.MaxTitleLen), Topic: topicOf(agenda), Agenda: clip(agenda, models.MaxAgendaLen),
		IntroducedOn: m.Date, Status: models.StatusInBlue, Sponsors: []string{}}
	switch {
	case o.Kind == dhl.KindResolution:
		in.Title = "Resolution " + strings.TrimPrefix(o.Symbol, "S/RES/") + ": " + in.Title
	case o.Symbol == "" || strings.HasPrefix(o.Symbol, "S/PV."):
		in.Title = "Draft resolution put to the vote " + at + unnamedOrdinal(dm, o) + ": " + in.Title
	case l.symbolUsed[o.Symbol] || l.drafts[o.Symbol] != 0:
		in.Title = "Draft resolution " + o.Symbol + ", put to the vote again " + at + ": " + in.Title
	default:
		sym := o.Symbol
		in.Symbol = &sym
		l.symbolUsed[sym] = true
		in.Title = "Draft resolution " + sym + ": " + in.Title
	}
	in.Title = clip(in.Title, models.MaxTitleLen)
	return in
}

// unnamedOrdinal tells apart the drafts a meeting put to the vote that
// the record names by no symbol (1946, S/PV.49: three, "Draft resolution
// S/PV.49"), so that each has a title of its own: " (2 of 3)"; "" when
// the meeting had one.
func unnamedOrdinal(dm *dhl.Meeting, o *dhl.Outcome) string {
	n, k := 0, 0
	for i := range dm.Outcomes {
		x := &dm.Outcomes[i]
		if x.Kind == dhl.KindDraft && (x.Symbol == "" || strings.HasPrefix(x.Symbol, "S/PV.")) {
			n++
			if x == o {
				k = n
			}
		}
	}
	if n < 2 {
		return ""
	}
	return fmt.Sprintf(" (%d of %d)", k, n)
}

// topicOf is a topic for an agenda item: the item itself when it is short
// enough, else its head, else its first words.
func topicOf(item string) string {
	if len([]rune(item)) <= models.MaxTopicLen {
		return item
	}
	for _, sep := range []string{" - ", ": ", " (", "; ", ", "} {
		if head, _, ok := strings.Cut(item, sep); ok && len([]rune(head)) <= models.MaxTopicLen && head != "" {
			return head
		}
	}
	return clip(item, models.MaxTopicLen)
}

// clip shortens text to at most n characters, at a word, marking the cut.
func clip(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
