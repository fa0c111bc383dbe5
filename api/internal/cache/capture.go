package cache

import (
	"bytes"

	"github.com/gin-gonic/gin"
)

// capture holds the body a handler writes, up to limit, so the answer can
// be tagged from its bytes and kept before anything goes out. A larger
// body goes out as it is written, untagged, and is not kept (nor held
// twice).
type capture struct {
	gin.ResponseWriter
	limit    int
	buf      bytes.Buffer
	overflow bool
}

func (w *capture) hold(n int) bool {
	if !w.overflow && w.buf.Len()+n > w.limit {
		w.overflow = true
		w.ResponseWriter.Write(w.buf.Bytes())
		w.buf = bytes.Buffer{}
	}
	return !w.overflow
}

func (w *capture) Write(b []byte) (int, error) {
	if w.hold(len(b)) {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *capture) WriteString(s string) (int, error) {
	if w.hold(len(s)) {
		return w.buf.WriteString(s)
	}
	return w.ResponseWriter.WriteString(s)
}
