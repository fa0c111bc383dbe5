package models

import (
	"strings"
	"testing"
)

// TestRollCallNeedsEverySeatKnown: a roll call on a day whose Council has
// seats no known member holds is refused, saying how many are known,
// rather than counted against a short Council.
func TestRollCallNeedsEverySeatKnown(t *testing.T) {
	var known []Member
	for _, c := range []string{"CHN", "FRA", "GBR", "RUS", "USA"} {
		known = append(known, Member{Code: c, Permanent: true})
	}
	for _, c := range []string{"AUT", "KGZ", "PRT", "TTO", "ZWE"} {
		known = append(known, Member{Code: c, Terms: []Term{{2027, 2028}}})
	}
	votes := map[string]Cast{}
	for _, m := range known {
		votes[m.Code] = CastYes
	}
	err := VoteInput{VotedOn: "2028-03-01", Votes: votes}.CheckRollCall(known)
	if KindOf(err) != KindConflict || !strings.Contains(err.Error(), "only 10 of the Council's 15 seats") {
		t.Errorf("a roll call of 10 known seats in 2028: %v", err)
	}
	// Before 1966 the Council had eleven seats: eleven known is whole.
	var early []Member
	early = append(early, known[:5]...)
	for _, c := range []string{"AUS", "BRA", "EGY", "MEX", "NLD", "POL"} {
		early = append(early, Member{Code: c, Terms: []Term{{1946, 1946}}})
	}
	votes = map[string]Cast{}
	for _, m := range early {
		votes[m.Code] = CastYes
	}
	if err := (VoteInput{VotedOn: "1946-02-01", Votes: votes}).CheckRollCall(early); err != nil {
		t.Errorf("the eleven of 1946: %v", err)
	}
}

// TestNameOn reads a member's name on dates around its renamings.
func TestNameOn(t *testing.T) {
	from := func(d Date) *Date { return &d }
	m := Member{Code: "RUS", Name: "Russian Federation", Names: []Name{
		{Name: "Union of Soviet Socialist Republics", From: from("1946-01-01")},
		{Name: "Russian Federation", From: from("1991-12-24")}}}
	for d, want := range map[Date]string{"1945-12-31": "Union of Soviet Socialist Republics", "1991-12-23": "Union of Soviet Socialist Republics",
		"1991-12-24": "Russian Federation", "2026-11-29": "Russian Federation"} {
		if got := m.NameOn(d); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
	if got := (Member{Name: "Japan"}).NameOn("2000-01-01"); got != "Japan" {
		t.Errorf("a member with no periods: %q", got)
	}
}
