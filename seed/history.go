package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"unsc/models"
	"unsc/models/sqlstore"
)

// HistoryReport says what History wrote.
type HistoryReport struct {
	// RollCalls counts the votes, Casts the members' votes in them.
	RollCalls, Casts, Vetoed int
	// Positions counts every observation, Retracted those retracted.
	Positions, Retracted int
}

func (r HistoryReport) String() string {
	return fmt.Sprintf("history: %d roll calls (%d votes cast, %d vetoed), %d positions (%d retracted)",
		r.RollCalls, r.Casts, r.Vetoed, r.Positions, r.Retracted)
}

// The years of the real record History imitates.
const (
	HistoryFrom = models.FirstYear
	HistoryTo   = 2025
)

// rollCallsIn is about how many roll calls the Council held in a year:
// one a month or so until 1960, more until 1990, more than one a week
// after the Cold War. Summed over 1946–2025 it is about the real
// record's 2,800.
func rollCallsIn(year int) int {
	switch {
	case year < 1960:
		return 12
	case year < 1990:
		return 17
	case year < 2010:
		return 64
	}
	return 54
}

// vetoRate is the share of roll calls vetoed in a year: a few percent,
// more in the Cold War.
func vetoRate(year int) float64 {
	switch {
	case year < 1970:
		return 0.06
	case year < 1990:
		return 0.08
	}
	return 0.02
}

// vetoers draws who vetoes a draft, as the real record leans: the USSR
// alone in the first decades, the United States (often with the United
// Kingdom) in the 1970s and 1980s, Russia (often with China) and the
// United States since.
func vetoers(r *rand.Rand, year int) []string {
	u := r.Float64()
	switch {
	case year < 1970:
		if u < 0.88 {
			return []string{"RUS"}
		}
		return []string{[]string{"FRA", "GBR"}[r.IntN(2)]}
	case year < 1990:
		switch {
		case u < 0.42:
			return []string{"USA"}
		case u < 0.60:
			return []string{"GBR", "USA"}
		case u < 0.80:
			return []string{"GBR"}
		case u < 0.95:
			return []string{"RUS"}
		}
		return []string{"FRA"}
	}
	switch {
	case u < 0.33:
		return []string{"RUS"}
	case u < 0.55:
		return []string{"CHN", "RUS"}
	case u < 0.90:
		return []string{"USA"}
	}
	return []string{"CHN"}
}

// historyTopics are agenda items of each era, by the year they start.
var historyTopics = []struct {
	from   int
	topics []string
}{
	{1946, []string{"Palestine", "Greece", "Indonesia", "Kashmir", "Korea", "Admission of new members"}},
	{1960, []string{"Congo", "Cyprus", "Middle East", "Southern Rhodesia", "South Africa", "Admission of new members"}},
	{1975, []string{"Middle East", "Namibia", "Lebanon", "Cyprus", "Iran-Iraq", "South Africa"}},
	{1990, []string{"Iraq", "Former Yugoslavia", "Somalia", "Angola", "Haiti", "Cyprus", "Middle East", "Rwanda"}},
	{2000, []string{"Democratic Republic of the Congo", "Sudan", "Afghanistan", "Côte d'Ivoire", "Liberia", "Middle East", "Iraq", "Non-proliferation"}},
	{2011, []string{"Syria", "Libya", "Mali", "South Sudan", "Yemen", "Somalia", "Ukraine", "Non-proliferation", "Middle East"}},
}

func topicsOf(year int) []string {
	out := historyTopics[0].topics
	for _, era := range historyTopics {
		if year >= era.from {
			out = era.topics
		}
	}
	return out
}

