package models

import (
	"fmt"
	"slices"
)

// The rules of the Council's seats, which a new member or term must keep
// whatever the members already recorded (all: every member with its
// terms). The store reads the members, these judge.

// PrepareMember checks a new member's own fields and orders its terms.
func PrepareMember(m Member) (Member, error) {
	if m.Terms == nil {
		m.Terms = []Term{}
	}
	if err := m.Validate(); err != nil {
		return Member{}, err
	}
	m.Terms = slices.Clone(m.Terms)
	slices.SortFunc(m.Terms, func(a, b Term) int { return a.Start - b.Start })
	return m, nil
}

// CheckNewMember refuses a member, prepared by PrepareMember, that is
// already recorded, that would be a permanent member beyond the five
// (UN Charter Art. 23), or whose terms would seat more elected members in
// a year than the Council of that year has elected seats.
func CheckNewMember(all []Member, m Member) error {
	permanent := 0
	for _, o := range all {
		if o.Code == m.Code {
			return Conflict("member %s already exists", m.Code)
		}
		if o.Permanent {
			permanent++
		}
	}
	if m.Permanent && permanent >= PermanentSeats {
		return Conflict("the Council already has %d permanent members (UN Charter Art. 23)", PermanentSeats)
	}
	for i, t := range m.Terms {
		if err := checkSeats(all, t, "terms["+itoa(i)+"]"); err != nil {
			return err
		}
	}
	return nil
}

// CheckNewTerm refuses term t for member m: a permanent member has no
// terms, terms do not overlap, a retiring member is not eligible for
// immediate re-election (UN Charter Art. 23(2)), and the elected seats of
// each year of t must not be full already.
func CheckNewTerm(all []Member, m Member, t Term) error {
	if m.Permanent {
		return InvalidField("start", "%s is a permanent member and has no terms", m.Code)
	}
	for _, u := range m.Terms {
		if t.Overlaps(u) {
			return Conflict("%s already sits from %d to %d", m.Code, u.Start, u.End)
		}
		if t.Follows(u) {
			return &Error{Kind: KindConflict, Message: "UN Charter Art. 23(2): a retiring member is not eligible for immediate re-election",
				Fields: []FieldError{{Field: "start", Message: fmt.Sprintf("%s sits from %d to %d; a term from %d to %d would follow it at once", m.Code, u.Start, u.End, t.Start, t.End)}}}
		}
	}
	return checkSeats(all, t, "start")
}

// checkSeats refuses a term that would seat more elected members in any of
// its years than the Council of that year has elected seats (six until
// 1965, ten from 1966).
func checkSeats(all []Member, t Term, field string) error {
	for y := t.Start; y <= t.End; y++ {
		n := 0
		for _, m := range all {
			for _, u := range m.Terms {
				if u.Covers(y) {
					n++
				}
			}
		}
		if seats := CouncilIn(y).Elected; n >= seats {
			return &Error{Kind: KindConflict, Message: "the Council's elected seats are full",
				Fields: []FieldError{{Field: field, Message: "all " + itoa(seats) + " elected seats are taken in " + itoa(y)}}}
		}
	}
	return nil
}
