package cli

import (
	"errors"
	"syscall"

	"vmfleet.dev/vmfleet/internal/write"
)

// Exit codes, one contract for every command (README.md, Exit codes).
const (
	// ExitOK: the command did what it was asked.
	ExitOK = 0
	// ExitInvalid: the input is invalid (findings on stderr), or the
	// output folder holds what vmfleet must not replace.
	ExitInvalid = 1
	// ExitUsage: the command line itself is wrong.
	ExitUsage = 2
	// ExitChanges: vmfleet diff found changes.
	ExitChanges = 3
	// ExitEnvironment: the input is fine but the machine failed the
	// command: a full disk (ENOSPC), a permission (EACCES), a busy mount
	// (EBUSY), stdout or stderr that cannot be written (EPIPE, /dev/full),
	// another render holding the output folder's lock.
	ExitEnvironment = 4
)

// writeExit is the exit code of a failed render: the machine's failures
// are ExitEnvironment, anything else (a tree vmfleet must not replace, an
// inventory it cannot trust) ExitInvalid. A render stopped by SIGINT or
// SIGTERM exits 128 + the signal, as a shell reports a killed command.
func writeExit(err error) int {
	var locked *write.LockedError
	var interrupted *write.InterruptedError
	switch {
	case errors.As(err, &interrupted):
		return 128 + int(interrupted.Signal)
	case errors.As(err, &locked):
		return ExitEnvironment
	}
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EACCES, syscall.EPERM, syscall.EROFS,
		syscall.EBUSY, syscall.EIO, syscall.EMFILE, syscall.ENFILE, syscall.EXDEV, syscall.EMLINK, syscall.ENOMEM} {
		if errors.Is(err, e) {
			return ExitEnvironment
		}
	}
	return ExitInvalid
}
