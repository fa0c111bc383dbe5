package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// writeJSON encodes v without escaping <, > and & (the output is JSON, not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// bind decodes a JSON request body into dst strictly: one JSON object, no
// unknown or repeated fields, nothing after it. It answers the client and
// returns false when the body is unfit.
func bind(c *gin.Context, dst any) bool {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			problem(c, http.StatusUnsupportedMediaType, "send the body as application/json")
			return false
		}
	}
	body, ok := readBody(c)
	if !ok {
		return false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		problem(c, http.StatusBadRequest, "a JSON object is required in the body")
		return false
	}
	// encoding/json would store invalid UTF-8 as U+FFFD, silently changing
	// what the client sent.
	if !utf8.Valid(body) {
		problem(c, http.StatusBadRequest, "the body is not valid UTF-8")
		return false
	}
	if body := bytes.TrimSpace(body); body[0] != '{' {
		problem(c, http.StatusBadRequest, "the body must be a JSON object")
		return false
	}
	if err := checkShape(body, reflect.TypeOf(dst), ""); err != nil {
		problem(c, http.StatusBadRequest, err.Error())
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			problem(c, http.StatusUnprocessableEntity, "a field has the wrong type",
				models.FieldError{Field: typeErr.Field, Message: "must be " + jsonKind(typeErr.Type.Kind().String())})
			return false
		}
		problem(c, http.StatusBadRequest, describeDecodeError(err))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		problem(c, http.StatusBadRequest, "the body must hold one JSON object and nothing after it")
		return false
	}
	return true
}

func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "an integer"
	case k == "string":
		return "a string"
	case k == "bool":
		return "true or false"
	case k == "slice":
		return "an array"
	case k == "map", k == "struct":
		return "an object"
	}
	return "of another type"
}

func describeDecodeError(err error) string {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d", syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends too soon"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case strings.HasPrefix(err.Error(), "json: cannot unmarshal"):
		return "the body must be a JSON object of the documented shape"
	}
	return "malformed JSON"
}

// readBody reads a request body of at most MaxBodyBytes.
func readBody(c *gin.Context) ([]byte, bool) {
	if c.Request.ContentLength > MaxBodyBytes {
		problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body must be at most %d bytes", MaxBodyBytes))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body must be at most %d bytes", MaxBodyBytes))
			return nil, false
		}
		problem(c, http.StatusBadRequest, "the body could not be read")
		return nil, false
	}
	return body, true
}

// checkShape walks a JSON body beside the Go type it decodes into and
// refuses what encoding/json would let through silently: a field named
// twice (which value counts would depend on the parser) and a field whose
// name matches only when case is ignored ("Title" for "title").
func checkShape(raw []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil // the decoder proper reports malformed JSON
	}
	switch {
	case tok == json.Delim('{') && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil
			}
			key, _ := kt.(string)
			field := path + key
			if seen[key] {
				return fmt.Errorf("field %q appears twice", field)
			}
			seen[key] = true
			elem, ok := fieldType(t, key)
			if !ok {
				return fmt.Errorf("unknown field %q", field)
			}
			var val json.RawMessage
			if err := dec.Decode(&val); err != nil {
				return nil
			}
			if err := checkShape(val, elem, field+"."); err != nil {
				return err
			}
		}
	case tok == json.Delim('[') && t.Kind() == reflect.Slice:
		for i := 0; dec.More(); i++ {
			var val json.RawMessage
			if err := dec.Decode(&val); err != nil {
				return nil
			}
			if err := checkShape(val, t.Elem(), strings.TrimSuffix(path, ".")+"["+strconv.Itoa(i)+"]."); err != nil {
				return err
			}
		}
	}
	return nil
}

// fieldType finds the type of the value under key: a map's element, or
// the struct field whose JSON name is exactly key.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	if t.Kind() == reflect.Map {
		return t.Elem(), true
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == key && name != "-" {
			return f.Type, true
		}
	}
	return nil, false
}

// query reads the query string, refusing parameters the route does not
// know and collecting invalid values.
type query struct {
	c     *gin.Context
	probs models.Problems
}

