package dhl

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The outcome cell is read as a sequence of items; between items only
// separators ("and", "+", "&", ",", ";", line breaks) may appear.
var (
	reSep       = regexp.MustCompile(`^(?:[\s+&,;|]+|and\b)`)
	reNone      = regexp.MustCompile(`^--`)
	reRes       = regexp.MustCompile(`^S/RES/\s?(\d+)\s*\(\s*(\d{4})\s*\)`)
	rePRST      = regexp.MustCompile(`^S/PRST/(\d{4})/(\d+)`)
	rePRSTOld   = regexp.MustCompile(`^(S/\d+|S/PV\.\d+)\s*\(PRST\)(?:\s*and\s+Corr\.(\d+))?`)
	rePRSTPlain = regexp.MustCompile(`^PRST(?:\s+unnumbered)?\b`)
	reCommuniq  = regexp.MustCompile(`^(?i:communiqu[ée])`)
	reDraft     = regexp.MustCompile(`^(?:Power Four )?(?i:draft resolution)(?:s\b)?\s*`)
	reDocSym    = regexp.MustCompile(`^\(?\s*(S/(?:PV\.)?\d+(?:/\d+)?(?:/Rev\.\s?\d+)?(?:/(?:Corr|Add)\.\s?\d+)?)\s*\)?`)
	reBareDraft = regexp.MustCompile(`^\(?\s*(S/\d+(?:/\d+)?(?:/Rev\.\s?\d+)?)\s*\)?\s*(?:vetoed by|(?:was )?not adopted)`)
	reAmend     = regexp.MustCompile(`^(?:and|&)\s*(Corr|Add)\.\s?(\d+)`)
	reParen     = regexp.MustCompile(`^\(([^()]*(?:\([^()]*\)[^()]*)*)\)`)
	reVetoedBy  = regexp.MustCompile(`^vetoed\s+by`)
	reNotAdopt  = regexp.MustCompile(`^(?:was )?not adopted`)
	reMember    = regexp.MustCompile(`^(?i:the\s+)?(USSR|Soviet Union|Union of Soviet Socialist Republics|Russian Federation|Russia|USA|United States(?: of America)?|UK|United Kingdom(?: of Great Britain and Northern Ireland)?|France|China)\b`)
	reTally     = regexp.MustCompile(`^(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:\s*\((\d+) absent\))?`)
	reAdoption  = regexp.MustCompile(`^(?i:(adopted unanimously)|(without (?:a )?vote)|(adopted by consensus))`)
	reNoteLet   = regexp.MustCompile(`^(Note|Letter)\s*\(?\s*(S/\d{4}/\d+)\s*\)?`)
	reElection  = regexp.MustCompile(`^Election of[^\n]*`)
	reReferral  = regexp.MustCompile(`^Referral to the Committee on the Admission of New Members`)
	reBareDoc   = regexp.MustCompile(`^(S/\d+(?:/\d+)?)\s*(?:\n|$)`)
	reDecision  = regexp.MustCompile(`^Decision\b`)
	reNotPart   = regexp.MustCompile(`^\(([^()]*did not participate in the voting\.?)\)`)
)

