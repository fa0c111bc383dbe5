// Package seed loads, idempotently, the Council's whole membership since
// 1946 (data/council-terms.tsv) and the facts of the AFP article of 30
// January 2012 on the Arab League-backed Syria draft.
package seed

import (
	"context"
	"fmt"
	"slices"

	"unsc/models"
	"unsc/models/sqlstore"
)

// RecordedBy names the seed as the author of what it records.
const RecordedBy = "seed"

// Article is the seed's one source.
var Article = models.Source{
	Title:       "Arab League seeks Beijing and Moscow's support on Syria",
	Publisher:   "AFP",
	Author:      "Mona Salem",
	PublishedOn: "2012-01-30",
}

// Byline is the speaker of what the article says in its own words.
const Byline = "Mona Salem, AFP"

func ptr[T any](v T) *T { return &v }

// The two drafts the article speaks of.
var (
	October = models.DraftInput{
		Symbol:       ptr("S/2011/612"),
		Title:        "Western-backed draft resolution on Syria",
		Topic:        "Syria",
		Sponsors:     []string{"FRA", "DEU", "PRT", "GBR"},
		IntroducedOn: "2011-10-04",
		Summary:      "Western-backed draft on the crackdown in Syria, vetoed by Russia and China on 4 October 2011.",
	}
	ArabLeague = models.DraftInput{
		Symbol:       ptr("S/2012/77"),
		Title:        "Arab League-backed draft resolution on Syria",
		Topic:        "Syria",
		Sponsors:     []string{"MAR"},
		IntroducedOn: "2012-01-27",
		Summary:      "Calls for a halt to violence and for Assad to hand over power to his deputy ahead of negotiations; introduced by Morocco.",
	}
)

// OctoberVote is the official roll call on S/2011/612 (S/PV.6627).
var OctoberVote = models.VoteInput{
	VotedOn: "2011-10-04",
	Meeting: "S/PV.6627",
	Votes: map[string]models.Cast{
		"BIH": models.CastYes, "COL": models.CastYes, "FRA": models.CastYes, "GAB": models.CastYes,
		"DEU": models.CastYes, "NGA": models.CastYes, "PRT": models.CastYes, "GBR": models.CastYes,
		"USA": models.CastYes,
		"CHN": models.CastNo, "RUS": models.CastNo,
		"BRA": models.CastAbstain, "IND": models.CastAbstain, "LBN": models.CastAbstain, "ZAF": models.CastAbstain,
	},
}

// Position is a seeded stance on the Arab League-backed draft.
type Position struct {
	Member   string
	Stance   models.Stance
	Note     string
	Evidence []Quote
}

// Quote is a verbatim passage of the article and who said it.
type Quote struct {
	Text, Speaker string
}

// AsOf is the date of the article's positions.
const AsOf models.Date = "2012-01-30"

