package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/internal/throttle"
	"unsc/models"
)

// authStore is what authentication asks of the store.
type authStore interface {
	Authenticate(ctx context.Context, token string) (string, error)
}

// authenticate lets a request through only with a valid bearer token.
// The token is checked before the throttle, so a valid one always passes.
func (h *Handler) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		h.refuseAuth(c, "", &models.Error{Kind: models.KindUnauthenticated,
			Message: "writes need Authorization: Bearer <token>; create a key with `unsc keys create --name NAME`"})
		return
	}
	name, err := h.store.Authenticate(c.Request.Context(), token)
	if err != nil {
		h.refuseAuth(c, token, err)
		return
	}
	httpx.SetKeyName(c, name)
	c.Next()
}

// refuseAuth answers a request whose token (empty when none) failed with
// err: 401, or 429 with Retry-After once its client address or its token
// has failed too often.
func (h *Handler) refuseAuth(c *gin.Context, token string, err error) {
	if models.KindOf(err) == models.KindUnauthenticated {
		keys := throttle.FailureKeys(httpx.ClientKey(c.ClientIP()), token)
		if wait := h.throttle.Blocked(keys...); wait > 0 {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			httpx.WriteProblem(c, http.StatusTooManyRequests, "too many failed attempts to authenticate; wait before trying again")
			return
		}
		h.throttle.Fail(keys...)
	}
	h.fail(c, err)
}
