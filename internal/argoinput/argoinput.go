// Package argoinput resolves what `vmfleet argocd`, the Argo CD plugin's
// generate command, builds: the cluster and the fleet file, from its
// argument, the plugin env and the plugin parameters, and the fleet's bytes,
// read only from inside the Application's source path. It imports nothing
// heavy (no command line, no decoder): the command line (internal/cli) and
// the light front program (cmd/vmfleet-cached) resolve the same input with
// it, so a cache hit served by the front is the build the full program
// would run.
package argoinput

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"vmfleet.dev/vmfleet/internal/fleetfile"
	"vmfleet.dev/vmfleet/internal/nofollow"
)

// Argo CD passes the Application's spec.source.plugin.env entries as
// ARGOCD_ENV_<NAME>; vmfleet's ApplicationSet sets CLUSTER to the cluster's
// name.
const (
	EnvCluster = "ARGOCD_ENV_CLUSTER"
	EnvFleet   = "ARGOCD_ENV_FLEET"
	// DefaultFleet is the fleet file the plugin reads unless FLEET is set.
	DefaultFleet = "fleet.yaml"
)

// Input is one build of the plugin.
type Input struct {
	Cluster string
	File    string // as given, relative to the source path: the name in findings
	Data    []byte
}

// UsageError is a command line the plugin cannot run (exit 2); every other
// error of Resolve is an invalid input (exit 1).
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Resolve reads the plugin's input: the cluster from plugin env CLUSTER or
// parameter cluster; the fleet file from args (at most one), else plugin
// env FLEET or parameter fleet, else DefaultFleet, which must be a path
// inside the working directory (the Application's source path), and its
// bytes, read with ReadContained. Errors are what follows "vmfleet argocd: ".
func Resolve(getenv func(string) string, args []string) (Input, error) {
	if len(args) > 1 {
		return Input{}, &UsageError{fmt.Sprintf("expected at most one fleet file, got %d arguments: %s", len(args), strings.Join(args, " "))}
	}
	cluster, _, err := pluginInput(getenv, EnvCluster, paramCluster)
	if err != nil {
		return Input{}, err
	}
	if cluster == "" {
		return Input{}, fmt.Errorf("%s is not set: the Application must name its cluster, "+
			"spec.source.plugin.env: [{name: CLUSTER, value: '{{name}}'}] (vmfleet's ApplicationSet does) "+
			"or spec.source.plugin.parameters: [{name: cluster, string: '{{name}}'}]", EnvCluster)
	}
	file, from := DefaultFleet, "the default"
	if v, source, err := pluginInput(getenv, EnvFleet, paramFleetFile); err != nil {
		return Input{}, err
	} else if v != "" {
		file, from = v, source
	}
	if len(args) == 1 {
		file, from = args[0], "the argument"
	}
	if clean := filepath.Clean(file); filepath.IsAbs(file) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return Input{}, fmt.Errorf("fleet file %q (%s) must be a path inside the Application's source path", file, from)
	}
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return Input{}, fmt.Errorf("no fleet file %s (%s) in the Application's source path %q; "+
			"set the plugin env FLEET to the fleet's file name", file, from, getenv("ARGOCD_APP_SOURCE_PATH"))
	}
	data, err := ReadContained(file)
	if err != nil {
		return Input{}, fmt.Errorf("fleet file %q (%s): %w", file, from, err)
	}
	return Input{Cluster: cluster, File: file, Data: data}, nil
}

// ReadContained reads the fleet file only if it really lies inside the
// Application's source path (the working directory): the repository is
// another team's input, and a link in it (fleet.yaml -> ../../other-team/
// fleet.yaml, -> /etc/passwd) must not reach beyond it, nor have the
// findings echo an outside file's lines. Links inside the folder are
// resolved (filepath.EvalSymlinks), the result must stay under the
// resolved source path, and is then read without following any link
// (nofollow.ReadFileIn), so a link swapped in between is refused too.
func ReadContained(file string) ([]byte, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(real) {
		real = filepath.Join(root, real)
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, errors.New("it resolves (through a symbolic link) to a file outside the Application's source path; the plugin reads only files inside it")
	}
	return nofollow.ReadFileIn(root, filepath.ToSlash(rel), fleetfile.MaxSize)
}