// memberCode maps the spellings of the permanent members in the Library's
// pages (and the recent TSV) to their codes. ok is false for any other name.
func memberCode(name string) (string, bool) {
	n := strings.ToLower(clean(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")))
	switch n {
	case "ussr", "soviet union", "union of soviet socialist republics", "russian federation", "russia":
		return "RUS", true
	case "usa", "united states", "united states of america", "us":
		return "USA", true
	case "uk", "united kingdom", "united kingdom of great britain and northern ireland":
		return "GBR", true
	case "france":
		return "FRA", true
	case "china":
		return "CHN", true
	}
	return "", false
}

func parseOutcomes(lines []string, year int, notes *[]string) ([]Outcome, error) {
	s := strings.Join(lines, "\n")
	var out []Outcome
	pending := []int{} // resolutions and drafts waiting for a tally
	none := false
	seats := Seats(year)
	for {
		if m := reSep.FindString(s); m != "" {
			s = s[len(m):]
			continue
		}
		if s == "" {
			break
		}
		if m := reNone.FindString(s); m != "" {
			none = true
			s = s[len(m):]
			continue
		}
		if m := reRes.FindStringSubmatch(s); m != nil {
			ry, _ := strconv.Atoi(m[2])
			o := Outcome{Kind: KindResolution, Symbol: fmt.Sprintf("S/RES/%s (%d)", m[1], year)}
			if ry != year {
				// A resolution bears the year of its adoption: a different
				// year in the cell is a misprint (1965: "207 (1964)").
				*notes = append(*notes, fmt.Sprintf("the table prints %s; the year is the meeting's", clean(m[0])))
			}
			out = append(out, o)
			pending = awaitTally(out, pending)
			s = s[len(m[0]):]
			continue
		}
		if m := rePRST.FindStringSubmatch(s); m != nil {
			out = append(out, Outcome{Kind: KindPresidentialStatement, Symbol: fmt.Sprintf("S/PRST/%s/%s", m[1], m[2])})
			pending = pending[:0]
			s = s[len(m[0]):]
			continue
		}
		if m := rePRSTOld.FindStringSubmatch(s); m != nil {
			o := Outcome{Kind: KindPresidentialStatement, Symbol: m[1]}
			if strings.HasPrefix(m[1], "S/PV.") {
				// a statement read out at the meeting, in its record only
				o.Symbol = ""
				o.Text = "statement in " + m[1]
			}
			if m[2] != "" {
				o.Also = []string{m[1] + "/Corr." + m[2]}
			}
			out = append(out, o)
			pending = pending[:0]
			s = s[len(m[0]):]
			continue
		}
		if m := rePRSTPlain.FindString(s); m != "" {
			out = append(out, Outcome{Kind: KindPresidentialStatement, Text: m})
			pending = pending[:0]
			s = s[len(m):]
			continue
		}
		if m := reCommuniq.FindString(s); m != "" {
			out = append(out, Outcome{Kind: KindCommunique})
			pending = pending[:0]
			s = s[len(m):]
			continue
		}
		if m := reNoteLet.FindStringSubmatch(s); m != nil {
			k := KindNote
			if m[1] == "Letter" {
				k = KindLetter
			}
			out = append(out, Outcome{Kind: k, Symbol: m[2]})
			pending = pending[:0]
			s = s[len(m[0]):]
			continue
		}
		if m := reElection.FindString(s); m != "" {
			// the names run on over line breaks: "..., Mr. X (Poland) and<br>Mr. Y (Egypt)"
			text := strings.TrimSpace(m)
			s = s[len(m):]
			for strings.HasPrefix(s, "\n") {
				next := firstLine(s[1:])
				if next == "" || startsItem(next) {
					break
				}
				text += " " + strings.TrimSpace(next)
				s = s[1+len(next):]
			}
			out = append(out, Outcome{Kind: KindElection, Text: text})
			pending = pending[:0]
			continue
		}
		if m := reReferral.FindString(s); m != "" {
			out = append(out, Outcome{Kind: KindReferral})
			pending = pending[:0]
			s = s[len(m):]
			continue
		}
		if m := reDraft.FindString(s); m != "" || reBareDraft.MatchString(s) {
			s = s[len(m):]
			o, rest, err := parseDraft(s)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
			pending = awaitTally(out, pending)
			s = rest
			continue
		}
		if m := reBareDoc.FindStringSubmatch(s); m != nil {
			out = append(out, Outcome{Kind: KindDocument, Symbol: m[1]})
			pending = pending[:0]
			s = s[len(m[1]):]
			continue
		}
		if m := reDecision.FindString(s); m != "" {
			out = append(out, Outcome{Kind: KindDecision})
			pending = pending[:0]
			s = s[len(m):]
			continue
		}
		if m := reTally.FindStringSubmatch(s); m != nil {
			t := Tally{}
			t.Yes, _ = strconv.Atoi(m[1])
			t.No, _ = strconv.Atoi(m[2])
			t.Abstain, _ = strconv.Atoi(m[3])
			if len(pending) == 0 {
				if len(out) > 0 || t.Yes >= Majority(year) {
					return nil, fmt.Errorf("a tally %q with no resolution or draft before it", m[0])
				}
				// 2021, S/PV.8823: a tally alone, short of the majority:
				// a draft put to the vote and not adopted, symbol not given.
				out = append(out, Outcome{Kind: KindDraft, Result: ResultFailed})
				pending = append(pending, len(out)-1)
				*notes = append(*notes, fmt.Sprintf("the outcome cell gives only the tally %s: read as a draft not adopted", m[0]))
			}
			sum := t.Yes + t.No + t.Abstain
			if sum > seats {
				return nil, fmt.Errorf("tally %q counts %d votes, more than the %d seats", m[0], sum, seats)
			}
			t.NonVoting = seats - sum
			for _, i := range pending {
				tt := t
				out[i].Tally = &tt
				if out[i].Kind == KindResolution {
					out[i].Adoption = AdoptedByVote
				}
			}
			pending = pending[:0]
			s = s[len(m[0]):]
			continue
		}
		if m := reAdoption.FindStringSubmatch(s); m != nil {
			how := AdoptedUnanimously
			if m[2] != "" {
				how = AdoptedWithoutVote
			} else if m[3] != "" {
				how = AdoptedByConsensus
			}
			n := 0
			for _, i := range pending {
				if out[i].Kind == KindResolution {
					out[i].Adoption = how
					n++
				}
			}
			if n == 0 {
				return nil, fmt.Errorf("%q with no resolution before it", m[0])
			}
			pending = pending[:0]
			s = s[len(m[0]):]
			continue
		}
		if m := reNotPart.FindStringSubmatch(s); m != nil {
			if len(out) == 0 || out[len(out)-1].Tally == nil {
				return nil, fmt.Errorf("%q with no vote before it", m[0])
			}
			o := &out[len(out)-1]
			o.Text = strings.TrimSpace(o.Text + " " + m[1])
			s = s[len(m[0]):]
			continue
		}
		return nil, fmt.Errorf("unreadable outcome text at %q", firstLine(s))
	}
	for i := range out {
		// 2022, S/PV.9048: "S/2022/431 vetoed by China and Russian
		// Federation 13-0-2". Two members named as voting no against a
		// tally of no noes: one of the two is wrong, and the page does not
		// say which, so the tally is not kept; the vetoes are.
		if t := out[i].Tally; t != nil && t.No < len(out[i].VetoedBy) {
			*notes = append(*notes, fmt.Sprintf("%s: the tally %d-%d-%d has fewer noes than the %d members named as vetoing it: the tally is left out",
				out[i].Symbol, t.Yes, t.No, t.Abstain, len(out[i].VetoedBy)))
			out[i].Tally = nil
		}
	}
	if none && len(out) > 0 {
		*notes = append(*notes, "the outcome cell also has a stray \"--\"")
	}
	return out, nil
}

// awaitTally adds the last outcome to those waiting for a tally. A tally
// after several items is shared only by items of one kind ("S/RES/2082
// (2012) and S/RES/2083 (2012) 15-0-0"; two drafts "not adopted 6-0-5"):
// drafts listed with their verdict and then a resolution with its tally
// (1946, S/PV.49: three vetoed drafts, then "S/RES/7 (1946) 11-0-0") did
// not get the resolution's tally, so a new kind of item leaves them with
// none.
func awaitTally(out []Outcome, pending []int) []int {
	last := len(out) - 1
	if len(pending) > 0 && out[pending[0]].Kind != out[last].Kind {
		pending = pending[:0]
	}
	return append(pending, last)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// parseDraft reads what follows "Draft resolution": symbols, amendments
// and remarks, then "vetoed by MEMBERS" or "not adopted".
func parseDraft(s string) (Outcome, string, error) {
	o := Outcome{Kind: KindDraft}
	var syms []string
	var texts []string
	for {
		s = strings.TrimLeft(s, " \n")
		if m := reDocSym.FindStringSubmatch(s); m != nil && strings.HasPrefix(strings.TrimLeft(s, "( "), "S/") {
			syms = append(syms, strings.ReplaceAll(m[1], " ", ""))
			s = s[len(m[0]):]
			continue
		}
		if m := reAmend.FindStringSubmatch(s); m != nil && len(syms) > 0 {
			syms = append(syms, baseDoc(syms[len(syms)-1])+"/"+m[1]+"."+m[2])
			s = s[len(m[0]):]
			continue
		}
		if m := reParen.FindStringSubmatch(s); m != nil {
			texts = append(texts, clean(m[1]))
			s = s[len(m[0]):]
			continue
		}
		if m := regexp.MustCompile(`^(?:,|and\b|&)`).FindString(s); m != "" && len(syms) > 0 {
			s = s[len(m):]
			continue
		}
		break
	}
	switch {
	case reVetoedBy.MatchString(s):
		s = s[len(reVetoedBy.FindString(s)):]
		o.Result = ResultVetoed
		for {
			t := strings.TrimLeft(s, " \n,")
			if strings.HasPrefix(t, "and ") || strings.HasPrefix(t, "and\n") {
				t = t[4:]
			}
			t = strings.TrimLeft(t, " \n")
			m := reMember.FindStringSubmatch(t)
			if m == nil {
				break
			}
			code, _ := memberCode(m[1])
			if !contains(o.VetoedBy, code) {
				o.VetoedBy = append(o.VetoedBy, code)
			}
			s = t[len(m[0]):]
		}
		sort.Strings(o.VetoedBy)
		// 1959-1964: "vetoed by" with the member on the next line after the
		// tally is handled by the loop above; a veto naming nobody is left
		// for ApplyVetoes to fill from the veto list.
	case reNotAdopt.MatchString(s):
		o.Result = ResultFailed
		s = s[len(reNotAdopt.FindString(s)):]
	default:
		return o, s, fmt.Errorf("draft resolution without \"vetoed by\" or \"not adopted\" at %q", firstLine(s))
	}
	// remarks after the verdict: "(preliminary question)"
	for {
		t := strings.TrimLeft(s, " ")
		m := reParen.FindStringSubmatch(t)
		if m == nil || strings.Contains(m[1], "did not participate") {
			break
		}
		texts = append(texts, clean(m[1]))
		s = t[len(m[0]):]
	}
	if len(syms) > 0 {
		o.Symbol = syms[0]
		o.Also = syms[1:]
		if len(o.Also) == 0 {
			o.Also = nil
		}
	}
	o.Text = strings.Join(texts, "; ")
	return o, s, nil
}

// baseDoc strips a /Corr.N or /Add.N: the document an amendment applies to.
func baseDoc(sym string) string {
	for _, k := range []string{"/Corr.", "/Add."} {
		if i := strings.Index(sym, k); i >= 0 {
			return sym[:i]
		}
	}
	return sym
}

// startsItem tells whether a line of an outcome cell starts a new item.
func startsItem(l string) bool {
	for _, re := range []*regexp.Regexp{reNone, reRes, rePRST, rePRSTOld, rePRSTPlain, reCommuniq, reDraft, reBareDraft, reNoteLet, reElection, reReferral, reTally, reAdoption} {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// Majority is the number of affirmative votes a decision needs: 7 of 11
// to 1965, 9 of 15 from 1966 (Article 27).
func Majority(year int) int {
	if year < 1966 {
		return 7
	}
	return 9
}
