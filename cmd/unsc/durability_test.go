package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsc/models/dbtest"

	"unsc/models/sqlstore"
)

var servingLine = regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)

// createKey makes a write key with the real command and returns its
// token, which the command prints alone on its last line.
func createKey(t *testing.T, db, name string) string {
	t.Helper()
	code, out, stderr := runCmd(t, "keys", "create", "--name", name, "--db", db)
	if code != 0 {
		t.Fatalf("keys create: %s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// keyedDatabase is a new database with a write key called name, for a
// test that runs the real binary on it: such a test is skipped under
// -short.
func keyedDatabase(t *testing.T, name string) (db, token string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the binary")
	}
	db = dbtest.Location(t)
	return db, createKey(t, db, name)
}

// server is the tracker serving in this process through run().
type server struct {
	addr  string
	token string
	stop  func() int
}

func startServer(t *testing.T, db string, flags ...string) *server {
	t.Helper()
	token := createKey(t, db, "load-"+filepath.Base(t.TempDir()))
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	// A new database starts without the Council's record, which takes
	// seconds to load and is not what these tests are about; flags may
	// say --record (the last value given wins).
	args := append([]string{"--addr", "127.0.0.1:0", "--db", db, "--record=false"}, flags...)
	go func() { done <- run(ctx, args, io.Discard, logs) }()
	// A wait for the server to start, not a measure of it: under -race on
	// a busy machine migrating and seeding can take a while.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := servingLine.FindStringSubmatch(logs.String()); m != nil {
			return &server{addr: m[1], token: token, stop: func() int { cancel(); return <-done }}
		}
	}
	cancel()
	t.Fatalf("server did not start: %s", logs.String())
	return nil
}

// acks are the writes the server acknowledged.
type acks struct {
	mu        sync.Mutex
	drafts    map[int64]string // id -> title
	positions []int64
	votes     []int64
	refused   atomic.Int64 // 503s, with Retry-After
}

func newAcks() *acks { return &acks{drafts: map[int64]string{}} }

// count is how many writes were acknowledged so far.
func (a *acks) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.drafts) + len(a.positions) + len(a.votes)
}

// await waits until at least n writes are acknowledged, so that a kill
// lands in the middle of a load that has really begun however slow the
// machine; it fails the test after limit.
func (a *acks) await(t *testing.T, n int, limit time.Duration) {
	t.Helper()
	for end := time.Now().Add(limit); a.count() < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("only %d writes acknowledged in %s, want %d before going on", a.count(), limit, n)
		}
	}
}

var council2012 = []string{"AZE", "CHN", "COL", "DEU", "FRA", "GBR", "GTM", "IND", "MAR", "PAK", "PRT", "RUS", "TGO", "USA", "ZAF"}

// writer sends a mix of new drafts, positions and votes until stop is
// closed, recording what the server acknowledged. It reports anything a
// client must never see.
func writer(ctx context.Context, client *http.Client, base, token string, g int, a *acks, report func(string)) {
	var own []int64
	for i := 0; ctx.Err() == nil; i++ {
		var method, path string
		var body any
		switch {
		case i%4 == 0 || len(own) == 0:
			method, path = "POST", "/v1/drafts"
			body = map[string]any{"title": fmt.Sprintf("load %d-%d", g, i), "topic": "Load", "introduced_on": "2012-02-01", "sponsors": []string{"FRA"}}
		case i%7 == 3:
			method, path = "PUT", fmt.Sprintf("/v1/drafts/%d/vote", own[len(own)-1])
			votes := map[string]string{}
			for j, c := range council2012 {
				votes[c] = []string{"yes", "no", "abstain"}[(i+j)%3]
			}
			body = map[string]any{"voted_on": "2012-02-04", "votes": votes}
		default:
			method, path = "PUT", fmt.Sprintf("/v1/drafts/%d/positions/%s", own[i%len(own)], council2012[(g+i)%15])
			body = map[string]any{"stance": "undecided", "as_of": "2012-02-02",
				"evidence": []map[string]any{{"quote": fmt.Sprintf("quote %d-%d", g, i), "speaker": "desk", "source_id": 1}}}
		}
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				report("request failed: " + err.Error())
			}
			return
		}
		data, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return // cut off mid-answer: not acknowledged
		}
		if strings.Contains(strings.ToLower(string(data)), "locked") {
			report("a client saw: " + string(data))
		}
		switch {
		case res.StatusCode == 503 && res.Header.Get("Retry-After") != "":
			a.refused.Add(1)
			continue
		case res.StatusCode == 409 || res.StatusCode == 428:
			continue // a vote already recorded on that draft
		case res.StatusCode != 201:
			report(fmt.Sprintf("%s %s -> %d %s", method, path, res.StatusCode, data))
			continue
		}
		var out struct {
			ID      int64  `json:"id"`
			Title   string `json:"title"`
			DraftID int64  `json:"draft_id"`
			Votes   map[string]string
		}
		json.Unmarshal(data, &out)
		a.mu.Lock()
		switch {
		case path == "/v1/drafts":
			a.drafts[out.ID] = out.Title
			own = append(own, out.ID)
		case strings.HasSuffix(path, "/vote"):
			a.votes = append(a.votes, out.DraftID)
		default:
			a.positions = append(a.positions, out.ID)
		}
		a.mu.Unlock()
	}
}

