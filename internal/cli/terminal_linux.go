package cli

import (
	"os"

	"golang.org/x/sys/unix"
)

// isTerminal: f answers a terminal's ioctl.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
