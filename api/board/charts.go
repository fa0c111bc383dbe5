package board

import (
	"context"
	"fmt"
	"slices"

	"unsc/models"
)

// The board's charts are drawn on the server as SVG: the geometry is
// worked out here, in numbers, and the templates print it.

// vetoChart is the vetoes of each permanent member by decade, as grouped
// bars: a group per decade, a bar per member.
type vetoChart struct {
	Width, Height float64
	Members       []chartMember
	Bars          []vetoBar
	Decades       []chartLabel
	Ticks         []chartTick
	Total         int
}

type chartMember struct {
	Index      int
	Code, Name string
	Count      int
}

type vetoBar struct {
	Index                    int // the member's, for its colour
	Code, Name, Decade       string
	Count                    int
	X, Y, W, H, TextX, TextY float64
}

type chartLabel struct {
	Label string
	X, Y  float64
}

type chartTick struct {
	Value         int
	X1, X2, Y, TY float64
}

// The veto chart's geometry, in the SVG's units.
const (
	vcLeft, vcTop, vcPlot, vcBottom = 40.0, 16.0, 220.0, 30.0 // margins and the plot's height
	vcBar, vcGap                    = 14.0, 18.0              // a bar's width, the gap between decades
	vcMinWidth                      = 480.0                   // narrower charts are centred in this width
)

// allVetoes reads every veto f matches, a page at a time.
func (b *Board) allVetoes(ctx context.Context, f models.VetoFilter) ([]models.Veto, error) {
	var out []models.Veto
	f.Limit = models.MaxLimit
	for {
		page, err := b.store.Vetoes(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		f.Cursor = page.Next
	}
}

// vetoesByDecade counts each permanent member's vetoes by decade, from
// the decade of the first veto to that of the last, and lays the bars out.
func vetoesByDecade(vetoes []models.Veto, names map[string]string) vetoChart {
	codes := make([]string, 0, len(names))
	for code := range names {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	counts := map[string]map[int]int{}
	first, last := 0, 0
	for i, v := range vetoes {
		decade := v.VotedOn.Year() / 10 * 10
		if i == 0 || decade < first {
			first = decade
		}
		if i == 0 || decade > last {
			last = decade
		}
		for _, code := range v.VetoedBy {
			if counts[code] == nil {
				counts[code] = map[int]int{}
			}
			counts[code][decade]++
		}
	}
	c := vetoChart{Total: len(vetoes)}
	for i, code := range codes {
		n := 0
		for _, k := range counts[code] {
			n += k
		}
		c.Members = append(c.Members, chartMember{Index: i, Code: code, Name: names[code], Count: n})
	}
	if len(vetoes) == 0 {
		return c
	}
	most := 1
	for _, byDecade := range counts {
		for _, n := range byDecade {
			most = max(most, n)
		}
	}
	step := max(1, (most+3)/4) // four or five gridlines
	top := (most + step - 1) / step * step
	group := float64(len(codes))*vcBar + vcGap
	natural := vcLeft + float64((last-first)/10+1)*group + 10
	shift := max(0, (vcMinWidth-natural)/2)
	for d, i := first, 0; d <= last; d, i = d+10, i+1 {
		x0 := vcLeft + shift + vcGap/2 + float64(i)*group
		label := fmt.Sprintf("%ds", d)
		c.Decades = append(c.Decades, chartLabel{Label: label, X: round1(x0 + float64(len(codes))*vcBar/2), Y: vcTop + vcPlot + 20})
		for j, code := range codes {
			n := counts[code][d]
			h := vcPlot * float64(n) / float64(top)
			x := x0 + float64(j)*vcBar
			c.Bars = append(c.Bars, vetoBar{Index: j, Code: code, Name: names[code], Decade: label, Count: n,
				X: round1(x), Y: round1(vcTop + vcPlot - h), W: vcBar - 2, H: round1(h),
				TextX: round1(x + (vcBar-2)/2), TextY: round1(vcTop + vcPlot - h - 4)})
		}
		c.Width = x0 + group - vcGap/2
	}
	c.Width = round1(max(c.Width+10, vcMinWidth))
	c.Height = vcTop + vcPlot + vcBottom
	for v := 0; v <= top; v += step {
		y := round1(vcTop + vcPlot - vcPlot*float64(v)/float64(top))
		c.Ticks = append(c.Ticks, chartTick{Value: v, X1: vcLeft, X2: c.Width, Y: y, TY: y + 4})
	}
	return c
}

// heatmap is the agreement of every pair of members that voted together
// in a year, as a grid: a row and a column per member, a cell per pair
// shaded by its share of identical votes.
type heatmap struct {
	Size      float64
	Cols      []chartLabel
	Rows      []chartLabel
	Cells     []heatCell
	Pairs     []heatCell // each pair once, for the table of figures
	Members   []chartMember
	RollCalls int
}

type heatCell struct {
	A, B, NameA, NameB string
	X, Y, W, TX, TY    float64
	Shade              string // share-0 … share-4 by fifths, or share-none
	Percent            string // the share, rounded, or "" when none
	models.Agreement
}

// The heatmap's geometry, in the SVG's units.
const hmMargin, hmCell = 48.0, 30.0

// allPairs reads the agreement of every pair voting together from from to
// to, a page at a time.
func (b *Board) allPairs(ctx context.Context, from, to models.Date) ([]models.Agreement, error) {
	var out []models.Agreement
	cursor := ""
	for {
		page, err := b.store.AgreementMatrix(ctx, from, to, cursor, models.MaxLimit)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
}

// agreementGrid lays the pairs out, members in order of code.
func agreementGrid(pairs []models.Agreement, names map[string]string) heatmap {
	byPair := map[[2]string]models.Agreement{}
	var codes []string
	for _, p := range pairs {
		byPair[[2]string{p.Members[0], p.Members[1]}] = p
		byPair[[2]string{p.Members[1], p.Members[0]}] = p
		codes = append(codes, p.Members...)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	name := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		return code
	}
	hm := heatmap{Size: round1(hmMargin + hmCell*float64(len(codes)) + 4)}
	for i, code := range codes {
		mid := hmMargin + hmCell*float64(i) + hmCell/2
		hm.Cols = append(hm.Cols, chartLabel{Label: code, X: round1(mid), Y: hmMargin - 8})
		hm.Rows = append(hm.Rows, chartLabel{Label: code, X: hmMargin - 6, Y: round1(mid + 4)})
		hm.Members = append(hm.Members, chartMember{Index: i, Code: code, Name: name(code)})
	}
	for i, a := range codes {
		for j, b := range codes {
			if i == j {
				continue
			}
			p := byPair[[2]string{a, b}]
			p.Members = []string{a, b}
			cell := heatCell{A: a, B: b, NameA: name(a), NameB: name(b), Agreement: p, Shade: "share-none",
				X: round1(hmMargin + hmCell*float64(j)), Y: round1(hmMargin + hmCell*float64(i)), W: hmCell - 1}
			cell.TX, cell.TY = round1(cell.X+hmCell/2), round1(cell.Y+hmCell/2+4)
			if s := p.IdenticalShare; s != nil {
				cell.Shade = fmt.Sprintf("share-%d", min(4, int(*s*5)))
				cell.Percent = fmt.Sprintf("%.0f", *s*100)
			}
			hm.Cells = append(hm.Cells, cell)
			if i < j {
				hm.Pairs = append(hm.Pairs, cell)
			}
			hm.RollCalls = max(hm.RollCalls, p.RollCalls)
		}
	}
	return hm
}
