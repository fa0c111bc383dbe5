// Package httpx is the tracker's HTTP plumbing shared by the JSON API and
// the board: problem responses, JSON rendering, strict decoding of bodies
// and query strings, entity tags, request ids and security headers. It
// knows the domain's error kinds and value types, never the store.
package httpx
