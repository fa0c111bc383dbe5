package models

import (
	"fmt"
	"slices"
	"testing"
)

// council2012 is a Council of five permanent and ten elected members.
func council2012() (map[string]Member, []Member) {
	var all []Member
	for _, c := range []string{"CHN", "FRA", "GBR", "RUS", "USA"} {
		all = append(all, Member{Code: c, Permanent: true})
	}
	for _, c := range []string{"AZE", "COL", "DEU", "GTM", "IND", "MAR", "PAK", "PRT", "TGO", "ZAF"} {
		all = append(all, Member{Code: c, Terms: []Term{{2011, 2012}}})
	}
	by := map[string]Member{}
	for _, m := range all {
		by[m.Code] = m
	}
	return by, all
}

// rollCall gives every member yes, then applies the changes.
func rollCall(all []Member, changes map[string]Cast) map[string]Cast {
	v := map[string]Cast{}
	for _, m := range all {
		v[m.Code] = CastYes
	}
	for k, c := range changes {
		v[k] = c
	}
	return v
}

func TestCount(t *testing.T) {
	by, all := council2012()
	tests := []struct {
		name       string
		procedural bool
		changes    map[string]Cast
		want       Outcome
		vetoedBy   []string
		yes        int
	}{
		{"unanimous", false, nil, OutcomeAdopted, nil, 15},
		{"one permanent no with 14 yes is a veto", false, map[string]Cast{"RUS": CastNo}, OutcomeVetoed, []string{"RUS"}, 14},
		{"two permanent no", false, map[string]Cast{"RUS": CastNo, "CHN": CastNo, "IND": CastAbstain}, OutcomeVetoed, []string{"CHN", "RUS"}, 12},
		{"permanent abstention is no veto", false, map[string]Cast{"RUS": CastAbstain, "CHN": CastAbstain}, OutcomeAdopted, nil, 13},
		{"permanent absence is no veto", false, map[string]Cast{"USA": CastAbsent}, OutcomeAdopted, nil, 14},
		{"exactly nine yes", false, map[string]Cast{"AZE": CastNo, "COL": CastNo, "DEU": CastAbstain, "GTM": CastAbstain, "IND": CastAbsent, "MAR": CastNo}, OutcomeAdopted, nil, 9},
		{"eight yes fails", false, map[string]Cast{"AZE": CastNo, "COL": CastNo, "DEU": CastAbstain, "GTM": CastAbstain, "IND": CastAbsent, "MAR": CastNo, "PAK": CastAbstain}, OutcomeFailed, nil, 8},
		{"permanent no with fewer than nine yes is a failure, not a veto", false,
			map[string]Cast{"RUS": CastNo, "AZE": CastAbstain, "COL": CastAbstain, "DEU": CastAbstain, "GTM": CastAbstain, "IND": CastAbstain, "MAR": CastAbstain, "PAK": CastAbstain}, OutcomeFailed, nil, 7},
		{"procedural: a permanent no is no veto", true, map[string]Cast{"RUS": CastNo, "CHN": CastNo}, OutcomeAdopted, nil, 13},
		{"procedural: fewer than nine fails", true, map[string]Cast{"RUS": CastNo, "CHN": CastNo, "AZE": CastNo, "COL": CastNo, "DEU": CastNo, "GTM": CastNo, "IND": CastNo}, OutcomeFailed, nil, 8},
		{"elected members' no is never a veto", false, map[string]Cast{"IND": CastNo, "ZAF": CastNo}, OutcomeAdopted, nil, 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CountVotes(CouncilIn(2012), tt.procedural, rollCall(all, tt.changes), by)
			want := tt.vetoedBy
			if want == nil {
				want = []string{}
			}
			if got.Outcome != tt.want || !slices.Equal(got.VetoedBy, want) || got.Yes != tt.yes || got.Required != 9 {
				t.Errorf("Count = %+v, want %s vetoed by %v with %d yes", got, tt.want, want, tt.yes)
			}
			if got.Yes+got.No+got.Abstain+got.Absent != 15 {
				t.Errorf("counts add to %d", got.Yes+got.No+got.Abstain+got.Absent)
			}
		})
	}
}

