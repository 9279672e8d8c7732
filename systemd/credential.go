package systemd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxCredential bounds what Credential reads; systemd itself caps all of a
// unit's credentials at 1 MB, and a Slack token is under 100 bytes.
const maxCredential = 64 << 10

// Credential returns the service credential called name (LoadCredential=
// name:PATH in the unit) with surrounding white space trimmed, so a file
// written with echo works. It returns "" and no error when the daemon was not
// given one: CREDENTIALS_DIRECTORY unset, the file absent, or the file empty
// (the unit's SetCredential= fallback). Errors name the path, never the value.
func Credential(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("credential %q: invalid name", name)
	}
	dir := os.Getenv("CREDENTIALS_DIRECTORY")
	if dir == "" {
		return "", nil
	}
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read credential %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCredential+1))
	if err != nil {
		return "", fmt.Errorf("read credential %s: %w", path, err)
	}
	if len(b) > maxCredential {
		return "", fmt.Errorf("read credential %s: larger than %d bytes", path, maxCredential)
	}
	return strings.TrimSpace(string(b)), nil
}
