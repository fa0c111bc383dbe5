package dhl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// WriteRecord writes meetings as JSON Lines, one compact object per
// meeting in the given order (the format of seed/data/record.jsonl; see
// the package documentation). The same meetings always give the same
// bytes: struct fields in declaration order, map keys sorted, empty
// fields omitted, no HTML escaping.
func WriteRecord(w io.Writer, meetings []Meeting) error {
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range meetings {
		buf.Reset()
		if err := enc.Encode(&meetings[i]); err != nil {
			return fmt.Errorf("%s: %w", meetings[i].Source, err)
		}
		if _, err := bw.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadRecord reads what WriteRecord wrote. Unknown fields are an error
// naming the line.
func ReadRecord(r io.Reader) ([]Meeting, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Meeting
	for n := 1; sc.Scan(); n++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var m Meeting
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, m)
	}
	return out, sc.Err()
}
