package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func versionCmd(args []string, stdout io.Writer) error {
	c := newCommand("version", "", "Prints the version and the commit the binary was built from.")
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("version takes no arguments, got %q", rest)}
	}
	fmt.Fprintln(stdout, "unsc", buildVersion())
	return nil
}

// buildVersion is the version set at build time, else the commit the
// binary was built from, as the Go toolchain recorded it.
func buildVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return version + " (" + info.GoVersion + ")"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+changes"
	}
	return "dev-" + rev + " (" + info.GoVersion + ")"
}
