package cli

// SetExecutable makes the build cache key name the program in file (read
// anew at every build, so a test can touch or replace it) instead of the
// test binary; the returned func restores it.
func SetExecutable(file string) (restore func()) {
	old := identity
	identity = func() string { return identityOf(func() (string, error) { return file, nil }) }
	return func() { identity = old }
}
