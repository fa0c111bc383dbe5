// Package openapi builds the OpenAPI 3.1 document of the tracker's API
// from its routes: JSON Schemas come from the Go types of the bodies, by
// reflection, narrowed and described by the tables in rules.go and
// descriptions.go.
package openapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"unsc/api/internal/httpx"
)

// API is what the document describes.
type API struct {
	Routes []Route
	// MaxIdempotencyKey bounds the Idempotency-Key header that idempotent
	// routes take.
	MaxIdempotencyKey int
	// Events are what webhooks send.
	Events []Event
}

// JSON renders the document, indented.
func JSON(a API) []byte {
	doc, _ := Build(a)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// requestIDParam documents the request id a client may send.
var requestIDParam = map[string]any{"name": "X-Request-Id", "in": "header", "required": false,
	"description": "an id for this request, echoed in the response and the server's log when it is 1 to 64 of A-Z a-z 0-9 . _ -; otherwise the server makes one",
	"schema":      map[string]any{"type": "string"}}

// Build builds the document and reports the schema tables' keys that
// named no property.
func Build(a API) (doc map[string]any, unused []string) {
	comps := newSchemas()
	problemRef := comps.of(reflect.TypeFor[httpx.Problem]())
	paths := map[string]map[string]any{}
	for _, rt := range a.Routes {
		path := openAPIPath(rt.Path)
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(rt.Method)] = operation(comps, problemRef, rt, a.MaxIdempotencyKey)
	}
	paths["/openapi.json"] = map[string]any{"get": map[string]any{"operationId": "openapi", "summary": "This document",
		"parameters": []any{requestIDParam},
		"responses": map[string]any{"200": map[string]any{"description": "OK",
			"headers": map[string]any{"X-Request-Id": header("X-Request-Id")},
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}}}}
	doc = map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "UN Security Council tracker", "version": "1.0.0",
			"description": "Council members and terms, draft resolutions, members' positions with evidence, roll-call votes with the UN Charter Art. 27 outcome, and projections. Reads are public; writes need a bearer token."},
		"paths":    paths,
		"webhooks": webhooks(comps, a.Events),
		"components": map[string]any{"schemas": comps.comps, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
			"description": "an API key's token, made with `unsc keys create --name NAME`"}}},
	}
	return doc, comps.unusedKeys()
}

// operation describes one route.
func operation(comps *schemas, problemRef map[string]any, rt Route, maxIdempotencyKey int) map[string]any {
	op := map[string]any{"operationId": rt.ID, "summary": rt.Summary, "parameters": parameters(rt, maxIdempotencyKey)}
	if rt.Body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.Body))}}}
	}
	if rt.Auth {
		op["security"] = []any{map[string]any{"bearer": []any{}}}
	}
	op["responses"] = responses(comps, problemRef, rt)
	return op
}

// parameters lists a route's own parameters, then the headers its kind
// of route takes.
func parameters(rt Route, maxIdempotencyKey int) []any {
	params := []any{}
	for _, p := range rt.Params {
		params = append(params, map[string]any{"name": p.Name, "in": p.In, "description": p.Desc,
			"required": p.Required, "schema": p.Schema})
	}
	if rt.Idempotent {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
			"description": fmt.Sprintf("retry safely: the same key and body replay the first response (kept at least 24 hours); 1 to %d printable ASCII characters, no spaces", maxIdempotencyKey),
			"schema":      map[string]any{"type": "string", "minLength": 1, "maxLength": maxIdempotencyKey, "pattern": fmt.Sprintf(`^[!-~]{1,%d}$`, maxIdempotencyKey)}})
	}
	if rt.ETag {
		params = append(params, map[string]any{"name": "If-None-Match", "in": "header", "required": false,
			"description": "entity tags read before (from ETag), comma-separated, or *: when one is current the answer is 304 without a body; a tag that is not current, or text that is not a tag, matches nothing",
			"schema":      map[string]any{"type": "string"}})
	}
	return append(params, requestIDParam)
}

// responses describes a route's success, its 304 when it takes
// If-None-Match, and the problems it can answer.
func responses(comps *schemas, problemRef map[string]any, rt Route) map[string]any {
	responses := map[string]any{}
	var success map[string]any
	switch {
	case rt.Resp == nil && rt.Media == "":
		// No body: 204 after a deletion.
		success = map[string]any{"description": http.StatusText(rt.Status)}
	case rt.Media != "":
		success = map[string]any{"description": http.StatusText(rt.Status),
			"content": map[string]any{rt.Media: map[string]any{"schema": map[string]any{"type": "string"}}}}
	default:
		success = map[string]any{"description": http.StatusText(rt.Status),
			"content": map[string]any{"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.Resp))}}}
	}
	headers := map[string]any{"X-Request-Id": header("X-Request-Id"), "Cache-Control": header("Cache-Control")}
	if rt.Idempotent {
		headers["Idempotent-Replayed"] = map[string]any{"description": headerDocs["Idempotent-Replayed"], "schema": EnumSchema([]string{"true"})}
	}
	for _, name := range rt.Headers {
		headers[name] = header(name)
	}
	success["headers"] = headers
	responses[strconv.Itoa(rt.Status)] = success
	if rt.Created != 0 {
		responses[strconv.Itoa(rt.Created)] = success
	}
	if rt.ETag {
		responses["304"] = map[string]any{"description": "Not modified: If-None-Match names the current ETag"}
	}
	for _, st := range rt.errorStatuses() {
		resp := map[string]any{"description": http.StatusText(st),
			"content": map[string]any{"application/problem+json": map[string]any{"schema": problemRef}}}
		if st == http.StatusUnprocessableEntity && rt.ShowsInvalid {
			resp["content"] = map[string]any{rt.Media: map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		if st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable {
			resp["headers"] = map[string]any{"Retry-After": header("Retry-After")}
		}
		responses[strconv.Itoa(st)] = resp
	}
	return responses
}

// header documents a response header.
func header(name string) map[string]any {
	return map[string]any{"description": headerDocs[name], "schema": map[string]any{"type": "string"}}
}

// openAPIPath turns /v1/drafts/:id into /v1/drafts/{id}, and a
// catch-all, /v1/meetings/*symbol, into /v1/meetings/{symbol}: one
// segment, which a value holding slashes takes percent-encoded.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
