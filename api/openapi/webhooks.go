package openapi

import (
	"reflect"
)

// Event is one webhook event as the document's webhooks section
// describes it: its type, what it says, and the resource its data holds.
type Event struct {
	Type, Summary string
	Data          any
}

// eventHeaders are the Standard Webhooks headers every delivery carries.
var eventHeaders = []any{
	map[string]any{"name": "webhook-id", "in": "header", "required": true, "schema": map[string]any{"type": "string"},
		"description": "the event's id: the same on every attempt to deliver it, so a receiver can drop repeats"},
	map[string]any{"name": "webhook-timestamp", "in": "header", "required": true, "schema": map[string]any{"type": "string", "pattern": `^[0-9]+$`},
		"description": "when this attempt was sent, in seconds since 1970 (UTC); refuse old ones to stop replays"},
	map[string]any{"name": "webhook-signature", "in": "header", "required": true, "schema": map[string]any{"type": "string"},
		"description": "space-separated signatures, each v1, and the base64 HMAC-SHA256 of id.timestamp.body keyed with the secret's bytes (after whsec_, base64-decoded); two while a rotated-out secret is still valid"},
}

// webhooks describes each event as an operation the tracker calls on a
// subscriber's URL (OpenAPI 3.1 webhooks).
func webhooks(comps *schemas, events []Event) map[string]any {
	out := map[string]any{}
	for _, ev := range events {
		body := map[string]any{"type": "object", "additionalProperties": false, "required": []any{"type", "timestamp", "data"},
			"properties": map[string]any{
				"type":      map[string]any{"const": ev.Type, "description": "the event's type"},
				"timestamp": map[string]any{"type": "string", "format": "date-time", "description": "when the change it reports was written"},
				"data":      withDescription(comps.of(reflect.TypeOf(ev.Data)), "the resource, as the API serves it when the event is sent"),
			}}
		out[ev.Type] = map[string]any{"post": map[string]any{
			"operationId": "event." + ev.Type, "summary": ev.Summary, "parameters": eventHeaders,
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": body}}},
			"responses": map[string]any{
				"2XX":     map[string]any{"description": "received: the delivery is done"},
				"default": map[string]any{"description": "anything else, or no answer within the time limit, is tried again with growing waits for 24 hours, then the webhook is disabled"},
			}}}
	}
	return out
}

// withDescription describes a schema that may be a reference.
func withDescription(schema map[string]any, desc string) map[string]any {
	if _, ok := schema["$ref"]; ok {
		return map[string]any{"allOf": []any{schema}, "description": desc}
	}
	schema["description"] = desc
	return schema
}
