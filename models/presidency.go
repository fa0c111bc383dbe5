package models

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Month is a calendar month, written YYYY-MM. Valid months order as strings.
type Month string

// MonthPattern is how a month is written, from January 1946 (the Council's
// first month) to December 2999 (LastYear).
const MonthPattern = `^(194[6-9]|19[5-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$`

var monthPattern = regexp.MustCompile(MonthPattern)

// ParseMonth checks that s is a month the Council could have sat in.
func ParseMonth(s string) (Month, error) {
	if !monthPattern.MatchString(s) {
		return "", fmt.Errorf("must be a month written YYYY-MM, from 1946-01 to %d-12", LastYear)
	}
	return Month(s), nil
}

// MonthOf returns the month of a valid date.
func MonthOf(d Date) Month { return Month(string(d)[:7]) }

// Year returns the year of a valid month.
func (m Month) Year() int { y, _ := strconv.Atoi(string(m)[:4]); return y }

func (m Month) number() int { n, _ := strconv.Atoi(string(m)[5:7]); return n }

// First returns the first day of m.
func (m Month) First() Date { return Date(string(m) + "-01") }

// Add returns the month n months after m (before it when n < 0).
func (m Month) Add(n int) Month {
	i := m.Year()*12 + m.number() - 1 + n
	return Month(fmt.Sprintf("%04d-%02d", i/12, i%12+1))
}

// PresidencyBasis says how a month's president is known.
type PresidencyBasis string

// A president is recorded for the month, or computed by Rule 18 from the
// nearest recorded month.
const (
	PresidencyRecorded PresidencyBasis = "recorded"
	PresidencyComputed PresidencyBasis = "computed"
)

// Presidency is who presides over the Council in a month: the member as
// named then, whether that is recorded or computed, and the recorded
// month it was counted from.
type Presidency struct {
	Month  Month           `json:"month"`
	Member MemberRef       `json:"member"`
	Basis  PresidencyBasis `json:"basis"`
	From   Month           `json:"counted_from"`
}

// PresidencyRecord says that a member presided over the Council in a month.
type PresidencyRecord struct {
	Month  Month
	Member string // code
}

// PresidentIn applies Rule 18 of the provisional rules of procedure: the
// presidency passes each month to the next member in the English
// alphabetical order of the members' names, the first following the
// last. When the membership changes on 1 January, January's president is
// the first member of the new Council whose name follows December's
// president's. It counts from rec to target, forward; backward within a
// year as well, and across a new year only where exactly one member of
// the old Council leads to the new year's first president. all is every
// member with its terms and names; each year passed through must have its
// whole Council known.
func PresidentIn(all []Member, rec PresidencyRecord, target Month) (Presidency, error) {
	byCode := map[string]Member{}
	for _, m := range all {
		byCode[m.Code] = m
	}
	cur, ok := byCode[rec.Member]
	if !ok {
		return Presidency{}, NotFound("no member %s", rec.Member)
	}
	month := rec.Month
	for month != target {
		council, err := alphabetical(all, month)
		if err != nil {
			return Presidency{}, err
		}
		if month < target {
			next := month.Add(1)
			if next.Year() != month.Year() {
				if council, err = alphabetical(all, next); err != nil {
					return Presidency{}, err
				}
			}
			cur, month = following(council, next.First(), cur.NameOn(month.First())), next
			continue
		}
		prev := month.Add(-1)
		if prev.Year() == month.Year() {
			cur, month = preceding(council, cur), prev
			continue
		}
		if cur, err = december(all, prev, council, cur); err != nil {
			return Presidency{}, err
		}
		month = prev
	}
	basis := PresidencyComputed
	if target == rec.Month {
		basis = PresidencyRecorded
	}
	return Presidency{Month: target, Member: cur.RefOn(target.First()), Basis: basis, From: rec.Month}, nil
}

// alphabetical returns the Council sitting in month m in the order of
// its members' names then, refusing a year whose seats are not all known.
func alphabetical(all []Member, m Month) ([]Member, error) {
	day := m.First()
	council := Sitting(all, day)
	if want := CouncilOn(day).Seats; len(council) != want {
		return nil, Conflict("the Council of %d is not fully recorded (%d of %d seats): its presidency cannot be counted", m.Year(), len(council), want)
	}
	slices.SortFunc(council, func(a, b Member) int {
		return strings.Compare(NameKey(a.NameOn(day)), NameKey(b.NameOn(day)))
	})
	return council, nil
}

// following is the member of council (sorted by alphabetical for the
// month whose first day is day) whose name then comes after name; after
// the last, the first.
func following(council []Member, day Date, name string) Member {
	key := NameKey(name)
	for _, m := range council {
		if NameKey(m.NameOn(day)) > key {
			return m
		}
	}
	return council[0]
}

// preceding is the member before m in the alphabetical council; before
// the first, the last.
func preceding(council []Member, m Member) Member {
	i := slices.IndexFunc(council, func(o Member) bool { return o.Code == m.Code })
	if i <= 0 {
		return council[len(council)-1]
	}
	return council[i-1]
}

// december finds the president of December (month prev) from January's
// (jan, in the council of January newCouncil): the member of December's
// Council whose successor by Rule 18 is jan, when exactly one is.
func december(all []Member, prev Month, newCouncil []Member, jan Member) (Member, error) {
	old, err := alphabetical(all, prev)
	if err != nil {
		return Member{}, err
	}
	var found []Member
	for _, m := range old {
		if following(newCouncil, prev.Add(1).First(), m.NameOn(prev.First())).Code == jan.Code {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return Member{}, Conflict("the presidency of %s cannot be counted back from January: %d members of the %d Council could have preceded %s; record a month at or before it",
			prev, len(found), prev.Year(), jan.Code)
	}
	return found[0], nil
}

// NameKey is the key names are ordered by in English alphabetical order:
// lower case, with the accents of Latin letters dropped (Côte d'Ivoire
// among the Cs).
func NameKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if base, ok := latinBase[r]; ok {
			r = base
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// latinBase maps the accented Latin letters of member names to their base.
var latinBase = func() map[rune]rune {
	out := map[rune]rune{}
	for base, accented := range map[rune]string{'a': "àáâãäå", 'c': "ç", 'e': "èéêë", 'i': "ìíîï", 'n': "ñ",
		'o': "òóôõöø", 'u': "ùúûü", 'y': "ýÿ"} {
		for _, r := range accented {
			out[r] = base
		}
	}
	return out
}()

// PresidencyFrom answers the presidency of target from the recorded
// months nearest it: counted forward from the one at or before it when
// there is one, else back from the one after it. A recorded month is its
// own answer: an exception to the rotation wins over the count.
func PresidencyFrom(all []Member, before, after *PresidencyRecord, target Month) (Presidency, error) {
	switch {
	case before != nil:
		return PresidentIn(all, *before, target)
	case after != nil:
		return PresidentIn(all, *after, target)
	}
	return Presidency{}, Conflict("no month's presidency is recorded to count from: record one with PUT /v1/presidency/{month}")
}
