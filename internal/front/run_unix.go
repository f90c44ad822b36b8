//go:build unix

package front

import (
	"os"
	"syscall"
)

// run becomes the vmfleet program at path with the same arguments and
// environment (stdin, stdout and stderr are the process's own); it returns
// only when the exec failed.
func run(path string, args []string) (int, error) {
	return 0, syscall.Exec(path, append([]string{path}, args...), os.Environ())
}
