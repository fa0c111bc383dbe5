package main

import (
	"errors"
	"strings"

	"unsc/api"
)

// embedFlag is serve's --embed-ancestors: the sites that may frame a
// draft's embed. A value that would break out of the Content-Security-Policy
// header is refused when the flag (or its variable) is read, not served.
func embedFlag(c *command) *string {
	sources := api.DefaultEmbedAncestors
	c.Func("embed-ancestors", "the `sources` that may frame a draft's embed (/embed/drafts/{id}), space-separated as "+
		"Content-Security-Policy frame-ancestors takes them, such as \"https://news.example.org https://*.example.net\"; "+
		"default *, any site; every other page stays unframable (env UNSC_EMBED_ANCESTORS)",
		func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must name at least one source, such as * or https://news.example.org")
			}
			if err := api.CheckEmbedAncestors(v); err != nil {
				return err
			}
			sources = v
			return nil
		})
	return &sources
}
