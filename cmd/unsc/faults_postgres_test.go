package main

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// cluster is a PostgreSQL cluster of a test's own, which it may stop and
// start again without disturbing the other tests' database.
type cluster struct {
	work, port string
}

// ownCluster starts a new cluster with .ci/postgres, stopped and removed
// when the test ends. It needs the PostgreSQL tests to be asked for.
func ownCluster(t *testing.T) *cluster {
	t.Helper()
	dbtest.PostgresOnly(t, "a fault of PostgreSQL")
	work, err := os.MkdirTemp("", "unsc-pgfault") // not t.TempDir: the cluster's owner must reach it
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	c := &cluster{work: work, port: port}
	t.Cleanup(func() { c.run(t, "stop"); os.RemoveAll(work) })
	c.run(t, "start")
	return c
}

// run runs .ci/postgres with the cluster's folder and port.
func (c *cluster) run(t *testing.T, verb string) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	cmd := exec.Command("bash", filepath.Join(root, ".ci", "postgres"), verb)
	cmd.Env = append(os.Environ(), "PGWORK="+c.work, "PGPORT="+c.port)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf(".ci/postgres %s: %v", verb, err)
	}
	return strings.TrimSpace(string(out))
}

// TestPostgresStoppedAndStartedAgain stops the database under a serving
// binary: writes and reads answer 503 with Retry-After within the
// deadline (not 500, not a wait), /readyz fails; once the database is
// started again the server is ready and takes writes without a restart,
// and every write it acknowledged is stored.
func TestPostgresStoppedAndStartedAgain(t *testing.T) {
	t.Parallel()
	c := ownCluster(t)
	db := c.run(t, "start")
	db, token := seededAt(t, db)
	p := startBinary(t, db, "UNSC_DB_TIMEOUT=2s")
	defer p.cmd.Process.Kill()
	if a := postDraft(t, p.addr, token, 1); a.status != http.StatusCreated {
		t.Fatalf("a write: %d %s", a.status, a.body)
	}
	c.run(t, "pause")
	for _, step := range []func() answer{
		func() answer { return postDraft(t, p.addr, token, 2) },
		func() answer { return ask(t, http.MethodGet, "http://"+p.addr+"/v1/drafts?limit=7", "", "") },
		func() answer { return ask(t, http.MethodGet, "http://"+p.addr+"/readyz", "", "") },
	} {
		start := time.Now()
		a := step()
		refusedAsFault(t, "with the database stopped", a, http.StatusServiceUnavailable)
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("answered after %s", took)
		}
	}
	c.run(t, "start")
	waitReady(t, p.addr, http.StatusOK, 10*time.Second)
	if a := postDraft(t, p.addr, token, 3); a.status != http.StatusCreated {
		t.Fatalf("a write once the database is back: %d %s\n%s", a.status, a.body, p.logs.String())
	}
	a := ask(t, http.MethodGet, "http://"+p.addr+"/v1/drafts?limit=100", "", "")
	for _, want := range []string{"S/2099/1", "S/2099/3"} {
		if !strings.Contains(a.body, want) {
			t.Errorf("acknowledged draft %s missing: %s", want, a.body)
		}
	}
}

// seededAt seeds the database at db (without the Council's record) and
// returns it with a write key's token.
func seededAt(t *testing.T, db string) (string, string) {
	t.Helper()
	if code, _, stderr := runCmd(t, "seed", "--db", db, "--record=false"); code != 0 {
		t.Fatalf("seed: %s", stderr)
	}
	return db, createKey(t, db, "faults")
}

// TestPostgresHungAnswers503 serves through a TCP relay to the database
// that stops relaying, as a database that hangs or a network that drops
// packets looks: reads, writes and /readyz answer 503 with Retry-After
// within the deadline rather than waiting for ever, and the server is
// ready again by itself once the database answers.
func TestPostgresHungAnswers503(t *testing.T) {
	t.Parallel()
	dbtest.PostgresOnly(t, "a fault of PostgreSQL")
	loc := dbtest.Location(t)
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	r := newRelay(t, u.Host)
	u.Host = r.addr
	db, token := seededAt(t, u.String())
	p := startBinary(t, db, "UNSC_DB_TIMEOUT=2s")
	defer p.cmd.Process.Kill()
	waitReady(t, p.addr, http.StatusOK, 5*time.Second)
	r.hang(true)
	// The deadline is 2 s. A write may wait for the batch ahead of it; a
	// read waits for the deadline once, not once per call it makes (its
	// check of the data's version, then the query).
	type step struct {
		ask   func() answer
		limit time.Duration
	}
	for what, step := range map[string]step{
		"a write": {func() answer { return postDraft(t, p.addr, token, 1) }, 5 * time.Second},
		"a read":  {func() answer { return ask(t, http.MethodGet, "http://"+p.addr+"/v1/drafts?limit=9", "", "") }, 3 * time.Second},
		"/readyz": {func() answer {
			time.Sleep(1100 * time.Millisecond) // past the second its last answer is kept
			return ask(t, http.MethodGet, "http://"+p.addr+"/readyz", "", "")
		}, 4 * time.Second},
		"a member":  {func() answer { return ask(t, http.MethodGet, "http://"+p.addr+"/v1/members/FRA", "", "") }, 3 * time.Second},
		"a 2nd one": {func() answer { return postDraft(t, p.addr, token, 2) }, 5 * time.Second},
	} {
		start := time.Now()
		a := step.ask()
		refusedAsFault(t, what+" with the database hung", a, http.StatusServiceUnavailable)
		took := time.Since(start)
		if took > step.limit {
			t.Errorf("%s answered after %s", what, took)
		}
		t.Logf("%s with the database hung: %d after %s", what, a.status, took.Round(time.Millisecond))
	}
	r.hang(false)
	waitReady(t, p.addr, http.StatusOK, 10*time.Second)
	if a := postDraft(t, p.addr, token, 3); a.status != http.StatusCreated {
		t.Fatalf("a write once the database answers: %d %s", a.status, a.body)
	}
}

// relay passes TCP connections on to a server until told to hang: then
// it holds every byte and every new connection, answering nothing.
type relay struct {
	addr string
	mu   sync.Mutex
	cond *sync.Cond
	hung bool
}

func newRelay(t *testing.T, to string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	r := &relay{addr: ln.Addr().String()}
	r.cond = sync.NewCond(&r.mu)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(in, to)
		}
	}()
	return r
}

func (r *relay) hang(on bool) {
	r.mu.Lock()
	r.hung = on
	r.mu.Unlock()
	r.cond.Broadcast()
}

// wait blocks while the relay hangs.
func (r *relay) wait() {
	r.mu.Lock()
	for r.hung {
		r.cond.Wait()
	}
	r.mu.Unlock()
}

func (r *relay) serve(in net.Conn, to string) {
	defer in.Close()
	r.wait()
	out, err := net.Dial("tcp", to)
	if err != nil {
		return
	}
	defer out.Close()
	done := make(chan struct{}, 2)
	pass := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			r.wait()
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		done <- struct{}{}
	}
	go pass(out, in)
	go pass(in, out)
	<-done
}
