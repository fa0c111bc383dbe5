package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"unsc/models/dbtest"
)

// TestLookAlikeSymbolsAreRefused offers the real binary, beside the seed's
// S/2012/77, symbols that look like it and are not it: each is refused
// with 422 naming the symbol, and the drafts stored are the ones there
// were.
func TestLookAlikeSymbolsAreRefused(t *testing.T) {
	t.Parallel()
	db, token := seededAt(t, dbtest.Location(t))
	p := startBinary(t, db)
	defer p.cmd.Process.Kill()
	before := draftSymbols(t, p.addr)
	if !before["S/2012/77"] {
		t.Fatalf("the seed has no S/2012/77: %v", before)
	}
	for name, symbol := range map[string]string{
		"Cyrillic S":             "\u0405/2012/77",
		"full-width S":           "\uff33/2012/77",
		"right-to-left mark":     "S/2012/77\u200f",
		"right-to-left override": "\u202eS/2012/77",
		"zero-width space":       "S\u200b/2012/77",
		"lower case":             "s/2012/77",
		"full-width digits":      "S/\uff12\uff10\uff11\uff12/77",
		"Arabic digits":          "S/2012/\u0667\u0667",
		"padded":                 "  S/2012/77 ",
	} {
		body := fmt.Sprintf(`{"symbol":%q,"title":"Look-alike","topic":"Syria","introduced_on":"2012-01-30"}`, symbol)
		a := ask(t, http.MethodPost, "http://"+p.addr+"/v1/drafts", token, body)
		if a.status != http.StatusUnprocessableEntity || !namesField(t, a, "symbol") {
			t.Errorf("%s %q: %d, want 422 naming symbol: %s", name, symbol, a.status, a.body)
		}
	}
	if after := draftSymbols(t, p.addr); len(after) != len(before) {
		t.Errorf("drafts went from %d to %d: %v", len(before), len(after), after)
	}
	// A member's code is ASCII: letters whose upper case is an ASCII one
	// (the dotless ı, the long ſ) are not taken for it.
	for _, code := range []string{"ıRQ", "ſYR", "ІRQ", "ＩRQ"} {
		body := fmt.Sprintf(`{"code":%q,"name":"Look-alike","permanent":false,"terms":[]}`, code)
		if a := ask(t, http.MethodPost, "http://"+p.addr+"/v1/members", token, body); a.status != http.StatusUnprocessableEntity || !namesField(t, a, "code") {
			t.Errorf("member code %q: %d, want 422 naming code: %s", code, a.status, a.body)
		}
	}
}

// TestInvisibleCharactersAreRefused offers a bidirectional override or a
// zero-width character in each text field the board shows: each is
// refused with 422 naming the field.
func TestInvisibleCharactersAreRefused(t *testing.T) {
	t.Parallel()
	db, token := seededAt(t, dbtest.Location(t))
	p := startBinary(t, db)
	defer p.cmd.Process.Kill()
	const rlo, zwj = "\u202e", "\u200d"
	cases := []struct{ method, path, body, field string }{
		{"POST", "/v1/members", `{"code":"ATL","name":"Atlan` + rlo + `tis","permanent":false,"terms":[]}`, "name"},
		{"POST", "/v1/drafts", `{"title":"A` + zwj + `","topic":"Syria","introduced_on":"2012-01-30"}`, "title"},
		{"POST", "/v1/drafts", `{"title":"A","topic":"Sy` + rlo + `ria","introduced_on":"2012-01-30"}`, "topic"},
		{"POST", "/v1/drafts", `{"title":"A","topic":"Syria","agenda":"` + rlo + `x","introduced_on":"2012-01-30"}`, "agenda"},
		{"POST", "/v1/drafts", `{"title":"A","topic":"Syria","summary":"x` + "\ufeff" + `","introduced_on":"2012-01-30"}`, "summary"},
		{"POST", "/v1/drafts", `{"title":"A","topic":"Syria","sponsors":["Mor` + "\u2066" + `occo"],"introduced_on":"2012-01-30"}`, "sponsors[0]"},
		{"POST", "/v1/sources", `{"title":"T` + rlo + `","publisher":"AFP","published_on":"2012-01-30"}`, "title"},
		{"POST", "/v1/sources", `{"title":"T","publisher":"A` + "\u200b" + `FP","published_on":"2012-01-30"}`, "publisher"},
	}
	for _, c := range cases {
		a := ask(t, c.method, "http://"+p.addr+c.path, token, c.body)
		if a.status != http.StatusUnprocessableEntity || !namesField(t, a, c.field) {
			t.Errorf("%s %s with an invisible character in %s: %d %s", c.method, c.path, c.field, a.status, a.body)
		}
	}
	if a := ask(t, http.MethodGet, "http://"+p.addr+"/v1/members/ATL", "", ""); a.status != http.StatusNotFound {
		t.Errorf("the refused member was stored: %d %s", a.status, a.body)
	}
}

// namesField reports whether the problem a names field among its errors.
func namesField(t *testing.T, a answer, field string) bool {
	t.Helper()
	var p struct {
		Errors []struct{ Field string } `json:"errors"`
	}
	if err := json.Unmarshal([]byte(a.body), &p); err != nil {
		t.Fatalf("not a problem: %s", a.body)
	}
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

// draftSymbols is the set of the symbols of the drafts the server lists.
func draftSymbols(t *testing.T, addr string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	cursor := ""
	for {
		a := ask(t, http.MethodGet, "http://"+addr+"/v1/drafts?limit=100&cursor="+cursor, "", "")
		var page struct {
			Items []struct {
				Symbol *string `json:"symbol"`
			} `json:"items"`
			Next *string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(a.body), &page); err != nil {
			t.Fatalf("drafts: %d %s", a.status, a.body)
		}
		for _, d := range page.Items {
			if d.Symbol != nil {
				out[*d.Symbol] = true
			} else {
				out[fmt.Sprintf("(none %d)", len(out))] = true
			}
		}
		if page.Next == nil {
			return out
		}
		cursor = *page.Next
	}
}
