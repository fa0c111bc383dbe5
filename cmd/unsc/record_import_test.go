package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"unsc/models"
	"unsc/models/dbtest"
	"unsc/models/dhl"
	"unsc/seed"
)

// libraryPage is the path of a copy of one of the Library's pages.
func libraryPage(name string) string {
	return filepath.Join("..", "..", "seed", "data", "dhl", name+".gz")
}

// editedPage writes a copy of a page of the Library with old replaced by
// new (once), and returns its path; the file keeps the page's name.
func editedPage(t *testing.T, name, old, new string) string {
	t.Helper()
	b, _, err := dhl.ReadPage(libraryPage(name))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), old) != 1 {
		t.Fatalf("%s holds %q %d times", name, old, strings.Count(string(b), old))
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sourceOf is the source (dhl:FILE#rowN) of the meeting of a page with
// the given record.
func sourceOf(t *testing.T, name, record string) string {
	t.Helper()
	f, _, err := dhl.OpenPage(libraryPage(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := dhl.ParseMeetings(f, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Record == record {
			return m.Source
		}
	}
	t.Fatalf("%s has no meeting %s", name, record)
	return ""
}

// one is the first column of the first row query gives, as text.
func one(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	var s string
	if err := db.QueryRow(dbtest.Q(db, query)).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// unchangedFrom notes the database as it is now and returns a check that
// it is still so; what names the step that must not have written.
func unchangedFrom(t *testing.T, conn *sql.DB) (unchanged func(what string)) {
	t.Helper()
	before := dbtest.Dump(t, conn)
	return func(what string) {
		t.Helper()
		if dbtest.Dump(t, conn) != before {
			t.Error(what)
		}
	}
}

// TestImportMeetings imports the Library's table of 2012 into a database
// holding the seed alone: every meeting of the table is added, with a
// draft and vote per resolution and draft not adopted. Importing it again
// changes nothing. A broken cell, a tally that Art. 27 does not count as
// the outcome stated, and a meeting stored otherwise are each an error
// naming the file, the row (and the cell), and write nothing.
func TestImportMeetings(t *testing.T) {
	t.Parallel()
	const page = "scact2012_table_en.html"
	db := dbtest.Location(t)
	code, out, stderr := runCmd(t, "import", "meetings", libraryPage(page), "--db", db, "--record=false")
	if code != 0 || !strings.Contains(out, "record: added 214 meetings, 54 drafts, 55 votes (214 meetings read)") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	conn := dbtest.Open(t, db)
	if n := one(t, conn, "SELECT COUNT(*) FROM meetings WHERE source LIKE 'dhl:scact2012_table_en.html#row%'"); n != "214" {
		t.Errorf("%s meetings from the table stored", n)
	}
	// S/2012/77, the seed's draft, gets its vote from the table, vetoes and all.
	if got := one(t, conn, "SELECT d.status || ' ' || v.tally_yes || '-' || v.tally_no || ' ' || m.draft_id FROM meeting_decisions m "+
		"JOIN drafts d ON d.id = m.draft_id JOIN votes v ON v.draft_id = d.id WHERE m.meeting = 'S/PV.6711'"); got != "vetoed 13-2 2" {
		t.Errorf("S/PV.6711's decision: %q", got)
	}
	unchanged := unchangedFrom(t, conn)
	code, out, stderr = runCmd(t, "import", "meetings", libraryPage(page), "--db", db)
	if code != 0 || !strings.Contains(out, "record: added 0 meetings, 0 drafts, 0 votes") {
		t.Fatalf("second import: %d %q %q", code, out, stderr)
	}
	unchanged("importing the same table again changed the database")

	row6711 := strings.TrimPrefix(sourceOf(t, page, "S/PV.6711"), "dhl:"+page+"#row")
	row6809 := sourceOf(t, page, "S/PV.6809")
	tests := []struct {
		name, old, new, want string
	}{
		{"a broken cell", "<td>4 February</td>", "<td>31 February</td>",
			page + ": row " + row6711 + `, cell "Date": no day 31 in month 2 of 2012`},
		{"a tally against the outcome", "13-0-2</td>", "3-0-12</td>",
			row6809 + ".*S/RES/2058 \\(2012\\): the record says adopted, but 3-0-12 .* is failed under Art. 27"},
		{"a meeting stored otherwise", "sc10536.doc.htm\">SC/10536</a>", "sc10536.doc.htm\">SC/10999</a>",
			"dhl:" + page + "#row" + row6711 + ".*meeting S/PV.6711 is already recorded, differently: press release SC/10536, now SC/10999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := editedPage(t, page, tt.old, tt.new)
			target := db
			if tt.name == "a tally against the outcome" {
				target = dbtest.Location(t) // a new database, where the meeting is not stored yet
				runCmd(t, "seed", "--db", target, "--record=false")
			}
			conn := dbtest.Open(t, target)
			unchanged := unchangedFrom(t, conn)
			code, out, stderr := runCmd(t, "import", "meetings", file, "--db", target)
			if code == 0 || !regexp.MustCompile(tt.want).MatchString(stderr) || !strings.Contains(stderr, "nothing was imported") {
				t.Fatalf("exit %d, stdout %q, stderr %q, want %q", code, out, stderr, tt.want)
			}
			unchanged("a refused import wrote")
		})
	}
}

// TestImportOnTheRecord imports into a database holding the shipped
// record what it was derived from: the table of 2012 and the veto list.
// Neither changes anything. A veto list that names a member the record
// has voting yes is an error naming the row and cell, and writes nothing.
func TestImportOnTheRecord(t *testing.T) {
	t.Parallel()
	db, _ := seeded(t)
	conn := dbtest.Open(t, db)
	unchanged := unchangedFrom(t, conn)
	code, out, stderr := runCmd(t, "import", "meetings", libraryPage("scact2012_table_en.html"), "--db", db)
	if code != 0 || !strings.Contains(out, "record: added 0 meetings, 0 drafts, 0 votes") {
		t.Fatalf("import meetings: %d %q %q", code, out, stderr)
	}
	code, out, stderr = runCmd(t, "import", "vetoes", libraryPage("scact_veto_table_en.html"), "--db", db)
	if code != 0 || !strings.Contains(out, "read, 0 votes given negative votes they lacked") || strings.Contains(out, "changed:") {
		t.Fatalf("import vetoes: %d %q %q", code, out, stderr)
	}
	// The tables the shipped record corrected from the veto list: on their
	// own they differ from it and are refused, naming the meeting; checked
	// against the list (--vetoes) they are what the record holds.
	if code, _, stderr = runCmd(t, "import", "meetings", libraryPage("scact1963_table_en.html"), "--db", db); code == 0 ||
		!strings.Contains(stderr, "is already recorded, differently") {
		t.Errorf("1963 without the veto list: %d %q", code, stderr)
	}
	for _, year := range []string{"1963", "1971", "1974"} {
		code, out, stderr = runCmd(t, "import", "meetings", libraryPage("scact"+year+"_table_en.html"),
			"--vetoes", libraryPage("scact_veto_table_en.html"), "--db", db)
		if code != 0 || !strings.Contains(out, "record: added 0 meetings, 0 drafts, 0 votes") || !strings.Contains(out, "corrected: ") {
			t.Errorf("%s with the veto list: %d %q %q", year, code, out, stderr)
		}
	}
	unchanged("importing what the record holds changed the database")

	// S/2012/77: the seed's roll call has France voting yes.
	file := editedPage(t, "scact_veto_table_en.html", "S/PV.6711</a></td>\r\n<td>Middle East - Syria</td>\r\n<td>China</br>Russian Federation</td>",
		"S/PV.6711</a></td>\r\n<td>Middle East - Syria</td>\r\n<td>China</br>France</br>Russian Federation</td>")
	code, _, stderr = runCmd(t, "import", "vetoes", file, "--db", db)
	if code == 0 || !strings.Contains(stderr, `scact_veto_table_en.html: row `) ||
		!strings.Contains(stderr, `cell "Permanent Member Casting Negative Vote": the record has FRA voting yes on S/2012/77`) {
		t.Fatalf("a veto list against the record: %d %q", code, stderr)
	}
	unchanged("a refused import of vetoes wrote")
}

// TestUNDLCompletesATally imports, into the shipped record, the roll call
// of a resolution the record knows by its tally alone (res. 2058 (2012),
// 13-0-2): the vote becomes complete, and the export writes every
// member's vote. A file whose roll call the tally cannot hold fails,
// naming the line and column of the vote too many, and writes nothing.
func TestUNDLCompletesATally(t *testing.T) {
	t.Parallel()
	db, _ := seeded(t)
	conn := dbtest.Open(t, db)
	const res = "S/RES/2058 (2012)"
	id := one(t, conn, "SELECT id FROM drafts WHERE resolution = '"+res+"'")
	if got := one(t, conn, "SELECT complete || ' ' || tally_yes || '-' || tally_no || '-' || tally_abstain FROM votes WHERE draft_id = "+id); got != "0 13-0-2" && got != "false 13-0-2" {
		t.Fatalf("res. 2058's vote as shipped: %q", got)
	}
	// A vote known by its tally exports the members' votes known, and the
	// stored tally: S/2012/538, vetoed 11-2-2, names China and Russia.
	srv := startServer(t, db)
	vetoed := one(t, conn, "SELECT id FROM drafts WHERE symbol = 'S/2012/538'")
	partial := get(t, srv.addr, "/v1/drafts/"+vetoed+"/vote.csv")
	if lines := strings.Split(strings.TrimSpace(partial), "\n"); len(lines) != 3 ||
		!strings.HasPrefix(lines[1], ",CHN,China,True,N,2012-07-19,,S/2012/538,S/PV.6810,") || !strings.HasSuffix(lines[1], ",11,2,2,0,15,") ||
		!strings.HasPrefix(lines[2], ",RUS,Russian Federation,True,N,") || !strings.HasSuffix(lines[2], ",11,2,2,0,15,") {
		t.Errorf("the export of a vote known by its tally:\n%s", partial)
	}
	if res2058 := get(t, srv.addr, "/v1/drafts/"+id+"/vote.csv"); strings.Count(res2058, "\n") != 1 {
		t.Errorf("res. 2058 (2012), no member's vote known, exports rows:\n%s", res2058)
	}
	srv.stop()

	council, err := seed.Council()
	if err != nil {
		t.Fatal(err)
	}
	on := models.Date("2012-07-19")
	var sitting []models.Member
	for _, m := range council {
		if m.SitsOn(on) {
			sitting = append(sitting, m.On(on))
		}
	}
	slices.SortFunc(sitting, func(a, b models.Member) int { return strings.Compare(a.Code, b.Code) })
	// csvOf writes the roll call with the members named abstaining; the
	// rows are in the order of sitting, from line 2.
	csvOf := func(abstaining ...string) string {
		var b strings.Builder
		b.WriteString("undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,description,agenda\n")
		for _, m := range sitting {
			vote := "Y"
			if slices.Contains(abstaining, m.Code) {
				vote = "A"
			}
			fmt.Fprintf(&b, ",%s,%s,%t,%s,2012-07-19,%s,,S/PV.6809,Cyprus,Cyprus\n", m.Code, m.Name, m.Permanent, vote, res)
		}
		return b.String()
	}
	dir := t.TempDir()
	wrong := filepath.Join(dir, "wrong.csv")
	os.WriteFile(wrong, []byte(csvOf("AZE", "PAK", "TGO")), 0o644)
	unchanged := unchangedFrom(t, conn)
	code, _, stderr := runCmd(t, "import", "undl", wrong, "--db", db)
	line := 2 + slices.IndexFunc(sitting, func(m models.Member) bool { return m.Code == "TGO" })
	if want := fmt.Sprintf("line %d, column 5: ms_vote: one abstain too many", line); code == 0 || !strings.Contains(stderr, want) {
		t.Fatalf("a roll call against the tally: %d %q, want %q", code, stderr, want)
	}
	unchanged("a refused import wrote")

	right := filepath.Join(dir, "right.csv")
	os.WriteFile(right, []byte(csvOf("AZE", "PAK")), 0o644)
	code, out, stderr := runCmd(t, "import", "undl", right, "--db", db)
	if code != 0 || !strings.Contains(out, "added 0 drafts, 0 votes; 0 votes were already recorded; 1 votes known by their tally got members' votes") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	if got := one(t, conn, "SELECT COUNT(*) FROM vote_casts WHERE draft_id = "+id); got != "15" {
		t.Errorf("%s members' votes stored", got)
	}
	if got := one(t, conn, "SELECT COUNT(*) FROM vote_casts WHERE vote = 'abstain' AND member_code IN ('AZE', 'PAK') AND draft_id = "+id); got != "2" {
		t.Errorf("%s of AZE and PAK abstaining", got)
	}
	if got := one(t, conn, "SELECT complete FROM votes WHERE draft_id = "+id); got != "1" && got != "true" {
		t.Errorf("complete: %s", got)
	}
	after := dbtest.Dump(t, conn)
	code, out, _ = runCmd(t, "import", "undl", right, "--db", db)
	if code != 0 || !strings.Contains(out, "added 0 drafts, 0 votes; 1 votes were already recorded") || dbtest.Dump(t, conn) != after {
		t.Errorf("importing again: %q", out)
	}

	srv = startServer(t, db)
	defer srv.stop()
	export := get(t, srv.addr, "/v1/drafts/"+id+"/vote.csv")
	if rows := strings.Count(export, "\n"); rows != 16 || !strings.Contains(export, ",AZE,Azerbaijan,False,A,2012-07-19,"+res+",,S/PV.6809,") ||
		!strings.Contains(export, ",Recorded Vote,13,0,2,0,15,") {
		t.Errorf("the export of the completed vote:\n%s", export)
	}
}
