package cli

// Exit codes, one contract for every command (README.md, Exit codes).
const (
	// ExitOK: the command did what it was asked.
	ExitOK = 0
	// ExitInvalid: the input is invalid (findings on stderr), or the
	// output folder holds what vmfleet must not replace.
	ExitInvalid = 1
	// ExitUsage: the command line itself is wrong.
	ExitUsage = 2
	// ExitChanges: reserved for a diff command, "changes found".
	ExitChanges = 3
	// ExitEnvironment: the input is fine but the machine failed the
	// command: a full disk (ENOSPC), a permission (EACCES), a busy mount
	// (EBUSY), stdout or stderr that cannot be written (EPIPE, /dev/full),
	// another render holding the output folder's lock.
	ExitEnvironment = 4
)
