package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version, when set at build time with -ldflags "-X main.version=...",
// replaces the module version the Go toolchain records.
var version string

func versionCmd(args []string, stdout io.Writer) error {
	c := newCommand("version", "",
		"Prints the version, the commit the binary was built from (its revision, its time,\n"+
			"and \"modified\" if the checkout had uncommitted changes) and the Go release.")
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, "unsc", describeBuild(info))
	return nil
}

// buildVersion is the version and commit, for the log.
func buildVersion() string {
	info, _ := debug.ReadBuildInfo()
	return describeBuild(info)
}

// describeBuild says what a binary is from its build information: e.g.
// "v0.0.0-20261128120000-abcdef123456 (revision abcdef1234567890...,
// 2026-11-28T12:00:00Z, modified) go1.26.8". go build in a git checkout
// records the revision and derives the version from it; go run and go
// test record neither, hence "dev".
func describeBuild(info *debug.BuildInfo) string {
	v := version
	if v == "" && info != nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	if info == nil {
		return v
	}
	var vcs []string
	for _, key := range []string{"vcs.revision", "vcs.time", "vcs.modified"} {
		for _, s := range info.Settings {
			switch {
			case s.Key != key:
			case key == "vcs.revision":
				vcs = append(vcs, "revision "+s.Value)
			case key == "vcs.modified":
				if s.Value == "true" {
					vcs = append(vcs, "modified")
				}
			default:
				vcs = append(vcs, s.Value)
			}
		}
	}
	if len(vcs) > 0 {
		v += " (" + strings.Join(vcs, ", ") + ")"
	}
	return v + " " + info.GoVersion
}
