package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// TestFullDiskAnswers507 serves a database on a small disk of its own (a
// tmpfs, which takes root to mount), then fills the disk: /readyz says
// the disk is full, writes answer 507 with Retry-After until one fails,
// never 500; once space is freed the server is ready and takes writes
// again by itself, and every write it acknowledged is stored.
func TestFullDiskAnswers507(t *testing.T) {
	t.Parallel()
	dbtest.SQLiteOnly(t, "a fault of a SQLite file")
	dir := tmpfsDisk(t, "24m")
	db, token := seededFile(t, dir)
	p := startBinary(t, db)
	defer p.cmd.Process.Kill()
	waitReady(t, p.addr, http.StatusOK, 5*time.Second)
	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	a := waitReady(t, p.addr, http.StatusServiceUnavailable, 2*time.Second)
	if d := problemDetail(t, a); !strings.Contains(d, "disk is full") {
		t.Errorf("/readyz on a full disk says %q", d)
	}
	acked := 0
	var refused answer
	for n := 1; n <= 3000 && refused.status == 0; n++ {
		switch a := postDraft(t, p.addr, token, n); a.status {
		case http.StatusCreated:
			acked++
		default:
			refused = a
		}
	}
	refusedAsFault(t, "a write to a full disk", refused, http.StatusInsufficientStorage)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	waitReady(t, p.addr, http.StatusOK, 5*time.Second)
	if a := postDraft(t, p.addr, token, 5000); a.status != http.StatusCreated {
		t.Fatalf("a write once space is freed: %d %s", a.status, a.body)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.exits(t, 20*time.Second)
	if n := countDrafts(t, db, "S/2099/%"); n != acked+1 {
		t.Errorf("%d drafts stored, %d acknowledged", n, acked+1)
	}
	t.Logf("%d writes acknowledged before the disk refused one", acked)
}

// tmpfsDisk mounts a tmpfs of size on a new directory, unmounted when
// the test ends; it skips the test when it may not mount.
func tmpfsDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("filling a disk of its own takes a tmpfs, which only root may mount")
	}
	dir := t.TempDir()
	if err := mountTmpfs(t, dir, size); err != nil {
		t.Skipf("cannot mount a tmpfs (%v): no disk to fill", err)
	}
	return dir
}

// mountTmpfs mounts a tmpfs of size on dir, unmounted when the test ends.
func mountTmpfs(t *testing.T, dir, size string) error {
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return nil
}

// fill writes path until the disk has no room left.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := bytes.Repeat([]byte{0xAA}, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			t.Fatal(err)
		}
	}
	// The last few bytes a whole block did not fit in.
	for {
		if _, err := f.Write(block[:512]); err != nil {
			return
		}
	}
}

// TestCorruptPagesAreNotReady serves a copy of a database whose drafts
// table's pages were overwritten: reading drafts answers 503 with
// Retry-After rather than 500, /readyz reports the damage, and what is
// whole (the members) is still served.
func TestCorruptPagesAreNotReady(t *testing.T) {
	t.Parallel()
	dbtest.SQLiteOnly(t, "a fault of a SQLite file")
	db, _ := seededFile(t, t.TempDir())
	corrupt(t, db, "drafts")
	p := startBinary(t, db)
	defer p.cmd.Process.Kill()
	refusedAsFault(t, "a read of damaged pages", ask(t, http.MethodGet, "http://"+p.addr+"/v1/drafts", "", ""), http.StatusServiceUnavailable)
	a := waitReady(t, p.addr, http.StatusServiceUnavailable, time.Second)
	if d := problemDetail(t, a); !strings.Contains(d, "damaged") {
		t.Errorf("/readyz on a damaged file says %q", d)
	}
	if a := ask(t, http.MethodGet, "http://"+p.addr+"/v1/members", "", ""); a.status != http.StatusOK {
		t.Errorf("members, whose pages are whole: %d %s", a.status, a.body)
	}
}

// corrupt overwrites with garbage the root page of table in the closed
// SQLite file db.
func corrupt(t *testing.T, db, table string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	err = conn.QueryRow("SELECT (SELECT rootpage FROM sqlite_master WHERE name = ?), (SELECT page_size FROM pragma_page_size())", table).Scan(&root, &size)
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(db, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x5A}, int(size)), (root-1)*size); err != nil {
		t.Fatal(err)
	}
}
