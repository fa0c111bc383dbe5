// Command derive writes seed/data/record.jsonl, the Council's meetings and
// decisions 1946 - June 2022 (the Dag Hammarskjöld Library's tables,
// checked against its veto list) and the verified drafts not adopted
// since (seed/data/recent). Run it from the repository's root:
//
//	go run ./seed/derive
//
// It prints totals and every correction it made; the same sources always
// give the same bytes (TestRecordIsDerived checks the committed file).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"unsc/models/dhl"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	data, rep, err := derive(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
	out := filepath.Join(*root, "seed", "data", "record.jsonl")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
	rep.print(os.Stdout)
	fmt.Printf("wrote %s (%d bytes)\n", out, len(data))
}

type report struct {
	meetings []dhl.Meeting
	fixes    []string
	problems []string
}

// derive reads the sources under root and returns record.jsonl's bytes.
func derive(root string) ([]byte, *report, error) {
	rep := &report{}
	dir := filepath.Join(root, "seed", "data")
	all, vetoes, err := readPages(filepath.Join(dir, "dhl"))
	if err != nil {
		return nil, nil, err
	}
	dhl.SortMeetings(all)
	fixes, problems := dhl.RenumberResolutions(all)
	rep.fixes = append(rep.fixes, fixes...)
	rep.problems = append(rep.problems, problems...)
	ds, err := dhl.ApplyVetoes(all, vetoes)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		rep.fixes = append(rep.fixes, d.String())
	}
	recent, err := readRecent(dir)
	if err != nil {
		return nil, nil, err
	}
	all = append(all, recent...)
	dhl.SortMeetings(all)
	all, _ = dhl.MergeHeldOver(all)
	dhl.ReconcileTallies(all)
	for _, m := range all {
		for _, n := range m.Notes {
			if !strings.Contains(n, "veto list") && !strings.Contains(n, "between") {
				rep.fixes = append(rep.fixes, m.Source+": "+n)
			}
		}
	}
	var buf bytes.Buffer
	if err := dhl.WriteRecord(&buf, all); err != nil {
		return nil, nil, err
	}
	rep.meetings = all
	return buf.Bytes(), rep, nil
}

// readPages reads the Library's pages in dir: the yearly tables'
// meetings, in file order, and the veto list. A meeting record listed
// twice on one day (across pages: the 2020 written-procedure table and
// the 2020 table) is an error.
func readPages(dir string) ([]dhl.Meeting, []dhl.Veto, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(pages)
	var all []dhl.Meeting
	var vetoes []dhl.Veto
	for _, p := range pages {
		f, name, err := dhl.OpenPage(p)
		if err != nil {
			return nil, nil, err
		}
		if filepath.Base(name) == "scact_veto_table_en.html" {
			vetoes, err = dhl.ParseVetoes(f, name)
		} else {
			var ms []dhl.Meeting
			ms, err = dhl.ParseMeetings(f, name)
			all = append(all, ms...)
		}
		f.Close()
		if err != nil {
			return nil, nil, err
		}
	}
	if vetoes == nil {
		return nil, nil, fmt.Errorf("no veto list (scact_veto_table_en.html) in %s", dir)
	}
	// one meeting record, one row
	if m, first, twice := dhl.ListedTwice(all); twice {
		return nil, nil, fmt.Errorf("meeting %s of %s is in %s and %s", m.Record, m.Date, first, m.Source)
	}
	return all, vetoes, nil
}

// readRecent reads the verified drafts not adopted since the Library's
// tables end: the TSVs under dir/recent, in file order, members named as
// council-terms.tsv (in dir) names them.
func readRecent(dir string) ([]dhl.Meeting, error) {
	names, err := memberNames(filepath.Join(dir, "council-terms.tsv"))
	if err != nil {
		return nil, err
	}
	tsvs, err := filepath.Glob(filepath.Join(dir, "recent", "*.tsv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(tsvs)
	var all []dhl.Meeting
	for _, p := range tsvs {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		ms, err := dhl.ParseRecent(f, p, names)
		f.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, ms...)
	}
	return all, nil
}

// memberNames maps a member's name, as a source spells it, to its code,
// from council-terms.tsv (the name during the term, for a date within the
// term; the permanent seats always), and the permanent members' other
// spellings (USSR, United States, UK...).
func memberNames(path string) (func(name, date string) (string, bool), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type term struct {
		code, name string
		start, end int
	}
	var terms []term
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 4 {
			return nil, fmt.Errorf("%s:%d: %d fields", path, n, len(fs))
		}
		t := term{code: fs[0], name: fs[1]}
		if t.start, err = strconv.Atoi(fs[2]); err != nil {
			return nil, fmt.Errorf("%s:%d: start %q", path, n, fs[2])
		}
		t.end = 9999
		if fs[3] != "" {
			if t.end, err = strconv.Atoi(fs[3]); err != nil {
				return nil, fmt.Errorf("%s:%d: end %q", path, n, fs[3])
			}
		}
		terms = append(terms, t)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	permanent := map[string]string{"ussr": "RUS", "soviet union": "RUS", "russian federation": "RUS", "russia": "RUS",
		"usa": "USA", "united states": "USA", "united states of america": "USA", "uk": "GBR", "united kingdom": "GBR",
		"france": "FRA", "china": "CHN"}
	return func(name, date string) (string, bool) {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")))
		if c, ok := permanent[n]; ok {
			return c, true
		}
		y, err := strconv.Atoi(date[:min(4, len(date))])
		if err != nil {
			return "", false
		}
		for _, t := range terms {
			if strings.ToLower(t.name) == n && y >= t.start && y <= t.end {
				return t.code, true
			}
		}
		return "", false
	}, nil
}

func (r *report) print(w io.Writer) {
	total := map[string]int{}
	perDecade := map[string]map[string]int{}
	var decades []string
	for _, m := range r.meetings {
		d := m.Date[:3] + "0s"
		if perDecade[d] == nil {
			perDecade[d] = map[string]int{}
			decades = append(decades, d)
		}
		perDecade[d]["meetings"]++
		total["meetings"]++
		for _, o := range m.Outcomes {
			k := o.Kind
			if k == dhl.KindDraft {
				k = "draft " + o.Result
			}
			perDecade[d][k]++
			total[k]++
		}
	}
	cols := []string{"meetings", dhl.KindResolution, dhl.KindPresidentialStatement, "draft vetoed", "draft failed"}
	var other []string
	for k := range total {
		if !contains(cols, k) {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	cols = append(cols, other...)
	fmt.Fprintf(w, "%-8s", "")
	for _, c := range cols {
		fmt.Fprintf(w, " %s", c)
	}
	fmt.Fprintln(w)
	for _, d := range append(decades, "total") {
		row := perDecade[d]
		if d == "total" {
			row = total
		}
		fmt.Fprintf(w, "%-8s", d)
		for _, c := range cols {
			fmt.Fprintf(w, " %*d", len(c), row[c])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "drafts not adopted: %d (vetoed %d, failed %d)\n", total["draft vetoed"]+total["draft failed"], total["draft vetoed"], total["draft failed"])
	fmt.Fprintf(w, "corrections (%d):\n", len(r.fixes))
	for _, f := range r.fixes {
		fmt.Fprintln(w, "  "+f)
	}
	fmt.Fprintf(w, "resolution numbering problems left (%d):\n", len(r.problems))
	for _, p := range r.problems {
		fmt.Fprintln(w, "  "+p)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
