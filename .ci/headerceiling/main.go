// Command headerceiling is the benchmark kit's ceiling (.ci/benchkit/ceiling:
// gin, no middleware, one body from memory) sending the very headers the
// tracker sent with that body as well: the most a handler can do for that
// answer, headers included. The tracker's answers carry headers it must send
// (Cache-Control, ETag, the security headers, the request id); beside the
// plain ceiling this tells what they cost from what the tracker's own code
// costs.
//
//	headerceiling -body members.json -headers members.headers -addr 127.0.0.1:18182
//
// The headers file is what curl -D writes: a status line, then Name: value
// lines. Date and Content-Length are the server's own and are left out.
package main

import (
	"bufio"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

func main() {
	bodyFile := flag.String("body", "", "file whose bytes every GET returns")
	headerFile := flag.String("headers", "", "the headers to send, as curl -D wrote them")
	addr := flag.String("addr", "127.0.0.1:18182", "listen address")
	flag.Parse()

	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		log.Fatal(err)
	}
	headers, err := readHeaders(*headerFile)
	if err != nil {
		log.Fatal(err)
	}
	clen := strconv.Itoa(len(body))

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.NoRoute(func(c *gin.Context) {
		if c.Request.Method != http.MethodGet {
			c.Status(http.StatusMethodNotAllowed)
			return
		}
		h := c.Writer.Header()
		for name, v := range headers {
			h[name] = v
		}
		c.Header("Content-Length", clen)
		c.Data(http.StatusOK, headers.Get("Content-Type"), body)
	})
	log.Printf("headerceiling: %d-byte body, %d headers, on http://%s/", len(body), len(headers), *addr)
	log.Fatal(http.ListenAndServe(*addr, r))
}

// readHeaders reads a curl -D file, leaving out the status line and the
// headers the server writes itself.
func readHeaders(name string) (http.Header, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := http.Header{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ":")
		if !ok || strings.HasPrefix(name, "HTTP/") {
			continue
		}
		name = http.CanonicalHeaderKey(strings.TrimSpace(name))
		if name == "Date" || name == "Content-Length" {
			continue
		}
		h[name] = []string{strings.TrimSpace(value)}
	}
	return h, sc.Err()
}
