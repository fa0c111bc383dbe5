package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"unsc/models"
	"unsc/models/dbtest"
	"unsc/models/dhl"
	"unsc/seed"
)

// The researchers' questions on the Council's real record (newRecordEnv),
// checked against what the store's tables hold, worked out here in Go
// (the members sitting by Member.SitsOn, not by the periods the store puts
// in SQL), and the veto list against seed/data/record.jsonl.

// rollCallRow is a roll call as the tables hold it: its known votes only.
type rollCallRow struct {
	draft    int64
	on       models.Date
	complete bool
	casts    map[string]models.Cast
}

// recordTables reads every roll call (decisions adopted without a vote
// left out), oldest first, and every member by code.
func recordTables(t *testing.T, e *env) ([]rollCallRow, map[string]models.Member) {
	t.Helper()
	r := e.store.ReadPool()
	var calls []rollCallRow
	index := map[int64]int{}
	dbtest.Rows(t, r, `SELECT draft_id, voted_on, complete FROM votes WHERE NOT adopted_without_vote ORDER BY voted_on, draft_id`, func(read func(...any)) {
		c := rollCallRow{casts: map[string]models.Cast{}}
		read(&c.draft, &c.on, &c.complete)
		index[c.draft] = len(calls)
		calls = append(calls, c)
	})
	dbtest.Rows(t, r, `SELECT draft_id, member_code, vote FROM vote_casts`, func(read func(...any)) {
		var id int64
		var code string
		var v models.Cast
		read(&id, &code, &v)
		if i, ok := index[id]; ok {
			calls[i].casts[code] = v
		}
	})
	members := map[string]models.Member{}
	_, err := allPages(func(cursor string) (models.Page[models.Member], error) {
		p, err := e.store.ListMembers(context.Background(), models.MemberFilter{Cursor: cursor, Limit: models.MaxLimit})
		for _, m := range p.Items {
			members[m.Code] = m
		}
		return p, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, members
}

// pairOracle counts a pair's agreement over the roll calls from from to
// to: those where both votes are known, and those where both sat and one
// is not known.
func pairOracle(calls []rollCallRow, x, y models.Member, from, to models.Date) models.Agreement {
	a := models.Agreement{Members: []string{min(x.Code, y.Code), max(x.Code, y.Code)}}
	for _, c := range calls {
		if c.on < from || c.on > to {
			continue
		}
		vx, okx := c.casts[x.Code]
		vy, oky := c.casts[y.Code]
		switch {
		case okx && oky:
			a.RollCalls++
			if vx == models.CastAbsent || vy == models.CastAbsent {
				continue
			}
			a.BothVoting++
			if vx == vy {
				a.Identical++
			}
			if vx != models.CastAbstain && vy != models.CastAbstain {
				a.YesNoPairs++
				if vx == vy {
					a.YesNoIdentical++
				}
			}
		case x.SitsOn(c.on) && y.SitsOn(c.on):
			a.LeftOutUnknown++
		}
	}
	a.Complete()
	return a
}

// agreementText is a pair's agreement as JSON, its shares as numbers.
func agreementText(a models.Agreement) string {
	b, _ := json.Marshal(a)
	return string(b)
}

func TestResearchOnTheRecord(t *testing.T) {
	e := newRecordEnv(t)
	calls, members := recordTables(t, e)
	// Every vote known is a sitting member's.
	for _, c := range calls {
		for code := range c.casts {
			if !members[code].SitsOn(c.on) {
				t.Fatalf("draft %d: %s votes on %s without sitting", c.draft, code, c.on)
			}
		}
	}
	d := func(s string) *models.Date { v := models.Date(s); return &v }

	t.Run("vetoes", func(t *testing.T) {
		meetings, err := seed.Record()
		if err != nil {
			t.Fatal(err)
		}
		// The record's vetoed drafts: day, vetoes and tally.
		var want []string
		lastOfJune2022, byMember := 0, map[string]int{}
		for _, m := range meetings {
			for _, o := range m.Outcomes {
				if o.Result != dhl.ResultVetoed {
					continue
				}
				tally := "no tally"
				if o.Tally != nil {
					tally = fmt.Sprintf("%d-%d-%d-%d", o.Yes, o.No, o.Abstain, o.NonVoting)
				}
				want = append(want, fmt.Sprint(m.Date, " ", o.VetoedBy, " ", tally))
				if m.Date <= "2022-06-30" {
					lastOfJune2022++
				}
				for _, code := range o.VetoedBy {
					byMember[code]++
				}
			}
		}
		var got []string
		for cursor := ""; ; {
			r := e.get("/v1/vetoes?limit=100&cursor=" + url.QueryEscape(cursor)).expect(200).json()
			for _, v := range r["items"].([]any) {
				v := v.(map[string]any)
				tally := "no tally"
				if v["yes"] != nil {
					tally = fmt.Sprintf("%v-%v-%v-%v", v["yes"], v["no"], v["abstain"], v["absent"])
				}
				got = append(got, fmt.Sprint(v["voted_on"], " ", v["vetoed_by"], " ", tally))
			}
			next, _ := r["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%d vetoed drafts listed, the record has %d; first difference at %d", len(got), len(want), firstDifference(got, want))
		}
		t.Logf("%d vetoed drafts, %d to June 2022", len(want), lastOfJune2022)
		if n := len(e.get("/v1/vetoes?to=2022-06-30&limit=500").expect(200).list()); n != lastOfJune2022 {
			t.Errorf("%d vetoes to June 2022, the record has %d", n, lastOfJune2022)
		}
		if n := strings.Count(string(e.get("/v1/vetoes.csv").expect(200).body), "\n") - 1; n != len(want) {
			t.Errorf("%d rows of CSV, want %d", n, len(want))
		}
		for code, n := range byMember {
			if got := len(e.get("/v1/vetoes?limit=500&member=" + code).expect(200).list()); got != n {
				t.Errorf("vetoes of %s: %d, the record has %d", code, got, n)
			}
			if got := len(e.get("/v1/drafts?limit=500&vetoed_by=" + code).expect(200).list()); got != n {
				t.Errorf("drafts vetoed by %s: %d, the record has %d", code, got, n)
			}
		}
	})

	t.Run("agreement", func(t *testing.T) {
		for _, c := range []struct{ x, y, from, to string }{
			{"USA", "RUS", "1946-01-01", "2022-12-31"},
			{"USA", "RUS", "1946-01-01", "2025-12-31"},
			{"FRA", "GBR", "1990-01-01", "1999-12-31"},
			{"IND", "USA", "1946-01-01", "2025-12-31"},
			{"BRA", "CHN", "1946-01-01", "2025-12-31"},
		} {
			want := pairOracle(calls, members[c.x], members[c.y], models.Date(c.from), models.Date(c.to))
			got, err := e.store.PairAgreement(context.Background(), c.x, c.y, d(c.from), d(c.to))
			if err != nil {
				t.Fatal(err)
			}
			if agreementText(got) != agreementText(want) {
				t.Errorf("%s-%s %s..%s:\n got %s\nwant %s", c.x, c.y, c.from, c.to, agreementText(got), agreementText(want))
			}
			if want.RollCalls == 0 || want.LeftOutUnknown == 0 {
				t.Errorf("%s-%s %s..%s: %+v: the record should hold roll calls of both kinds", c.x, c.y, c.from, c.to, want)
			}
			body := e.get(fmt.Sprintf("/v1/agreement?members=%s,%s&from=%s&to=%s", c.x, c.y, c.from, c.to)).expect(200).json()
			if body["left_out_unknown"] != float64(want.LeftOutUnknown) || body["roll_calls"] != float64(want.RollCalls) {
				t.Errorf("%s-%s: %v", c.x, c.y, body)
			}
		}
		// Every pair of the 1990s.
		from, to := models.Date("1990-01-01"), models.Date("1999-12-31")
		var want []string
		for _, x := range members {
			for _, y := range members {
				if x.Code < y.Code {
					if a := pairOracle(calls, x, y, from, to); a.RollCalls+a.LeftOutUnknown > 0 {
						want = append(want, agreementText(a))
					}
				}
			}
		}
		slices.Sort(want)
		var got []string
		_, err := allPages(func(cursor string) (models.Page[models.Agreement], error) {
			p, err := e.store.AgreementMatrix(context.Background(), from, to, cursor, 100)
			for _, a := range p.Items {
				got = append(got, agreementText(a))
			}
			return p, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("matrix of the 1990s: %d pairs, want %d; first difference at %d", len(got), len(want), firstDifference(got, want))
		}
	})

	t.Run("alignment", func(t *testing.T) {
		for _, code := range []string{"", "IND", "USA", "BRA"} {
			counted, leftOut := 0, 0
			for _, c := range calls {
				switch {
				case code == "" && c.complete:
					counted += len(c.casts)
				case code == "":
					leftOut++
				case c.casts[code] != "":
					counted++
				case members[code].SitsOn(c.on):
					leftOut++
				}
			}
			a, err := e.store.Alignment(context.Background(), models.AlignmentFilter{Member: code})
			if err != nil {
				t.Fatal(err)
			}
			if a.Matched+a.Mismatched+a.Uncheckable != counted || a.LeftOutUnknown != leftOut {
				t.Errorf("alignment of %q: %+v; want %d votes counted, %d roll calls left out", code, a, counted, leftOut)
			}
			if leftOut == 0 {
				t.Errorf("alignment of %q: the record should leave some out", code)
			}
		}
	})

	t.Run("member votes", func(t *testing.T) {
		// India's record in 2012: S/2012/77 voted yes, beside its last
		// position, hostile (the article's seed).
		var s201277 []string
		for _, v := range e.get("/v1/members/IND/votes?from=2012-01-01&to=2012-12-31&limit=500").expect(200).list() {
			if v["draft"].(map[string]any)["symbol"] == "S/2012/77" {
				s201277 = append(s201277, memberVoteRow(v))
			}
		}
		if want := "[2012-02-04 S/2012/77 S/PV.6711 yes vetoed vetoed=false position=hostile agrees=<nil>]"; fmt.Sprint(s201277) != want {
			t.Errorf("S/2012/77 in India's 2012 record: %v, want %s", s201277, want)
		}
		for _, code := range []string{"IND", "RUS", "BRA"} {
			m := members[code]
			var want []string
			unknownIn := map[int]int{}
			for _, c := range slices.Backward(calls) {
				v, ok := c.casts[code]
				if !ok && !m.SitsOn(c.on) {
					continue
				}
				if !ok {
					v = models.CastUnknown
					unknownIn[c.on.Year()]++
				}
				want = append(want, fmt.Sprint(c.on, " ", c.draft, " ", v))
			}
			slices.SortStableFunc(want, func(a, b string) int { return strings.Compare(b[:10], a[:10]) })
			var got []string
			_, err := allPages(func(cursor string) (models.Page[models.MemberVote], error) {
				p, err := e.store.MemberVotes(context.Background(), code, models.MemberVoteFilter{Cursor: cursor, Limit: models.MaxLimit})
				for _, v := range p.Items {
					got = append(got, fmt.Sprint(v.VotedOn, " ", v.Draft.ID, " ", v.Vote))
				}
				return p, err
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d roll calls, want %d; first difference at %d", code, len(got), len(want), firstDifference(got, want))
			}
			// A year of the member's with partial votes shows them unknown.
			if len(unknownIn) == 0 {
				t.Fatalf("%s: no vote unknown", code)
			}
			year := slices.Min(slices.Collect(func(yield func(int) bool) {
				for y := range unknownIn {
					if !yield(y) {
						return
					}
				}
			}))
			path := fmt.Sprintf("/v1/members/%s/votes?vote=unknown&from=%d-01-01&to=%d-12-31&limit=500", code, year, year)
			list := e.get(path).expect(200).list()
			if len(list) != unknownIn[year] {
				t.Errorf("%s: %d unknown, want %d", path, len(list), unknownIn[year])
			}
			for _, v := range list {
				if v["vote"] != "unknown" || v["agrees"] != nil || v["vetoed"] != false {
					t.Errorf("%s: %s", path, memberVoteRow(v))
				}
			}
			csv := string(e.get(fmt.Sprintf("/v1/members/%s/votes.csv?from=%d-01-01&to=%d-12-31", code, year, year)).expect(200).body)
			if n := strings.Count(csv, ",unknown,"); n != unknownIn[year] {
				t.Errorf("%s's CSV of %d: %d unknown, want %d", code, year, n, unknownIn[year])
			}
		}
	})
}
