package openapi

import "net/http"

// Route is one endpoint as the document sees it. The api package builds
// these from its route table, the one the router is built from, so the
// document can name no path the router lacks.
type Route struct {
	Method, Path string
	Auth         bool // needs a bearer token
	Idempotent   bool // takes an Idempotency-Key
	Operation
}

// Operation is what the document says of an endpoint beyond how it is
// reached.
type Operation struct {
	ID, Summary string
	Params      []Param
	Body        any    // request body shape, nil for none
	Status      int    // success status
	Created     int    // a second success status (PUT vote: 201 first time, 200 after)
	Resp        any    // success body shape
	Media       string // the success body's media type when not JSON
	Headers     []string
	Extra       []int // error statuses beyond those implied by params, body and auth
	ETag        bool  // answers 304 to If-None-Match
	// ShowsInvalid: the page answers invalid input (422) as a page of its
	// Media, showing a person what is wrong, rather than as a problem.
	ShowsInvalid bool
}

// Param is a path, query or header parameter.
type Param struct {
	Name, In, Desc string
	Schema         map[string]any
	Required       bool
}

// errorStatuses lists the problem statuses a route can answer.
func (rt Route) errorStatuses() []int {
	// 400: every route refuses a query parameter it does not take.
	out := []int{http.StatusBadRequest, http.StatusInternalServerError, http.StatusServiceUnavailable}
	hasQuery, hasPath := false, false
	for _, p := range rt.Params {
		hasQuery = hasQuery || p.In == "query"
		hasPath = hasPath || p.In == "path"
	}
	if hasQuery {
		out = append(out, http.StatusBadRequest, http.StatusUnprocessableEntity)
	}
	if hasPath {
		out = append(out, http.StatusNotFound)
	}
	if rt.Auth {
		out = append(out, http.StatusUnauthorized, http.StatusTooManyRequests)
	}
	if rt.Idempotent {
		out = append(out, http.StatusUnprocessableEntity)
	}
	if rt.Body != nil {
		out = append(out, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	}
	return append(out, rt.Extra...)
}
