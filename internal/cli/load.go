package cli

import (
	"fmt"
	"os"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/render"
)

// load reads and loads a fleet file ("-" reads stdin), printing findings to
// stderr. It returns nil and the exit code when the fleet cannot be used.
func load(io IO, file string) (*render.Fleet, int) {
	data, err := readInput(io, file)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %v\n", err)
		return nil, ExitInvalid
	}
	name := file
	if file == "-" {
		name = "<stdin>"
	}
	return loadData(io, name, data)
}

// loadData loads a fleet already read, as load does.
func loadData(io IO, name string, data []byte) (*render.Fleet, int) {
	fleet, findings := render.Load(name, data)
	printFindings(io, findings)
	if fleet == nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %s is not a valid fleet: %s\n", name, count(findings.Errors().Count(), "error"))
		return nil, ExitInvalid
	}
	return fleet, ExitOK
}

// readInput reads a fleet, at most decode.MaxSize bytes: the decoder
// refuses more, so reading more would only cost memory.
func readInput(io IO, file string) ([]byte, error) {
	if file == "-" {
		return readLimited(io.Stdin, "<stdin>", decode.MaxSize)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("read fleet: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("read fleet: %s is a directory, not a fleet file", file)
	} else if err == nil && st.Mode().IsRegular() && st.Size() > decode.MaxSize {
		return nil, fmt.Errorf("read %s: the file is %d bytes, over the limit of %d bytes (8 MiB) for a fleet", file, st.Size(), decode.MaxSize)
	}
	return readLimited(f, file, decode.MaxSize)
}

func printFindings(io IO, findings diag.List) {
	for _, f := range findings {
		fmt.Fprintln(io.Stderr, f.String())
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
