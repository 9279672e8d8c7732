package main

import (
	"bytes"
	"io"
	"strings"

	"refundwatch/notify/logsink"
)

// table lines up tab-separated cells like text/tabwriter, but by terminal
// columns: Japanese titles take two columns a character and tabwriter would
// misalign them. Write lines with \t between cells, then Flush.
type table struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush pads every cell but a line's last to its column's widest, plus two spaces.
func (t *table) Flush() error {
	lines := strings.Split(strings.TrimSuffix(t.buf.String(), "\n"), "\n")
	t.buf.Reset()
	var widths []int
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = strings.Split(l, "\t")
		for j, c := range rows[i][:len(rows[i])-1] {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], logsink.Width(c))
		}
	}
	var out strings.Builder
	for _, cells := range rows {
		for j, c := range cells {
			out.WriteString(c)
			if j < len(cells)-1 {
				out.WriteString(strings.Repeat(" ", widths[j]-logsink.Width(c)+2))
			}
		}
		out.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}
