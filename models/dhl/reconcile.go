package dhl

import "fmt"

// ReconcileTallies checks, after ApplyVetoes, each vote's stated outcome
// against its tally under Article 27 (a draft with the majority and no
// permanent member's negative vote is adopted; short of the majority it
// fails; with the majority and such a vote it is vetoed). The veto list
// has settled who vetoed what, and the table states what became of each
// draft (a resolution is adopted, a draft not adopted is not); a tally
// that contradicts both is a misprint whose true figures the pages do not
// give (1962, S/PV.998: S/5095 "not adopted 7-2-1" with no veto on the
// list), so it is left out, and the meeting's notes say so.
func ReconcileTallies(meetings []Meeting) []string {
	var out []string
	for i := range meetings {
		m := &meetings[i]
		for j := range m.Outcomes {
			o := &m.Outcomes[j]
			if o.Tally == nil || (o.Kind != KindResolution && o.Kind != KindDraft) {
				continue
			}
			if counted, stated := countedOutcome(o, yearOf(m.Date)), statedOutcome(o); counted != stated {
				note := fmt.Sprintf("%s: the tally %d-%d-%d gives %s under Article 27, but the table says %s: the tally is left out",
					o.Symbol, o.Yes, o.No, o.Abstain, counted, stated)
				m.Notes = append(m.Notes, note)
				out = append(out, m.Source+": "+note)
				o.Tally = nil
			}
		}
	}
	return out
}

// statedOutcome is what the table says became of a vote.
func statedOutcome(o *Outcome) string {
	if o.Kind == KindResolution {
		return "adopted"
	}
	return o.Result
}

// countedOutcome is what Article 27 makes of a vote's tally and the
// permanent members named as vetoing it.
func countedOutcome(o *Outcome, year int) string {
	switch {
	case o.Yes < Majority(year):
		return ResultFailed
	case len(o.VetoedBy) > 0:
		return ResultVetoed
	}
	return "adopted"
}

// ListedTwice finds a meeting listed twice: the first of ms whose record
// and date an earlier one has, and that one's Source; twice is false when
// there is none. (A record listed on two days is a meeting held over: see
// MergeHeldOver.)
func ListedTwice(ms []Meeting) (again Meeting, first string, twice bool) {
	seen := map[string]string{}
	for _, m := range ms {
		if m.Record == "" {
			continue
		}
		k := m.Record + " " + m.Date
		if s, dup := seen[k]; dup {
			return m, s, true
		}
		seen[k] = m.Source
	}
	return Meeting{}, "", false
}

// MergeHeldOver joins meetings that share a record but were listed on
// different days (2020, S/PV.8773: the election of five judges of the
// International Court of Justice on 11 November, "[resumed meeting]" on
// 12 November, two rows apart): one meeting, from its first day to its
// last (DateEnd), its agenda items and outcomes in order. meetings must
// be sorted (SortMeetings); it returns the meetings and a note per join.
func MergeHeldOver(meetings []Meeting) ([]Meeting, []string) {
	first := map[string]int{}
	var out []Meeting
	var notes []string
	for _, m := range meetings {
		i, seen := first[m.Record]
		if m.Record == "" || !seen {
			if m.Record != "" {
				first[m.Record] = len(out)
			}
			out = append(out, m)
			continue
		}
		p := &out[i]
		for _, a := range m.Agenda {
			if !contains(p.Agenda, a) {
				p.Agenda = append(p.Agenda, a)
			}
		}
		p.Outcomes = append(p.Outcomes, m.Outcomes...)
		if m.Date > p.Date && m.Date > p.DateEnd {
			p.DateEnd = m.Date
		}
		note := fmt.Sprintf("%s is listed again on %s at %s: one meeting, held over to that day", m.Record, m.Date, m.Source)
		p.Notes = append(p.Notes, note)
		notes = append(notes, p.Source+": "+note)
	}
	return out, notes
}
