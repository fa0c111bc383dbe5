package dhl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// RenumberResolutions checks that resolution numbers run 1, 2, 3... in
// the order of the meetings (which must be sorted by date, and by record
// within a day) and repairs one kind of misprint: a number that appears
// twice where the sequence has a gap of exactly one number between the
// neighbours of one of the two (1990, S/PV.2939: "S/RES/663" for 666;
// 1991, S/PV.2990: "S/RES/701" for 695). The repaired resolution gets
// the missing number and a note. It returns a description of each
// repair, and of every number still missing or repeated.
func RenumberResolutions(meetings []Meeting) (repairs, problems []string) {
	type ref struct{ m, o, n int }
	var seq []ref
	count := map[int]int{}
	for i := range meetings {
		for j, o := range meetings[i].Outcomes {
			if o.Kind == KindResolution {
				n := resNumber(o.Symbol)
				seq = append(seq, ref{i, j, n})
				count[n]++
			}
		}
	}
	for k, r := range seq {
		if count[r.n] < 2 || k == 0 || k == len(seq)-1 {
			continue
		}
		prev, next := seq[k-1].n, seq[k+1].n
		if next-prev == 2 && r.n != prev+1 && count[prev+1] == 0 {
			o := &meetings[r.m].Outcomes[r.o]
			old := o.Symbol
			o.Symbol = fmt.Sprintf("S/RES/%d (%s)", prev+1, old[strings.IndexByte(old, '(')+1:len(old)-1])
			note := fmt.Sprintf("the table prints %s, a number it also gives another resolution; between %d and %d this is %d", old, prev, next, prev+1)
			meetings[r.m].Notes = append(meetings[r.m].Notes, note)
			repairs = append(repairs, meetings[r.m].Source+": "+note)
			count[r.n]--
			count[prev+1]++
			seq[k].n = prev + 1
		}
	}
	max := 0
	for n := range count {
		if n > max {
			max = n
		}
	}
	for n := 1; n <= max; n++ {
		switch c := count[n]; {
		case c == 0:
			problems = append(problems, fmt.Sprintf("resolution %d is missing", n))
		case c > 1:
			problems = append(problems, fmt.Sprintf("resolution %d appears %d times", n, c))
		}
	}
	return repairs, problems
}

func resNumber(sym string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(sym[:strings.IndexByte(sym, ' ')], "S/RES/"))
	return n
}

// SortMeetings orders meetings oldest first: by date, then by record
// number (meetings without a record after those with one, in their
// given order), stably.
func SortMeetings(ms []Meeting) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Date != ms[j].Date {
			return ms[i].Date < ms[j].Date
		}
		a, b := recordNumber(ms[i].Record), recordNumber(ms[j].Record)
		if a == 0 || b == 0 {
			return a != 0 && b == 0
		}
		return a < b
	})
}

func recordNumber(r string) int {
	m := reRecordSym.FindStringSubmatch(r)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
