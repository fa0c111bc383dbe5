package undl_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"unsc/models"
	"unsc/models/undl"
)

var council = []models.Member{
	{Code: "CHN", Name: "China", Permanent: true},
	{Code: "FRA", Name: "France", Permanent: true},
	{Code: "GBR", Name: "United Kingdom", Permanent: true},
	{Code: "RUS", Name: "Russian Federation", Permanent: true},
	{Code: "USA", Name: "United States", Permanent: true},
	{Code: "BIH", Name: "Bosnia and Herzegovina"},
	{Code: "BRA", Name: "Brazil"},
	{Code: "COL", Name: "Colombia"},
	{Code: "DEU", Name: "Germany"},
	{Code: "GAB", Name: "Gabon"},
	{Code: "IND", Name: "India"},
	{Code: "LBN", Name: "Lebanon"},
	{Code: "NGA", Name: "Nigeria"},
	{Code: "PRT", Name: "Portugal"},
	{Code: "ZAF", Name: "South Africa"},
}

// october is the vote on S/2011/612: 9-2-4, vetoed by China and Russia.
func october(title, topic, meeting string) models.Draft {
	votes := map[string]models.Cast{}
	byCode := map[string]models.Member{}
	for _, m := range council {
		votes[m.Code] = models.CastYes
		byCode[m.Code] = m
	}
	votes["CHN"], votes["RUS"] = models.CastNo, models.CastNo
	for _, code := range []string{"BRA", "IND", "LBN", "ZAF"} {
		votes[code] = models.CastAbstain
	}
	symbol := "S/2011/612"
	return models.Draft{ID: 1, Symbol: &symbol, Title: title, Topic: topic,
		Vote: &models.Vote{VotedOn: "2011-10-04", Meeting: meeting, Votes: votes, Tally: models.CountVotes(models.CouncilIn(2011), false, votes, byCode)}}
}

func write(t *testing.T, drafts ...models.Draft) string {
	t.Helper()
	var b bytes.Buffer
	if err := undl.Write(&b, drafts, council); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func parse(t *testing.T, file string) []models.ImportVote {
	t.Helper()
	votes, err := undl.Parse(strings.NewReader(file))
	if err != nil {
		t.Fatalf("%v in:\n%s", err, file)
	}
	return votes
}

// TestRoundTrip: a file written and read back gives the roll call that was
// written, and writing what was read gives the same bytes.
func TestRoundTrip(t *testing.T) {
	d := october("Western-backed draft resolution on Syria", "Syria", "S/PV.6627")
	file := write(t, d)
	if !strings.HasPrefix(file, strings.Join(undl.Columns, ",")+"\n") ||
		!strings.Contains(file, "\n,RUS,Russian Federation,True,N,2011-10-04,,S/2011/612,S/PV.6627,Western-backed draft resolution on Syria,Syria,,,Recorded Vote,9,2,4,0,15,\n") ||
		strings.Count(file, "\n") != 16 {
		t.Fatalf("written:\n%s", file)
	}
	votes := parse(t, file)
	if len(votes) != 1 {
		t.Fatalf("read %d votes", len(votes))
	}
	v := votes[0]
	if v.Symbol != *d.Symbol || v.Title != d.Title || v.Topic != d.Topic || v.Meeting != d.Vote.Meeting || v.VotedOn != d.Vote.VotedOn || v.Procedural || v.Line != 2 {
		t.Errorf("read %+v", v)
	}
	casts := map[string]models.Cast{}
	for _, c := range v.Casts {
		casts[c.Code] = c.Vote
	}
	if !reflect.DeepEqual(casts, d.Vote.Votes) {
		t.Errorf("casts %v, want %v", casts, d.Vote.Votes)
	}
	again := d
	again.Title, again.Topic, again.Vote.Meeting, again.Symbol = v.Title, v.Topic, v.Meeting, &v.Symbol
	if second := write(t, again); second != file {
		t.Errorf("written again:\n%s\nfirst:\n%s", second, file)
	}
}

// TestParseErrors: the first problem is named by its line and column.
func TestParseErrors(t *testing.T) {
	header := strings.Join(undl.Columns, ",") + "\n"
	good := ",FRA,France,TRUE,Y,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,Recorded Vote,9,2,4,0,15,\n"
	tests := []struct {
		name, body   string
		line, column int
		msg          string
	}{
		{"empty", "", 1, 1, "the file is empty"},
		{"bad vote", header + good + ",RUS,Russian Federation,TRUE,Q,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", 3, 5, "ms_vote"},
		{"bad date", header + ",RUS,Russian Federation,TRUE,N,2011-02-30,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", 2, 6, "date"},
		{"bad code", header + ",RUSSIA,Russian Federation,TRUE,N,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", 2, 2, "ms_code"},
		{"bad permanence", header + ",RUS,Russian Federation,maybe,N,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", 2, 4, "permanent_member"},
		{"no name", header + ",RUS,,TRUE,N,2011-10-04,,S/2011/612,S/PV.6627,Draft,Syria,,,,,,,,,\n", 2, 3, "ms_name"},
		{"nothing to call it", header + ",RUS,Russian Federation,TRUE,N,2011-10-04,,,S/PV.6627,,Syria,,,,,,,,,\n", 2, 10, "description"},
		{"votes twice", header + good + good, 3, 2, "FRA votes twice"},
		{"bad quoting", header + `,"RUS,Russian Federation,TRUE,N` + "\n", 2, 0, ""},
		{"missing column", "ms_code,ms_vote\nRUS,N\n", 1, 1, "missing column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := undl.Parse(strings.NewReader(tt.body))
			var pe *undl.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			if pe.Line != tt.line || (tt.column != 0 && pe.Column != tt.column) || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got %v, want line %d, column %d: %s", err, tt.line, tt.column, tt.msg)
			}
		})
	}
}

