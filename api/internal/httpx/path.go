package httpx

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// PathID reads a positive integer id from the path; anything else names
// no resource.
func PathID(c *gin.Context, name, what string) (int64, bool) {
	v := c.Param(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		WriteProblem(c, http.StatusNotFound, fmt.Sprintf("no %s %s", what, v))
		return 0, false
	}
	return id, true
}

// PathCode reads a member code from the path, upper-cased.
func PathCode(c *gin.Context) (string, bool) {
	code := models.NormalizeCode(c.Param("code"))
	if !models.ValidCode(code) {
		WriteProblem(c, http.StatusNotFound, "no member "+c.Param("code"))
		return "", false
	}
	return code, true
}