// Positions are the article's stances on S/2012/77, each quote verbatim.
var Positions = []Position{
	{Member: "RUS", Stance: models.StanceVeto,
		Note: "Russia held firm that it would veto; Deputy Foreign Minister Gennady Gatilov said the draft differed little from the one vetoed in October.",
		Evidence: []Quote{
			{"held firm that it would use its veto power against an Arab League-supported resolution that calls for a ceasefire", Byline},
			{"The draft has statements in it calling on the member states to stop arms deliveries to Syria", "Gennady Gatilov, Russian Deputy Foreign Minister"},
			{"But there is no clear line between arms contraband that some countries engage in to support extremist forces in Syria, and the legal military-technical ties with this country", "Gennady Gatilov, Russian Deputy Foreign Minister"},
		}},
	{Member: "CHN", Stance: models.StanceVeto,
		Note: "China vetoed the similar October draft with Russia; the Arab League urged it to change its position.",
		Evidence: []Quote{
			{"was little different to a Western-backed one which Russia and China vetoed in October", Byline},
			{"Arab League chief Nabil al-Arabi urged Russia and China to change their position", Byline},
		}},
	{Member: "IND", Stance: models.StanceHostile,
		Note: "Named with Russia as the most hostile to the draft by a French diplomat.",
		Evidence: []Quote{
			{"Russia and India were the most hostile to the resolution", "A French diplomat, speaking on condition of anonymity"},
		}},
	{Member: "USA", Stance: models.StanceSupport,
		Note: "Secretary of State Hillary Clinton demanded UN action.",
		Evidence: []Quote{
			{"The Security Council must act and make clear to the Syrian regime that the world community views its actions as a threat to peace and security.", "Hillary Clinton, US Secretary of State"},
		}},
	{Member: "FRA", Stance: models.StanceSupport,
		Note: "Foreign Minister Alain Juppe, through spokesman Bernard Valero, pressed the Council to act.",
		Evidence: []Quote{
			{"persuade the Security Council to assume its responsibilities faced with the Syrian regime's worsening crimes against humanity", "Bernard Valero, French foreign ministry spokesman"},
		}},
	{Member: "GBR", Stance: models.StanceSupport,
		Note: "The Foreign Office, announcing Foreign Secretary William Hague's travel to New York, called for a resolution this week.",
		Evidence: []Quote{
			{"the killing must stop", "British Foreign Office, statement on William Hague's travel to New York"},
			{"called for the Security Council to agree to a resolution this week", Byline},
		}},
	{Member: "MAR", Stance: models.StanceSupport,
		Note: "Morocco introduced the draft.",
		Evidence: []Quote{
			{"the latest draft resolution, which was introduced by Morocco on Friday", Byline},
		}},
}

// Report says what a load did.
type Report struct {
	Members, Terms, Sources, Drafts, Positions, Votes int
	// Record says what a load of the Council's record added; nil when
	// it was not loaded.
	Record *RecordReport
}

func (r Report) String() string {
	s := fmt.Sprintf("seed: added %d members, %d terms, %d sources, %d drafts, %d positions, %d votes",
		r.Members, r.Terms, r.Sources, r.Drafts, r.Positions, r.Votes)
	if r.Record != nil {
		s += "; " + r.Record.String()
	}
	return s
}

// bySeed marks a write as the seed's.
func bySeed[T any]() sqlstore.Edit[T] { return sqlstore.Edit[T]{By: RecordedBy} }

// Load adds whatever of the seed is missing; run again, it adds nothing.
func Load(ctx context.Context, s *sqlstore.Store) (Report, error) {
	var r Report
	if _, err := loadCouncil(ctx, s, &r, false); err != nil {
		return r, err
	}
	return loadArticle(ctx, s, r)
}

// LoadIfEmpty loads the seed into a database that holds no member yet and
// returns what it added, or nil when the database was not empty; with
// record, the Council's record too (LoadRecord). Servers starting
// together on one new database take turns: the one whose write of the
// Council commits first loads the seed, the others leave it alone.
func LoadIfEmpty(ctx context.Context, s *sqlstore.Store, record bool) (*Report, error) {
	var r Report
	loaded, err := loadCouncil(ctx, s, &r, true)
	if err != nil || !loaded {
		return nil, err
	}
	if r, err = loadArticle(ctx, s, r); err != nil || !record {
		return &r, err
	}
	rr, err := LoadRecord(ctx, s)
	r.Record = &rr
	return &r, err
}

