package openapi

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// schemas builds JSON Schemas (2020-12, as OpenAPI 3.1 uses) from Go types,
// collecting named structs as components.
type schemas struct {
	comps map[string]any
	// used records the keys of the tables (rules.go, descriptions.go)
	// that named a property, so
	// that a test can tell a key that names none.
	used map[string]bool
}

func newSchemas() *schemas {
	return &schemas{comps: map[string]any{}, used: map[string]bool{}}
}

func (s *schemas) of(t reflect.Type) map[string]any {
	if vals, ok := enums[t]; ok {
		return EnumSchema(vals)
	}
	switch t {
	case reflect.TypeFor[models.Date]():
		return DateSchema()
	case reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case reflect.TypeFor[httpx.Clearable]():
		return nullable(map[string]any{"type": "string"})
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(s.of(t.Elem()))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		name := componentName(t)
		if _, done := s.comps[name]; !done {
			s.comps[name] = nil // placeholder against recursion
			s.comps[name] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	panic("openapi: no schema for " + t.String())
}

// nullable lets a schema take null as well.
func nullable(schema map[string]any) map[string]any {
	if ref, ok := schema["$ref"]; ok {
		return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	if t, ok := schema["type"].(string); ok {
		schema["type"] = []any{t, "null"}
	}
	if vals, ok := schema["enum"].([]any); ok && !slices.Contains(vals, nil) {
		schema["enum"] = append(slices.Clone(vals), nil)
	}
	return schema
}

// merge adds src's keywords to dst, descending into schemas both hold.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if dm, ok := dst[k].(map[string]any); ok {
			if sm, ok := v.(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = clone(v)
	}
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clone(e)
		}
		return out
	}
	return v
}

// object describes a struct: every field a response always carries is
// required; in requests, the fields tagged required:"true". encoding/json
// leaves a field alone when a request sends null for it, so an optional
// request field takes null as the same as leaving it out.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	request := strings.HasSuffix(t.Name(), "Request")
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		owner := tableName(t)
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
			key := owner + "." + name
			ft, ptr := f.Type, f.Type.Kind() == reflect.Pointer
			if ptr {
				ft = ft.Elem()
			}
			schema := s.of(ft)
			if format := f.Tag.Get("format"); format == "date" {
				merge(schema, DateSchema())
			}
			if vals, ok := fieldEnums[key]; ok {
				schema["enum"] = anys(vals)
				s.used[key] = true
			}
			if rule, ok := fieldRules[key]; ok {
				merge(schema, rule)
				s.used[key] = true
			}
			isRequired := (request && f.Tag.Get("required") == "true") || (!request && !strings.Contains(opts, "omitempty"))
			if isRequired {
				required = append(required, name)
			}
			if ptr || request && !isRequired {
				schema = nullable(schema)
			}
			desc := f.Tag.Get("desc")
			if d, ok := descriptions[key]; ok {
				desc = d
				s.used[key] = true
			}
			if desc != "" {
				schema["description"] = desc
			}
			props[name] = schema
		}
	}
	walk(t)
	slices.Sort(required)
	out := map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	if rule, ok := objectRules[componentName(t)]; ok {
		merge(out, rule)
		s.used[componentName(t)] = true
	}
	return out
}

// tableName is how the tables name the struct that declares a field:
// its component name, or "list" for every generic list.
func tableName(t reflect.Type) string {
	if strings.Contains(t.Name(), "[") {
		return "list"
	}
	return componentName(t)
}

// unusedKeys lists the keys of the tables that name no property.
func (s *schemas) unusedKeys() []string {
	var out []string
	for _, keys := range [][]string{mapKeys(fieldEnums), mapKeys(fieldRules), mapKeys(descriptions), mapKeys(objectRules)} {
		for _, k := range keys {
			if !s.used[k] {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
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
