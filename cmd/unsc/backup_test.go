package main

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"unsc/models/dbtest"
)

// TestBackupToAFullDisk backs up to a disk too small for the copy: the
// backup fails and leaves nothing there, where it used to leave a partial
// file that integrity_check called ok and that refused the next attempt
// as "already exists". Once the disk has room, the same command writes a
// copy that restores. As root the disk is a tmpfs of 64 KiB, remounted
// larger; otherwise the binary runs under a file size limit of 64 KiB
// (prlimit), lifted for the second attempt.
func TestBackupToAFullDisk(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the binary on a full disk")
	}
	var db string
	if dbtest.Postgres() != "" {
		// A database of its own: pg_dump copies a whole database.
		db = dbtest.Database(t)
		if code, _, stderr := runCmd(t, "seed", "--record=false", "--db", db); code != 0 {
			t.Fatalf("seed: %s", stderr)
		}
	} else {
		db, _ = seeded(t)
	}
	disk, full, makeRoom := smallDisk(t)
	to := filepath.Join(disk, "backup.db")
	code, out := full("backup", "--db", db, "--to", to)
	if code != 1 || !strings.Contains(out, "backup") {
		t.Fatalf("backup to a full disk: exit %d: %s", code, out)
	}
	if entries, _ := os.ReadDir(disk); len(entries) > 0 {
		t.Fatalf("a failed backup left %s on the disk", entries[0].Name())
	}
	t.Logf("on a full disk: %s", strings.TrimSpace(out))
	makeRoom()
	if code, out := unscIn(t, disk, "backup", "--db", db, "--to", to); code != 0 {
		t.Fatalf("backup once the disk has room: exit %d: %s", code, out)
	}
	if fi, err := os.Stat(to); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v; want mode 0600", fi)
	}
	if entries, _ := os.ReadDir(disk); len(entries) != 1 {
		t.Errorf("the backup left %d files, want 1", len(entries))
	}
	restored := restore(t, to)
	var members int
	if err := dbtest.Open(t, restored).QueryRow("SELECT COUNT(*) FROM members").Scan(&members); err != nil || members < 100 {
		t.Errorf("the restored copy holds %d members: %v", members, err)
	}
}

// smallDisk returns a folder with 64 KiB of room, a way to run the binary
// there that meets the limit, and a function that makes room.
func smallDisk(t *testing.T) (dir string, run func(args ...string) (int, string), makeRoom func()) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "disk")
	os.Mkdir(dir, 0o755)
	if os.Geteuid() == 0 && mountTmpfs(t, dir, "64k") == nil {
		return dir, func(args ...string) (int, string) { return unscIn(t, dir, args...) }, func() {
			if out, err := exec.Command("mount", "-o", "remount,size=512m", dir).CombinedOutput(); err != nil {
				t.Fatalf("remount: %v: %s", err, out)
			}
		}
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("neither a tmpfs (root) nor prlimit (util-linux) to fill a disk with")
	}
	return dir, func(args ...string) (int, string) {
		cmd := exec.Command(prlimit, append([]string{"--fsize=65536", binary(t)}, args...)...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "UNSC_RECORD=false")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}, func() {}
}

// TestEmptyOrCutDatabaseIsRefused starts the real binary on a database
// file that is empty (a restore that wrote nothing), cut short, not a
// database at all, or a SQLite database without the tracker's tables: it refuses, naming the file, and leaves it as it was,
// where it used to seed the empty one and serve the seed as the tracker.
func TestEmptyOrCutDatabaseIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.SQLiteOnly(t, "a database file")
	dir := t.TempDir()
	full, _ := seeded(t)
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"empty.db":       nil,
		"cut.db":         data[:len(data)/2],
		"cut-at-page.db": data[:4096*3],
		"text.db":        []byte("host=db.internal dbname=unsc\n"),
	}
	want := map[string]string{"empty.db": "is empty (0 bytes)", "cut.db": "is cut short", "cut-at-page.db": "is cut short", "text.db": "is not a SQLite database",
		"no-tables.db": "is a SQLite database without the tracker's tables", "other.db": "is a SQLite database without the tracker's tables"}
	for name, statement := range map[string]string{"no-tables.db": "PRAGMA user_version = 7", "other.db": "CREATE TABLE notes (body TEXT)"} {
		files[name] = sqliteFile(t, filepath.Join(t.TempDir(), name), statement)
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		commands := [][]string{{"serve", "--addr", "127.0.0.1:0"}}
		if name == "empty.db" {
			commands = append(commands, []string{"seed"}, []string{"keys", "list"}, []string{"backup", "--to", path + ".copy"})
		}
		for _, args := range commands {
			code, out := unscIn(t, dir, append(args, "--db", path)...)
			if code != 1 || !strings.Contains(out, path+" "+want[name]) || !strings.Contains(out, "restore a backup") {
				t.Errorf("%s %s: exit %d: %s", args[0], name, code, out)
			}
		}
		if after, _ := os.ReadFile(path); string(after) != string(body) {
			t.Errorf("%s changed from %d to %d bytes", name, len(body), len(after))
		}
		if _, err := os.Stat(path + ".copy"); err == nil {
			t.Errorf("%s was backed up", name)
		}
	}
}

// sqliteFile makes a SQLite database at path with one statement run in
// it, and returns its bytes.
func sqliteFile(t *testing.T, path, statement string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(statement); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
