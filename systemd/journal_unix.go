//go:build unix

package systemd

import (
	"os"
	"syscall"
)

// fileID returns the device and inode numbers of an open file.
func fileID(f *os.File) (dev, ino uint64, ok bool) {
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true // Dev is narrower than uint64 on some platforms
}
