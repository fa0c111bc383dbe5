package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsc/models/dbtest"

	"unsc/models/sqlstore"
)

// TestReadsAreNeverStale runs two server processes on one database file.
// Each round warms both caches, writes through one process and reads
// through the other at once: the read must show the write.
func TestReadsAreNeverStale(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "fresh")
	a, b := twoInstances(t, db)
	stances := []string{"support", "abstain", "against", "undecided"}
	for round := range 40 {
		writer, reader := a, b
		if round%2 == 1 {
			writer, reader = b, a
		}
		for _, p := range []*process{a, b} {
			get(t, p.addr, "/v1/drafts/2/positions?stance="+strings.Join(stances, ","))
			get(t, p.addr, "/v1/drafts/2/projection")
		}
		stance := stances[round%len(stances)]
		asOf := time.Date(2012, 2, 1+round, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		body := fmt.Sprintf(`{"stance":%q,"as_of":%q,"evidence":[{"quote":"round %d","speaker":"desk","source_id":1}]}`, stance, asOf, round)
		if res, answer := call(t, "PUT", "http://"+writer.addr+"/v1/drafts/2/positions/CHN", token, json.RawMessage(body)); res.StatusCode != 201 {
			t.Fatalf("round %d: write: %d %s", round, res.StatusCode, answer)
		}
		var list struct {
			Items []struct {
				Member   struct{ Code string } `json:"member"`
				Stance   string                `json:"stance"`
				Evidence []struct{ Quote string }
			} `json:"items"`
		}
		json.Unmarshal([]byte(get(t, reader.addr, "/v1/drafts/2/positions?stance="+strings.Join(stances, ","))), &list)
		found := false
		for _, it := range list.Items {
			if it.Member.Code == "CHN" {
				found = len(it.Evidence) > 0 && it.Evidence[0].Quote == fmt.Sprintf("round %d", round)
			}
		}
		if !found {
			t.Fatalf("round %d: the other process served a stale answer: %+v", round, list.Items)
		}
	}
}

// TestOutsideEditsAreSeen changes the database behind the server's back:
// on SQLite as the sqlite3 shell would, and the cached answer follows
// within seconds; on PostgreSQL as the README tells an operator to (the
// edit and a bump of the versions row in one transaction), and the next
// read follows at once.
func TestOutsideEditsAreSeen(t *testing.T) {
	t.Parallel()
	db := dbtest.Location(t)
	srv := startServer(t, db)
	defer srv.stop()
	before := get(t, srv.addr, "/v1/drafts/2")
	conn := dbtest.Open(t, db)
	edit := "UPDATE drafts SET title = 'Edited outside' WHERE id = 2"
	if sqlstore.IsPostgres(db) {
		edit += "; UPDATE unsc_versions SET n = n + 1"
	}
	if _, err := conn.Exec(edit); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if after := get(t, srv.addr, "/v1/drafts/2"); after != before {
			if !strings.Contains(after, "Edited outside") {
				t.Fatalf("unexpected answer: %s", after)
			}
			return
		}
		if sqlstore.IsPostgres(db) {
			t.Fatal("the edit was not served at once")
		}
	}
	t.Fatal("an edit made outside the server was never served")
}
