package httpx

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

type shapeEvidence struct {
	Quote  string `json:"quote"`
	Source *int64 `json:"source_id"`
}

type shapeBody struct {
	Stance   string            `json:"stance"`
	Evidence []shapeEvidence   `json:"evidence"`
	Votes    map[string]string `json:"votes"`
	Note     *string           `json:"note"`
}

// TestCheckShape: every field named twice or matched only by case is
// refused with its path, at any depth, up to where the JSON breaks; a
// value of another shape than the field's, JSON broken before such a
// field, and what follows the body's first value are left to the decoder
// proper, which names them.
func TestCheckShape(t *testing.T) {
	refused := map[string]string{
		`{"stance":"yes","stance":"no"}`:                               `field "stance" appears twice`,
		`{"Stance":"yes"}`:                                             `unknown field "Stance"`,
		`{"evidence":[{"quote":"a"},{"quote":"b","quote":"c"}]}`:       `field "evidence[1].quote" appears twice`,
		`{"evidence":[{"quote":"a","Source_ID":1}]}`:                   `unknown field "evidence[0].Source_ID"`,
		`{"votes":{"USA":"yes","USA":"no"}}`:                           `field "votes.USA" appears twice`,
		`{"note":null,"evidence":[],"votes":{},"stance":"x","note":1}`: `field "note" appears twice`,
		`{"stance":"yes","stance":`:                                    `field "stance" appears twice`, // before the JSON breaks
		`{"stance":"yes","stance":"no"} and more`:                      `field "stance" appears twice`,
	}
	for body, want := range refused {
		err := checkShape([]byte(body), reflect.TypeOf(&shapeBody{}))
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %q", body, err, want)
		}
	}
	passed := []string{
		`{"stance":"yes","evidence":[{"quote":"a","source_id":1}],"votes":{"USA":"yes","usa":"no"}}`,
		`{"stance":{"stance":1,"stance":2}}`,              // an object for a string: the decoder's to refuse
		`{"evidence":{"quote":1,"quote":2}}`,              // an object for an array
		`{"evidence":[[{"x":1,"x":2}]]}`,                  // an array for an object
		`{"stance":,"stance":"no"}`,                       // malformed before the second: the decoder's to say
		`{"stance":"yes"} {"stance":"yes","stance":"no"}`, // past the first value: the decoder refuses what follows
		`{"note":"\u00e9","evidence":[{}],"votes":null}`,
	}
	for _, body := range passed {
		if err := checkShape([]byte(body), reflect.TypeOf(&shapeBody{})); err != nil {
			t.Errorf("%s: refused: %v", body, err)
		}
	}
}

// BenchmarkBind reads a position's body as a write does.
func BenchmarkBind(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	body := `{"stance":"abstain","as_of":"2012-02-01","note":"Recorded by the write benchmark.","evidence":[{"quote":"A position recorded by the write benchmark, about as long as a quote from a news report on the Council.","speaker":"desk","source_id":1}]}`
	type evidence struct {
		Quote    string `json:"quote"`
		Speaker  string `json:"speaker"`
		SourceID int64  `json:"source_id"`
	}
	type position struct {
		Stance   string     `json:"stance"`
		AsOf     string     `json:"as_of"`
		Note     string     `json:"note"`
		Evidence []evidence `json:"evidence"`
	}
	b.ReportAllocs()
	for b.Loop() {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodPut, "/", strings.NewReader(body))
		var p position
		if !Bind(c, &p) || len(p.Evidence) != 1 {
			b.Fatal("not bound")
		}
	}
}
