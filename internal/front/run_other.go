//go:build !unix

package front

import (
	"errors"
	"os"
	"os/exec"
)

// run runs the vmfleet program at path with the same arguments,
// environment, stdin, stdout and stderr, and returns its exit code: there
// is no execve here.
func run(path string, args []string) (int, error) {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}