// TestParseLibraryConventions: columns in any order, a byte order mark,
// unknown columns, True/False, an empty vote as not voting, the draft's
// symbol as its title when the description is empty.
func TestParseLibraryConventions(t *testing.T) {
	file := "\ufeffms_vote,extra,ms_code,ms_name,permanent_member,date,draft,meeting,description,agenda\n" +
		"Y,x,usa,United States,True,1998-05-14,S/1998/380,S/PV.3881,,\n" +
		",x,GAB,Gabon,False,1998-05-14,S/1998/380,S/PV.3881,,\n"
	votes := parse(t, file)
	want := []models.ImportVote{{Symbol: "S/1998/380", Title: "S/1998/380", Topic: "Unspecified", VotedOn: "1998-05-14", Meeting: "S/PV.3881", Line: 2, DateColumn: 6,
		Casts: []models.ImportCast{{Code: "USA", Name: "United States", Permanent: true, Vote: models.CastYes, Line: 2, Column: 3, VoteColumn: 1},
			{Code: "GAB", Name: "Gabon", Vote: models.CastAbsent, Line: 3, Column: 3, VoteColumn: 1}}}}
	if !reflect.DeepEqual(votes, want) {
		t.Errorf("read %+v\nwant %+v", votes, want)
	}
}

// TestFormulasAreNeutralised: a text cell a spreadsheet would run as a
// formula is written behind one quote (OWASP's advice against CSV
// injection) and read back as it was; quotes already there survive.
func TestFormulasAreNeutralised(t *testing.T) {
	tests := []struct{ text, cell string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tSyria", "'\tSyria"},
		{"\rSyria", "'\rSyria"},
		{"'abc", "'abc"},
		{"'=x", "''=x"},
		{"''-x", "'''-x"},
		{"a=b", "a=b"},
		{"'", "'"},
	}
	for _, tt := range tests {
		d := october(tt.text, tt.text, tt.text)
		file := write(t, d)
		rows, err := csv.NewReader(strings.NewReader(file)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"meeting", "description", "agenda"} {
			if got := rows[1][slices.Index(undl.Columns, name)]; got != tt.cell {
				t.Errorf("%q: %s written as %q, want %q", tt.text, name, got, tt.cell)
			}
		}
		if total := rows[1][slices.Index(undl.Columns, "total_yes")]; total != "9" {
			t.Errorf("total_yes written as %q", total)
		}
		v := parse(t, file)[0]
		if v.Title != tt.text || v.Topic != tt.text || v.Meeting != tt.text {
			t.Errorf("%q read back as title %q, topic %q, meeting %q", tt.text, v.Title, v.Topic, v.Meeting)
		}
	}
}