func newQuery(c *gin.Context, allowed ...string) (*query, bool) {
	for name, values := range c.Request.URL.Query() {
		if !contains(allowed, name) {
			problem(c, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q; this path takes: %s", name, strings.Join(allowed, ", ")))
			return nil, false
		}
		// Which of two values counts would be a guess; lists are one
		// value, comma-separated.
		if len(values) > 1 {
			problem(c, http.StatusBadRequest, fmt.Sprintf("query parameter %q is given %d times; give it once (a list is one value: a,b)", name, len(values)))
			return nil, false
		}
	}
	return &query{c: c}, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxQueryValue bounds a text query parameter.
const maxQueryValue = 500

func (q *query) str(name string) string {
	v := q.c.Query(name)
	if utf8.RuneCountInString(v) > maxQueryValue {
		q.probs.Add(name, "must be at most %d characters", maxQueryValue)
		return ""
	}
	return v
}

func (q *query) boolPtr(name string) *bool {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil || (v != "true" && v != "false") {
		q.probs.Add(name, "must be true or false")
		return nil
	}
	return &b
}

// parseDate reads a required date field, noting a problem if it is not one.
func parseDate(p *models.Problems, field, s string) models.Date {
	if s == "" {
		p.Add(field, "is required")
		return ""
	}
	d, err := models.ParseDate(s)
	if err != nil {
		p.Add(field, "%s", err.Error())
	}
	return d
}

func (q *query) date(name string) *models.Date {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	d, err := models.ParseDate(v)
	if err != nil {
		q.probs.Add(name, "%s", err.Error())
		return nil
	}
	return &d
}

func (q *query) id(name string) int64 {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		q.probs.Add(name, "must be a positive integer")
		return 0
	}
	return n
}

func (q *query) limit() int {
	v, ok := q.c.GetQuery("limit")
	if !ok {
		return models.DefaultLimit
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > models.MaxLimit {
		q.probs.Add("limit", "must be an integer from 1 to %d", models.MaxLimit)
		return models.DefaultLimit
	}
	return n
}

func (q *query) stances(name string, allowUnknown bool) []models.Stance {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	var out []models.Stance
	for _, s := range strings.Split(v, ",") {
		st := models.Stance(strings.TrimSpace(s))
		if !st.Valid() && !(allowUnknown && st == models.StanceUnknown) {
			q.probs.Add(name, "%q is not a stance; use support, leaning_support, undecided, abstain, hostile, against, veto%s",
				st, map[bool]string{true: " or unknown"}[allowUnknown])
			return nil
		}
		out = append(out, st)
	}
	return out
}

// status reads a draft status filter.
func (q *query) status(name string) models.Status {
	st := models.Status(q.str(name))
	if st != "" && !st.Valid() {
		q.probs.Add(name, "must be one of circulating, in_blue, adopted, failed, vetoed, withdrawn")
		return ""
	}
	return st
}

// pageQuery reads the query of a list that takes only a cursor and a
// page size.
func pageQuery(c *gin.Context) (string, int, bool) {
	q, okq := newQuery(c, "cursor", "limit")
	if !okq {
		return "", 0, false
	}
	cursor, limit := q.str("cursor"), q.limit()
	return cursor, limit, q.ok()
}

// ok answers 422 when any value was invalid.
func (q *query) ok() bool {
	if len(q.probs) == 0 {
		return true
	}
	problem(q.c, http.StatusUnprocessableEntity, "invalid query parameters", q.probs...)
	return false
}

// list splits a comma-separated list parameter; nil when it is absent.
func (q *query) list(name string) []string {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	if utf8.RuneCountInString(v) > maxQueryValue {
		q.probs.Add(name, "must be at most %d characters", maxQueryValue)
		return nil
	}
	return strings.Split(v, ",")
}

// codes reads a list of member codes, each three letters in any case.
func (q *query) codes(name string) []string {
	var out []string
	for _, s := range q.list(name) {
		code := strings.ToUpper(s)
		if !models.ValidCode(code) {
			q.probs.Add(name, "%q is not a member code; give ISO 3166-1 alpha-3 codes such as RUS, comma-separated", s)
			return nil
		}
		out = append(out, code)
	}
	return out
}

// oneOf reads a list of values from vals; an empty value with allowEmpty
// is no filter.
func oneOf[T ~string](q *query, name string, vals []T, allowEmpty bool) []T {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	items := strings.Split(v, ",")
	if allowEmpty && len(items) == 1 && items[0] == "" {
		return nil
	}
	var out []T
	for _, s := range items {
		v := T(s)
		if !slices.Contains(vals, v) {
			q.probs.Add(name, "%q is not one of %s; give one or more, comma-separated", s, strings.Join(strs(vals), ", "))
			return nil
		}
		out = append(out, v)
	}
	return out
}

// yearOrDate reads a date, or a year: the year's first day, or with end
// its last.
func (q *query) yearOrDate(name string, end bool) *models.Date {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	if len(v) == 4 && strings.Trim(v, "0123456789") == "" {
		d := models.Date(v + "-01-01")
		if end {
			d = models.Date(v + "-12-31")
		}
		return &d
	}
	d, err := models.ParseDate(v)
	if err != nil {
		q.probs.Add(name, "must be a year (YYYY) or a date written YYYY-MM-DD")
		return nil
	}
	return &d
}

// The years a year parameter takes: the Council first sat in 1946; the
// agreement matrix checks its period against a date ten years on, which
// must still be written with four digits.
const firstYear, lastYear = 1946, 9999 - models.MaxMatrixYears

// year reads a required year, YYYY.
func (q *query) year(name string) int {
	v, ok := q.c.GetQuery(name)
	if !ok {
		q.probs.Add(name, "is required: a year such as 2012")
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || n < firstYear || n > lastYear {
		q.probs.Add(name, "must be a year from %d, written YYYY, such as 2012", firstYear)
		return 0
	}
	return n
}
