package dhl

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"strings"
)

// OpenPage opens one of the Library's pages as published (.html) or
// compressed with gzip, as the repository keeps its copies (.html.gz),
// and gives the path under the page's own name: what is read and where
// it comes from are the page, however it is stored.
func OpenPage(path string) (io.ReadCloser, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	name := strings.TrimSuffix(path, ".gz")
	br := bufio.NewReader(f)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, "", err
		}
		return pageReader{Reader: zr, closers: []io.Closer{zr, f}}, name, nil
	}
	return pageReader{Reader: br, closers: []io.Closer{f}}, name, nil
}

// ReadPage reads a whole page (see OpenPage).
func ReadPage(path string) ([]byte, string, error) {
	r, name, err := OpenPage(path)
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	return b, name, err
}

type pageReader struct {
	io.Reader
	closers []io.Closer
}

func (p pageReader) Close() error {
	var first error
	for _, c := range p.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
