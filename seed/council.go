package seed

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"unsc/models"
)

// councilTerms is every term on the Council since 1946, with the name each
// state used during it (data/README.md says where it comes from).
//
//go:embed data/council-terms.tsv
var councilTerms string

// permanentNames are the names of the permanent seats' holders where they
// changed: the USSR's seat passed to the Russian Federation (its letter of
// 24 December 1991). China's seat passed from the Republic of China to the
// People's Republic on 25 October 1971 (GA res. 2758 (XXVI)), under the
// one name "China" the UN uses for both.
var permanentNames = map[string][]models.Name{
	"RUS": {
		{Name: "Union of Soviet Socialist Republics", From: ptr(models.Date("1946-01-01"))},
		{Name: "Russian Federation", From: ptr(models.Date("1991-12-24"))},
	},
}

// presentNames are the names states use now where they last sat under
// another, from the notes of data/council-terms.tsv ("now Sri Lanka"):
// a state is listed under its present name unless a date is asked for.
var presentNames = map[string]string{
	"LKA": "Sri Lanka", "BLR": "Belarus", "CPV": "Cabo Verde", "CZE": "Czechia",
	"LBY": "Libya", "TUR": "Türkiye",
}

// Council returns every state that has sat on the Council, with its
// terms and the names it used, from data/council-terms.tsv.
func Council() ([]models.Member, error) {
	lines := strings.Split(strings.TrimRight(councilTerms, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "code\tname\tstart\tend") {
		return nil, fmt.Errorf("council-terms.tsv: unexpected header %q", lines[0])
	}
	byCode := map[string]*models.Member{}
	var order []string
	for i, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("council-terms.tsv line %d: %d fields", i+2, len(f))
		}
		code, name := f[0], f[1]
		start, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("council-terms.tsv line %d: start %q", i+2, f[2])
		}
		m, seen := byCode[code]
		if !seen {
			m = &models.Member{Code: code, Terms: []models.Term{}}
			byCode[code] = m
			order = append(order, code)
		}
		if f[3] == "" { // a permanent seat
			m.Permanent, m.Name = true, name
			m.Names = permanentNames[code]
			continue
		}
		end, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("council-terms.tsv line %d: end %q", i+2, f[3])
		}
		m.Terms = append(m.Terms, models.Term{Start: start, End: end})
		// The name a state used during a term holds from the term's first
		// day until the first term under another name.
		if len(m.Names) == 0 || m.Names[len(m.Names)-1].Name != name {
			m.Names = append(m.Names, models.Name{Name: name, From: ptr(models.Date(fmt.Sprintf("%04d-01-01", start)))})
		}
		m.Name = name // the rows are in time order: the last is the present name
	}
	out := make([]models.Member, 0, len(order))
	for _, code := range order {
		m := *byCode[code]
		if now, ok := presentNames[code]; ok {
			m.Name = now
			// From the year after its last term: the date of a renaming
			// between terms is not in the record, and no vote falls there.
			last := m.Terms[len(m.Terms)-1].End + 1
			m.Names = append(m.Names, models.Name{Name: now, From: ptr(models.Date(fmt.Sprintf("%04d-01-01", last)))})
		}
		if len(m.Names) == 1 {
			m.Names = nil // one name: the member's own
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b models.Member) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}
