package dhl

// The grammar of a draft resolution not adopted, in an outcome cell and
// in the veto list: its symbols, amendments and remarks, and the
// permanent members that vetoed it.

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var (
	reDocSym   = regexp.MustCompile(`^\(?\s*(S/(?:PV\.)?\d+(?:/\d+)?(?:/Rev\.\s?\d+)?(?:/(?:Corr|Add)\.\s?\d+)?)\s*\)?`)
	reAmend    = regexp.MustCompile(`^(?:and|&)\s*(Corr|Add)\.\s?(\d+)`)
	reParen    = regexp.MustCompile(`^\(([^()]*(?:\([^()]*\)[^()]*)*)\)`)
	reVetoedBy = regexp.MustCompile(`^vetoed\s+by`)
	reNotAdopt = regexp.MustCompile(`^(?:was )?not adopted`)
	reMember   = regexp.MustCompile(`^(?i:the\s+)?(USSR|Soviet Union|Union of Soviet Socialist Republics|Russian Federation|Russia|USA|United States(?: of America)?|UK|United Kingdom(?: of Great Britain and Northern Ireland)?|France|China)\b`)
	reDraftSep = regexp.MustCompile(`^(?:,|and\b|&)`)
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

// parseDraft reads what follows "Draft resolution": symbols, amendments
// and remarks, then "vetoed by MEMBERS" or "not adopted", then remarks
// ("(preliminary question)"). It returns the draft and the text after it.
func parseDraft(s string) (Outcome, string, error) {
	o := Outcome{Kind: KindDraft}
	syms, texts, s := draftDocuments(s)
	switch {
	case reVetoedBy.MatchString(s):
		o.Result = ResultVetoed
		// 1964: "vetoed by<br> USSR 8-3-0", the member on the next line,
		// is read by vetoers; a veto naming nobody is left for
		// ApplyVetoes to fill from the veto list.
		o.VetoedBy, s = vetoers(s[len(reVetoedBy.FindString(s)):])
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

// draftDocuments reads a draft's symbols and amendments, joined by ",",
// "and" or "&", and remarks in brackets; it returns them and the text
// after them.
func draftDocuments(s string) (syms, texts []string, rest string) {
	for {
		s = strings.TrimLeft(s, " \n")
		if sym, rest, ok := docSymbol(s); ok {
			syms = append(syms, sym)
			s = rest
			continue
		}
		if sym, rest, ok := amendment(s, syms); ok {
			syms = append(syms, sym)
			s = rest
			continue
		}
		if m := reParen.FindStringSubmatch(s); m != nil {
			texts = append(texts, clean(m[1]))
			s = s[len(m[0]):]
			continue
		}
		if m := reDraftSep.FindString(s); m != "" && len(syms) > 0 {
			s = s[len(m):]
			continue
		}
		return syms, texts, s
	}
}

// vetoers reads the members named after "vetoed by" ("USSR", "China and
// Russian Federation", one a line) and returns their codes, sorted, and
// the text after them.
func vetoers(s string) ([]string, string) {
	var codes []string
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
		if !contains(codes, code) {
			codes = append(codes, code)
		}
		s = t[len(m[0]):]
	}
	sort.Strings(codes)
	return codes, s
}

// docSymbol reads a document symbol at the start of s ("S/2022/431",
// "(S/1148/Corr.1)") and returns it without spaces, and the text after it.
func docSymbol(s string) (sym, rest string, ok bool) {
	m := reDocSym.FindStringSubmatch(s)
	if m == nil || !strings.HasPrefix(strings.TrimLeft(s, "( "), "S/") {
		return "", s, false
	}
	return strings.ReplaceAll(m[1], " ", ""), s[len(m[0]):], true
}

// amendment reads "and Corr.1" or "& Add.2" at the start of s: a
// corrigendum or addendum of the document the last of syms amends (see
// baseDoc). It returns its symbol and the text after it; there is none
// when syms is empty.
func amendment(s string, syms []string) (sym, rest string, ok bool) {
	m := reAmend.FindStringSubmatch(s)
	if m == nil || len(syms) == 0 {
		return "", s, false
	}
	return baseDoc(syms[len(syms)-1]) + "/" + m[1] + "." + m[2], s[len(m[0]):], true
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