// verify checks that every acknowledged write is in the database and, on
// SQLite, that the file is sound (PostgreSQL checks its foreign keys as it
// writes). It returns how many writes it found.
func verify(t *testing.T, location string, a *acks) int {
	t.Helper()
	db := dbtest.Open(t, location)
	if !sqlstore.IsPostgres(location) {
		var ok string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("integrity_check: %q %v", ok, err)
		}
		dbtest.NoOrphans(t, db)
	}
	// Three reads of the whole tables rather than one query per write:
	// verify runs after every round of a test and the writes add up.
	titles := map[int64]string{}
	scan(t, db, "SELECT id, title FROM drafts", func(id int64, title string) { titles[id] = title })
	evidence := map[int64]int{}
	scan(t, db, "SELECT p.id, COUNT(*) FROM positions p JOIN evidence e ON e.position_id = p.id GROUP BY p.id", func(id int64, n int) { evidence[id] = n })
	casts := map[int64]int{}
	scan(t, db, "SELECT draft_id, COUNT(*) FROM vote_casts GROUP BY draft_id", func(id int64, n int) { casts[id] = n })
	a.mu.Lock()
	defer a.mu.Unlock()
	lost := 0
	for id, title := range a.drafts {
		if got, ok := titles[id]; !ok || got != title {
			lost++
		}
	}
	for _, id := range a.positions {
		if evidence[id] != 1 {
			lost++
		}
	}
	for _, id := range a.votes {
		if casts[id] != 15 {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d acknowledged writes lost", lost)
	}
	return len(a.drafts) + len(a.positions) + len(a.votes)
}

// scan calls row with each row query gives: a key and a value.
func scan[V any](t *testing.T, db *sql.DB, query string, row func(int64, V)) {
	t.Helper()
	dbtest.Rows(t, db, query, func(read func(...any)) {
		var k int64
		var v V
		read(&k, &v)
		row(k, v)
	})
}