// History adds a synthetic record shaped like the Council's real one,
// for the years from to to (HistoryFrom and HistoryTo for the whole of
// it), so that the record's questions (a member's votes, the vetoes,
// agreement, alignment) can be measured at their real size: over
// 1946–2025 about 2,800 roll calls and 41,000 votes cast, each roll call
// cast by exactly the members sitting that day (11 to 1965, 15 from
// 1966); vetoes by the permanent members on a few percent of them; and,
// before four votes in five, the positions of most members sitting, some
// changed before the vote, some retracted, some observed after it. It is
// deterministic, each year drawn from a generator of its own: a year
// comes out the same whatever the range. It writes through the store, a
// year per batch, so the change feed, the counter and caches stay true.
// The seed must be loaded first.
func History(ctx context.Context, s *sqlstore.Store, from, to int) (HistoryReport, error) {
	var rep HistoryReport
	council, err := Council()
	if err != nil {
		return rep, err
	}
	source, err := s.FindSource(ctx, Article.Title, Article.Publisher)
	if err != nil || source == 0 {
		return rep, fmt.Errorf("history: load the seed first: %v", err)
	}
	meeting := 0 // the meetings before from, numbered as if held
	for year := HistoryFrom; year < from; year++ {
		meeting += rollCallsIn(year)
	}
	for year := from; year <= to; year++ {
		r := rand.New(rand.NewPCG(uint64(year), 0))
		err := s.InBatch(ctx, "history", func(b *sqlstore.Batch) error {
			n := rollCallsIn(year)
			for k := range n {
				h := historyDraft{r: r, b: b, source: source, year: year, k: k, n: n, meeting: meeting + k + 1}
				if err := h.write(council, &rep); err != nil {
					return fmt.Errorf("history %d no. %d: %w", year, k+1, err)
				}
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
		meeting += rollCallsIn(year)
	}
	return rep, nil
}

// historyDraft writes roll call k of n in a year, with its draft and the
// positions before it.
type historyDraft struct {
	r          *rand.Rand
	b          *sqlstore.Batch
	source     int64
	year, k, n int
	meeting    int
}

func (h historyDraft) day(dayOfYear int) models.Date {
	return models.DateOf(time.Date(h.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, dayOfYear-1))
}

func (h historyDraft) write(council []models.Member, rep *HistoryReport) error {
	r := h.r
	// Spread over the year from February, so that the draft and the
	// positions before the vote fall in the same year, on the same Council,
	// and after the Council first met (17 January 1946).
	votedDay := 30 + h.k*325/h.n + r.IntN(5)
	introducedDay := max(20, votedDay-2-r.IntN(12))
	votedOn, introducedOn := h.day(votedDay), h.day(introducedDay)
	sitting := models.Sitting(council, votedOn)
	if len(sitting) != models.CouncilOn(votedOn).Seats {
		return fmt.Errorf("%d members sitting on %s", len(sitting), votedOn)
	}
	topics := topicsOf(h.year)
	topic := topics[r.IntN(len(topics))]
	symbol := fmt.Sprintf("S/%d/9%04d", h.year, h.k+1) // numbers no real draft of the year reaches
	in := models.DraftInput{Symbol: &symbol, Title: fmt.Sprintf("Draft resolution on %s (%d, no. %d)", topic, h.year, h.k+1),
		Topic: topic, Sponsors: []string{sitting[r.IntN(len(sitting))].Code}, IntroducedOn: introducedOn,
		Summary: "A synthetic draft of the history the record's questions are measured on."}
	if r.IntN(2) == 0 {
		in.Agenda = "The situation in " + topic
	}
	d, err := h.b.CreateDraft(in)
	if err != nil {
		return err
	}
	votes, vetoedBy := h.castVotes(sitting, votedOn)
	vote := models.VoteInput{VotedOn: votedOn, Meeting: fmt.Sprintf("S/PV.%d", h.meeting), Votes: votes}
	if vetoedBy == nil && h.year >= 1990 && r.IntN(100) == 0 {
		for code := range votes {
			votes[code] = models.CastYes
		}
		vote.AdoptedWithoutVote = true
	}
	if r.IntN(5) < 4 {
		for _, m := range sitting {
			if r.IntN(4) < 3 {
				if err := h.positions(d.ID, m, votes[m.Code], vetoedBy != nil, introducedDay, votedDay, rep); err != nil {
					return err
				}
			}
		}
	}
	if err := h.b.RecordVote(d.ID, vote); err != nil {
		return err
	}
	rep.RollCalls++
	rep.Casts += len(votes)
	if vetoedBy != nil {
		rep.Vetoed++
	}
	return nil
}

// castVotes draws the roll call of the members sitting: mostly yes, a few
// abstentions, now and then an absence; a veto on vetoRate of them, and
// on one in a hundred too few votes in favour.
func (h historyDraft) castVotes(sitting []models.Member, on models.Date) (map[string]models.Cast, []string) {
	r := h.r
	votes := make(map[string]models.Cast, len(sitting))
	for _, m := range sitting {
		votes[m.Code] = models.CastYes
	}
	others := func(n int, c models.Cast) {
		for range n {
			m := sitting[r.IntN(len(sitting))]
			if votes[m.Code] == models.CastYes && !m.Permanent {
				votes[m.Code] = c
			}
		}
	}
	var vetoedBy []string
	switch u := r.Float64(); {
	case u < vetoRate(h.year):
		vetoedBy = vetoers(r, h.year)
		for _, code := range vetoedBy {
			votes[code] = models.CastNo
		}
		others(r.IntN(3), models.CastAbstain)
	case u < vetoRate(h.year)+0.01:
		others(len(sitting), models.CastAbstain)
	case u < 0.75:
	default:
		others(1+r.IntN(4), models.CastAbstain)
		if r.IntN(5) == 0 {
			others(1, models.CastNo)
		}
	}
	for _, m := range sitting { // in order, not the map's: the same draws every time
		if votes[m.Code] == models.CastYes && r.IntN(200) == 0 {
			votes[m.Code] = models.CastAbsent
		}
	}
	// The Soviet Union stayed away from January to August 1950, over
	// China's seat.
	if on >= "1950-01-13" && on < "1950-08-01" {
		votes["RUS"] = models.CastAbsent
	}
	return votes, vetoedBy
}

// announced is the stance a member's vote bears out, or one it does not
// (one time in ten), or one that announces nothing (one in ten).
func (h historyDraft) announced(m models.Member, vote models.Cast, vetoed bool) models.Stance {
	r := h.r
	switch u := r.IntN(10); {
	case u == 0:
		return []models.Stance{models.StanceUndecided, models.StanceHostile}[r.IntN(2)]
	case u == 1:
		wrong := map[models.Cast][]models.Stance{
			models.CastYes:     {models.StanceAbstain, models.StanceAgainst},
			models.CastNo:      {models.StanceSupport, models.StanceAbstain},
			models.CastAbstain: {models.StanceSupport, models.StanceAgainst},
			models.CastAbsent:  {models.StanceSupport},
		}[vote]
		return wrong[r.IntN(len(wrong))]
	}
	switch vote {
	case models.CastYes:
		return []models.Stance{models.StanceSupport, models.StanceSupport, models.StanceSupport, models.StanceLeaningSupport}[r.IntN(4)]
	case models.CastNo:
		if vetoed && m.Permanent {
			return models.StanceVeto
		}
		return models.StanceAgainst
	case models.CastAbstain:
		return models.StanceAbstain
	}
	return models.StanceUndecided
}

// positions records a member's observations on a draft: the one its
// vote is set against, and sometimes an earlier one it changed from
// (recorded after it, so that order of recording is not order of date),
// a later one retracted, or one after the vote, which no answer counts.
func (h historyDraft) positions(draftID int64, m models.Member, vote models.Cast, vetoed bool, introducedDay, votedDay int, rep *HistoryReport) error {
	r := h.r
	record := func(stance models.Stance, day int) (models.Position, error) {
		if stance == models.StanceVeto && !m.Permanent {
			stance = models.StanceAgainst
		}
		rep.Positions++
		return h.b.RecordPosition(draftID, m.Code, models.PositionInput{Stance: stance, AsOf: h.day(day),
			Evidence: []models.Evidence{{Quote: "A quote of about the length a news report gives a diplomat's words on a draft.",
				Speaker: "desk", SourceID: h.source}}})
	}
	// The last observation before the vote, on a day after the draft's
	// first, so that an earlier one can precede it.
	day := introducedDay + 1 + r.IntN(max(1, votedDay-introducedDay))
	day = min(day, votedDay)
	if _, err := record(h.announced(m, vote, vetoed), day); err != nil {
		return err
	}
	if r.IntN(4) == 0 && day > introducedDay {
		if _, err := record(models.Stances[r.IntN(len(models.Stances))], introducedDay+r.IntN(day-introducedDay)); err != nil {
			return err
		}
	}
	if r.IntN(20) == 0 {
		p, err := record(models.Stances[r.IntN(len(models.Stances))], day+r.IntN(votedDay-day+1))
		if err != nil {
			return err
		}
		if _, err := h.b.RetractPosition(draftID, m.Code, p.ID, models.RetractionInput{Reason: "Misattributed: another delegation's words."}); err != nil {
			return err
		}
		rep.Retracted++
	}
	if after := votedDay + 1 + r.IntN(5); r.IntN(25) == 0 && h.day(after).Year() == h.year {
		if _, err := record(models.Stances[r.IntN(len(models.Stances))], after); err != nil {
			return err
		}
	}
	return nil
}
