package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// Staging folders: beside dir, ".<dir>.vmfleet-stage-<digits>"; inside dir
// when the folder must stay put (inPlace), ".vmfleet-stage-<digits>".
// Before this layout stages were ".<dir>.vmfleet-<digits>". Only names of
// exactly these shapes are ever removed as stale, so a render of "out" never
// touches the stage of a render of "out.vmfleet-x" (another lock).
const (
	stageInfix = ".vmfleet-stage-"
	stageIn    = ".vmfleet-stage-"
)

func stagePrefix(dir string) string { return "." + filepath.Base(dir) + stageInfix }

func isStageOf(dir, name string) bool {
	rest, ok := strings.CutPrefix(name, "."+filepath.Base(dir)+".vmfleet-")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "stage-")
	return rest != "" && strings.Trim(rest, "0123456789") == ""
}

func isStageIn(name string) bool {
	rest, ok := strings.CutPrefix(name, stageIn)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// removeStale removes the staging folders earlier renders of dir left
// behind (killed with SIGKILL, or a power cut). It runs under dir's lock,
// so no live render owns them.
func removeStale(dir string) error {
	for _, where := range []struct {
		folder string
		match  func(string) bool
	}{
		{filepath.Dir(dir), func(n string) bool { return isStageOf(dir, n) }},
		{dir, isStageIn},
	} {
		entries, err := os.ReadDir(where.folder)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || where.folder == dir {
				continue // no tree yet; an unreadable tree is reported later
			}
			return err
		}
		for _, e := range entries {
			if !e.IsDir() || !where.match(e.Name()) { // IsDir: a link is not followed
				continue
			}
			if err := removeTree(filepath.Join(where.folder, e.Name())); err != nil {
				return fmt.Errorf("remove the stale staging folder of an earlier render: %w", err)
			}
		}
	}
	return nil
}

// removeTree removes p and everything below it. A folder the user made
// read-only (kept from the old tree) is made writable first: without that,
// a non-root render would leave the whole old copy behind on every run.
func removeTree(p string) error {
	err := os.RemoveAll(p)
	if err == nil {
		return nil
	}
	_ = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(q, 0o700)
		}
		return nil
	})
	return os.RemoveAll(p)
}

// InterruptedError: the render stopped on SIGINT or SIGTERM; its stage is
// removed and the old tree is as it was.
type InterruptedError struct{ Signal syscall.Signal }

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted by %s: nothing was replaced", sigName(e.Signal))
}

func sigName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// interrupts catches SIGINT and SIGTERM while a stage exists, so the render
// removes it and returns (a signal's default action would leave a full copy
// of the tree beside dir on every Ctrl-C). SIGKILL cannot be caught: the
// next render removes what it left (removeStale).
type interrupts struct {
	ch  chan os.Signal
	got syscall.Signal
}

func catchInterrupts() *interrupts {
	in := &interrupts{ch: make(chan os.Signal, 1)}
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM)
	return in
}

func (in *interrupts) stop() { signal.Stop(in.ch) }

func (in *interrupts) check() error {
	if in.got == 0 {
		select {
		case s := <-in.ch:
			in.got = s.(syscall.Signal)
		default:
			return nil
		}
	}
	return &InterruptedError{Signal: in.got}
}
