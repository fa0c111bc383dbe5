package dhl

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// ParseError is what every reader of this package returns for input it
// cannot read: the file, the table row (1-based, counting every <tr> of
// the page in document order, as a person counts rows on screen
// including the title and header rows) and the cell (the column's name).
type ParseError struct {
	File   string
	Row    int    // 1-based table row; 0 when the error is about the whole file
	Column string // column name ("Date", "Security Council Outcome / Vote"...); "" for the whole row
	Text   string // the cell's text, as read
	Err    string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", cell %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err)
	if e.Text != "" {
		fmt.Fprintf(&b, " (cell text %q)", e.Text)
	}
	return b.String()
}

// cell is one cell of the grid a table's rows and rowspans make.
type cell struct {
	th      bool
	col     int // first grid column
	colspan int
	carried bool     // placed by a rowspan from a row above
	lines   []string // the text, one entry per line (<br>, <p>), whitespace collapsed, empty lines dropped
}

func (c *cell) text() string { return strings.Join(c.lines, " ") }

// row is one <tr> of the page.
type row struct {
	n     int // 1-based
	cells []*cell
	own   int // cells the <tr> itself holds (not carried)
}

// at returns the cell covering grid column col, or nil.
func (r *row) at(col int) *cell {
	for _, c := range r.cells {
		if col >= c.col && col < c.col+c.colspan {
			return c
		}
	}
	return nil
}

// rowError is a *ParseError for row n of file.
func rowError(file string, n int, col, text, format string, a ...any) error {
	return &ParseError{File: file, Row: n, Column: col, Text: text, Err: fmt.Sprintf(format, a...)}
}

// eachRow reads the page (see readRows) and hands its rows to read in
// order, up to the first error.
func eachRow(r io.Reader, file string, read func(*row) error) error {
	rows, err := readRows(r, file)
	if err != nil {
		return err
	}
	for _, rw := range rows {
		if err := read(rw); err != nil {
			return err
		}
	}
	return nil
}

// oldestFirst ends the reading of a page: the rows read, out, are
// returned oldest first (the Library's pages list them newest first),
// unless the page had no header row (cols nil), an error naming the
// columns awaited (header, the first few).
func oldestFirst[T any](file string, cols map[string]int, header string, out []T) ([]T, error) {
	if cols == nil {
		return nil, &ParseError{File: file, Err: "no header row (" + header + ", ...)"}
	}
	slices.Reverse(out)
	return out, nil
}

// readRows parses the page and lays out every <tr> on a grid, resolving
// rowspans (a cell with rowspan=k also covers the same columns of the
// k-1 following rows) and colspans.
func readRows(r io.Reader, name string) ([]*row, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return nil, &ParseError{File: name, Err: "HTML: " + err.Error()}
	}
	trs := elements(doc, "tr", nil)
	if len(trs) == 0 {
		return nil, &ParseError{File: name, Err: "no table rows"}
	}
	g := grid{file: name, carry: map[int]*spanning{}}
	var rows []*row
	for i, tr := range trs {
		rw, err := g.row(tr, i+1)
		if err != nil {
			return nil, err
		}
		rows = append(rows, rw)
	}
	return rows, nil
}

// elements appends to out n and its descendants that are elements named
// tag, in document order.
func elements(n *html.Node, tag string, out []*html.Node) []*html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = elements(c, tag, out)
	}
	return out
}

// grid is readRows' layout of a page's rows, row by row.
type grid struct {
	file  string
	carry map[int]*spanning // grid column -> cell still spanning down
}

// spanning is a cell with a rowspan and the rows it still covers.
type spanning struct {
	c    *cell
	left int
}

// row lays out tr, the page's nth row: its own cells, and those carried
// down into it by rowspans from above.
func (g *grid) row(tr *html.Node, n int) (*row, error) {
	rw := &row{n: n}
	col := 0
	for td := tr.FirstChild; td != nil; td = td.NextSibling {
		if td.Type != html.ElementNode || (td.Data != "td" && td.Data != "th") {
			continue
		}
		col = g.place(rw, col)
		c := &cell{th: td.Data == "th", col: col, colspan: 1, lines: cellLines(td)}
		rowspan := 1
		for _, a := range td.Attr {
			switch a.Key {
			case "colspan", "rowspan":
				v, err := strconv.Atoi(strings.TrimSpace(a.Val))
				if err != nil || v < 1 {
					return nil, &ParseError{File: g.file, Row: rw.n, Err: fmt.Sprintf("bad %s=%q", a.Key, a.Val)}
				}
				if a.Key == "colspan" {
					c.colspan = v
				} else {
					rowspan = v
				}
			}
		}
		rw.cells = append(rw.cells, c)
		rw.own++
		if rowspan > 1 {
			p := &spanning{c: c, left: rowspan - 1}
			for k := col; k < col+c.colspan; k++ {
				g.carry[k] = p
			}
		}
		col += c.colspan
	}
	// cells still spanning down into the columns after the last own cell
	for k := col; k < 64; k++ {
		if _, ok := g.carry[k]; ok && k >= col {
			col = g.place(rw, k)
		}
	}
	return rw, nil
}

// place adds to rw the carried cells that start at grid column col and
// follow one another, and returns the column after them.
func (g *grid) place(rw *row, col int) int {
	for {
		p, ok := g.carry[col]
		if !ok {
			return col
		}
		rw.cells = append(rw.cells, &cell{th: p.c.th, col: col, colspan: p.c.colspan, carried: true, lines: p.c.lines})
		p.left--
		if p.left == 0 {
			for k := col; k < col+p.c.colspan; k++ {
				delete(g.carry, k)
			}
		}
		col += p.c.colspan
	}
}

// cellLines extracts a cell's text: entities decoded (by the parser),
// non-breaking and other spaces collapsed, one entry per line (<br>,
// paragraphs and list items end a line).
func cellLines(n *html.Node) []string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.Data {
			case "br":
				b.WriteByte('\n')
				return
			case "script", "style":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "p", "div", "li":
				b.WriteByte('\n')
			}
		}
	}
	walk(n)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = clean(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// clean collapses every run of white space (including U+00A0 and the
// other Unicode spaces) to one space and trims the ends.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\u202f', '\ufeff':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
