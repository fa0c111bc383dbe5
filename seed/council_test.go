package seed_test

import (
	"context"
	"slices"
	"testing"

	"unsc/models"
	"unsc/seed"
)

// TestCouncilTerms checks the Council's record as the seed holds it: the
// seats of every year in both eras, no immediate re-election, and the
// names of the day, across the 1971 and 1991 changes of the permanent
// seats' holders.
func TestCouncilTerms(t *testing.T) {
	t.Parallel()
	council, err := seed.Council()
	if err != nil {
		t.Fatal(err)
	}
	if len(council) != 137 {
		t.Errorf("%d members, want 137 (5 permanent, 132 elected states)", len(council))
	}
	for y := 1946; y <= 2027; y++ {
		elected := 0
		for _, m := range council {
			for _, tm := range m.Terms {
				if tm.Covers(y) {
					elected++
				}
			}
		}
		if want := models.CouncilIn(y).Elected; elected != want {
			t.Errorf("%d: %d elected members, want %d", y, elected, want)
		}
	}
	for _, m := range council {
		for i, a := range m.Terms {
			for _, b := range m.Terms[:i] {
				if a.Follows(b) {
					t.Errorf("%s: %v follows %v at once (Art. 23(2))", m.Code, a, b)
				}
			}
		}
	}
	s := open(t)
	ctx := context.Background()
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	sitting := func(on models.Date) map[string]string {
		page, err := s.ListMembers(ctx, models.MemberFilter{On: &on, Limit: models.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, m := range page.Items {
			out[m.Code] = m.Name
		}
		return out
	}
	for _, tt := range []struct {
		on    models.Date
		seats int
		names map[string]string // some of those sitting, as named that day
	}{
		{"1946-01-17", 11, map[string]string{"RUS": "Union of Soviet Socialist Republics", "EGY": "Egypt", "AUS": "Australia"}},
		{"1950-06-27", 11, map[string]string{"RUS": "Union of Soviet Socialist Republics", "YUG": "Yugoslavia", "IND": "India"}},
		{"1961-06-01", 11, map[string]string{"EGY": "United Arab Republic", "LKA": "Ceylon", "TUR": "Turkey"}},
		{"1965-11-20", 11, map[string]string{"JOR": "Jordan", "MYS": "Malaysia", "CIV": "Ivory Coast"}},
		{"1966-01-01", 15, map[string]string{"NZL": "New Zealand", "UGA": "Uganda", "MLI": "Mali", "JOR": "Jordan"}},
		{"1971-10-26", 15, map[string]string{"CHN": "China", "RUS": "Union of Soviet Socialist Republics"}},
		{"1991-12-31", 15, map[string]string{"RUS": "Russian Federation", "COD": "Zaire", "YEM": "Yemen"}},
		{"2012-01-30", 15, map[string]string{"DEU": "Germany", "IND": "India", "MAR": "Morocco", "AZE": "Azerbaijan"}},
		{"2026-11-29", 15, nil},
	} {
		got := sitting(tt.on)
		if len(got) != tt.seats {
			t.Errorf("%s: %d members sitting, want %d: %v", tt.on, len(got), tt.seats, got)
		}
		for code, name := range tt.names {
			if got[code] != name {
				t.Errorf("%s: %s is %q, want %q", tt.on, code, got[code], name)
			}
		}
	}
	if got := sitting("2028-06-01"); len(got) != 10 {
		t.Errorf("2028: %d seats known, want 10 (the permanent five and the 2027-2028 cohort)", len(got))
	}
	rus, err := s.GetMember(ctx, "RUS")
	if err != nil {
		t.Fatal(err)
	}
	if rus.Name != "Russian Federation" || len(rus.Names) != 2 || *rus.Names[0].To != "1991-12-23" || *rus.Names[1].From != "1991-12-24" {
		t.Errorf("RUS names: %+v", rus.Names)
	}
	lka, _ := s.GetMember(ctx, "LKA")
	if !slices.ContainsFunc(lka.Names, func(n models.Name) bool { return n.Name == "Ceylon" }) || lka.Name == "Ceylon" {
		t.Errorf("LKA: %s, names %+v", lka.Name, lka.Names)
	}
}
