package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// twoInstances starts two real processes serving db, env added to their
// environment (see startBinary), killed when the test ends if still
// running.
func twoInstances(t *testing.T, db string, env ...string) (a, b *process) {
	t.Helper()
	a, b = startBinary(t, db, env...), startBinary(t, db, env...)
	t.Cleanup(func() { a.cmd.Process.Kill(); b.cmd.Process.Kill() })
	return a, b
}

// TestTwoInstancesCrashLosesNothing runs two real processes on one
// database, 16 writers on each, and kills one with SIGKILL in the middle
// of the load while the other goes on: every write either process
// acknowledged is there afterwards. On PostgreSQL this is two instances
// behind a load balancer losing a machine; on SQLite two processes on one
// file.
func TestTwoInstancesCrashLosesNothing(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "instances")
	a, b := twoInstances(t, db)
	acked := newAcks()
	var problems sync.Map
	load := func(ctx context.Context, p *process, first int, wg *sync.WaitGroup) {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				writer(ctx, client, "http://"+p.addr, token, first+g, acked, func(s string) { problems.Store(s, true) })
			}()
		}
	}
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	var wgA, wgB sync.WaitGroup
	load(ctxA, a, 0, &wgA)
	load(ctxB, b, 100, &wgB)
	acked.await(t, 80, 30*time.Second)
	a.cmd.Process.Signal(syscall.SIGKILL)
	a.cmd.Wait()
	stopA()
	wgA.Wait()
	acked.await(t, acked.count()+20, 30*time.Second) // the survivor goes on alone
	stopB()
	wgB.Wait()
	b.cmd.Process.Signal(syscall.SIGTERM)
	if !b.exits(t, 20*time.Second) {
		t.Error("the surviving instance did not stop on SIGTERM")
	}
	problems.Range(func(k, _ any) bool {
		// The killed instance's clients see their connections cut.
		if !strings.Contains(k.(string), "request failed") {
			t.Error(k)
		}
		return true
	})
	n := verify(t, db, acked)
	t.Logf("two instances, 32 writers, one killed mid-load: %d acknowledged writes (%d drafts, %d positions, %d votes), none lost",
		n, len(acked.drafts), len(acked.positions), len(acked.votes))
	if n < 100 {
		t.Errorf("%d writes found acknowledged, but 100 were awaited", n)
	}
}

// TestChangeStreamAcrossInstances opens the change stream on one instance
// and writes through the other: the stream delivers the write.
func TestChangeStreamAcrossInstances(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "stream")
	a, b := twoInstances(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+b.addr+"/v1/changes/stream", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("stream: %v %v", res, err)
	}
	defer res.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "data: ") {
				events <- line
			}
		}
		close(events)
	}()
	title := fmt.Sprintf("Written through the other instance at %d", time.Now().UnixNano())
	wres, answer := call(t, "POST", "http://"+a.addr+"/v1/drafts", token, map[string]any{"title": title, "topic": "Syria", "introduced_on": "2012-02-01"})
	if wres.StatusCode != 201 {
		t.Fatalf("write through the other instance: %d %s", wres.StatusCode, answer)
	}
	start := time.Now()
	for ev := range events {
		if strings.Contains(ev, `"kind":"draft.created"`) {
			t.Logf("the stream on one instance delivered a write made through the other after %s", time.Since(start).Round(time.Millisecond))
			return
		}
	}
	t.Fatal("the stream never delivered the write made through the other instance")
}

// TestInstancesStartTogether starts four processes at once on a new
// database: they take turns to migrate and seed, and all four serve the
// same seed, loaded once.
func TestInstancesStartTogether(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts the binary four times")
	}
	db := dbtest.Location(t)
	procs := make([]*process, 4)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); procs[i] = startBinary(t, db) }()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	var first string
	for i, p := range procs {
		defer p.cmd.Process.Kill()
		got := get(t, p.addr, "/v1/drafts?limit=500")
		if i == 0 {
			first = got
		} else if got != first {
			t.Errorf("instance %d serves other drafts than instance 0", i)
		}
	}
	conn := dbtest.Open(t, db)
	var drafts, members int
	if err := conn.QueryRow("SELECT (SELECT COUNT(*) FROM drafts), (SELECT COUNT(*) FROM members)").Scan(&drafts, &members); err != nil {
		t.Fatal(err)
	}
	if drafts != 2 || members != 137 {
		t.Errorf("after four instances started together: %d drafts and %d members, want the seed's 2 and 137", drafts, members)
	}
}

// TestBehindPgBouncer runs two instances through PgBouncer in transaction
// mode, with the switch the README gives for poolers
// (default_query_exec_mode=exec): they migrate, seed, write under load and
// read each other's writes, and no acknowledged write is lost.
func TestBehindPgBouncer(t *testing.T) {
	t.Parallel()
	db := os.Getenv(dbtest.PgBouncerEnv)
	if db == "" {
		t.Skip("set " + dbtest.PgBouncerEnv + " to a database behind PgBouncer in transaction mode (.ci/postgres pgbouncer)")
	}
	conn := dbtest.Open(t, db)
	if _, err := conn.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
		t.Fatal(err)
	}
	token := createKey(t, db, "bouncer")
	a, b := twoInstances(t, db)
	acked := newAcks()
	var problems sync.Map
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for g := range 16 {
		p := []*process{a, b}[g%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			writer(ctx, http.DefaultClient, "http://"+p.addr, token, g, acked, func(s string) { problems.Store(s, true) })
		}()
	}
	wg.Wait()
	problems.Range(func(k, _ any) bool { t.Error(k); return true })
	settle(t, a.addr) // writes whose clients gave up may still commit
	if got, want := get(t, b.addr, "/v1/drafts?limit=500"), get(t, a.addr, "/v1/drafts?limit=500"); got != want {
		t.Error("the two instances serve different drafts")
	}
	n := verify(t, db, acked)
	t.Logf("behind PgBouncer (transaction mode), two instances, 16 writers: %d acknowledged writes, none lost", n)
	if n < 50 {
		t.Errorf("only %d writes acknowledged", n)
	}
}
