package models

import "testing"

// presidencyCouncil is a Council of 2026 and 2027: the permanent five, the
// cohorts of 2025-2026 and 2026-2027, and that of 2027-2028 from 1
// January 2027, when five seats change hands.
func presidencyCouncil() []Member {
	var all []Member
	for code, name := range map[string]string{"CHN": "China", "FRA": "France", "RUS": "Russian Federation",
		"GBR": "United Kingdom of Great Britain and Northern Ireland", "USA": "United States of America"} {
		all = append(all, Member{Code: code, Name: name, Permanent: true})
	}
	cohorts := []struct {
		start int
		names map[string]string
	}{
		{2025, map[string]string{"DZA": "Algeria", "GUY": "Guyana", "KOR": "Republic of Korea", "SLE": "Sierra Leone", "SVN": "Slovenia"}},
		{2026, map[string]string{"BHR": "Bahrain", "COL": "Colombia", "COD": "Democratic Republic of the Congo", "LVA": "Latvia", "LBR": "Liberia"}},
		{2027, map[string]string{"CIV": "Côte d'Ivoire", "KGZ": "Kyrgyzstan", "PHL": "Philippines", "URY": "Uruguay", "ZWE": "Zimbabwe"}},
	}
	for _, c := range cohorts {
		for code, name := range c.names {
			all = append(all, Member{Code: code, Name: name, Terms: []Term{{Start: c.start, End: c.start + 1}}})
		}
	}
	return all
}

func TestPresidencyRotation(t *testing.T) {
	t.Parallel()
	all := presidencyCouncil()
	rec := func(m Month, code string) *PresidencyRecord { return &PresidencyRecord{Month: m, Member: code} }
	for _, tc := range []struct {
		name          string
		before, after *PresidencyRecord
		target        Month
		want          string // a code, or "" for a refusal
		basis         PresidencyBasis
	}{
		{"the recorded month itself", rec("2026-10", "RUS"), nil, "2026-10", "RUS", PresidencyRecorded},
		{"the next member by name", rec("2026-10", "RUS"), nil, "2026-11", "SLE", PresidencyComputed},
		{"two months on", rec("2026-10", "RUS"), nil, "2026-12", "SVN", PresidencyComputed},
		// Slovenia leaves: January goes to the first name after it among
		// the new Council, the United Kingdom.
		{"across the new year and the change of members", rec("2026-10", "RUS"), nil, "2027-01", "GBR", PresidencyComputed},
		{"on into the new members", rec("2026-10", "RUS"), nil, "2027-03", "URY", PresidencyComputed},
		// After Zimbabwe, the last name, comes the first: Bahrain.
		{"the last is followed by the first", rec("2026-10", "RUS"), nil, "2027-05", "BHR", PresidencyComputed},
		// Côte d'Ivoire sorts among the Cs, after Colombia.
		{"an accented name in its place", rec("2027-05", "BHR"), nil, "2027-08", "CIV", PresidencyComputed},
		{"an exception counted from", rec("2027-02", "FRA"), nil, "2027-03", "KGZ", PresidencyComputed},
		{"back within the year", nil, rec("2026-10", "RUS"), "2026-01", "BHR", PresidencyComputed},
		// Only Colombia, of the 2026 Council, is followed by Côte d'Ivoire.
		{"back across a year where one member fits", nil, rec("2027-01", "CIV"), "2026-12", "COL", PresidencyComputed},
		// Russia, Sierra Leone and Slovenia are each followed by the United Kingdom.
		{"back across a year where several fit", nil, rec("2027-01", "GBR"), "2026-12", "", ""},
		{"a Council not fully recorded", rec("2026-10", "RUS"), nil, "2028-01", "", ""},
		{"no month recorded", nil, nil, "2026-10", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PresidencyFrom(all, tc.before, tc.after, tc.target)
			if tc.want == "" {
				if KindOf(err) != KindConflict {
					t.Fatalf("got %+v, %v; want a conflict", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Member.Code != tc.want || got.Basis != tc.basis || got.Month != tc.target {
				t.Errorf("got %+v, want %s (%s)", got, tc.want, tc.basis)
			}
		})
	}
}

func TestMonths(t *testing.T) {
	t.Parallel()
	if got := Month("2026-12").Add(1); got != "2027-01" {
		t.Errorf("2026-12 + 1 = %s", got)
	}
	if got := Month("2027-01").Add(-1); got != "2026-12" {
		t.Errorf("2027-01 - 1 = %s", got)
	}
	for _, bad := range []string{"1945-12", "2026-13", "2026-1", "3000-01", "2026-00"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
