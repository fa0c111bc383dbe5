package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNonsenseSettingsAreRefused runs the real binary with each setting
// out of its range, as a flag and from the environment: it exits 2 at
// once with an error naming the flag (and the variable), and opens no
// database; before, the defaults were used without a word.
func TestNonsenseSettingsAreRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		flag, value, env, want string
	}{
		{"db-conns", "0", "UNSC_DB_CONNS", "must be at least 1"},
		{"db-conns", "many", "UNSC_DB_CONNS", "must be a whole number"},
		{"streams-per-client", "-5", "UNSC_STREAMS_PER_CLIENT", "must be at least 1"},
		{"streams-total", "0", "UNSC_STREAMS_TOTAL", "must be at least 1"},
		{"stream-idle", "0s", "UNSC_STREAM_IDLE", "must be longer than 0s"},
		{"auth-failures", "0", "UNSC_AUTH_FAILURES", "must be at least 1"},
		{"auth-window", "-1m", "UNSC_AUTH_WINDOW", "must not be negative"},
		{"auth-tracked", "-1", "UNSC_AUTH_TRACKED", "must be at least 1"},
		{"cache-max-age", "-5s", "UNSC_CACHE_MAX_AGE", "must not be negative"},
		{"cache-stale", "soon", "UNSC_CACHE_STALE", "must be a duration"},
		{"webhook-timeout", "0", "UNSC_WEBHOOK_TIMEOUT", "must be longer than 0s"},
		{"webhook-retry-first", "-1s", "UNSC_WEBHOOK_RETRY_FIRST", "must not be negative"},
		{"webhook-retry-for", "0s", "UNSC_WEBHOOK_RETRY_FOR", "must be longer than 0s"},
		{"public-url", "ftp://unsc.example.org", "UNSC_PUBLIC_URL", "must be an absolute http or https URL"},
		{"public-url", "unsc.example.org", "UNSC_PUBLIC_URL", "must be an absolute http or https URL"},
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "never.db")
	unsc := func(env string, args ...string) (int, string) {
		// Before, the server started and served: the deadline ends it.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary(t), args...)
		cmd.Env = append(os.Environ(), "UNSC_ADDR=127.0.0.1:0", "UNSC_DB="+db)
		if env != "" {
			cmd.Env = append(cmd.Env, env)
		}
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	for _, tt := range tests {
		code, out := unsc("", "serve", "--"+tt.flag, tt.value)
		if code != 2 || !strings.Contains(out, "flag -"+tt.flag+": "+tt.want) {
			t.Errorf("--%s %s: exit %d, %q; want exit 2 and %q", tt.flag, tt.value, code, out, tt.want)
		}
		code, out = unsc(tt.env+"="+tt.value, "serve")
		if code != 2 || !strings.Contains(out, tt.env+"=") || !strings.Contains(out, "(--"+tt.flag+"): "+tt.want) {
			t.Errorf("%s=%s: exit %d, %q; want exit 2 naming both and %q", tt.env, tt.value, code, out, tt.want)
		}
	}
	if code, out := unsc("", "seed", "--scale", "-5"); code != 2 || !strings.Contains(out, "flag -scale: must be at least 0") {
		t.Errorf("seed --scale -5: exit %d, %q", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a refused setting still opened the database: %v", err)
	}
}
