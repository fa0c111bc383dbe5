package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	validatorerrors "github.com/pb33f/libopenapi-validator/errors"

	"unsc/api"

	"unsc/models/dbtest"
	"unsc/models/sqlstore"
	"unsc/seed"
)

// today is the fixed date the tests' clock reads.
var today = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// env is the real router over a real, seeded SQLite file.
type env struct {
	t      testing.TB
	store  *sqlstore.Store
	h      http.Handler
	token  string
	spec   *sharedSpec
	arab   int64 // S/2012/77
	oct    int64 // S/2011/612
	source int64
}

func newEnv(t testing.TB) *env {
	t.Helper()
	if dbtest.Postgres() != "" {
		store := openStore(t, dbtest.Location(t))
		if _, err := seed.Load(context.Background(), store); err != nil {
			t.Fatal(err)
		}
		return envOn(t, store)
	}
	return envOn(t, openStore(t, fromTemplate(t, "seed", func(context.Context, *sqlstore.Store) (any, error) { return nil, nil })))
}

// templates are databases written once per run of this package on
// SQLite, each closed (so that its write-ahead log is folded in) before
// any test copies it: the seed alone, or with more (the synthetic
// history), by name.
var templates struct {
	mu     sync.Mutex
	byName map[string]*template
	dirs   []string // removed by TestMain
}

type template struct {
	once   sync.Once
	file   string
	report any
	err    error
}

// fromTemplate returns a copy, in the test's own folder, of the SQLite
// database that seed.Load and then more write, built the first time name
// is asked for: the same database the test would get by writing them
// itself, in a fraction of the time. It logs what more reported.
func fromTemplate(t testing.TB, name string, more func(context.Context, *sqlstore.Store) (any, error)) string {
	t.Helper()
	templates.mu.Lock()
	if templates.byName == nil {
		templates.byName = map[string]*template{}
	}
	tp := templates.byName[name]
	if tp == nil {
		tp = &template{}
		templates.byName[name] = tp
	}
	templates.mu.Unlock()
	tp.once.Do(func() {
		dir, err := os.MkdirTemp("", "unsc-template-")
		if err != nil {
			tp.err = err
			return
		}
		templates.mu.Lock()
		templates.dirs = append(templates.dirs, dir)
		templates.mu.Unlock()
		tp.file = filepath.Join(dir, "unsc.db")
		store, err := sqlstore.Open(tp.file, sqlstore.WithClock(func() time.Time { return today }))
		if err != nil {
			tp.err = err
			return
		}
		ctx := context.Background()
		if _, err = seed.Load(ctx, store); err == nil {
			tp.report, err = more(ctx, store)
		}
		if cerr := store.Close(); err == nil {
			err = cerr
		}
		tp.err = err
	})
	if tp.err != nil {
		t.Fatalf("template %s: %v", name, tp.err)
	}
	if tp.report != nil {
		t.Log(tp.report)
	}
	db := filepath.Join(t.TempDir(), "unsc.db")
	if err := dbtest.CopyFile(tp.file, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// openStore opens the database at location for one test, on the tests'
// clock.
func openStore(t testing.TB, location string) *sqlstore.Store {
	t.Helper()
	// The race detector on a busy two-core machine makes a batch of
	// writes slower than a database fault's deadline in production.
	store, err := sqlstore.Open(location, sqlstore.WithClock(func() time.Time { return today }), sqlstore.WithTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// envOn serves a seeded store, with a key and the OpenAPI document every
// response is checked against.
func envOn(t testing.TB, store *sqlstore.Store) *env {
	t.Helper()
	ctx := context.Background()
	token, err := store.CreateKey(ctx, "desk")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: store, h: api.New(store, slog.New(slog.DiscardHandler), api.WithDBTimeout(time.Minute)), token: token}
	e.spec = specFor(t, e.get("/openapi.json").body)
	// By symbol: with the Council's record loaded (newRecordEnv) the
	// article's drafts are not on the first page.
	for _, d := range []struct {
		symbol string
		id     *int64
	}{{"S/2012/77", &e.arab}, {"S/2011/612", &e.oct}} {
		if l := e.get("/v1/drafts?symbol=" + d.symbol).list(); len(l) == 1 {
			*d.id = int64(l[0]["id"].(float64))
		}
	}
	e.source = int64(e.get("/v1/sources").list()[0]["id"].(float64))
	return e
}

// specs holds the validators built from the documents served so far, by
// the document's text: building one takes seconds, and every env serves
// the same document, which is checked once (ValidateDocument) and then
// shared by the tests, in parallel.
var specs struct {
	mu    sync.Mutex
	byDoc map[string]*sharedSpec
}

// sharedSpec is a validator that one request at a time uses: it is
// shared by tests that run in parallel.
type sharedSpec struct {
	mu sync.Mutex
	v  validator.Validator
}

func (s *sharedSpec) ValidateHttpResponse(req *http.Request, res *http.Response) (bool, []*validatorerrors.ValidationError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v.ValidateHttpResponse(req, res)
}

// specFor returns the validator of the OpenAPI document doc, after
// checking the document itself.
func specFor(t testing.TB, doc []byte) *sharedSpec {
	t.Helper()
	specs.mu.Lock()
	defer specs.mu.Unlock()
	if s := specs.byDoc[string(doc)]; s != nil {
		return s
	}
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, ve := range verrs {
			t.Errorf("openapi.json: %s: %s", ve.Message, ve.Reason)
		}
		t.FailNow()
	}
	if specs.byDoc == nil {
		specs.byDoc = map[string]*sharedSpec{}
	}
	s := &sharedSpec{v: v}
	specs.byDoc[string(doc)] = s
	return s
}

type response struct {
	t      testing.TB
	status int
	header http.Header
	body   []byte
}

// req is one request; headers alternate name, value.
func (e *env) req(method, path string, body any, headers ...string) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, path, rd)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	req.RemoteAddr = "192.0.2.1:1234"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	res := rec.Result()
	data, _ := io.ReadAll(res.Body)
	r := &response{t: e.t, status: res.StatusCode, header: res.Header, body: data}
	e.conform(method, path, body, headers, r)
	return r
}