func TestProject(t *testing.T) {
	_, all := council2012()
	stances := func(pairs ...string) map[string]Stance {
		m := map[string]Stance{}
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i]] = Stance(pairs[i+1])
		}
		return m
	}
	nine := []string{"FRA", "support", "GBR", "support", "USA", "support", "AZE", "support", "COL", "leaning_support",
		"DEU", "support", "GTM", "support", "MAR", "support", "PRT", "leaning_support"}
	tests := []struct {
		name       string
		procedural bool
		stances    map[string]Stance
		want       Outcome
		yes, no    int
		uncertain  int
	}{
		{"nobody known", false, nil, Uncertain, 0, 0, 15},
		{"nine likely yes", false, stances(nine...), LikelyAdopted, 9, 0, 6},
		{"nine yes and a permanent against", false, stances(append(nine, "RUS", "against")...), LikelyVetoed, 9, 1, 5},
		{"a veto threat on a procedural draft", true, stances(append(nine, "RUS", "veto")...), LikelyAdopted, 9, 1, 5},
		{"cannot reach nine beats veto", false, stances("RUS", "veto", "CHN", "veto", "IND", "against", "ZAF", "against", "PAK", "abstain", "TGO", "abstain", "AZE", "abstain"), LikelyFailed, 0, 4, 8},
		{"hostile and undecided are uncertain", false, stances("IND", "hostile", "ZAF", "undecided"), Uncertain, 0, 0, 15},
		{"elected against is no veto", false, stances(append(nine, "IND", "against")...), LikelyAdopted, 9, 1, 5},
		{"seven abstentions", false, stances("AZE", "abstain", "COL", "abstain", "DEU", "abstain", "GTM", "abstain", "IND", "abstain", "MAR", "abstain", "PAK", "abstain"), LikelyFailed, 0, 0, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Project(CouncilIn(2012), tt.procedural, all, tt.stances)
			if f.Outcome != tt.want || f.LikelyYes.Count != tt.yes || f.LikelyNo.Count != tt.no || f.Uncertain.Count != tt.uncertain {
				t.Errorf("Project = %s yes %d no %d uncertain %d, want %s %d %d %d", f.Outcome, f.LikelyYes.Count, f.LikelyNo.Count, f.Uncertain.Count, tt.want, tt.yes, tt.no, tt.uncertain)
			}
			if n := f.LikelyYes.Count + f.LikelyNo.Count + f.Abstain.Count + f.Uncertain.Count; n != 15 {
				t.Errorf("blocs hold %d members", n)
			}
			if len(f.LikelyNo.Members) != f.LikelyNo.Count {
				t.Errorf("likely no names %v for count %d", f.LikelyNo.Members, f.LikelyNo.Count)
			}
		})
	}
}

func TestSitsOn(t *testing.T) {
	split := Member{Code: "MYS", Terms: []Term{{1965, 1965}}}
	elected := Member{Code: "IND", Terms: []Term{{2011, 2012}, {2021, 2022}}}
	perm := Member{Code: "FRA", Permanent: true}
	tests := []struct {
		m    Member
		on   Date
		want bool
	}{
		{split, "1965-06-01", true}, {split, "1964-12-31", false}, {split, "1966-01-01", false},
		{elected, "2011-01-01", true}, {elected, "2012-12-31", true}, {elected, "2013-01-01", false},
		{elected, "2021-05-05", true}, {elected, "2010-12-31", false},
		{perm, "1946-01-17", true}, {perm, "2030-01-01", true},
	}
	for _, tt := range tests {
		if got := tt.m.SitsOn(tt.on); got != tt.want {
			t.Errorf("%s.SitsOn(%s) = %v, want %v", tt.m.Code, tt.on, got, tt.want)
		}
	}
}

func TestStanceAllowedFor(t *testing.T) {
	perm, elected := Member{Code: "RUS", Permanent: true}, Member{Code: "IND"}
	for _, s := range Stances {
		if !s.AllowedFor(perm) {
			t.Errorf("permanent member refused %s", s)
		}
		if got := s.AllowedFor(elected); got != (s != StanceVeto) {
			t.Errorf("elected member %s: %v", s, got)
		}
	}
	if StanceUnknown.AllowedFor(perm) || Stance("maybe").AllowedFor(perm) {
		t.Error("unknown and made-up stances must not be recordable")
	}
}

