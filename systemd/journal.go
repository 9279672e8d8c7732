package systemd

import (
	"os"
	"strconv"
	"strings"
)

// JournalStream reports whether the process's stderr is connected to the
// journal. systemd sets JOURNAL_STREAM=DEV:INODE for the stream it hands to a
// service; comparing it with stderr's own device and inode, as sd-daemon
// recommends, keeps a child whose stderr was redirected elsewhere from
// wrongly dropping timestamps.
func JournalStream() bool {
	return journalStream(os.Stderr)
}

// journalStream reports whether f is the stream named by JOURNAL_STREAM.
func journalStream(f *os.File) bool {
	v := os.Getenv("JOURNAL_STREAM")
	devText, inoText, found := strings.Cut(v, ":")
	if !found {
		return false
	}
	dev, err1 := strconv.ParseUint(devText, 10, 64)
	ino, err2 := strconv.ParseUint(inoText, 10, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	fdev, fino, ok := fileID(f)
	return ok && fdev == dev && fino == ino
}