// conform checks the response against the OpenAPI document, for every
// request to a documented route.
func (e *env) conform(method, path string, body any, headers []string, r *response) {
	e.t.Helper()
	if e.spec == nil || r.status == http.StatusMethodNotAllowed || r.header.Get("X-Undocumented") != "" {
		return
	}
	req := httptest.NewRequest(method, path, nil)
	res := &http.Response{StatusCode: r.status, Header: r.header, Body: io.NopCloser(bytes.NewReader(r.body)), Request: req}
	ok, errs := e.spec.ValidateHttpResponse(req, res)
	if ok {
		return
	}
	for _, ve := range errs {
		if ve.ValidationType == "path" && r.status == http.StatusNotFound {
			return // an unknown route: not in the document, rightly
		}
		e.t.Errorf("%s %s -> %d does not match openapi.json: %s: %s %v\n%s", method, path, r.status, ve.Message, ve.Reason, ve.SchemaValidationErrors, r.body)
	}
}

func (e *env) get(path string, headers ...string) *response {
	e.t.Helper()
	return e.req(http.MethodGet, path, nil, headers...)
}

// allInvalid asks each path followed by each query, and expects every
// answer to be a 422 invalid problem.
func (e *env) allInvalid(queries []string, paths ...string) {
	e.t.Helper()
	for _, q := range queries {
		for _, path := range paths {
			e.get(path+q).problem(422, "invalid")
		}
	}
}

// write sends an authenticated write.
func (e *env) write(method, path string, body any, headers ...string) *response {
	e.t.Helper()
	return e.req(method, path, body, append([]string{"Authorization", "Bearer " + e.token}, headers...)...)
}

// created sends an authenticated POST of body to path, expects 201 and
// returns where the new resource is (its Location).
func (e *env) created(path string, body any) string {
	e.t.Helper()
	return e.write("POST", path, body).expect(201).header.Get("Location")
}

func (r *response) expect(status int) *response {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (r *response) json() map[string]any {
	r.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		r.t.Fatalf("not a JSON object: %v: %s", err, r.body)
	}
	return m
}

func (r *response) list() []map[string]any {
	r.t.Helper()
	var l struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(r.body, &l); err != nil {
		r.t.Fatalf("not a list: %v: %s", err, r.body)
	}
	return l.Items
}

// problem checks that r is a problem+json of the given status and type.
func (r *response) problem(status int, typ string) map[string]any {
	r.t.Helper()
	r.expect(status)
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		r.t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	p := r.json()
	if p["status"] != float64(status) || p["type"] != "urn:unsc:problem:"+typ {
		r.t.Fatalf("problem %v %v, want %d %s: %s", p["status"], p["type"], status, typ, r.body)
	}
	return p
}

// fields lists the field names a 422 problem names.
func fields(p map[string]any) []string {
	var out []string
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

// digest is every row of every table, to show that a refused write
// changed nothing.
func (e *env) digest() string {
	e.t.Helper()
	w := e.store.ReadPool()
	return dbtest.Dump(e.t, w)
}

// rowCounts is how many rows each table holds and how often versioned
// rows changed: cheap enough to compare after every fuzzed request.
func (e *env) rowCounts() string {
	e.t.Helper()
	w := e.store.ReadPool()
	return dbtest.Counts(e.t, w)
}

// count runs a COUNT(*) query on the database.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	w := e.store.ReadPool()
	var n int
	if err := w.QueryRow(dbtest.Q(w, query), args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
