//go:build !unix

package systemd

import "os"

// fileID is unsupported where there is no journal.
func fileID(*os.File) (dev, ino uint64, ok bool) { return 0, 0, false }
