package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// shBlock finds the README's shell examples: fenced blocks marked sh.
var shBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// TestReadmeExamples runs every sh block of README.md, top to bottom, as
// one script against the real binary serving a fresh database, the way a
// reader pastes them: `go run ./cmd/unsc` is the binary built here, and
// the address is the one it listens on. Then it checks what the examples
// wrote, and what they answered.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts the binary")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("the examples need curl")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := shBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d sh blocks in README.md", len(blocks))
	}
	// The tracker a reader starts first, with the Council's record, and
	// the scratch tracker the examples that write go to; the scratch's
	// files, in /tmp for a reader, go to the test's folder here.
	dir := t.TempDir()
	db := filepath.Join(dir, "unsc.db")
	p := startBinary(t, db, "UNSC_RECORD=true")
	defer p.cmd.Process.Kill()
	scratch := startBinary(t, filepath.Join(dir, "unsc-scratch.db"))
	defer scratch.cmd.Process.Kill()
	var script strings.Builder
	script.WriteString("set -euo pipefail\n")
	script.WriteString(`go() { if [ "$1" = run ] && [ "$2" = ./cmd/unsc ]; then shift 2; "$UNSC_BIN" "$@"; else command go "$@"; fi; }` + "\n")
	local := strings.NewReplacer("127.0.0.1:8080", p.addr, "127.0.0.1:8081", scratch.addr, "/tmp/unsc-", filepath.Join(dir, "unsc-"))
	for _, b := range blocks {
		script.WriteString(local.Replace(b[1]))
		script.WriteString("\n")
	}
	cmd := exec.Command("bash", "-c", script.String())
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "UNSC_DB="+db, "UNSC_BIN="+binary(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's examples failed: %v\n%s\nserver:\n%s", err, out, p.logs.String())
	}
	for _, want := range []string{
		`"outcome":"likely_vetoed"`, // the seeded Arab League draft's projection
		`"vetoed_by":["CHN","RUS"]`, // the October draft's vote, and the walkthrough's
		`"symbol":"S/2012/9001"`,
		`"status":"vetoed"`,
		"undl_id,ms_code,ms_name",
		"import: added 0 drafts, 0 votes",
		"backed up",
		"unsc_http_requests_total",
		`"name":"Union of Soviet Socialist Republics"`,
		"PRODID:-//unsc//UN Security Council tracker//EN", // the calendar file
		`"member":{"code":"PRT"`,                          // the presidency counted into 2027
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the examples' output lacks %s:\n%s", want, out)
		}
	}
	var drafts struct {
		Items []struct {
			ID     int64
			Status string
			Vote   *struct {
				Outcome  string
				VetoedBy []string `json:"vetoed_by"`
			}
		}
	}
	getJSON(t, "http://"+scratch.addr+"/v1/drafts?symbol=S/2012/9001", &drafts)
	if len(drafts.Items) != 1 || drafts.Items[0].Status != "vetoed" || drafts.Items[0].Vote == nil ||
		strings.Join(drafts.Items[0].Vote.VetoedBy, ",") != "CHN,RUS" {
		t.Errorf("the walkthrough's draft: %+v", drafts)
	}
	var history struct{ Items []struct{ Stance string } }
	getJSON(t, "http://"+scratch.addr+"/v1/drafts/3/positions/IND/history", &history)
	if len(history.Items) != 2 || history.Items[1].Stance != "leaning_support" {
		t.Errorf("India's history on the walkthrough's draft: %+v", history)
	}
	var btn, ind struct{ Terms []struct{ Start, End int } }
	getJSON(t, "http://"+scratch.addr+"/v1/members/BTN", &btn)
	getJSON(t, "http://"+scratch.addr+"/v1/members/IND", &ind)
	if len(btn.Terms) != 1 || len(ind.Terms) == 0 || ind.Terms[len(ind.Terms)-1].Start != 2029 {
		t.Errorf("terms recorded by the examples: BTN %+v, IND %+v", btn, ind)
	}
	if _, err := os.Stat(filepath.Join(dir, "unsc-backup-2012-02-04.db")); err != nil {
		t.Errorf("the backup example wrote no file: %v", err)
	}
	// What a reader's record holds after the examples: the Council's
	// record, S/2012/77 voted as it was, and nothing the examples made up.
	getJSON(t, "http://"+p.addr+"/v1/drafts?symbol=S/2012/9001", &drafts)
	if len(drafts.Items) != 0 {
		t.Errorf("the walkthrough's draft reached the reader's record: %+v", drafts)
	}
	getJSON(t, "http://"+p.addr+"/v1/drafts?symbol=S/2012/77", &drafts)
	if len(drafts.Items) != 1 || drafts.Items[0].Status != "vetoed" {
		t.Errorf("S/2012/77 in the reader's record: %+v", drafts)
	}
	if res, err := http.Get("http://" + p.addr + "/v1/members/BTN"); err != nil {
		t.Error(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusNotFound {
		t.Errorf("Bhutan reached the reader's record: %s", res.Status)
	}
	// The examples ran in this folder as a reader's run in the checkout:
	// they wrote no file of their own there, only the databases.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "unsc") {
			t.Errorf("the examples wrote %s into the folder they ran in", e.Name())
		}
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}
