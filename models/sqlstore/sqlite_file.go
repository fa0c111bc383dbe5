package sqlstore

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net/url"
	"os"
)

// checkSQLiteFile refuses a file at path that is there but cannot be the
// database it stands for: empty (a restore or a copy that wrote nothing),
// not a SQLite database, or shorter than its header says (cut short).
// SQLite would take an empty file for a new database, and the server
// would seed it and serve the seed in place of what was lost. A database
// is created, and seeded, only where no file is. A database with no
// tracker tables (an empty one, another program's) is refused too:
// migrating would make it a new tracker, and seed it.
func checkSQLiteFile(path string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if err := checkHeader(f, fi.Size(), path); err != nil {
		return err
	}
	return checkOurs(path)
}

// restoreOrMove is what to do about a file that is not the database.
const restoreOrMove = "restore a backup there, or move the file away to start a new database"

// checkHeader reads the header of the database file f, size bytes long.
func checkHeader(f *os.File, size int64, path string) error {
	restore := restoreOrMove
	if size == 0 {
		return fmt.Errorf("open database: %s is empty (0 bytes), not a database: %s", path, restore)
	}
	var header [100]byte
	if _, err := io.ReadFull(f, header[:]); err != nil || string(header[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open database: %s is not a SQLite database: %s", path, restore)
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(header[28:32]))
	// The page count is valid only when written by the same change as
	// the header's counter; with a write-ahead log beside the file, the
	// log holds pages the file has yet to get.
	valid := binary.BigEndian.Uint32(header[92:96]) == binary.BigEndian.Uint32(header[24:28])
	if want := pages * pageSize; valid && size < want && !hasWAL(path) {
		return fmt.Errorf("open database: %s is cut short (%d bytes where its header says %d): %s", path, size, want, restore)
	}
	return nil
}

// hasWAL reports whether a write-ahead log with frames in it lies beside
// the database at path.
func hasWAL(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

// checkOurs refuses a database that holds no tracker tables.
// It reads the file read-only, changing nothing in it.
//
// It reads the file as immutable: no lock, no log, no log index. Opened
// read-only the ordinary way, a file in log mode that could not be
// written then left this process's view of its log index read-only, and
// the writer opened after it could not write even once the file could.
// A log beside the file may hold pages the file lacks, its tables among
// them: then the file is taken as it is.
func checkOurs(path string) error {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'goose_db_version'").Scan(&n); err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("open database: %s is a SQLite database without the tracker's tables: %s", path, restoreOrMove)
	}
	return nil
}
