package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/internal/review"
	"vmfleet.dev/vmfleet/render"
)

func diffCmd(io IO) *cobra.Command {
	var rev onceString
	cmd := &cobra.Command{
		Use:   "diff OLD.yaml NEW.yaml | diff --git REV FLEET.yaml",
		Short: "show what a fleet change does to the hub and to each cluster; exit 3 when something changes",
		Long: "Compare what two fleets render, object by object: for the hub and for each cluster, the objects added,\n" +
			"removed and changed, with a unified diff of each changed object and a one-line summary per cluster.\n" +
			"Risky changes are called out: a VM whose disks would be made again (dataVolumeTemplates), a VM that\n" +
			"restarts (a change KubeVirt applies only on restart), a VM's power (runStrategy), a cluster losing a VM\n" +
			"or leaving the fleet, an operator upgrade (channel, startingCSV, approved versions).\n\n" +
			"With --git REV, OLD is FLEET.yaml as committed at REV (git show REV:FLEET.yaml), NEW the file on disk.\n\n" +
			"Exit 0 when nothing changes, 3 when something does, 1 when a fleet is invalid, 2 on a usage error,\n" +
			"4 when git cannot be run.",
		Args: func(_ *cobra.Command, args []string) error {
			want := 2
			if rev.set {
				want = 1
			}
			if len(args) != want {
				if rev.set {
					return usagef("with --git, expected one fleet file, got %d argument(s)%s", len(args), listed(args))
				}
				return usagef("expected two fleet files (OLD NEW), got %d argument(s)%s", len(args), listed(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return exit(runDiff(io, args, rev.value))
		},
	}
	cmd.Flags().Var(&rev, "git", "compare with the fleet file as committed at git revision `REV`")
	return cmd
}

func runDiff(io IO, args []string, rev string) int {
	var old, new *render.Fleet
	var code int
	if rev != "" {
		data, name, c := gitShow(io, rev, args[0])
		if data == nil {
			return c
		}
		if old = loadData(io, nil, name, data); old == nil {
			return ExitInvalid
		}
		new, code = load(io, args[0])
	} else {
		if old, code = load(io, args[0]); old == nil {
			return code
		}
		new, code = load(io, args[1])
	}
	if new == nil {
		return code
	}
	d, err := review.Diff(old, new)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet diff: %v\n", err)
		return ExitInvalid
	}
	if err := d.Text(io.Stdout, colour(io)); err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet diff: write the diff: %v\n", err)
		return ExitEnvironment
	}
	if d.Empty() {
		return ExitOK
	}
	return ExitChanges
}

// gitShow reads file as committed at rev, from the repository the file is
// in. It returns nil and the exit code when it cannot.
func gitShow(io IO, rev, file string) ([]byte, string, int) {
	git, err := exec.LookPath("git")
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet diff: --git needs git: %v\n", err)
		return nil, "", ExitEnvironment
	}
	dir, base := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	var stderr bytes.Buffer
	cmd := exec.Command(git, "-C", dir, "show", rev+":./"+base)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	name := rev + ":" + file
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		fmt.Fprintf(io.Stderr, "vmfleet diff: read %s: git show: %s\n", name, bytes.TrimSpace(stderr.Bytes()))
		return nil, "", ExitInvalid
	case err != nil:
		fmt.Fprintf(io.Stderr, "vmfleet diff: read %s: %v\n", name, err)
		return nil, "", ExitEnvironment
	case len(out) > decode.MaxSize:
		fmt.Fprintf(io.Stderr, "vmfleet diff: read %s: %d bytes, over the limit of %d bytes (8 MiB) for a fleet\n", name, len(out), decode.MaxSize)
		return nil, "", ExitInvalid
	}
	return out, name, ExitOK
}
