package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"refundwatch/store"
)

func cmdExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("export", false)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("export", pos, 0, 0, ""); err != nil {
		return err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Export(ctx, a.stdout); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func cmdImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("import", false)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("import", pos, 1, 1, "a FILE written by refundwatch export (- for stdin)"); err != nil {
		return err
	}
	var r io.Reader = a.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return usagef("import: cannot read %s: %v", pos[0], unwrapPath(err))
		}
		defer f.Close()
		r = f
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	added, merged, err := db.Import(ctx, r)
	switch {
	case errors.Is(err, store.ErrBadExport):
		// The store checks the whole file before writing anything.
		return usagef("import %s: %v; nothing was imported", pos[0], err)
	case err != nil:
		return fmt.Errorf("import %s (nothing was imported): %w", pos[0], err)
	}
	fmt.Fprintf(a.stdout, "imported %d new purchases, merged %d already present\n", added, merged)
	return nil
}

func cmdBackup(ctx context.Context, a *app, args []string) error {
	fs := a.flags("backup", false)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("backup", pos, 1, 1, "the PATH of the copy"); err != nil {
		return err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.BackupFile(ctx, pos[0]); err != nil {
		return fmt.Errorf("backup to %s: %w", pos[0], err)
	}
	fmt.Fprintf(a.stdout, "backed up %s to %s\n", db.Path(), pos[0])
	return nil
}

// Set by -ldflags "-X main.version=v1.2.3 -X main.commit=abc123" in releases.
var (
	version = ""
	commit  = ""
)

func cmdVersion(ctx context.Context, a *app, args []string) error {
	fs := a.flags("version", true)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("version", pos, 0, 0, ""); err != nil {
		return err
	}
	v := struct {
		Version string `json:"version"`
		Commit  string `json:"commit"`
		Go      string `json:"go"`
	}{Version: version, Commit: commit}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v.Go = bi.GoVersion
		if v.Version == "" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && v.Commit == "" {
				v.Commit = s.Value
			}
		}
	}
	if v.Version == "" {
		v.Version = "(devel)"
	}
	if v.Commit == "" {
		v.Commit = "unknown"
	}
	if a.globals.json {
		return writeJSON(a.stdout, v)
	}
	fmt.Fprintf(a.stdout, "refundwatch %s (commit %s, %s)\n", v.Version, v.Commit, v.Go)
	return nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
