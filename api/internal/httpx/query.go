package httpx

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// Query reads the query string, refusing parameters the route does not
// know and collecting invalid values.
type Query struct {
	c     *gin.Context
	Probs models.Problems // the invalid values found
}

// NewQuery reads the query string of a path that takes the allowed
// parameters, answering 400 for any other and for one given twice.
func NewQuery(c *gin.Context, allowed ...string) (*Query, bool) {
	if !checkNames(c, c.Request.URL.Query(), allowed) {
		return nil, false
	}
	return &Query{c: c}, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MaxQueryValue bounds a text query parameter.
const MaxQueryValue = 500

func (q *Query) Str(name string) string {
	v := q.c.Query(name)
	if utf8.RuneCountInString(v) > MaxQueryValue {
		q.Probs.Add(name, "must be at most %d characters", MaxQueryValue)
		return ""
	}
	return v
}

func (q *Query) BoolPtr(name string) *bool {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil || (v != "true" && v != "false") {
		q.Probs.Add(name, "must be true or false")
		return nil
	}
	return &b
}

func (q *Query) Date(name string) *models.Date {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	d, err := models.ParseDate(v)
	if err != nil {
		q.Probs.Add(name, "%s", err.Error())
		return nil
	}
	return &d
}

func (q *Query) ID(name string) int64 {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		q.Probs.Add(name, "must be a positive integer")
		return 0
	}
	return n
}

func (q *Query) Limit() int {
	v, ok := q.c.GetQuery("limit")
	if !ok {
		return models.DefaultLimit
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > models.MaxLimit {
		q.Probs.Add("limit", "must be an integer from 1 to %d", models.MaxLimit)
		return models.DefaultLimit
	}
	return n
}

func (q *Query) Stances(name string, allowUnknown bool) []models.Stance {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	var out []models.Stance
	for _, s := range strings.Split(v, ",") {
		st := models.Stance(strings.TrimSpace(s))
		if !st.Valid() && !(allowUnknown && st == models.StanceUnknown) {
			q.Probs.Add(name, "%q is not a stance; use support, leaning_support, undecided, abstain, hostile, against, veto%s",
				st, map[bool]string{true: " or unknown"}[allowUnknown])
			return nil
		}
		out = append(out, st)
	}
	return out
}

// Status reads a draft status filter.
func (q *Query) Status(name string) models.Status {
	st := models.Status(q.Str(name))
	if st != "" && !st.Valid() {
		q.Probs.Add(name, "must be one of circulating, in_blue, adopted, failed, vetoed, withdrawn")
		return ""
	}
	return st
}

// PageQuery reads the query of a list that takes only a cursor and a
// page size.
func PageQuery(c *gin.Context) (string, int, bool) {
	q, okq := NewQuery(c, "cursor", "limit")
	if !okq {
		return "", 0, false
	}
	cursor, limit := q.Str("cursor"), q.Limit()
	return cursor, limit, q.OK()
}

// OK answers 422 when any value was invalid.
func (q *Query) OK() bool {
	if len(q.Probs) == 0 {
		return true
	}
	WriteProblem(q.c, http.StatusUnprocessableEntity, "invalid query parameters", q.Probs...)
	return false
}

// List splits a comma-separated list parameter; nil when it is absent.
func (q *Query) List(name string) []string {
	v, ok := q.c.GetQuery(name)
	if !ok {
		return nil
	}
	if utf8.RuneCountInString(v) > MaxQueryValue {
		q.Probs.Add(name, "must be at most %d characters", MaxQueryValue)
		return nil
	}
	return strings.Split(v, ",")
}

// Codes reads a list of member codes, each three letters in any case.
func (q *Query) Codes(name string) []string {
	var out []string
	for _, s := range q.List(name) {
		code := models.NormalizeCode(s)
		if !models.ValidCode(code) {
			q.Probs.Add(name, "%q is not a member code; give ISO 3166-1 alpha-3 codes such as RUS, comma-separated", s)
			return nil
		}
		out = append(out, code)
	}
	return out
}

// OneOf reads a list of values from vals; an empty value with allowEmpty
// is no filter.
func OneOf[T ~string](q *Query, name string, vals []T, allowEmpty bool) []T {
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
			q.Probs.Add(name, "%q is not one of %s; give one or more, comma-separated", s, strings.Join(Strings(vals), ", "))
			return nil
		}
		out = append(out, v)
	}
	return out
}

// YearOrDate reads a date, or a year: the year's first day, or with end
// its last.
func (q *Query) YearOrDate(name string, end bool) *models.Date {
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
		q.Probs.Add(name, "must be a year (YYYY) or a date written YYYY-MM-DD")
		return nil
	}
	return &d
}

// The years a year parameter takes: the Council first sat in 1946; the
// agreement matrix checks its period against a date ten years on, which
// must still be written with four digits.
const FirstYear, LastYear = 1946, 9999 - models.MaxMatrixYears

// Year reads a required year, YYYY.
func (q *Query) Year(name string) int {
	v, ok := q.c.GetQuery(name)
	if !ok {
		q.Probs.Add(name, "is required: a year such as 2012")
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || n < FirstYear || n > LastYear {
		q.Probs.Add(name, "must be a year from %d, written YYYY, such as 2012", FirstYear)
		return 0
	}
	return n
}

// Strings converts a list of a string type, such as the domain's
// enumerations, to plain strings.
func Strings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
