package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPostgresScriptStopRemovesCluster starts a cluster with
// .ci/postgres on a free port and stops it: stop leaves nothing of it
// behind, so the next start serves no keys or data of an earlier run.
func TestPostgresScriptStopRemovesCluster(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	if bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(bins) == 0 {
		t.Skip("PostgreSQL is not installed (.ci/postgres start installs it)")
	}
	// Under /tmp, not t.TempDir(): PostgreSQL runs as its own user, who
	// must reach the folder.
	parent, err := os.MkdirTemp("", "unsc-ci-postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(parent)
	os.Chmod(parent, 0o755)
	work := filepath.Join(parent, "cluster")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	script := func(cmd string) string {
		c := exec.Command("bash", "../../.ci/postgres", cmd)
		c.Env = append(os.Environ(), "PGWORK="+work, "PGPORT="+port)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf(".ci/postgres %s: %v: %s", cmd, err, out)
		}
		return string(out)
	}
	defer script("stop")
	if url := script("start"); !strings.Contains(url, "127.0.0.1:"+port+"/unsc") {
		t.Fatalf("start printed %q", url)
	}
	if _, err := os.Stat(filepath.Join(work, "data", "PG_VERSION")); err != nil {
		t.Fatalf("start made no cluster: %v", err)
	}
	script("stop")
	if _, err := os.Stat(work); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(work)
		t.Errorf("stop left %s behind (%d entries)", work, len(entries))
	}
}