// TestConcurrentWriters runs 32 writers against the real server on a file
// database for several seconds: every acknowledged write must be there,
// and no client may ever see "database is locked".
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("several seconds of load")
	}
	db := dbtest.Location(t)
	srv := startServer(t, db)
	a := newAcks()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var wg sync.WaitGroup
	var problems sync.Map
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			writer(ctx, client, "http://"+srv.addr, srv.token, g, a, func(s string) { problems.Store(s, true) })
		}()
	}
	wg.Wait()
	problems.Range(func(k, _ any) bool { t.Error(k); return true })
	if code := srv.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	n := verify(t, db, a)
	t.Logf("32 writers, 5 s: %d acknowledged writes (%d drafts, %d positions, %d votes), all present; %d answered 503",
		n, len(a.drafts), len(a.positions), len(a.votes), a.refused.Load())
	if n < 100 {
		t.Errorf("only %d writes acknowledged", n)
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the real unsc binary once for the tests that run it.
// -buildvcs=auto: it is built as go build does by default, whatever
// GOFLAGS says, stamped with the commit checked out, so that the version
// test reads this build too rather than link one more.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "unsc-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath, binErr = build(dir, "-buildvcs=auto")
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// build runs go build on this package into dir, with the flags given.
func build(dir string, flags ...string) (string, error) {
	path := filepath.Join(dir, "unsc")
	args := append(append([]string{"build"}, flags...), "-o", path, ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return path, nil
}

// TestMain removes the binary the tests built and the seeded database
// they copied.
func TestMain(m *testing.M) {
	// The race detector on a busy two-core machine makes a batch of
	// writes slower than a database fault's deadline in production; the
	// tests of faults set their own.
	if os.Getenv("UNSC_DB_TIMEOUT") == "" {
		os.Setenv("UNSC_DB_TIMEOUT", "1m")
	}
	code := m.Run()
	for _, path := range []string{binPath, seedFile} {
		if path != "" {
			os.RemoveAll(filepath.Dir(path))
		}
	}
	os.Exit(code)
}

// process is the real binary, serving.
type process struct {
	cmd  *exec.Cmd
	addr string
	logs *syncBuffer
}

// startBinary starts the real binary serving db; env adds variables
// (NAME=value) to its environment.
func startBinary(t *testing.T, db string, env ...string) *process {
	t.Helper()
	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--db", db)
	// The Council's record takes seconds to load into a new database and
	// these tests are about writes: they start without it unless asked.
	cmd.Env = append(append(os.Environ(), "UNSC_RECORD=false"), env...)
	return startCmd(t, cmd)
}

// startCmd starts cmd, the real binary serving, and waits until it serves.
func startCmd(t *testing.T, cmd *exec.Cmd) *process {
	t.Helper()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, logs: &syncBuffer{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logs.Write(append(sc.Bytes(), '\n'))
			if m := servingLine.FindSubmatch(sc.Bytes()); m != nil {
				select {
				case found <- string(m[1]):
				default:
				}
			}
		}
	}()
	select {
	case p.addr = <-found:
	case <-time.After(60 * time.Second): // a wait, not a measure: seeding the record takes seconds
		cmd.Process.Kill()
		t.Fatalf("binary did not start: %s", p.logs.String())
	}
	return p
}

// TestCrashLosesNothing kills the real binary with SIGKILL in the middle
// of a write load, several times: after each restart every acknowledged
// write is there and the file passes integrity_check.
func TestCrashLosesNothing(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "crash")
	a := newAcks()
	total := 0
	for round := range 4 {
		p := startBinary(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				writer(ctx, client, "http://"+p.addr, token, round*100+g, a, func(string) {})
			}()
		}
		time.Sleep(time.Duration(700+200*round) * time.Millisecond)
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
		cancel()
		wg.Wait()
		total = verify(t, db, a)
		if t.Failed() {
			t.Fatalf("round %d: %s", round, p.logs.String())
		}
	}
	t.Logf("4 rounds of kill -9 under load: %d acknowledged writes, none lost, integrity ok", total)
	if total < 50 {
		t.Errorf("only %d writes acknowledged", total)
	}
}

