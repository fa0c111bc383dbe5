package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// Bind decodes a JSON request body into dst strictly: one JSON object, no
// unknown or repeated fields, nothing after it. It answers the client and
// returns false when the body is unfit.
func Bind(c *gin.Context, dst any) bool {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			WriteProblem(c, http.StatusUnsupportedMediaType, "send the body as application/json")
			return false
		}
	}
	body, ok := ReadBody(c)
	if !ok {
		return false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		WriteProblem(c, http.StatusBadRequest, "a JSON object is required in the body")
		return false
	}
	// encoding/json would store invalid UTF-8 as U+FFFD, silently changing
	// what the client sent.
	if !utf8.Valid(body) {
		WriteProblem(c, http.StatusBadRequest, "the body is not valid UTF-8")
		return false
	}
	if body := bytes.TrimSpace(body); body[0] != '{' {
		WriteProblem(c, http.StatusBadRequest, "the body must be a JSON object")
		return false
	}
	if err := checkShape(body, reflect.TypeOf(dst)); err != nil {
		WriteProblem(c, http.StatusBadRequest, err.Error())
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			WriteProblem(c, http.StatusUnprocessableEntity, "a field has the wrong type",
				models.FieldError{Field: typeErr.Field, Message: "must be " + jsonKind(typeErr.Type.Kind().String())})
			return false
		}
		WriteProblem(c, http.StatusBadRequest, describeDecodeError(err))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		WriteProblem(c, http.StatusBadRequest, "the body must hold one JSON object and nothing after it")
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

// ReadBody reads a request body of at most MaxBodyBytes.
func ReadBody(c *gin.Context) ([]byte, bool) {
	if c.Request.ContentLength > MaxBodyBytes {
		WriteProblem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body must be at most %d bytes", MaxBodyBytes))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			WriteProblem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body must be at most %d bytes", MaxBodyBytes))
			return nil, false
		}
		WriteProblem(c, http.StatusBadRequest, "the body could not be read")
		return nil, false
	}
	return body, true
}

// checkShape walks a JSON body beside the Go type it decodes into and
// refuses what encoding/json would let through silently: a field named
// twice (which value counts would depend on the parser) and a field whose
// name matches only when case is ignored ("Title" for "title"). It
// reads the body's first value only, up to where the JSON breaks, if it
// does: from there the decoder proper names what is wrong.
func checkShape(raw []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers are skipped here: no need to parse them
	var shape shapeError
	if err := walkShape(dec, t, ""); errors.As(err, &shape) {
		return shape
	}
	return nil // malformed JSON, or none of the above
}

// shapeError is what checkShape refuses, in words for the client.
type shapeError string

func (e shapeError) Error() string { return string(e) }

// walkShape reads one value from dec, in one pass over the body, checking
// an object's fields against t (nil: a value of another shape than t's,
// which the decoder proper refuses, walked through unchecked). path names
// the value in the error.
func walkShape(dec *json.Decoder, t reflect.Type, path string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		if t != nil && t.Kind() != reflect.Struct && t.Kind() != reflect.Map {
			t = nil
		}
		if err := walkFields(dec, t, path); err != nil {
			return err
		}
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && t.Kind() == reflect.Slice {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := walkShape(dec, elem, strings.TrimSuffix(path, ".")+"["+strconv.Itoa(i)+"]."); err != nil {
				return err
			}
		}
	default:
		return nil // a scalar
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// walkFields reads an object's fields, its opening brace read: each named
// once, each a field of t (nil: none checked).
func walkFields(dec *json.Decoder, t reflect.Type, path string) error {
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		var elem reflect.Type
		if t != nil {
			field := path + key
			if seen[key] {
				return shapeError(fmt.Sprintf("field %q appears twice", field))
			}
			seen[key] = true
			var ok bool
			if elem, ok = fieldType(t, key); !ok {
				return shapeError(fmt.Sprintf("unknown field %q", field))
			}
		}
		if err := walkShape(dec, elem, path+key+"."); err != nil {
			return err
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

// ParseDate reads a required date field, noting a problem if it is not one.
func ParseDate(p *models.Problems, field, s string) models.Date {
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
