package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"unsc/models"
)

// enums lists the values of the domain's string enumerations.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[models.Stance](): append(strs(models.Stances), string(models.StanceUnknown)),
	reflect.TypeFor[models.Status](): strs(models.Statuses),
	reflect.TypeFor[models.Cast]():   strs(models.Casts),
	reflect.TypeFor[models.Outcome](): {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed),
		string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// schemas builds JSON Schemas (2020-12, as OpenAPI 3.1 uses) from Go types,
// collecting named structs as components.
type schemas map[string]any

func (s schemas) of(t reflect.Type) map[string]any {
	if vals, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t {
	case reflect.TypeFor[models.Date]():
		return map[string]any{"type": "string", "format": "date"}
	case reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := s.of(t.Elem())
		if ref, ok := inner["$ref"]; ok {
			return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
		}
		inner["type"] = []any{inner["type"], "null"}
		return inner
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		name := componentName(t)
		if _, done := s[name]; !done {
			s[name] = nil // placeholder against recursion
			s[name] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	panic("openapi: no schema for " + t.String())
}

// object describes a struct: every field a response always carries is
// required; in requests, the fields tagged required:"true".
func (s schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	request := strings.HasSuffix(t.Name(), "Request")
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			schema := s.of(f.Type)
			if format := f.Tag.Get("format"); format != "" {
				schema["format"] = format
			}
			props[name] = schema
			if (request && f.Tag.Get("required") == "true") || (!request && !strings.Contains(opts, "omitempty")) {
				required = append(required, name)
			}
		}
	}
	walk(t)
	slices.Sort(required)
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

// componentName names a struct's schema: list[models.Member] is MemberList.
func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := strings.TrimSuffix(name[i+1:], "]")
		inner = inner[strings.LastIndexByte(inner, '.')+1:]
		return inner + "List"
	}
	if name == "" {
		return "Object"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// openAPI renders the OpenAPI 3.1 document for routes().
func (h *Handler) openAPI() []byte {
	comps := schemas{}
	problemRef := comps.of(reflect.TypeFor[Problem]())
	paths := map[string]map[string]any{}
	for _, rt := range h.routes() {
		path := openAPIPath(rt.path)
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		op := map[string]any{"operationId": rt.id, "summary": rt.summary}
		var params []any
		for _, p := range rt.params {
			params = append(params, map[string]any{"name": p.name, "in": p.in, "description": p.desc,
				"required": p.required, "schema": p.schema})
		}
		if rt.idempotent() {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "retry safely: the same key and body replay the first response (kept at least 24 hours)",
				"schema":      map[string]any{"type": "string", "maxLength": maxIdempotencyKey}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.body))}}}
		}
		if rt.write {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		responses := map[string]any{}
		var success map[string]any
		if rt.media != "" {
			success = map[string]any{"description": http.StatusText(rt.status),
				"content": map[string]any{rt.media: map[string]any{"schema": map[string]any{"type": "string"}}}}
		} else {
			success = map[string]any{"description": http.StatusText(rt.status),
				"content": map[string]any{"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.resp))}}}
		}
		headers := map[string]any{"X-Request-Id": map[string]any{"schema": map[string]any{"type": "string"}}}
		if rt.idempotent() {
			headers["Idempotent-Replayed"] = map[string]any{"description": "true when this is the kept response to an earlier request with the same Idempotency-Key", "schema": map[string]any{"type": "string"}}
		}
		for _, name := range rt.headers {
			headers[name] = map[string]any{"schema": map[string]any{"type": "string"}}
		}
		success["headers"] = headers
		responses[strconv.Itoa(rt.status)] = success
		if rt.created != 0 {
			responses[strconv.Itoa(rt.created)] = success
		}
		if rt.etag {
			responses["304"] = map[string]any{"description": "Not modified: If-None-Match names the current ETag"}
			op["parameters"] = append(params, map[string]any{"name": "If-None-Match", "in": "header", "required": false,
				"description": "an ETag read before", "schema": map[string]any{"type": "string"}})
		}
		for _, st := range rt.errorStatuses() {
			responses[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st),
				"content": map[string]any{"application/problem+json": map[string]any{"schema": problemRef}}}
			if st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable {
				responses[strconv.Itoa(st)].(map[string]any)["headers"] = map[string]any{"Retry-After": map[string]any{"schema": map[string]any{"type": "string"}}}
			}
		}
		op["responses"] = responses
		paths[path][strings.ToLower(rt.method)] = op
	}
	paths["/openapi.json"] = map[string]any{"get": map[string]any{"operationId": "openapi", "summary": "This document",
		"responses": map[string]any{"200": map[string]any{"description": "OK",
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}}}}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "UN Security Council tracker", "version": "1.0.0",
			"description": "Council members and terms, draft resolutions, members' positions with evidence, roll-call votes with the UN Charter Art. 27 outcome, and projections. Reads are public; writes need a bearer token."},
		"paths":      paths,
		"components": map[string]any{"schemas": map[string]any(comps), "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// openAPIPath turns /v1/drafts/:id into /v1/drafts/{id}.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
