package board

import (
	"math"
	"strings"

	"unsc/models"
)

// seat is one of the fifteen places drawn around the horseshoe.
type seat struct {
	Code, Name, Label, Class, Anchor string
	Permanent                        bool
	X, Y, LabelX, LabelY             float64
}

// boardRow is one member's line under the horseshoe.
type boardRow struct {
	Code, Name string
	Permanent  bool
	Vote       models.Cast
	models.Position
}

// The horseshoe's geometry, in the SVG's units.
const (
	chamberX, chamberY = 320.0, 250.0 // centre
	seatRing           = 185.0        // radius of the seats' centres
	labelRing          = 236.0        // radius of the labels
	arcFrom, arcSweep  = 215.0, 250.0 // degrees: lower left, over the top, to lower right
)

// seats places the members around a horseshoe open at the bottom, in the
// order the rows come (alphabetical by name, as the Council sits), each
// with its stance or vote written outside the ring.
func seats(rows []boardRow, voted bool) []seat {
	out := make([]seat, len(rows))
	for i, row := range rows {
		frac := 0.5
		if len(rows) > 1 {
			frac = float64(i) / float64(len(rows)-1)
		}
		theta := (arcFrom - arcSweep*frac) * math.Pi / 180
		label := strings.ReplaceAll(string(row.Stance), "_", " ")
		class := string(row.Stance)
		if voted {
			label, class = string(row.Vote), string(row.Vote)
			if row.Vote == models.CastUnknown {
				label = "not known"
			}
		}
		anchor := "middle"
		switch c := math.Cos(theta); {
		case c < -0.3:
			anchor = "end"
		case c > 0.3:
			anchor = "start"
		}
		out[i] = seat{Code: row.Code, Name: row.Name, Permanent: row.Permanent, Label: label, Class: class, Anchor: anchor,
			X: round1(chamberX + seatRing*math.Cos(theta)), Y: round1(chamberY - seatRing*math.Sin(theta)),
			LabelX: round1(chamberX + labelRing*math.Cos(theta)), LabelY: round1(chamberY - labelRing*math.Sin(theta))}
	}
	return out
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