// TestNamesAreNeutralised: member names and codes are text cells too.
func TestNamesAreNeutralised(t *testing.T) {
	saved := council[1].Name
	council[1].Name = "=cmd|' /C calc'!A0"
	defer func() { council[1].Name = saved }()
	file := write(t, october("Draft", "Syria", "S/PV.6627"))
	if !strings.Contains(file, "\n,FRA,'=cmd|' /C calc'!A0,True,") {
		t.Fatalf("written:\n%s", file)
	}
	for _, c := range parse(t, file)[0].Casts {
		if c.Code == "FRA" && c.Name != council[1].Name {
			t.Errorf("read back as %q", c.Name)
		}
	}
}

// TestLibraryCellsAreReadAsTheyAre: a quote that does not stand before a
// formula character is the Library's own text and stays.
func TestLibraryCellsAreReadAsTheyAre(t *testing.T) {
	file := strings.Join(undl.Columns, ",") + "\n" +
		",FRA,France,TRUE,Y,2011-10-04,,S/2011/612,S/PV.6627,'Quoted' title,- a dash,,,Recorded Vote,9,2,4,0,15,\n"
	v := parse(t, file)[0]
	if v.Title != "'Quoted' title" || v.Topic != "- a dash" {
		t.Errorf("read %q, %q", v.Title, v.Topic)
	}
}

// TestPartialVoteWritesWhatIsKnown: a vote the record knows by its tally
// is written as a row per member whose vote is known, none invented, the
// totals from the stored tally; a vote known by its outcome alone leaves
// the totals empty.
func TestPartialVoteWritesWhatIsKnown(t *testing.T) {
	d := october("Syria", "Syria", "S/PV.6627")
	d.Vote.Votes = map[string]models.Cast{"CHN": models.CastNo, "RUS": models.CastNo}
	d.Vote.Counts = &models.Counts{Yes: 9, No: 2, Abstain: 4}
	d.Vote.Tally = models.Tally{Yes: 1, No: 2} // the writer must not read the count of the votes known
	rows, err := csv.NewReader(strings.NewReader(write(t, d))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][1] != "CHN" || rows[2][1] != "RUS" {
		t.Fatalf("rows: %v", rows)
	}
	at := slices.Index(undl.Columns, "total_yes")
	if got := strings.Join(rows[1][at:at+5], ","); got != "9,2,4,0,15" {
		t.Errorf("totals %s, want the stored tally 9,2,4,0,15", got)
	}
	d.Vote.Counts = nil
	rows, _ = csv.NewReader(strings.NewReader(write(t, d))).ReadAll()
	if got := strings.Join(rows[1][at:at+5], ","); got != ",,,,15" {
		t.Errorf("totals of a vote without tally %s, want ,,,,15", got)
	}
}

// TestMalformedLineIsAnError: a line the CSV reader cannot read (an
// unclosed quote) is a ParseError naming its line, not a crash.
func TestMalformedLineIsAnError(t *testing.T) {
	in := "ms_code,ms_name,permanent_member,ms_vote,date,draft,meeting,description,agenda\n" +
		"CHN,China,True,Y,2012-02-04,S/2012/77,S/PV.6711,\"unclosed,Syria\n"
	_, err := undl.Parse(strings.NewReader(in))
	var pe *undl.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Fatalf("an unclosed quote on line 2: %v", err)
	}
}

// TestUTF8ByteOrderMarkIsSkipped: a file a spreadsheet saved as "CSV
// UTF-8" begins with a byte order mark; with the first column quoted, the
// mark before the quote made the header unreadable. Skipped, the file
// reads as it would without it.
func TestUTF8ByteOrderMarkIsSkipped(t *testing.T) {
	t.Parallel()
	header := `"ms_code","ms_name","permanent_member","ms_vote","date","draft","meeting","description","agenda"` + "\n"
	row := `"FRA","France","TRUE","Y","2011-10-04","S/2011/612","S/PV.6627","Draft","Syria"` + "\n"
	plain, err := undl.Parse(strings.NewReader(header + row))
	if err != nil {
		t.Fatal(err)
	}
	marked, err := undl.Parse(strings.NewReader("\xEF\xBB\xBF" + header + row))
	if err != nil {
		t.Fatalf("with a byte order mark: %v", err)
	}
	if !reflect.DeepEqual(plain, marked) || len(marked) != 1 || marked[0].Symbol != "S/2011/612" || len(marked[0].Casts) != 1 {
		t.Errorf("with a byte order mark: %+v, without: %+v", marked, plain)
	}
}
