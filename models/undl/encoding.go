package undl

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"unicode/utf8"
)

// saveAsUTF8 is what to do about a file in another encoding.
const saveAsUTF8 = "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again"

// skipUTF8BOM passes over the byte order mark spreadsheets put before
// UTF-8 (a quoted first column would otherwise not parse), and refuses a
// UTF-16 file, which spreadsheets also write: read as UTF-8, its header
// would only say that a column is missing.
func skipUTF8BOM(br *bufio.Reader) error {
	start, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(start, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	case bytes.HasPrefix(start, []byte{0xFF, 0xFE}) || bytes.HasPrefix(start, []byte{0xFE, 0xFF}):
		return &ParseError{Line: 1, Column: 1, Msg: "the file is UTF-16 (it begins with a UTF-16 byte order mark), not UTF-8: " + saveAsUTF8}
	case len(start) >= 2 && (start[0] == 0 || start[1] == 0):
		return &ParseError{Line: 1, Column: 1, Msg: "the file begins with a NUL byte, as UTF-16 does, and is not UTF-8: " + saveAsUTF8}
	}
	return nil
}

// checkUTF8 refuses a record with a field that is not UTF-8 (a file
// saved as Latin-1 or Windows-1252), naming the field's line and column
// and the byte, rather than store text no client can read.
func checkUTF8(cr *csv.Reader, rec []string) error {
	for i, f := range rec {
		if utf8.ValidString(f) {
			continue
		}
		at := 0
		for at < len(f) {
			r, size := utf8.DecodeRuneInString(f[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		line, column := cr.FieldPos(i)
		return &ParseError{Line: line, Column: column, Msg: fmt.Sprintf("byte 0x%02X, byte %d of the field, is not UTF-8 (a file saved as Latin-1 or Windows-1252?): %s", f[at], at+1, saveAsUTF8)}
	}
	return nil
}