// TestSIGTERMFinishesRequests sends SIGTERM to the real binary while a
// write is in flight: the write completes and the process exits 0.
func TestSIGTERMFinishesRequests(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "term")
	p := startBinary(t, db)
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"title": "Sent across a shutdown", "topic": "Syria", "introduced_on": "2012-02-01"}`
	head := fmt.Sprintf("POST /v1/drafts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", token, len(body))
	conn.Write([]byte(head + body[:20]))
	time.Sleep(200 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	conn.Write([]byte(body[20:]))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v\n%s", err, p.logs.String())
	}
	if res.StatusCode != 201 {
		t.Errorf("in-flight write answered %d", res.StatusCode)
	}
	if !p.exits(t, 20*time.Second) {
		t.Fatal("did not exit after SIGTERM")
	}
	a := newAcks()
	var d struct{ ID int64 }
	json.NewDecoder(res.Body).Decode(&d)
	a.drafts[d.ID] = "Sent across a shutdown"
	verify(t, db, a)
}

// TestSlowHeadersAreCutOff opens a connection that sends its headers a
// byte at a time: the server hangs up once ReadHeaderTimeout passes.
func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for the header timeout")
	}
	srv := startServer(t, dbtest.Location(t))
	defer srv.stop()
	conn, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	slow := "GET /v1/drafts HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 100)
	closed := false
	for i := 0; i < len(slow) && time.Since(start) < 20*time.Second; i++ {
		if _, err := conn.Write([]byte{slow[i]}); err != nil {
			closed = true
			break
		}
		conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		buf := make([]byte, 512)
		if n, err := conn.Read(buf); n > 0 || (err != nil && !isTimeout(err)) {
			closed = true
			break
		}
	}
	if !closed {
		t.Fatal("the server kept a connection that never finished its headers")
	}
	if waited := time.Since(start); waited > readHeaderTimeout+3*time.Second {
		t.Errorf("cut off after %s, want about %s", waited, readHeaderTimeout)
	}
	t.Logf("slow client cut off after %s", time.Since(start).Round(100*time.Millisecond))
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestBackupWhileServing copies the database while writers run; the copy
// is sound and, once writes stop, serves exactly what the original does.
// On PostgreSQL the copy is pg_dump's archive, restored with pg_restore
// into a new database as the README says.
func TestBackupWhileServing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a write load")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "unsc.db")
	if dbtest.Postgres() != "" {
		db = dbtest.Database(t)
	}
	srv := startServer(t, db)
	a := newAcks()
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			writer(ctx, http.DefaultClient, "http://"+srv.addr, srv.token, g, a, func(string) {})
		}()
	}
	time.Sleep(700 * time.Millisecond)
	if code, _, stderr := runCmd(t, "backup", "--db", db, "--to", filepath.Join(dir, "during.db")); code != 0 {
		t.Fatalf("backup under load: %s", stderr)
	}
	wg.Wait()
	cancel()
	verify(t, restore(t, filepath.Join(dir, "during.db")), newAcks())
	settle(t, srv.addr)

	copyPath := filepath.Join(dir, "after.db")
	if code, _, stderr := runCmd(t, "backup", "--db", db, "--to", copyPath); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, _, _ := runCmd(t, "backup", "--db", db, "--to", copyPath); code == 0 {
		t.Error("backup overwrote an existing file")
	}
	restored := startServer(t, restore(t, copyPath))
	defer restored.stop()
	defer srv.stop()
	for _, path := range []string{"/v1/drafts?limit=500", "/v1/positions?history=true&limit=500", "/v1/members", "/v1/drafts/2/positions"} {
		if a, b := get(t, srv.addr, path), get(t, restored.addr, path); a != b {
			t.Errorf("%s differs between the original and its backup", path)
		}
	}
}

// restore returns where the backup in file can be served from: the file
// itself for SQLite; for PostgreSQL a new database that pg_restore filled.
func restore(t *testing.T, file string) string {
	t.Helper()
	if dbtest.Postgres() == "" {
		return file
	}
	db := dbtest.Database(t)
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "-d", db, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v: %s", err, out)
	}
	return db
}

// settle waits until the server has finished the writes whose clients gave
// up: a request cut off by its client may still commit just after.
func settle(t *testing.T, addr string) {
	t.Helper()
	last := ""
	for range 100 {
		var page struct {
			NextCursor string `json:"next_cursor"`
		}
		cursor := last
		for {
			json.Unmarshal([]byte(get(t, addr, "/v1/changes?limit=500&since="+cursor)), &page)
			if page.NextCursor == cursor {
				break
			}
			cursor = page.NextCursor
		}
		if cursor == last && last != "" {
			return
		}
		last = cursor
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the server kept writing")
}

// exits waits for the binary to exit, killing it after within; it reports
// whether it exited by itself, and fails the test if it exited in error.
func (p *process) exits(t *testing.T, within time.Duration) bool {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- p.cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, p.logs.String())
		}
		return true
	case <-time.After(within):
		p.cmd.Process.Kill()
		return false
	}
}

// TestStreamsEndOnShutdown runs the binary with its stream limit set from
// the environment: a second stream from one address is refused, and on
// SIGTERM the open stream ends so that the server stops at once rather
// than wait out its shutdown timeout.
func TestStreamsEndOnShutdown(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts the binary")
	}
	p := startBinary(t, dbtest.Location(t), "UNSC_STREAMS_PER_CLIENT=1")
	res, err := http.Get("http://" + p.addr + "/v1/changes/stream")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("first stream: %v %v", res, err)
	}
	defer res.Body.Close()
	second, err := http.Get("http://" + p.addr + "/v1/changes/stream")
	if err != nil {
		t.Fatal(err)
	}
	second.Body.Close()
	if second.StatusCode != http.StatusTooManyRequests {
		t.Errorf("second stream with UNSC_STREAMS_PER_CLIENT=1: %d, want 429", second.StatusCode)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	start := time.Now()
	if !p.exits(t, 10*time.Second) {
		t.Fatal("an open stream held the shutdown")
	}
	t.Logf("stopped %s after SIGTERM with a stream open", time.Since(start).Round(time.Millisecond))
	rest, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(rest), "the server is stopping") {
		t.Errorf("the stream ended without saying why: %q", rest)
	}
}
