package openapi

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"unsc/models"
)

// TestTextPatternsMatchTheServersRules holds the text patterns to the
// rules they transcribe: blank is what strings.TrimSpace empties, control
// characters are those below space but tab and line breaks, and DEL.
func TestTextPatternsMatchTheServersRules(t *testing.T) {
	text, nonBlank := regexp.MustCompile(textPattern), regexp.MustCompile(nonBlankPattern)
	for r := rune(0); r <= 0x3100; r++ {
		s := "a" + string(r) + "b"
		control := r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || unicode.Is(unicode.Cf, r)
		if text.MatchString(s) == control {
			t.Errorf("textPattern on %q: %v, control %v", s, text.MatchString(s), control)
		}
		blank := strings.TrimSpace(string(r)) == ""
		if !control && nonBlank.MatchString(string(r)) == blank {
			t.Errorf("nonBlankPattern on %U: %v, blank %v", r, nonBlank.MatchString(string(r)), blank)
		}
		if unicode.IsSpace(r) && !control && !nonBlank.MatchString(" "+string(r)+"x"+string(r)) {
			t.Errorf("nonBlankPattern refuses text around %U", r)
		}
	}
}

// TestURLPatternAdmitsOnlyWhatTheServerTakes holds urlPattern to the
// server's check of a source's URL. The pattern is narrower in places (no
// user info, no IPv6 literal), never wider.
func TestURLPatternAdmitsOnlyWhatTheServerTakes(t *testing.T) {
	re := regexp.MustCompile(urlPattern)
	valid := func(u string) error {
		return models.Source{Title: "t", Publisher: "p", PublishedOn: "2012-01-30", URL: &u}.Validate()
	}
	for _, u := range []string{"http://a", "https://example.org/path?q=1#frag", "HTTPS://EXAMPLE.ORG", "http://a:8080/",
		"http://a:", "http://xn--80ak6aa92e.com/", "http://пример.рф/путь", "http://a/b c", "http://a/%41", "http://a/~x_y-z.!$&'()*+,;=:@"} {
		if !re.MatchString(u) || valid(u) != nil {
			t.Errorf("%q: pattern %v, server %v; want both to take it", u, re.MatchString(u), valid(u))
		}
	}
	for _, u := range []string{"http://a/%zz", "http://a b/", "http://a:80x/", "http:///x", "http://", "ftp://a",
		"javascript:alert(1)", "http://a/\x01", "//a", "http:a", "http://a/#%", "http://a%41/", " http://a"} {
		if re.MatchString(u) || valid(u) == nil {
			t.Errorf("%q: pattern %v, server %v; want both to refuse it", u, re.MatchString(u), valid(u))
		}
	}
}
