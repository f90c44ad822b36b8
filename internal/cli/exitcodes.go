package cli

// Exit codes, shared by every command: 0 success, 1 invalid input
// (findings), 2 usage error, 3 changes found (vmfleet diff), 4 environment
// failure (no space, no permission, a busy or held lock, an unwritable
// stdout or stderr).
const (
	ExitOK          = 0
	ExitInvalid     = 1
	ExitUsage       = 2
	ExitChanges     = 3
	ExitEnvironment = 4
)