// loadArticle adds what the AFP article tells that is missing.
func loadArticle(ctx context.Context, s *sqlstore.Store, r Report) (Report, error) {
	srcID, err := s.FindSource(ctx, Article.Title, Article.Publisher)
	if err != nil {
		return r, err
	}
	if srcID == 0 {
		src, err := s.CreateSource(ctx, bySeed[models.Source](), Article)
		if err != nil {
			return r, fmt.Errorf("seed source: %w", err)
		}
		srcID = src.ID
		r.Sources++
	}
	october, err := ensureDraft(ctx, s, October, &r)
	if err != nil {
		return r, err
	}
	if october.Vote == nil {
		if _, err := s.RecordVote(ctx, bySeed[sqlstore.VoteResult](), october.ID, OctoberVote, 0); err != nil {
			return r, fmt.Errorf("seed vote: %w", err)
		}
		r.Votes++
	}
	arab, err := ensureDraft(ctx, s, ArabLeague, &r)
	if err != nil {
		return r, err
	}
	for _, p := range Positions {
		done, err := recorded(ctx, s, arab.ID, p)
		if err != nil {
			return r, err
		}
		if done {
			continue
		}
		in := models.PositionInput{Stance: p.Stance, AsOf: AsOf, Note: p.Note}
		for _, q := range p.Evidence {
			in.Evidence = append(in.Evidence, models.Evidence{Quote: q.Text, Speaker: q.Speaker, SourceID: srcID})
		}
		if _, err := s.RecordPosition(ctx, bySeed[models.Position](), arab.ID, p.Member, in); err != nil {
			return r, fmt.Errorf("seed position of %s: %w", p.Member, err)
		}
		r.Positions++
	}
	return r, nil
}

// loadCouncil adds every member and term of the Council's record that is
// missing, in one write; with onlyIfEmpty, only into a database that holds
// no member when the write begins. It reports whether it wrote.
func loadCouncil(ctx context.Context, s *sqlstore.Store, r *Report, onlyIfEmpty bool) (bool, error) {
	council, err := Council()
	if err != nil {
		return false, err
	}
	known := map[string]models.Member{}
	for cursor := ""; ; {
		page, err := s.ListMembers(ctx, models.MemberFilter{Cursor: cursor, Limit: models.MaxLimit})
		if err != nil {
			return false, err
		}
		for _, m := range page.Items {
			known[m.Code] = m
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	wrote := true
	err = s.InBatch(ctx, RecordedBy, func(b *sqlstore.Batch) error {
		if onlyIfEmpty {
			empty, err := b.NoMembers()
			if err != nil || !empty {
				wrote = false
				return err
			}
		}
		for _, m := range council {
			have, ok := known[m.Code]
			if !ok {
				if _, err := b.CreateMember(m); err != nil {
					return fmt.Errorf("seed member %s: %w", m.Code, err)
				}
				r.Members++
				r.Terms += len(m.Terms)
				continue
			}
			for _, t := range m.Terms {
				if !slices.Contains(have.Terms, t) {
					if _, err := b.AddTerm(m.Code, t); err != nil {
						return fmt.Errorf("seed term of %s: %w", m.Code, err)
					}
					r.Terms++
				}
			}
		}
		return nil
	})
	return wrote && err == nil, err
}

// recorded reports whether the seed already recorded p.
func recorded(ctx context.Context, s *sqlstore.Store, draftID int64, p Position) (bool, error) {
	cursor := ""
	for {
		page, err := s.PositionHistory(ctx, draftID, p.Member, cursor, models.MaxLimit)
		if err != nil {
			return false, err
		}
		if slices.ContainsFunc(page.Items, func(h models.Position) bool {
			return h.RecordedBy == RecordedBy && h.Stance == p.Stance && *h.AsOf == AsOf
		}) {
			return true, nil
		}
		if page.Next == "" {
			return false, nil
		}
		cursor = page.Next
	}
}

func ensureDraft(ctx context.Context, s *sqlstore.Store, in models.DraftInput, r *Report) (models.Draft, error) {
	page, err := s.ListDrafts(ctx, models.DraftFilter{Symbol: *in.Symbol, Limit: 1})
	if err != nil {
		return models.Draft{}, err
	}
	if len(page.Items) > 0 {
		return page.Items[0], nil
	}
	in.Sponsors = slices.Clone(in.Sponsors)
	d, err := s.CreateDraft(ctx, bySeed[models.Draft](), in)
	if err != nil {
		return models.Draft{}, fmt.Errorf("seed draft %s: %w", *in.Symbol, err)
	}
	r.Drafts++
	return d, nil
}
