package httpx

import (
	"testing"

	"github.com/gin-gonic/gin"
)

func TestFillPath(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		template string
		params   gin.Params
		want     string
	}{
		{"/v1/members", nil, "/v1/members"},
		{"/", nil, "/"},
		{"/v1/drafts/:id", gin.Params{{Key: "id", Value: "2"}}, "/v1/drafts/2"},
		{"/v1/drafts/:id/positions/:code", gin.Params{{Key: "id", Value: "7"}, {Key: "code", Value: "FRA"}}, "/v1/drafts/7/positions/FRA"},
		{"/v1/meetings/*symbol", gin.Params{{Key: "symbol", Value: "/S/PV.6711"}}, "/v1/meetings/S/PV.6711"},
		{"/v1/drafts/:id/vote", gin.Params{{Key: "id", Value: ""}}, "/v1/drafts//vote"},
	} {
		if got := fillPath(c.template, c.params); got != c.want {
			t.Errorf("fillPath(%q, %v) = %q, want %q", c.template, c.params, got, c.want)
		}
	}
}
