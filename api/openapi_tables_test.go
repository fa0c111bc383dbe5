package api

import (
	"testing"

	"unsc/api/openapi"
)

// TestOpenAPITablesNameRealProperties fails when a key of the schema
// tables names no property, as after a field is renamed: its rule or
// description would silently stop applying. It lives here, not in
// api/openapi, because which properties exist depends on the route table.
func TestOpenAPITablesNameRealProperties(t *testing.T) {
	t.Parallel()
	_, unused := openapi.Build((&Handler{}).document())
	for _, k := range unused {
		t.Errorf("api/openapi's tables name %s, which no schema has", k)
	}
}
