package models

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseSearch(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]string{
		`Côte d'Ivoire`:               `[{[cote] false false} {[d ivoire] false false}]`,
		`"Security Council" -veto*`:   `[{[security council] false false} {[veto] true true}]`,
		`S/PV.6711`:                   `[{[s pv 6711] false false}] [S/PV.6711]`,
		`-"arab league" TÜRKIYE`:      `[{[arab league] false true} {[turkiye] false false}]`,
		`s/res/2118.`:                 `[{[s res 2118] false false}] [S/RES/2118]`,
		`  syria   / veto `:           `[{[syria] false false} {[veto] false false}]`,
		`"S/2012/77"`:                 `[{[s 2012 77] false false}]`,
		`sanc* "two words*"`:          `[{[sanc] true false} {[two words] true false}]`,
		"dec\u0327laration decompose": `[{[declaration] false false} {[decompose] false false}]`,
	} {
		got, err := ParseSearch(q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		s := fmt.Sprint(got.Terms)
		if len(got.Symbols) > 0 {
			s += " " + fmt.Sprint(got.Symbols)
		}
		if s != want {
			t.Errorf("%s: %s, want %s", q, s, want)
		}
	}
	for _, q := range []string{"", "   ", "//", `"syria`, `syria "veto" "`, "-syria", `-"a b" -c`, "sy*ria", "s*", "*",
		strings.Repeat("a", MaxSearchLen+1), strings.Repeat("w ", MaxSearchTerms+1), "a\"b", "\xff"} {
		if _, err := ParseSearch(q); KindOf(err) != KindInvalid {
			t.Errorf("%q: %v, want invalid", q, err)
		}
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	marked := func(parts []SnippetPart) string {
		var b strings.Builder
		for _, p := range parts {
			if p.Match {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		return b.String()
	}
	long := strings.Repeat("filler words here ", 20)
	for _, c := range []struct{ q, text, want string }{
		{"cote ivoire", "The situation in Côte d'Ivoire", "The situation in [Côte] d'[Ivoire]"},
		{"S/2012/77", "Vetoed S/2012/77 and S/2012/770; S alone", "Vetoed [S/2012/77] and S/2012/770; S alone"},
		{`"arab league"`, "The Arab  League and the league of Arab states", "The [Arab League] and the league of Arab states"},
		{"veto*", "It would veto; vetoed before", "It would [veto]; [vetoed] before"},
		{"nothing", "No match here", "No match here"},
		{"needle", long + "the needle is here. " + long, "…" + strings.Repeat("filler words here ", 2)[6:]},
	} {
		q, err := ParseSearch(c.q)
		if err != nil {
			t.Fatal(err)
		}
		got := marked(Snippet(c.text, q))
		if c.q == "needle" {
			if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "the [needle] is here.") || len(got) > SnippetLen+20 {
				t.Errorf("%s: %q", c.q, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.q, got, c.want)
		}
	}
}
