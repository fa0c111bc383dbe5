package board

import (
	"fmt"
	"strings"
	"time"

	"unsc/models"
)

// dayWords writes a date as "4 Feb 2012".
func dayWords(d models.Date) string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return string(d)
	}
	return t.Format("2 Jan 2006")
}

// longDay writes a date as "4 February 2012".
func longDay(d models.Date) string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return string(d)
	}
	return t.Format("2 January 2006")
}

// castWords says a member's vote: "yes", or "vote not known" where the
// record gives the tally only.
func castWords(c models.Cast) string {
	if c == models.CastUnknown {
		return "vote not known"
	}
	return string(c)
}

// theName puts "the" before the names that take it in English.
func theName(name string) string {
	for _, w := range []string{"United ", "Russian Federation", "Republic", "Kingdom", "Netherlands", "Philippines", "Gambia", "Emirates", "Islands", "Federation", "Democratic", "Holy See", "Bahamas", "Comoros", "Maldives", "Seychelles", "Sudan"} {
		if strings.HasPrefix(name, w) || strings.Contains(name, " "+strings.TrimSpace(w)) {
			if name == "Sudan" || name == "South Sudan" {
				return name
			}
			return "the " + name
		}
	}
	return name
}

// andList writes names as English prose: "A", "A and B", "A, B and C".
func andList(codes []string, names map[string]string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c
		if n, ok := names[c]; ok {
			parts[i] = theName(n)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// voteWords says a recorded outcome in words, e.g. "Vetoed by China and
// the Russian Federation: 13 in favour, 2 against, 0 abstentions; 9 needed".
func voteWords(v models.Vote, names map[string]string) string {
	t := v.Tally
	counts := fmt.Sprintf("%d in favour, %d against, %s", t.Yes, t.No, plural(t.Abstain, "abstention", "abstentions"))
	if t.Absent > 0 {
		counts += ", " + plural(t.Absent, "not voting", "not voting")
	}
	if !v.TallyKnown {
		counts = "the record gives no tally"
	}
	counts += fmt.Sprintf("; %d needed", t.Required)
	switch t.Outcome {
	case models.OutcomeVetoed:
		return "Vetoed by " + andList(t.VetoedBy, names) + ": " + counts
	case models.OutcomeAdopted:
		if v.AdoptedWithoutVote {
			return "Adopted without a vote"
		}
		return "Adopted: " + counts
	}
	return fmt.Sprintf("Failed, short of %s in favour: ", numberWords(t.Required)) + counts
}

// projectionWords says a projection in words.
func projectionWords(p models.Projection, names map[string]string) string {
	counts := fmt.Sprintf("%d likely in favour, %d likely against, %d abstaining, %d uncertain; %d needed",
		p.LikelyYes.Count, p.LikelyNo.Count, p.Abstain.Count, p.Uncertain.Count, p.Required)
	switch p.Outcome {
	case models.LikelyVetoed:
		return "Likely vetoed by " + andList(p.PermanentAgainst, names) + " if put to a vote: " + counts
	case models.LikelyAdopted:
		return "Likely adopted if put to a vote: " + counts
	case models.LikelyFailed:
		return fmt.Sprintf("Likely to fail, short of %s in favour: ", numberWords(p.Required)) + counts
	}
	return "Outcome uncertain: " + counts
}

// numberWords writes the votes a decision needs as the Charter does: seven
// until 1965, nine since.
func numberWords(n int) string {
	if words, ok := map[int]string{7: "seven votes", 9: "nine votes"}[n]; ok {
		return words
	}
	return fmt.Sprintf("%d votes", n)
}
