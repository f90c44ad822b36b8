package cli

import (
	"bytes"
	"fmt"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/fleetfile"
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
	fleet := loadData(io, nil, displayName(file), data)
	if fleet == nil {
		return nil, ExitInvalid
	}
	return fleet, ExitOK
}

// displayName is the fleet's name in findings.
func displayName(file string) string {
	if file == "-" {
		return "<stdin>"
	}
	return file
}

// loadData loads a fleet's bytes, printing its findings to stderr (and to
// findings, when not nil). It returns nil when the fleet cannot be used.
func loadData(io IO, findings *bytes.Buffer, name string, data []byte) *render.Fleet {
	fleet, list := render.Load(name, data)
	var text bytes.Buffer
	printFindings(IO{Stderr: &text}, list)
	_, _ = io.Stderr.Write(text.Bytes())
	if findings != nil {
		findings.Write(text.Bytes())
	}
	if fleet == nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %s is not a valid fleet: %s\n", name, count(list.Errors().Count(), "error"))
		return nil
	}
	return fleet
}

// readInput reads a fleet ("-" is stdin), at most fleetfile.MaxSize bytes.
func readInput(io IO, file string) ([]byte, error) {
	if file == "-" {
		return fleetfile.ReadLimited(io.Stdin, "<stdin>", fleetfile.MaxSize)
	}
	return fleetfile.Read(file)
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