func TestCheckRollCall(t *testing.T) {
	_, all := council2012()
	all = append(all, Member{Code: "BRA", Terms: []Term{{2010, 2011}}})
	full := rollCall(all[:15], nil)
	tests := []struct {
		name   string
		votes  map[string]Cast
		fields []string
	}{
		{"everyone once", full, nil},
		{"one missing", without(full, "TGO"), []string{"votes.TGO"}},
		{"a member not sitting", with(full, "BRA", CastYes), []string{"votes.BRA"}},
		{"a stranger", with(without(full, "IND"), "XYZ", CastNo), []string{"votes.IND", "votes.XYZ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VoteInput{VotedOn: "2012-02-04", Votes: tt.votes}.CheckRollCall(all)
			var got []string
			if err != nil {
				for _, f := range err.(*Error).Fields {
					got = append(got, f.Field)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}

func with(m map[string]Cast, k string, c Cast) map[string]Cast {
	out := map[string]Cast{k: c}
	for a, b := range m {
		out[a] = b
	}
	return out
}

func without(m map[string]Cast, k string) map[string]Cast {
	out := map[string]Cast{}
	for a, b := range m {
		if a != k {
			out[a] = b
		}
	}
	return out
}

func TestStatusTransitions(t *testing.T) {
	tests := []struct {
		from, to Status
		want     bool
	}{
		{StatusCirculating, StatusInBlue, true}, {StatusCirculating, StatusWithdrawn, true},
		{StatusInBlue, StatusCirculating, true}, {StatusInBlue, StatusWithdrawn, true},
		{StatusCirculating, StatusAdopted, false}, {StatusInBlue, StatusVetoed, false}, {StatusInBlue, StatusFailed, false},
		{StatusWithdrawn, StatusCirculating, false}, {StatusVetoed, StatusCirculating, false}, {StatusAdopted, StatusWithdrawn, false},
	}
	for _, tt := range tests {
		if got := tt.from.CanSetTo(tt.to); got != tt.want {
			t.Errorf("%s -> %s: %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2012-01-30", "2000-02-29"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("%s refused: %v", s, err)
		}
	}
	for _, s := range []string{"2012-02-30", "2011-02-29", "2012-1-30", "30/01/2012", "", "2012-01-30T00:00:00Z"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func BenchmarkCount(b *testing.B) {
	by, all := council2012()
	votes := rollCall(all, map[string]Cast{"RUS": CastNo, "CHN": CastNo, "IND": CastAbstain})
	b.ReportAllocs()
	for b.Loop() {
		if CountVotes(CouncilIn(2012), false, votes, by).Outcome != OutcomeVetoed {
			b.Fatal("wrong outcome")
		}
	}
}

func BenchmarkProject(b *testing.B) {
	_, all := council2012()
	stances := map[string]Stance{"RUS": StanceVeto, "CHN": StanceVeto, "USA": StanceSupport, "FRA": StanceSupport, "IND": StanceHostile}
	b.ReportAllocs()
	for b.Loop() {
		if Project(CouncilIn(2012), false, all, stances).Outcome != LikelyVetoed {
			b.Fatal("wrong outcome")
		}
	}
}

// TestCountBefore1966 counts roll calls of the eleven-member Council, which
// decided with seven votes (Art. 27 as first written).
func TestCountBefore1966(t *testing.T) {
	members := map[string]Member{}
	for _, c := range []string{"CHN", "FRA", "GBR", "RUS", "USA"} {
		members[c] = Member{Code: c, Permanent: true}
	}
	for _, c := range []string{"CUB", "ECU", "EGY", "IND", "NOR", "YUG"} {
		members[c] = Member{Code: c}
	}
	c1950 := CouncilIn(1950)
	if c1950 != (Council{Seats: 11, Elected: 6, Required: 7}) || CouncilIn(1965) != c1950 ||
		CouncilIn(1966) != (Council{Seats: 15, Elected: 10, Required: 9}) {
		t.Fatalf("councils: 1950 %+v, 1965 %+v, 1966 %+v", c1950, CouncilIn(1965), CouncilIn(1966))
	}
	// Res. 84 (1950) on Korea, 7 July 1950: 7 in favour, none against,
	// Egypt, India and Yugoslavia abstaining, the USSR absent.
	res84 := map[string]Cast{"CHN": CastYes, "FRA": CastYes, "GBR": CastYes, "USA": CastYes, "CUB": CastYes, "ECU": CastYes,
		"NOR": CastYes, "EGY": CastAbstain, "IND": CastAbstain, "YUG": CastAbstain, "RUS": CastAbsent}
	if got := CountVotes(c1950, false, res84, members); got.Outcome != OutcomeAdopted || got.Yes != 7 || got.Required != 7 {
		t.Errorf("res. 84 (1950): %+v, want adopted with 7 of 7 required", got)
	}
	// The same votes counted under the fifteen-member rule would fail: the
	// era decides.
	if got := CountVotes(CouncilIn(1966), false, res84, members); got.Outcome != OutcomeFailed {
		t.Errorf("7 yes under the 1966 rule: %s, want failed", got.Outcome)
	}
	// Six in favour is short of seven, whatever the permanent members do.
	short := maps(res84, map[string]Cast{"NOR": CastAbstain, "RUS": CastNo})
	if got := CountVotes(c1950, false, short, members); got.Outcome != OutcomeFailed || len(got.VetoedBy) != 0 {
		t.Errorf("6 yes with a permanent no: %+v, want failed, no veto", got)
	}
	// Seven in favour and a permanent no is a veto in either era.
	vetoed := maps(res84, map[string]Cast{"RUS": CastNo})
	if got := CountVotes(c1950, false, vetoed, members); got.Outcome != OutcomeVetoed || !slices.Equal(got.VetoedBy, []string{"RUS"}) {
		t.Errorf("7 yes with the USSR against: %+v, want vetoed by RUS", got)
	}
}

func maps(base, changes map[string]Cast) map[string]Cast {
	out := map[string]Cast{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}
